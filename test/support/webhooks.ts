// Webhook deliveries for tests, made the way Shopify makes them (https://shopify.dev/docs/apps/build/webhooks/verify-deliveries):
// base64 HMAC-SHA256 of the raw body keyed with the app secret, and the X-Shopify-* headers @shopify/shopify-api requires.
import crypto from 'node:crypto';

export function signWebhook(body: string | Uint8Array, secret: string): string {
  return crypto.createHmac('sha256', secret).update(body).digest('base64');
}

export interface DeliveryHeaderOptions {
  topic: string;
  shop: string;
  secret: string;
  eventId?: string;
  webhookId?: string;
  triggeredAt?: string;
}

/** Headers of a signed delivery of `body`; a fresh event and webhook id unless given. */
export function webhookHeaders(body: string | Uint8Array, options: DeliveryHeaderOptions): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'X-Shopify-Hmac-Sha256': signWebhook(body, options.secret),
    'X-Shopify-Topic': options.topic,
    'X-Shopify-Shop-Domain': options.shop,
    'X-Shopify-API-Version': '2026-07',
    'X-Shopify-Webhook-Id': options.webhookId ?? crypto.randomUUID(),
    'X-Shopify-Event-Id': options.eventId ?? crypto.randomUUID(),
    'X-Shopify-Triggered-At': options.triggeredAt ?? new Date().toISOString(),
  };
}

export function postWebhook(baseUrl: string, body: string | Uint8Array, headers: Record<string, string>): Promise<Response> {
  return fetch(`${baseUrl}/api/webhooks`, { method: 'POST', body, headers });
}
