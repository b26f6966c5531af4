// The Admin client against the emulator: Shopify's throttle is waited out, transient failures are retried,
// refused tokens and invalid operations fail with typed errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { untypedOperation } from '../../../test/support/graphql-operations.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { ManualClock } from '../clock.js';
import { createAdminClient, throttleWaitMs } from './admin-client.js';
import { ShopifyAuthError, ShopifyGraphqlError, ShopifyUnavailableError } from './errors.js';
import { ShopInfoQuery } from './graphql/ShopInfoQuery.js';

const ProductsPage = untypedOperation<{ products: { nodes: { id: string }[] } }, { first: number }>(`#graphql
  query ProductsPageForThrottleTest($first: Int!) { products(first: $first) { nodes { id title } } }
`);

let h: Harness;
const sleeps: number[] = [];
// The emulator's bucket refills on this clock, which moves only when the client sleeps: however slowly a loaded
// machine sends the requests, the bucket is still empty when they arrive.
const emulatorClock = new ManualClock(new Date());
const recordingSleep = async (ms: number) => {
  sleeps.push(ms);
  emulatorClock.advance(ms);
  await new Promise((r) => setImmediate(r));
};

beforeAll(async () => {
  h = await startHarness({
    emulatorOptions: { throttle: { maximumAvailable: 60, restoreRate: 100 }, clock: emulatorClock },
    adminClientOptions: { sleep: recordingSleep, maxServerErrorRetries: 2 },
  });
  expect((await h.adminFetch('/api/admin/shop')).status).toBe(200);
});
afterAll(async () => h?.close());

async function admin() {
  const session = await h.server.ctx.sessions.loadSession(`offline_${h.shop}`);
  if (!session) throw new Error('not installed');
  return createAdminClient(h.server.ctx.shopify, session, h.server.ctx.logger, { sleep: recordingSleep, maxServerErrorRetries: 2 });
}

describe('Admin API client', () => {
  it('when the bucket is empty, waits as long as Shopify says and then succeeds', async () => {
    const client = await admin();
    sleeps.length = 0;
    // Each call costs about 2 + 25 points of a 60-point bucket, emptied first: the calls wait for the restore.
    h.emulator.bucket(h.shop).drain();
    const results = await Promise.all([1, 2, 3, 4].map(() => client.request(ProductsPage, { first: 25 })));
    expect(results.every((r) => r.products.nodes.length === 25)).toBe(true);
    expect(sleeps.length).toBeGreaterThan(0);
    expect(Math.max(...sleeps)).toBeLessThan(1000); // (requested - available) / 100 per second
    expect(client.lastCost()?.throttleStatus.maximumAvailable).toBe(60);
  });

  it('computes the wait from the throttle status', () => {
    expect(
      throttleWaitMs({
        requestedQueryCost: 302,
        actualQueryCost: null,
        throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 2, restoreRate: 100 },
      }),
    ).toBe(3000);
  });

  it('when Shopify answers 503 a few times, retries and succeeds', async () => {
    const client = await admin();
    h.emulator.faults.next({ status: 503, count: 2 });
    const data = await client.request(ShopInfoQuery, {});
    expect(data.shop.myshopifyDomain).toBe(h.shop);
  });

  it('when Shopify keeps failing, gives up with a retriable error', async () => {
    const client = await admin();
    h.emulator.faults.next({ status: 502, count: 10 });
    await expect(client.request(ShopInfoQuery, {})).rejects.toBeInstanceOf(ShopifyUnavailableError);
    h.emulator.faults.clear();
  });

  it('when the operation is invalid, fails with the schema error and does not retry', async () => {
    const client = await admin();
    const bad = untypedOperation<unknown>(`query BadField { shop { idd } }`);
    const error = await client.request(bad, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopifyGraphqlError);
    expect((error as Error).message).toMatch(/idd/);
  });

  it('when the token is refused, fails with ShopifyAuthError', async () => {
    const session = await h.server.ctx.sessions.loadSession(`offline_${h.shop}`);
    if (!session) throw new Error('not installed');
    session.accessToken = 'shpat_revoked';
    const client = createAdminClient(h.server.ctx.shopify, session, h.server.ctx.logger);
    await expect(client.request(ShopInfoQuery, {})).rejects.toBeInstanceOf(ShopifyAuthError);
  });
});
