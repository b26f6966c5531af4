// Shopify's leaky bucket (THROTTLED, restore over time, refund to actual cost, the 1000-point single-query cap) and
// scripted transport faults (5xx, latency, dropped connections).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../web/server/clock.js';
import { SEED_NOW } from './seed/demo-store.js';
import { type RunningEmulator, startEmulator } from './server.js';
import { gql } from './testing.js';

let emulator: RunningEmulator;
const clock = new ManualClock(SEED_NOW);

beforeAll(async () => {
  emulator = await startEmulator({
    apiKey: 'throttle-key',
    apiSecret: 'throttle-secret',
    clock,
    throttle: { maximumAvailable: 100, restoreRate: 10 },
  });
});
afterAll(async () => emulator?.close());
beforeEach(() => {
  // A full bucket for every test: advancing the clock restores it.
  clock.advance(60_000);
  emulator.faults.clear();
});

const PRODUCTS_30 = '{ products(first: 30) { nodes { id title } } }';

describe('throttle', () => {
  it('reports requested and actual cost and the bucket on every executed response', async () => {
    const result = await gql(emulator, PRODUCTS_30);
    expect(result.extensions?.cost).toEqual({
      requestedQueryCost: 32,
      // 25 products exist, so the refund leaves the actual cost at 2 + 25.
      actualQueryCost: 27,
      throttleStatus: { maximumAvailable: 100, currentlyAvailable: 73, restoreRate: 10 },
    });
  });

  it('when the bucket cannot pay, answers THROTTLED with no data, then succeeds once the clock has restored points', async () => {
    await gql(emulator, PRODUCTS_30);
    await gql(emulator, PRODUCTS_30);
    await gql(emulator, PRODUCTS_30);
    const throttled = await gql(emulator, PRODUCTS_30);
    expect(throttled.status).toBe(200);
    expect(throttled.data).toBeUndefined();
    expect(throttled.errors).toEqual([
      { message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } },
    ]);
    expect(throttled.extensions?.cost).toEqual({
      requestedQueryCost: 32,
      actualQueryCost: null,
      throttleStatus: { maximumAvailable: 100, currentlyAvailable: 19, restoreRate: 10 },
    });

    // (32 - 19) / 10 points per second = 1.3 s
    clock.advance(1_300);
    const restored = await gql(emulator, PRODUCTS_30);
    expect(restored.errors).toBeUndefined();
    expect(restored.extensions?.cost?.throttleStatus.currentlyAvailable).toBe(5);
  });

  it('when one query costs more than 1000 points, refuses it before execution with MAX_COST_EXCEEDED', async () => {
    const result = await gql(emulator, '{ products(first: 250) { nodes { id variants(first: 10) { nodes { id } } } } }');
    expect(result.data).toBeUndefined();
    expect(result.errors).toHaveLength(1);
    // 250 x (1 product + 2 + 10 variants) + 2
    expect(result.errors?.[0]?.message).toMatch(/^Query cost is 3252, which exceeds the single query max cost limit \(1000\)\./);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'MAX_COST_EXCEEDED', cost: 3252, maxCost: 1000 });
  });

  it('charges mutations 10 points', async () => {
    const result = await gql(
      emulator,
      'mutation { tagsAdd(id: "gid://shopify/Product/8801000000001", tags: ["x"]) { userErrors { message } } }',
    );
    expect(result.extensions?.cost?.requestedQueryCost).toBe(10);
  });
});

describe('faults', () => {
  it('when two 503s are scripted, the next two requests fail with a body and the third succeeds', async () => {
    emulator.faults.next({ status: 503, count: 2 });
    const first = await fetch(emulator.adminGraphqlUrl, { method: 'POST', body: '{}' });
    const second = await gql(emulator, '{ shop { name } }');
    expect(first.status).toBe(503);
    expect(await first.json()).toEqual({ errors: 'Service Unavailable' });
    expect(second.status).toBe(503);
    const third = await gql(emulator, '{ shop { name } }');
    expect(third.data).toEqual({ shop: { name: 'Encore Demo Store' } });
  });

  it('when latency is scripted, the answer arrives late', async () => {
    emulator.faults.next({ latencyMs: 150 });
    const started = Date.now();
    const result = await gql(emulator, '{ shop { name } }');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(result.status).toBe(200);
  });

  it('when a dropped connection is scripted, the client sees a network error', async () => {
    emulator.faults.next({ drop: true });
    await expect(gql(emulator, '{ shop { name } }')).rejects.toThrow();
    expect((await gql(emulator, '{ shop { name } }')).status).toBe(200);
  });

  it('when a fault targets another shop, requests for this shop are untouched', async () => {
    emulator.faults.next({ status: 502, shop: 'elsewhere.myshopify.com' });
    expect((await gql(emulator, '{ shop { name } }')).status).toBe(200);
    expect(emulator.faults.pending()).toBe(1);
  });
});
