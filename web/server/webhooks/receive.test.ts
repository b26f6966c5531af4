// Webhooks as Shopify sends them (from the emulator): HMAC checked on the raw body, deduplicated, processed by
// the durable queue.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, TEST_API_SECRET, type Harness } from '../../../test/support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  expect((await h.adminFetch('/api/admin/shop')).status).toBe(200); // installed
});
afterAll(async () => h?.close());

function sign(body: string, secret = TEST_API_SECRET): string {
  return crypto.createHmac('sha256', secret).update(body, 'utf8').digest('base64');
}

function post(body: string, headers: Record<string, string>) {
  return fetch(`${h.server.url}/api/webhooks`, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } });
}

function shopifyHeaders(body: string, topic: string, extra: Record<string, string> = {}) {
  return {
    'X-Shopify-Hmac-Sha256': sign(body),
    'X-Shopify-Topic': topic,
    'X-Shopify-Shop-Domain': h.shop,
    'X-Shopify-API-Version': '2026-07',
    'X-Shopify-Webhook-Id': crypto.randomUUID(),
    'X-Shopify-Event-Id': crypto.randomUUID(),
    'X-Shopify-Triggered-At': new Date().toISOString(),
    ...extra,
  };
}

async function waitFor<T>(read: () => Promise<T | null | undefined>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('webhook intake', () => {
  it('when the emulator sends a webhook, it passes the HMAC check and is recorded once', async () => {
    await h.emulator.webhooks.send('products/update', h.shop);
    const delivery = await waitFor(() => h.database.db.prisma.webhookDelivery.findFirst({ where: { topic: 'products/update' } }));
    expect(delivery.shopDomain).toBe(h.shop);
    expect(delivery.apiVersion).toBe('2026-07');
  });

  it('when the body was tampered with, answers 401 and records nothing', async () => {
    const body = JSON.stringify({ id: 1 });
    const headers = shopifyHeaders(body, 'orders/create');
    const before = await h.database.db.prisma.webhookDelivery.count();
    const res = await post(JSON.stringify({ id: 2 }), headers);
    expect(res.status).toBe(401);
    expect(await h.database.db.prisma.webhookDelivery.count()).toBe(before);
  });

  it('when the HMAC was made with another secret, answers 401 (compliance topics too)', async () => {
    const body = JSON.stringify({ shop_domain: h.shop });
    const res = await post(body, { ...shopifyHeaders(body, 'shop/redact'), 'X-Shopify-Hmac-Sha256': sign(body, 'wrong') });
    expect(res.status).toBe(401);
  });

  it('when Shopify headers are missing, answers 400 naming them', async () => {
    const res = await post('{}', { 'X-Shopify-Hmac-Sha256': sign('{}') });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/missing headers/i);
  });

  it('when the same event arrives twice, processes it once', async () => {
    const body = JSON.stringify({ id: 99, admin_graphql_api_id: 'gid://shopify/Product/99' });
    const headers = shopifyHeaders(body, 'products/update');
    expect((await post(body, headers)).status).toBe(200);
    const second = await post(body, { ...headers, 'X-Shopify-Webhook-Id': crypto.randomUUID() });
    expect(await second.json()).toMatchObject({ duplicate: true });
    const deliveries = await h.database.db.prisma.webhookDelivery.findMany({ where: { eventId: headers['X-Shopify-Event-Id'] } });
    expect(deliveries).toHaveLength(1);
    const jobs = await h.database.db.prisma.job.count({ where: { idempotencyKey: `webhook:${deliveries[0]?.id}` } });
    expect(jobs).toBe(1);
  });

  it('when app/uninstalled arrives, the worker marks the shop uninstalled and forgets its token', async () => {
    const body = JSON.stringify({ id: 1, domain: h.shop });
    expect((await post(body, shopifyHeaders(body, 'app/uninstalled'))).status).toBe(200);
    const shop = await waitFor(() => h.database.db.prisma.shop.findFirst({ where: { domain: h.shop, installState: 'uninstalled' } }));
    expect(shop.uninstalledAt).not.toBeNull();
    expect(await h.server.ctx.sessions.findSessionsByShop(h.shop)).toEqual([]);
    // Opening the app again reinstalls it.
    expect((await h.adminFetch('/api/admin/shop')).status).toBe(200);
    expect((await h.database.db.prisma.shop.findFirstOrThrow({ where: { domain: h.shop } })).installState).toBe('installed');
  });
});
