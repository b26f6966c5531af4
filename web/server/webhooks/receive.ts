// Receives Shopify webhooks: verify the HMAC over the raw body, record the delivery once together with its job
// (Shopify retries and duplicates: dedupe by event id, falling back to webhook id; see deliveries.ts), answer
// 200 well inside Shopify's 5 s.
import express, { Router } from 'express';
import { AppError, BadRequestError, UnauthorizedError } from '../errors.js';
import { locals } from '../http/request-context.js';
import type { ShopifyApi } from '../shopify/shopify-api.js';
import type { DeliveryRecorder, RecordedDelivery } from './deliveries.js';
import { webhookVerifier } from './verify.js';

export { WEBHOOK_JOB, type WebhookJobPayload } from './deliveries.js';

/**
 * The delivery could not be recorded (the database failed): nothing was stored, so Shopify's retry of it will be
 * recorded and processed like a first delivery.
 */
export class WebhookNotRecordedError extends AppError {
  override name = 'WebhookNotRecordedError';
  constructor() {
    super(
      503,
      'webhook_not_recorded',
      'The webhook could not be recorded right now and was not processed; send it again (Shopify retries it).',
    );
  }
}

/**
 * Longest header value stored. Shopify's ids are UUIDs, topics and API versions short, shop domains at most
 * 255 characters (a DNS name); the cap keeps the dedupe key inside PostgreSQL's btree index entry limit (about
 * 2.7 KB), which a longer value would exceed with an error instead of a row.
 */
export const MAX_HEADER_LENGTH = 255;

export interface ReceiveDeps {
  /** Records a delivery and queues its job in one write (`createDeliveryRecorder`). */
  deliveries: DeliveryRecorder;
  shopify: ShopifyApi;
}

function boundedHeader(name: string, value: string): string {
  if (value.length > MAX_HEADER_LENGTH)
    throw new BadRequestError(`${name} is longer than ${MAX_HEADER_LENGTH} characters; Shopify never sends such a value.`);
  return value;
}

export function webhookRouter(deps: ReceiveDeps): Router {
  const router = Router();
  const { deliveries } = deps;
  const verify = webhookVerifier(deps.shopify.config.apiSecretKey);
  router.post('/', express.raw({ type: () => true, limit: '5mb' }), async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const check = verify(body, (name) => req.get(name));
    if (!check.valid) {
      if (check.reason === 'missing_headers')
        throw new BadRequestError(`Not a Shopify webhook: missing headers ${check.missingHeaders.join(', ')}`);
      if (check.reason === 'missing_body') throw new BadRequestError('The webhook has no body.');
      throw new UnauthorizedError('Webhook HMAC verification failed.');
    }
    const rawBody = body.toString('utf8');
    try {
      JSON.parse(rawBody);
    } catch {
      throw new BadRequestError('Webhook body is not JSON.');
    }
    const topic = boundedHeader('X-Shopify-Topic', check.topic.toLowerCase());
    const shopDomain = boundedHeader('X-Shopify-Shop-Domain', check.domain);
    const webhookId = boundedHeader('X-Shopify-Webhook-Id', check.webhookId);
    const eventId = check.eventId ? boundedHeader('X-Shopify-Event-Id', check.eventId) : null;
    const apiVersion = boundedHeader('X-Shopify-API-Version', check.apiVersion);
    const { log } = locals(res);
    const context = { shop: shopDomain, topic, webhookId };
    // Informational only (Shopify's retries keep the original time): a value that is not a date is dropped.
    const sentAt = check.triggeredAt ? new Date(check.triggeredAt) : null;
    const triggeredAt = sentAt && !Number.isNaN(sentAt.getTime()) ? sentAt : null;
    if (sentAt && !triggeredAt) log.info(context, 'X-Shopify-Triggered-At is not a date; recorded without it');

    let outcome: RecordedDelivery;
    try {
      outcome = await deliveries.record({
        shopDomain,
        topic,
        webhookId,
        eventId,
        apiVersion,
        triggeredAt,
        rawBody,
      });
    } catch (error) {
      log.error({ ...context, err: error }, 'webhook could not be recorded; answering 503 so Shopify retries');
      throw new WebhookNotRecordedError();
    }
    if (outcome.duplicate) {
      log.info(context, 'duplicate webhook delivery ignored');
      res.status(200).json({ ok: true, duplicate: true });
      return;
    }
    log.info({ ...context, deliveryId: outcome.deliveryId }, 'webhook accepted');
    res.status(200).json({ ok: true, deliveryId: outcome.deliveryId });
  });
  return router;
}
