// Receives Shopify webhooks: verify the HMAC over the raw body, record the delivery once (Shopify retries and
// duplicates: dedupe by event id, falling back to webhook id), queue the work, answer 200 well inside 5 s.
import express, { Router } from 'express';
import type { Db } from '../db/client.js';
import { isUniqueViolation } from '../db/client.js';
import { BadRequestError, UnauthorizedError } from '../errors.js';
import type { ShopifyApi } from '../shopify/shopify-api.js';
import type { JobQueue } from '../jobs/queue.js';
import type { JobPayload } from '../jobs/types.js';
import { locals } from '../http/request-context.js';

export const WEBHOOK_JOB = 'webhook.process';

export interface WebhookJobPayload {
  deliveryId: string;
  topic: string;
  shop: string;
  apiVersion: string;
  triggeredAt: string | null;
  body: unknown;
}

export interface ReceiveDeps {
  db: Db;
  shopify: ShopifyApi;
  jobs: Pick<JobQueue, 'enqueue'>;
}

export function webhookRouter(deps: ReceiveDeps): Router {
  const router = Router();
  router.post('/', express.raw({ type: () => true, limit: '5mb' }), async (req, res) => {
    const rawBody = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const check = await deps.shopify.webhooks.validate({ rawBody, rawRequest: req, rawResponse: res });
    if (!check.valid) {
      if (check.reason === 'missing_headers') {
        throw new BadRequestError(`Not a Shopify webhook: missing headers ${'missingHeaders' in check ? check.missingHeaders.join(', ') : ''}`.trim());
      }
      throw new UnauthorizedError('Webhook HMAC verification failed.');
    }
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      throw new BadRequestError('Webhook body is not JSON.');
    }
    const eventId = 'eventId' in check ? check.eventId : undefined;
    // The library normalises topics to ORDERS_CREATE; keep Shopify's own spelling (orders/create).
    const topic = (req.get('x-shopify-topic') ?? check.topic).toLowerCase();
    const log = locals(res).log.child({ shop: check.domain, topic, webhookId: check.webhookId });

    let deliveryId: string;
    try {
      const delivery = await deps.db.prisma.webhookDelivery.create({
        data: {
          shopDomain: check.domain,
          topic,
          webhookId: check.webhookId,
          eventId: eventId ?? null,
          dedupeKey: eventId ?? check.webhookId,
          apiVersion: check.apiVersion,
          triggeredAt: check.triggeredAt ? new Date(check.triggeredAt) : null,
        },
      });
      deliveryId = delivery.id;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      log.info('duplicate webhook delivery ignored');
      res.status(200).json({ ok: true, duplicate: true });
      return;
    }
    const payload: WebhookJobPayload = {
      deliveryId,
      topic,
      shop: check.domain,
      apiVersion: check.apiVersion,
      triggeredAt: check.triggeredAt ?? null,
      body,
    };
    await deps.jobs.enqueue(WEBHOOK_JOB, payload as unknown as JobPayload, {
      idempotencyKey: `webhook:${deliveryId}`,
      shopDomain: check.domain,
    });
    log.info('webhook accepted');
    res.status(200).json({ ok: true });
  });
  return router;
}
