// The webhook topics this feature consumes, delivered by the emulator, signed, through the app's real webhook
// intake and job queue: orders/create fills the customer profile the offer endpoint targets with, and
// subscription_contracts/create stores the contract Shopify created.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONTRACTS, DEMO_CUSTOMERS, DEMO_PRODUCTS, DEMO_VARIANTS } from '../../../test/emulator/seed/demo-store.js';
import { contractPayload } from '../../../test/emulator/store/subscriptions.js';
import { gqlData } from '../../../test/emulator/testing.js';
import { type PostPurchaseBackend, startPostPurchaseBackend } from '../../../test/support/post-purchase/backend.js';
import { coffeeFunnel } from '../../../test/support/post-purchase/demo-funnels.js';
import { CUSTOMER_PROFILE_REFRESH_JOB } from './customer-profiles.js';
import type { FunnelView } from './wire.js';

let backend: PostPurchaseBackend;

beforeAll(async () => {
  backend = await startPostPurchaseBackend();
  await backend.createFunnel(coffeeFunnel());
});
afterAll(async () => backend?.close());

/** Waits for the emulator to deliver `count` webhooks of a topic, then runs the queued jobs. */
async function deliver(topic: string, predicate: (payload: Record<string, unknown>) => boolean): Promise<void> {
  await backend.h.emulator.webhooks.waitFor(topic, predicate);
  for (let round = 0; round < 50; round++) {
    await backend.runJobs();
    const pending = await backend.h.server.ctx.db.prisma.job.count({ where: { status: { in: ['queued', 'running'] } } });
    if (pending === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const profileOf = (customerId: number) =>
  backend.h.server.ctx.db.prisma.customerProfile.findUnique({
    where: { shopId_customerId: { shopId: backend.shop.id, customerId: `gid://shopify/Customer/${customerId}` } },
  });

/** The customer's order count as Shopify reports it. */
async function shopifyOrderCount(customerId: number): Promise<string> {
  const data = await gqlData<{ customer: { numberOfOrders: string } }>(
    backend.h.emulator,
    `{ customer(id: "gid://shopify/Customer/${customerId}") { numberOfOrders } }`,
  );
  return data.customer.numberOfOrders;
}

describe('orders/create', () => {
  it('when a customer orders, then their profile counts the order and remembers its products and their tags', async () => {
    const customer = DEMO_CUSTOMERS.noOrders;
    const first = backend.h.emulator.store.createOrder({
      customerId: customer,
      lines: [{ variantId: DEMO_VARIANTS.handGrinder, quantity: 1 }],
    });
    await deliver('orders/create', (payload) => payload.id === first.id);
    expect(await profileOf(customer)).toMatchObject({
      ordersCount: 1,
      tags: ['newsletter'],
      purchasedProductIds: [`gid://shopify/Product/${DEMO_PRODUCTS.handGrinder}`],
    });

    const second = backend.h.emulator.store.createOrder({
      customerId: customer,
      lines: [{ variantId: DEMO_VARIANTS.glassCups, quantity: 2 }],
    });
    await deliver('orders/create', (payload) => payload.id === second.id);
    const profile = await profileOf(customer);
    expect(profile?.ordersCount).toBe(2);
    expect([...((profile?.purchasedProductIds ?? []) as string[])].sort()).toEqual(
      [`gid://shopify/Product/${DEMO_PRODUCTS.handGrinder}`, `gid://shopify/Product/${DEMO_PRODUCTS.glassCups}`].sort(),
    );
  });

  it('when a customer with orders from before Encore orders, then the profile has every order Shopify knows, and their tags', async () => {
    const customer = DEMO_CUSTOMERS.frenchReturning; // orders before install, tagged "newsletter"
    const knownBefore = Number(await shopifyOrderCount(customer));
    const order = backend.h.emulator.store.createOrder({
      customerId: customer,
      lines: [{ variantId: DEMO_VARIANTS.biscotti, quantity: 1 }],
    });
    await deliver('orders/create', (payload) => payload.id === order.id);
    expect(knownBefore).toBeGreaterThan(0);
    expect(await profileOf(customer)).toMatchObject({ ordersCount: knownBefore + 1, tags: ['newsletter'] });
  });

  it('when a customer orders several times a day, then Shopify is asked about them once', async () => {
    const customer = DEMO_CUSTOMERS.canadian;
    for (const variantId of [DEMO_VARIANTS.biscotti, DEMO_VARIANTS.glassCups]) {
      const order = backend.h.emulator.store.createOrder({ customerId: customer, lines: [{ variantId, quantity: 1 }] });
      await deliver('orders/create', (payload) => payload.id === order.id);
    }
    const refreshes = await backend.h.server.ctx.db.prisma.job.count({
      where: { name: CUSTOMER_PROFILE_REFRESH_JOB, idempotencyKey: { contains: `:gid://shopify/Customer/${customer}:` } },
    });
    expect(refreshes).toBe(1);
    expect((await profileOf(customer))?.ordersCount).toBe(Number(await shopifyOrderCount(customer)));
  });

  it('when a customer who bought the grinder before comes to the post-purchase page, then the grinder is not offered again', async () => {
    const customer = DEMO_CUSTOMERS.noOrders;
    const purchase = backend.purchase({ customerId: customer, lines: [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }] });
    const response = await backend.post('offer', purchase.offerRequest(), purchase.inputData.token);
    const { offer } = (await response.json()) as { offer: FunnelView };
    expect(offer.firstStepId).toBe('mug');
    expect(offer.steps.grinder).toBeUndefined();
  });

  it('when a guest orders, then no profile is written', async () => {
    const before = await backend.h.server.ctx.db.prisma.customerProfile.count();
    const order = backend.h.emulator.store.createOrder({
      customerId: null,
      email: 'guest@example.net',
      lines: [{ variantId: DEMO_VARIANTS.biscotti, quantity: 1 }],
    });
    await deliver('orders/create', (payload) => payload.id === order.id);
    expect(await backend.h.server.ctx.db.prisma.customerProfile.count()).toBe(before);
  });
});

describe('subscription_contracts/create', () => {
  it('when Shopify announces a contract (and again), then it is stored once, with its lines and next billing date', async () => {
    const store = backend.h.emulator.store;
    const contract = store.contract(DEMO_CONTRACTS.farahMonthlySencha)!;
    await backend.h.emulator.webhooks.send('subscription_contracts/create', store.domain, contractPayload(store, contract));
    await backend.h.emulator.webhooks.send('subscription_contracts/create', store.domain, contractPayload(store, contract));
    await deliver('subscription_contracts/create', (payload) => payload.id === contract.id);

    const rows = await backend.h.server.ctx.db.prisma.subscriptionContract.findMany({
      where: { shopifyId: `gid://shopify/SubscriptionContract/${contract.id}` },
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: 'ACTIVE',
      billingInterval: 'MONTH',
      billingCount: 1,
      currencyCode: 'USD',
      originOrderId: `gid://shopify/Order/${contract.originOrderId}`,
      nextBillingDate: new Date(contract.nextBillingDate),
    });
    expect(rows[0]!.lines).toEqual([
      expect.objectContaining({
        variantId: `gid://shopify/ProductVariant/${DEMO_VARIANTS.sencha100g}`,
        quantity: 2,
        currentPrice: { amount: '10.80', currencyCode: 'USD' },
      }),
    ]);
  });

  it('when the contract cannot be read (another app’s, or gone), then nothing is stored and the delivery is not retried', async () => {
    const store = backend.h.emulator.store;
    await backend.h.emulator.webhooks.send('subscription_contracts/create', store.domain, {
      id: 99_999_999,
      admin_graphql_api_id: 'gid://shopify/SubscriptionContract/99999999',
    });
    await deliver('subscription_contracts/create', (payload) => payload.id === 99_999_999);
    expect(
      await backend.h.server.ctx.db.prisma.subscriptionContract.count({
        where: { shopifyId: 'gid://shopify/SubscriptionContract/99999999' },
      }),
    ).toBe(0);
    const delivery = await backend.h.server.ctx.db.prisma.webhookDelivery.findFirst({
      where: { topic: 'subscription_contracts/create' },
      orderBy: { receivedAt: 'desc' },
    });
    expect(delivery?.status).toBe('processed');
  });
});
