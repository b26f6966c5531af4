// Runs queued webhooks: finds the topic's handler, runs it, records the outcome on the delivery row.
// Handlers must be idempotent: the queue delivers at least once, and Shopify itself may send an event twice
// with different event ids.
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { JobHandler } from '../jobs/types.js';
import type { WebhookJobPayload } from './receive.js';

export interface WebhookEvent {
  deliveryId: string;
  topic: string;
  shop: string;
  triggeredAt: Date | null;
  body: unknown;
}

export type TopicHandler = (event: WebhookEvent, log: Logger) => Promise<void>;
export type TopicHandlers = Readonly<Partial<Record<string, TopicHandler>>>;

export function webhookJobHandler(db: Db, handlers: TopicHandlers): JobHandler {
  return async (payload, ctx) => {
    const job = payload as unknown as WebhookJobPayload;
    const event: WebhookEvent = {
      deliveryId: job.deliveryId,
      topic: job.topic,
      shop: job.shop,
      triggeredAt: job.triggeredAt ? new Date(job.triggeredAt) : null,
      body: job.body,
    };
    const handler = handlers[event.topic];
    const log = ctx.logger.child({ topic: event.topic, shop: event.shop });
    if (!handler) {
      // Subscribed in shopify.app.toml for a feature that consumes it elsewhere (or not yet): keep the record.
      await db.prisma.webhookDelivery.update({ where: { id: event.deliveryId }, data: { status: 'ignored' } });
      log.info('no handler for topic; delivery recorded');
      return { handled: false };
    }
    try {
      await handler(event, log);
    } catch (error) {
      await db.prisma.webhookDelivery.update({
        where: { id: event.deliveryId },
        data: { status: 'failed', error: error instanceof Error ? error.message.slice(0, 500) : 'unknown error' },
      });
      throw error;
    }
    await db.prisma.webhookDelivery.update({ where: { id: event.deliveryId }, data: { status: 'processed', error: null } });
    return { handled: true };
  };
}
