// Behaviours corrected when the resolvers of the operations Encore sends were compared with the 2026-07 schema's
// descriptions (test/emulator/README.md, "What it does not emulate" lists what is still a guess).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../web/server/clock.js';
import { DEMO_CUSTOMERS, DEMO_PRODUCTS, DEMO_VARIANTS, SEED_NOW } from './seed/demo-store.js';
import { type RunningEmulator, startEmulator } from './server.js';
import { gid } from './store/ids.js';
import { gql, gqlData } from './testing.js';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ apiKey: 'audit-key', apiSecret: 'audit-secret', clock: new ManualClock(SEED_NOW) });
});
afterAll(async () => emulator?.close());

describe('Product.sellingPlanGroups', () => {
  it('when a group is on one variant, then only its product lists it ("directly, or through the product’s variants")', async () => {
    const created = await gqlData<{ sellingPlanGroupCreate: { sellingPlanGroup: { id: string } | null; userErrors: unknown[] } }>(
      emulator,
      `mutation C($input: SellingPlanGroupInput!, $resources: SellingPlanGroupResourceInput) {
        sellingPlanGroupCreate(input: $input, resources: $resources) { sellingPlanGroup { id } userErrors { message } }
      }`,
      {
        input: {
          name: 'Moss mug club',
          merchantCode: 'moss-mug-club',
          options: ['Every'],
          sellingPlansToCreate: [
            {
              name: 'Monthly mug',
              options: ['Month'],
              category: 'SUBSCRIPTION',
              billingPolicy: { recurring: { interval: 'MONTH', intervalCount: 1 } },
              deliveryPolicy: { recurring: { interval: 'MONTH', intervalCount: 1 } },
              pricingPolicies: [],
            },
          ],
        },
        resources: { productVariantIds: [gid('ProductVariant', DEMO_VARIANTS.mugMossLowStock)] },
      },
    );
    expect(created.sellingPlanGroupCreate.userErrors).toEqual([]);
    const groupId = created.sellingPlanGroupCreate.sellingPlanGroup!.id;

    const read = await gqlData<{
      mug: { sellingPlanGroups: { nodes: { id: string }[] }; sellingPlanGroupsCount: { count: number } };
      kettle: { sellingPlanGroups: { nodes: { id: string }[] } };
    }>(
      emulator,
      `query P($mug: ID!, $kettle: ID!) {
        mug: product(id: $mug) { sellingPlanGroups(first: 10) { nodes { id } } sellingPlanGroupsCount { count } }
        kettle: product(id: $kettle) { sellingPlanGroups(first: 10) { nodes { id } } }
      }`,
      { mug: gid('Product', DEMO_PRODUCTS.mug), kettle: gid('Product', DEMO_PRODUCTS.kettle) },
    );
    expect(read.mug.sellingPlanGroups.nodes.map((node) => node.id)).toContain(groupId);
    expect(read.mug.sellingPlanGroupsCount.count).toBe(read.mug.sellingPlanGroups.nodes.length);
    expect(read.kettle.sellingPlanGroups.nodes.map((node) => node.id)).not.toContain(groupId);
  });
});

describe('orders: sort keys and status', () => {
  it('when orders are sorted by PROCESSED_AT (the default), then processedAt decides, not createdAt', async () => {
    const first = emulator.store.createOrder({
      customerId: DEMO_CUSTOMERS.newFirstOrder,
      lines: [{ variantId: DEMO_VARIANTS.mugSand, quantity: 1 }],
      tags: ['audit-sort'],
      silent: true,
    });
    const second = emulator.store.createOrder({
      customerId: DEMO_CUSTOMERS.newFirstOrder,
      lines: [{ variantId: DEMO_VARIANTS.mugSand, quantity: 1 }],
      tags: ['audit-sort'],
      silent: true,
    });
    // An imported order: created after the other, processed (placed) a day before it.
    second.processedAt = new Date(Date.parse(first.processedAt) - 86_400_000).toISOString();
    const ids = async (sortKey: string | null) => {
      const data = await gqlData<{ orders: { nodes: { id: string }[] } }>(
        emulator,
        sortKey
          ? `{ orders(first: 5, query: "tag:audit-sort", sortKey: ${sortKey}) { nodes { id } } }`
          : '{ orders(first: 5, query: "tag:audit-sort") { nodes { id } } }',
      );
      return data.orders.nodes.map((node) => node.id);
    };
    const [a, b] = [gid('Order', first.id), gid('Order', second.id)];
    expect(await ids('PROCESSED_AT')).toEqual([b, a]);
    expect(await ids(null)).toEqual([b, a]);
    expect(await ids('CREATED_AT')).toEqual([a, b]);
    expect(await ids('ID')).toEqual([a, b]);
  });

  it('when a sort key the emulator cannot order by is asked for, then it fails loudly instead of answering in another order', async () => {
    for (const [query, coordinate] of [
      ['{ orders(first: 5, sortKey: CUSTOMER_NAME) { nodes { id } } }', 'orders(sortKey: CUSTOMER_NAME)'],
      ['{ products(first: 5, sortKey: RELEVANCE, query: "mug") { nodes { id } } }', 'products(sortKey: RELEVANCE)'],
      [
        `{ product(id: "${gid('Product', DEMO_PRODUCTS.mug)}") { variants(first: 5, sortKey: TITLE) { nodes { id } } } }`,
        'Product.variants(sortKey: TITLE)',
      ],
    ]) {
      const result = await gql(emulator, query!);
      expect(result.errors).toEqual([
        expect.objectContaining({
          message: `emulator: ${coordinate} not implemented`,
          extensions: expect.objectContaining({ code: 'EMULATOR_NOT_IMPLEMENTED' }),
        }),
      ]);
    }
  });

  it('when orders filter on status:not_closed (documented) or status:any (not in GraphQL docs), then only the first matches', async () => {
    const notClosed = await gqlData<{ ordersCount: { count: number } }>(emulator, '{ ordersCount(query: "status:not_closed") { count } }');
    expect(notClosed.ordersCount.count).toBeGreaterThan(0);
    const any = await gqlData<{ ordersCount: { count: number } }>(emulator, '{ ordersCount(query: "status:any") { count } }');
    expect(any.ordersCount.count).toBe(0);
  });
});
