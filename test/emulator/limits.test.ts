// Limits Shopify enforces that an app can trip over without noticing on a lenient mock: metafield value sizes and
// namespace length (metafieldsSet), and the 60-day window of readable orders without `read_all_orders`. Sources
// are cited where each is modelled (store/metafields.ts, store/orders.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../web/server/clock.js';
import { DEMO_CUSTOMERS, DEMO_PRODUCTS, DEMO_SHOP_DOMAIN, DEMO_VARIANTS, SEED_NOW } from './seed/demo-store.js';
import { type RunningEmulator, startEmulator } from './server.js';
import { gid } from './store/ids.js';
import { JSON_VALUE_LIMIT_BYTES } from './store/metafields.js';
import type { OrderRecord } from './store/records.js';
import { gqlData } from './testing.js';

const DAY_MS = 86_400_000;
const clock = new ManualClock(SEED_NOW);
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ apiKey: 'limits-key', apiSecret: 'limits-secret', clock });
});
afterAll(async () => emulator?.close());

describe('metafieldsSet', () => {
  const SET = `mutation S($m: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $m) { metafields { key } userErrors { field message code elementIndex } }
  }`;
  type SetResult = {
    metafieldsSet: {
      metafields: { key: string }[] | null;
      userErrors: { field: string[]; message: string; code: string; elementIndex: number }[];
    };
  };
  const onMug = (input: Record<string, unknown>) => ({ ownerId: gid('Product', DEMO_PRODUCTS.mug), namespace: 'encore', ...input });

  /** A JSON document of exactly `bytes` UTF-8 bytes. */
  const jsonOfSize = (bytes: number) => JSON.stringify({ pad: 'x'.repeat(bytes - '{"pad":""}'.length) });

  it('when a json value is over 128 KB, then the whole call is refused with TOO_LONG on that value and nothing is written', async () => {
    const atLimit = jsonOfSize(JSON_VALUE_LIMIT_BYTES);
    expect(Buffer.byteLength(atLimit)).toBe(JSON_VALUE_LIMIT_BYTES);
    const fits = await gqlData<SetResult>(emulator, SET, { m: [onMug({ key: 'at_limit', type: 'json', value: atLimit })] });
    expect(fits.metafieldsSet).toEqual({ metafields: [{ key: 'at_limit' }], userErrors: [] });

    const refused = await gqlData<SetResult>(emulator, SET, {
      m: [
        onMug({ key: 'small', type: 'json', value: '{}' }),
        onMug({ key: 'too_big', type: 'json', value: jsonOfSize(JSON_VALUE_LIMIT_BYTES + 1) }),
      ],
    });
    expect(refused.metafieldsSet.metafields).toBeNull();
    expect(refused.metafieldsSet.userErrors).toEqual([
      {
        field: ['metafields', '1', 'value'],
        code: 'TOO_LONG',
        elementIndex: 1,
        message: 'Value is too long (maximum is 128,000 bytes for a json metafield).',
      },
    ]);
    const read = await gqlData<{ product: { small: unknown; tooBig: unknown } }>(
      emulator,
      `query P($id: ID!) { product(id: $id) {
        small: metafield(namespace: "encore", key: "small") { id }
        tooBig: metafield(namespace: "encore", key: "too_big") { id }
      } }`,
      { id: gid('Product', DEMO_PRODUCTS.mug) },
    );
    expect(read.product).toEqual({ small: null, tooBig: null });
  });

  it('when a value of another type is over its own limit, or a list has more than 128 items, then it is refused', async () => {
    const refused = await gqlData<SetResult>(emulator, SET, {
      m: [
        onMug({ key: 'long_text', type: 'multi_line_text_field', value: 'é'.repeat(32_769) }),
        onMug({ key: 'long_url', type: 'url', value: `https://example.com/${'a'.repeat(2_048)}` }),
        onMug({ key: 'many', type: 'list.number_integer', value: JSON.stringify(Array.from({ length: 129 }, (_, i) => i)) }),
      ],
    });
    expect(refused.metafieldsSet.userErrors.map((e) => [e.field.join('.'), e.code])).toEqual([
      ['metafields.0.value', 'TOO_LONG'],
      ['metafields.1.value', 'TOO_LONG'],
      ['metafields.2.value', 'LESS_THAN_OR_EQUAL_TO'],
    ]);
  });

  it('when a namespace has fewer than 3 characters, then it is refused with TOO_SHORT; 3 is enough', async () => {
    const refused = await gqlData<SetResult>(emulator, SET, {
      m: [onMug({ namespace: 'ab', key: 'note', type: 'single_line_text_field', value: 'x' })],
    });
    expect(refused.metafieldsSet.userErrors).toEqual([
      {
        field: ['metafields', '0', 'namespace'],
        code: 'TOO_SHORT',
        elementIndex: 0,
        message: 'Namespace is too short (minimum is 3 characters)',
      },
    ]);
    const fits = await gqlData<SetResult>(emulator, SET, {
      m: [onMug({ namespace: 'abc', key: 'note', type: 'single_line_text_field', value: 'x' })],
    });
    expect(fits.metafieldsSet.userErrors).toEqual([]);
  });

  it('when compareDigest is sent as null, then the metafield is only created, never overwritten', async () => {
    const create = await gqlData<SetResult>(emulator, SET, {
      m: [onMug({ key: 'once', type: 'single_line_text_field', value: 'first', compareDigest: null })],
    });
    expect(create.metafieldsSet.userErrors).toEqual([]);
    const again = await gqlData<SetResult>(emulator, SET, {
      m: [onMug({ key: 'once', type: 'single_line_text_field', value: 'second', compareDigest: null })],
    });
    expect(again.metafieldsSet.userErrors.map((e) => [e.field.join('.'), e.code])).toEqual([
      ['metafields.0.compareDigest', 'STALE_OBJECT'],
    ]);
    // Left out, there is no check.
    const overwrite = await gqlData<SetResult>(emulator, SET, {
      m: [onMug({ key: 'once', type: 'single_line_text_field', value: 'third' })],
    });
    expect(overwrite.metafieldsSet.userErrors).toEqual([]);
  });
});

describe('orders older than 60 days without read_all_orders', () => {
  let old: OrderRecord;
  let recent: OrderRecord;
  const allOrdersToken = () =>
    emulator.issueAccessToken(DEMO_SHOP_DOMAIN, { scopes: [...emulator.store.app.grantedScopes, 'read_all_orders'] });

  beforeAll(() => {
    // Two orders of one customer, 61 and 59 days before the clock's "now".
    clock.set(new Date(Date.parse(SEED_NOW) - 61 * DAY_MS));
    old = emulator.store.createOrder({
      customerId: DEMO_CUSTOMERS.newFirstOrder,
      lines: [{ variantId: DEMO_VARIANTS.mugSand, quantity: 1 }],
      tags: ['window-test'],
      silent: true,
    });
    clock.set(new Date(Date.parse(SEED_NOW) - 59 * DAY_MS));
    recent = emulator.store.createOrder({
      customerId: DEMO_CUSTOMERS.newFirstOrder,
      lines: [{ variantId: DEMO_VARIANTS.mugSand, quantity: 1 }],
      tags: ['window-test'],
      silent: true,
    });
    clock.set(SEED_NOW);
  });

  const READ = `query R($old: ID!, $recent: ID!, $customer: ID!) {
    old: order(id: $old) { id }
    recent: order(id: $recent) { id }
    nodes(ids: [$old, $recent]) { id }
    orders(first: 50, query: "tag:window-test") { nodes { id } }
    ordersCount(query: "tag:window-test") { count }
    customer(id: $customer) { numberOfOrders orders(first: 50, query: "tag:window-test") { nodes { id } } }
  }`;
  type Read = {
    old: { id: string } | null;
    recent: { id: string } | null;
    nodes: ({ id: string } | null)[];
    orders: { nodes: { id: string }[] };
    ordersCount: { count: number };
    customer: { numberOfOrders: string; orders: { nodes: { id: string }[] } };
  };
  const variables = () => ({
    old: gid('Order', old.id),
    recent: gid('Order', recent.id),
    customer: gid('Customer', DEMO_CUSTOMERS.newFirstOrder),
  });

  it('when the app reads orders, then the older is null or absent everywhere, but still in the customer’s lifetime count', async () => {
    const data = await gqlData<Read>(emulator, READ, variables());
    const recentId = gid('Order', recent.id);
    expect(data.old).toBeNull();
    expect(data.recent).toEqual({ id: recentId });
    expect(data.nodes).toEqual([null, { id: recentId }]);
    expect(data.orders.nodes).toEqual([{ id: recentId }]);
    expect(data.ordersCount.count).toBe(1);
    expect(data.customer.orders.nodes).toEqual([{ id: recentId }]);

    const withAll = await gqlData<Read>(emulator, READ, variables(), { token: allOrdersToken() });
    expect(Number(withAll.customer.numberOfOrders)).toBe(Number(data.customer.numberOfOrders));
  });

  it('when the app holds read_all_orders, then the older order is served too', async () => {
    const data = await gqlData<Read>(emulator, READ, variables(), { token: allOrdersToken() });
    expect(data.old).toEqual({ id: gid('Order', old.id) });
    expect(data.orders.nodes.map((o) => o.id)).toEqual([gid('Order', old.id), gid('Order', recent.id)]);
    expect(data.ordersCount.count).toBe(2);
  });

  it('when the window moves past an order, then the app cannot see it; editing or tagging it answers as for an unknown order', async () => {
    clock.set(new Date(Date.parse(SEED_NOW) + 2 * DAY_MS));
    try {
      const data = await gqlData<Read>(emulator, READ, variables());
      expect(data.recent).toBeNull();
      expect(data.orders.nodes).toEqual([]);

      const edit = await gqlData<{ orderEditBegin: { calculatedOrder: unknown; userErrors: { field: string[]; message: string }[] } }>(
        emulator,
        'mutation E($id: ID!) { orderEditBegin(id: $id) { calculatedOrder { id } userErrors { field message } } }',
        { id: gid('Order', recent.id) },
      );
      expect(edit.orderEditBegin).toEqual({ calculatedOrder: null, userErrors: [{ field: ['id'], message: 'The order does not exist.' }] });
      const tag = await gqlData<{ tagsAdd: { node: unknown; userErrors: { message: string }[] } }>(
        emulator,
        'mutation T($id: ID!) { tagsAdd(id: $id, tags: ["late"]) { node { id } userErrors { message } } }',
        { id: gid('Order', recent.id) },
      );
      expect(tag.tagsAdd).toEqual({ node: null, userErrors: [{ message: 'Resource does not exist' }] });
      expect(recent.tags).not.toContain('late');
    } finally {
      clock.set(SEED_NOW);
    }
  });
});
