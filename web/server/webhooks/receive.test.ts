// Webhooks as Shopify sends them (from the emulator): HMAC checked on the raw body, deduplicated, processed by
// the durable queue, on SQLite and PostgreSQL.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS } from '../../../test/emulator/seed/demo-store.js';
import { type Harness, startHarness, TEST_API_SECRET } from '../../../test/support/harness.js';
import { postWebhook, signWebhook, webhookHeaders } from '../../../test/support/webhooks.js';
import type { Db } from '../db/client.js';
import { WEBHOOK_JOB } from './receive.js';

async function waitFor<T>(read: () => Promise<T | null | undefined>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Makes every insert of a webhook job fail in the database itself, as a full disk or a lost connection would. */
async function breakWebhookEnqueue(db: Db): Promise<() => Promise<void>> {
  if (db.provider === 'sqlite') {
    await db.prisma.$executeRawUnsafe(
      `CREATE TRIGGER "test_fail_webhook_enqueue" BEFORE INSERT ON "Job" WHEN NEW."name" = '${WEBHOOK_JOB}'
       BEGIN SELECT RAISE(ABORT, 'enqueue failed (test)'); END`,
    );
    return async () => void (await db.prisma.$executeRawUnsafe('DROP TRIGGER "test_fail_webhook_enqueue"'));
  }
  await db.prisma.$executeRawUnsafe(
    `CREATE FUNCTION test_fail_webhook_enqueue() RETURNS trigger AS $$
     BEGIN RAISE EXCEPTION 'enqueue failed (test)'; END $$ LANGUAGE plpgsql`,
  );
  await db.prisma.$executeRawUnsafe(
    `CREATE TRIGGER test_fail_webhook_enqueue BEFORE INSERT ON "Job" FOR EACH ROW
     WHEN (NEW."name" = '${WEBHOOK_JOB}') EXECUTE FUNCTION test_fail_webhook_enqueue()`,
  );
  return async () => {
    await db.prisma.$executeRawUnsafe('DROP TRIGGER test_fail_webhook_enqueue ON "Job"');
    await db.prisma.$executeRawUnsafe('DROP FUNCTION test_fail_webhook_enqueue()');
  };
}

describe.each(['sqlite', 'postgresql'] as const)('webhook intake on %s', (database) => {
  let h: Harness;
  beforeAll(async () => {
    // Shopify's retries, a tenth of a second apart instead of minutes.
    h = await startHarness({ database, emulatorOptions: { webhookRetryDelaysMs: [100, 100, 100, 100, 100] } });
    expect((await h.adminFetch('/api/admin/shop')).status).toBe(200); // installed
  });
  afterAll(async () => h?.close());

  const post = (body: string, headers: Record<string, string>) => postWebhook(h.server.url, body, headers);
  const headersFor = (body: string, topic: string) => webhookHeaders(body, { topic, shop: h.shop, secret: TEST_API_SECRET });

  it('when the emulator sends a webhook, it passes the HMAC check and is recorded once', async () => {
    await h.emulator.webhooks.send('products/update', h.shop);
    const delivery = await waitFor(() => h.database.db.prisma.webhookDelivery.findFirst({ where: { topic: 'products/update' } }));
    expect(delivery.shopDomain).toBe(h.shop);
    expect(delivery.apiVersion).toBe('2026-07');
  });

  it('when the body was tampered with, answers 401 and records nothing', async () => {
    const body = JSON.stringify({ id: 1 });
    const headers = headersFor(body, 'orders/create');
    const before = await h.database.db.prisma.webhookDelivery.count();
    const res = await post(JSON.stringify({ id: 2 }), headers);
    expect(res.status).toBe(401);
    expect(await h.database.db.prisma.webhookDelivery.count()).toBe(before);
  });

  it('when the HMAC was made with another secret, answers 401 (compliance topics too)', async () => {
    const body = JSON.stringify({ shop_domain: h.shop });
    const res = await post(body, { ...headersFor(body, 'shop/redact'), 'X-Shopify-Hmac-Sha256': signWebhook(body, 'wrong') });
    expect(res.status).toBe(401);
  });

  it('when Shopify headers are missing, answers 400 naming them', async () => {
    const res = await post('{}', { 'X-Shopify-Hmac-Sha256': signWebhook('{}', TEST_API_SECRET) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/missing headers/i);
  });

  it('when the same event arrives twice, processes it once', async () => {
    const body = JSON.stringify({ id: 99, admin_graphql_api_id: 'gid://shopify/Product/99' });
    const headers = headersFor(body, 'products/update');
    expect((await post(body, headers)).status).toBe(200);
    const second = await post(body, { ...headers, 'X-Shopify-Webhook-Id': crypto.randomUUID() });
    expect(await second.json()).toMatchObject({ duplicate: true });
    const deliveries = await h.database.db.prisma.webhookDelivery.findMany({ where: { eventId: headers['X-Shopify-Event-Id'] } });
    expect(deliveries).toHaveLength(1);
    const jobs = await h.database.db.prisma.job.count({ where: { idempotencyKey: `webhook:${deliveries[0]?.id}` } });
    expect(jobs).toBe(1);
  });

  it('when queuing the job fails, answers 5xx and records nothing, so Shopify’s retry is processed exactly once', async () => {
    const db = h.database.db;
    // A customer the shop knows (the handler reads their tags and order count from the Admin API), an order of a
    // product no other test sends, so the profile shows whether this delivery was processed.
    const customerId = DEMO_CUSTOMERS.wholesale;
    const productId = 4_200_000 + Math.floor(Math.random() * 1_000_000);
    const order = {
      id: 7_100_000_000 + productId,
      cancelled_at: null,
      customer: { id: customerId },
      line_items: [{ product_id: productId }],
    };
    const repair = await breakWebhookEnqueue(db);
    let firstStatus: number | null;
    try {
      const delivery = await h.emulator.webhooks.send('orders/create', h.shop, order);
      firstStatus = delivery.attempts[0]!.status;
    } finally {
      await repair();
    }
    expect(firstStatus).toBeGreaterThanOrEqual(500);

    // The emulator retries with the same body, webhook id and event id, as Shopify does.
    const delivered = await h.emulator.webhooks.waitFor('orders/create', (payload) => payload.id === order.id);
    expect(delivered.state).toBe('delivered');
    const profile = await waitFor(async () => {
      const row = await db.prisma.customerProfile.findFirst({ where: { customerId: `gid://shopify/Customer/${customerId}` } });
      return row &&
        (row.purchasedProductIds as string[]).includes(`gid://shopify/Product/${productId}`) &&
        (row.tags as string[]).length > 0
        ? row
        : null;
    });
    expect(profile.tags).toEqual(['wholesale']);
    const rows = await db.prisma.webhookDelivery.findMany({ where: { eventId: delivered.eventId } });
    expect(rows).toHaveLength(1);
    const job = await waitFor(() => db.prisma.job.findFirst({ where: { idempotencyKey: `webhook:${rows[0]!.id}`, status: 'succeeded' } }));
    expect(job.attempts).toBe(1);

    // A late duplicate of the same event changes nothing.
    const again = await post(delivered.body, delivered.headers);
    expect(await again.json()).toMatchObject({ duplicate: true });
    expect(await db.prisma.webhookDelivery.count({ where: { eventId: delivered.eventId } })).toBe(1);
    expect(await db.prisma.job.count({ where: { idempotencyKey: `webhook:${rows[0]!.id}` } })).toBe(1);
  });

  it('when app/uninstalled arrives, the worker marks the shop uninstalled and forgets its token', async () => {
    const body = JSON.stringify({ id: 1, domain: h.shop });
    expect((await post(body, headersFor(body, 'app/uninstalled'))).status).toBe(200);
    const shop = await waitFor(() => h.database.db.prisma.shop.findFirst({ where: { domain: h.shop, installState: 'uninstalled' } }));
    expect(shop.uninstalledAt).not.toBeNull();
    expect(await h.server.ctx.sessions.findSessionsByShop(h.shop)).toEqual([]);
    // Opening the app again reinstalls it.
    expect((await h.adminFetch('/api/admin/shop')).status).toBe(200);
    expect((await h.database.db.prisma.shop.findFirstOrThrow({ where: { domain: h.shop } })).installState).toBe('installed');
  });
});
