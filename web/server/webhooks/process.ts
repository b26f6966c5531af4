// Runs queued webhooks: parses the body as received, finds the topic's handler, runs it, records the outcome on
// the delivery row. Handlers must be idempotent: the queue delivers at least once, and Shopify itself may send an
// event twice with different event ids.
import type { Db } from '../db/client.js';
import { sqlDialect } from '../db/sql-dialect.js';
import { TerminalJobError } from '../jobs/errors.js';
import type { JobHandler, JsonValue } from '../jobs/types.js';
import type { Logger } from '../logger.js';
import type { WebhookJobPayload } from './deliveries.js';

export interface WebhookEvent {
  deliveryId: string;
  topic: string;
  shop: string;
  triggeredAt: Date | null;
  /** The JSON body as Shopify sent it (any JSON: it may hold text a database refuses, or nest deeply). */
  body: unknown;
}

/** What a handler returns, if anything, becomes the job's result (the data request's report, say). */
// biome-ignore lint/suspicious/noConfusingVoidType: most handlers return nothing
export type TopicHandler = (event: WebhookEvent, log: Logger) => Promise<JsonValue | void>;
export type TopicHandlers = Readonly<Partial<Record<string, TopicHandler>>>;

/** Jobs queued before the body was kept as text carry it parsed, as `body`. */
type QueuedPayload = Omit<WebhookJobPayload, 'rawBody'> & { rawBody?: string; body?: unknown };

function bodyOf(job: QueuedPayload): unknown {
  if (typeof job.rawBody !== 'string') return job.body;
  try {
    return JSON.parse(job.rawBody) as unknown;
  } catch {
    // The intake only queues bodies that parsed; a payload that does not will never parse.
    throw new TerminalJobError('The stored webhook body is not JSON; it cannot be processed.');
  }
}

export function webhookJobHandler(db: Db, handlers: TopicHandlers): JobHandler {
  const { p } = sqlDialect(db);
  // One plain UPDATE on the driver (db.sql): on SQLite it commits on the writer thread, beside the intake's
  // group commits, instead of a second connection writing the same file from the event loop.
  const setStatus = (deliveryId: string, status: 'processed' | 'ignored' | 'failed', error: string | null) =>
    db.sql.execute(`UPDATE "WebhookDelivery" SET "status" = ${p(1)}, "error" = ${p(2)} WHERE "id" = ${p(3)}`, [status, error, deliveryId]);

  return async (payload, ctx) => {
    const job = payload as unknown as QueuedPayload;
    const log = ctx.logger.child({ topic: job.topic, shop: job.shop });
    let body: unknown;
    try {
      body = bodyOf(job);
    } catch (error) {
      await setStatus(job.deliveryId, 'failed', (error as Error).message);
      throw error;
    }
    const event: WebhookEvent = {
      deliveryId: job.deliveryId,
      topic: job.topic,
      shop: job.shop,
      triggeredAt: job.triggeredAt ? new Date(job.triggeredAt) : null,
      body,
    };
    // Own keys only: a topic header reading "constructor" must not find Object's.
    const handler = Object.hasOwn(handlers, event.topic) ? handlers[event.topic] : undefined;
    if (!handler) {
      // Subscribed in shopify.app.toml for a feature that consumes it elsewhere (or not yet): keep the record.
      await setStatus(event.deliveryId, 'ignored', null);
      log.info('no handler for topic; delivery recorded');
      return { handled: false };
    }
    let result: JsonValue | undefined;
    try {
      result = (await handler(event, log)) ?? undefined;
    } catch (error) {
      await setStatus(event.deliveryId, 'failed', error instanceof Error ? error.message.slice(0, 500) : 'unknown error');
      throw error;
    }
    await setStatus(event.deliveryId, 'processed', null);
    const outcome: JsonValue = result === undefined ? { handled: true } : { handled: true, result };
    return outcome;
  };
}
