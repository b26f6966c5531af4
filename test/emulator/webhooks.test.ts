// Webhooks as Shopify sends them: signed raw JSON with Shopify's headers, retried with the same payload and ids when
// the app does not answer 2xx in time, a delivery log, manual and tampered sends, API-created subscriptions.
import crypto from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS, DEMO_SHOP_DOMAIN } from './seed/demo-store.js';
import { type RunningEmulator, startEmulator } from './server.js';
import { gid } from './store/ids.js';
import { gqlData, startWebhookReceiver, type WebhookReceiver } from './testing.js';

const SECRET = 'webhook-test-secret';
let emulator: RunningEmulator;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  emulator = await startEmulator({
    apiKey: 'webhook-key',
    apiSecret: SECRET,
    appUrl: receiver.url,
    webhookTimeoutMs: 200,
    webhookRetryDelaysMs: [20, 20, 20],
  });
});
afterAll(async () => {
  await emulator?.close();
  await receiver?.close();
});
beforeEach(async () => {
  await emulator.webhooks.settled();
  receiver.received.length = 0;
  receiver.script([]);
});

function independentHmac(rawBody: string): string {
  return crypto.createHmac('sha256', SECRET).update(rawBody, 'utf8').digest('base64');
}

describe('delivery', () => {
  it('when a product changes, posts products/update signed over the raw body with all Shopify headers', async () => {
    await gqlData(emulator, 'mutation P($p: ProductUpdateInput!) { productUpdate(product: $p) { userErrors { message } } }', {
      p: { id: gid('Product', DEMO_PRODUCTS.mug), title: 'Stoneware Mug 350 ml (new glaze)' },
    });
    const [received] = await receiver.waitFor(1, 'products/update');
    expect(received!.headers['x-shopify-hmac-sha256']).toBe(independentHmac(received!.rawBody));
    expect(received!.headers).toMatchObject({
      'content-type': 'application/json',
      'x-shopify-topic': 'products/update',
      'x-shopify-shop-domain': DEMO_SHOP_DOMAIN,
      'x-shopify-api-version': '2026-07',
    });
    expect(received!.headers['x-shopify-webhook-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(received!.headers['x-shopify-event-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(String(received!.headers['x-shopify-triggered-at']))).not.toBeNaN();
    expect(JSON.parse(received!.rawBody)).toMatchObject({
      id: DEMO_PRODUCTS.mug,
      admin_graphql_api_id: gid('Product', DEMO_PRODUCTS.mug),
      title: 'Stoneware Mug 350 ml (new glaze)',
      status: 'active',
    });
  });

  it('when the app answers 500, retries with the same body, webhook id and event id until it gets a 2xx', async () => {
    receiver.script([{ status: 500 }, { status: 503 }]);
    const delivery = await emulator.webhooks.send('orders/create', DEMO_SHOP_DOMAIN);
    const attempts = await receiver.waitFor(3, 'orders/create');
    await emulator.webhooks.settled();
    expect(new Set(attempts.map((a) => a.rawBody)).size).toBe(1);
    expect(new Set(attempts.map((a) => a.headers['x-shopify-webhook-id'])).size).toBe(1);
    expect(new Set(attempts.map((a) => a.headers['x-shopify-event-id'])).size).toBe(1);
    expect(delivery.state).toBe('delivered');
    expect(delivery.attempts.map((a) => a.status)).toEqual([500, 503, 200]);
  });

  it('when the app does not answer within the timeout, counts it as failed and retries', async () => {
    receiver.script([{ status: 200, delayMs: 400 }]);
    const delivery = await emulator.webhooks.send('app/uninstalled', DEMO_SHOP_DOMAIN);
    await emulator.webhooks.settled();
    expect(delivery.attempts[0]).toMatchObject({ status: null, error: 'timed out after 200 ms' });
    expect(delivery.attempts.at(-1)?.status).toBe(200);
    expect(delivery.state).toBe('delivered');
  });

  it('when every retry fails, gives up and records the delivery as failed', async () => {
    receiver.script([{ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }]);
    const delivery = await emulator.webhooks.send('shop/redact', DEMO_SHOP_DOMAIN);
    await emulator.webhooks.settled();
    expect(delivery.attempts).toHaveLength(4);
    expect(delivery.state).toBe('failed');
    expect(emulator.webhooks.deliveries({ topic: 'shop/redact', state: 'failed' })).toContain(delivery);
  });

  it('when tampering is requested, the next delivery carries a wrong signature', async () => {
    emulator.webhooks.tamperNext();
    const delivery = await emulator.webhooks.send('customers/redact', DEMO_SHOP_DOMAIN);
    const [received] = await receiver.waitFor(1, 'customers/redact');
    expect(delivery.tampered).toBe(true);
    expect(received!.headers['x-shopify-hmac-sha256']).not.toBe(independentHmac(received!.rawBody));
    expect(JSON.parse(received!.rawBody)).toMatchObject({ shop_domain: DEMO_SHOP_DOMAIN, customer: { id: expect.any(Number) } });
  });

  it('sends the compliance payloads Shopify defines', async () => {
    await emulator.webhooks.send('customers/data_request', DEMO_SHOP_DOMAIN);
    const [received] = await receiver.waitFor(1, 'customers/data_request');
    expect(JSON.parse(received!.rawBody)).toMatchObject({
      shop_id: expect.any(Number),
      shop_domain: DEMO_SHOP_DOMAIN,
      orders_requested: expect.any(Array),
      customer: { email: expect.any(String) },
      data_request: { id: expect.any(Number) },
    });
  });
});

describe('subscriptions through the API', () => {
  it('when the app subscribes a URL to a topic, that URL receives the topic too', async () => {
    const other = await startWebhookReceiver();
    try {
      const created = await gqlData<{
        webhookSubscriptionCreate: { webhookSubscription: { id: string; topic: string; uri: string }; userErrors: unknown[] };
      }>(
        emulator,
        `mutation W($topic: WebhookSubscriptionTopic!, $sub: WebhookSubscriptionInput!) {
          webhookSubscriptionCreate(topic: $topic, webhookSubscription: $sub) {
            webhookSubscription { id topic uri } userErrors { field message }
          }
        }`,
        { topic: 'ORDERS_EDITED', sub: { uri: `${other.url}/edited`, format: 'JSON' } },
      );
      expect(created.webhookSubscriptionCreate).toMatchObject({
        userErrors: [],
        webhookSubscription: { topic: 'ORDERS_EDITED', uri: `${other.url}/edited` },
      });
      const listed = await gqlData<{ webhookSubscriptions: { nodes: { topic: string }[] } }>(
        emulator,
        '{ webhookSubscriptions(first: 10, topics: [ORDERS_EDITED]) { nodes { topic } } }',
      );
      expect(listed.webhookSubscriptions.nodes).toEqual([{ topic: 'ORDERS_EDITED' }]);

      const order = emulator.store.createOrder({
        lines: [{ variantId: emulator.store.product(DEMO_PRODUCTS.oatCookies)!.variantIds[0]!, quantity: 1 }],
      });
      const begin = await gqlData<{ orderEditBegin: { calculatedOrder: { id: string } } }>(
        emulator,
        'mutation B($id: ID!) { orderEditBegin(id: $id) { calculatedOrder { id } } }',
        { id: gid('Order', order.id) },
      );
      await gqlData(emulator, 'mutation C($id: ID!) { orderEditCommit(id: $id) { userErrors { message } } }', {
        id: begin.orderEditBegin.calculatedOrder.id,
      });
      const [edited] = await other.waitFor(1, 'orders/edited');
      expect(edited!.headers['x-shopify-hmac-sha256']).toBe(independentHmac(edited!.rawBody));
      // orders/edited is not in shopify.app.toml, so the app URL did not get it.
      expect(receiver.received.filter((r) => r.topic === 'orders/edited')).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
