// The catalog against the Admin API emulator (Shopify's real schema, the demo store) and a real SQLite database:
// what a load reads, what it costs, how it copes with throttling and outages, and the webhook -> stale -> rebuild
// -> cache path end to end.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_PRODUCTS,
  DEMO_SELLING_PLAN_GROUP_ID,
  DEMO_SELLING_PLANS,
  DEMO_VARIANTS,
  type DemoStoreSeed,
  demoStore,
  SEED_NOW,
} from '../../../test/emulator/seed/demo-store.js';
import { seedShiftDays, shiftSeed } from '../../../test/emulator/seed/shift.js';
import { gqlData } from '../../../test/emulator/testing.js';
import { catalogFromDemoStore } from '../../../test/support/engine-inputs-from-demo-store.js';
import { type Harness, type HarnessOptions, startHarness } from '../../../test/support/harness.js';
import { CHECKOUT_SYNC_JOB, requestCheckoutSync } from '../checkout/index.js';
import { ManualClock } from '../clock.js';
import type { JobRecord } from '../jobs/types.js';
import { createWorker, type Worker } from '../jobs/worker.js';
import { buildCatalog, type CatalogInput, type CatalogProductInput } from '../offers/catalog.js';
import { toGid } from '../offers/ids.js';
import { jobHandlers, topicHandlers } from '../start.js';
import { webhookJobHandler } from '../webhooks/process.js';
import { WEBHOOK_JOB } from '../webhooks/receive.js';
import { CatalogCache } from './cache.js';
import { DEFAULT_COST_BUDGET, type LoadCatalogOptions, loadCatalog } from './load.js';
import { CATALOG_REBUILD_JOB, catalogJobHandlers, catalogTopicHandlers, onShopInstalled, requestCatalogRebuild } from './rebuild-jobs.js';
import { readSnapshot, readSnapshotMeta, rebuildCatalog, type ShopRef } from './snapshots.js';

const SECOND = 1000;

async function installedHarness(options: HarnessOptions = {}): Promise<{ h: Harness; shop: ShopRef }> {
  const h = await startHarness({ runWorker: false, ...options });
  const response = await h.adminFetch('/api/admin/shop');
  expect(response.status).toBe(200);
  const row = await h.server.ctx.db.prisma.shop.findUniqueOrThrow({ where: { domain: h.shop } });
  return { h, shop: { id: row.id, domain: row.domain } };
}

/** A worker with the app's handlers plus the catalog's, wired as start.ts should wire them. */
function catalogWorker(h: Harness, settings: Parameters<typeof catalogJobHandlers>[1] = {}): Worker {
  const ctx = h.server.ctx;
  return createWorker({
    db: ctx.db,
    clock: ctx.clock,
    logger: ctx.logger,
    handlers: {
      ...jobHandlers(ctx),
      [WEBHOOK_JOB]: webhookJobHandler(ctx.db, { ...topicHandlers(ctx), ...catalogTopicHandlers(ctx, settings) }),
      ...catalogJobHandlers(ctx, settings, { onBuilt: (domain) => requestCheckoutSync(ctx, domain) }),
    },
  });
}

const byId = <T extends { id: string }>(items: readonly T[]) => [...items].sort((a, b) => (a.id < b.id ? -1 : 1));

/** Comparable shape: collection order is not meaningful, and variant images are not loaded (see README). */
function comparable(products: readonly CatalogProductInput[]) {
  return byId(products).map((product) => ({
    ...product,
    collectionIds: [...product.collectionIds].sort(),
    variants: product.variants.map(({ imageUrl: _image, ...variant }) => variant),
  }));
}

/** What the demo store should load as, from the engine's own independent mapping of the seed the emulator loaded. */
function expectDemoCatalog(input: CatalogInput, seed: DemoStoreSeed): void {
  const expected = catalogFromDemoStore(seed, { salesWindowDays: 30 });
  expect(input.shopCurrency).toBe(seed.shop.currencyCode);
  expect(byId(input.collections ?? [])).toEqual(byId(expected.collections ?? []));
  expect(comparable(input.products)).toEqual(comparable(expected.products.filter((p) => p.status === 'active')));
}

async function load(h: Harness, options: Partial<LoadCatalogOptions> = {}) {
  const admin = await h.server.ctx.adminFor(h.shop);
  return loadCatalog(admin, { now: new Date(h.emulator.seed.now), ...options });
}

describe('loading the demo store from the Admin API', () => {
  let h: Harness;

  beforeAll(async () => {
    // A bucket that refills fast: these tests are about what is read, not about waiting for it.
    ({ h } = await installedHarness({ emulatorOptions: { throttle: { maximumAvailable: 2000, restoreRate: 100_000 } } }));
  });

  afterAll(async () => {
    await h.close();
  });

  it('when the demo store is loaded, then prices, stock, plans, collections, expiry dates and recent sales match the seed', async () => {
    const { input, report } = await load(h);
    expect(report.problems).toEqual([]);
    expectDemoCatalog(input, h.emulator.seed);

    const products = new Map(input.products.map((p) => [p.id, p]));
    const variants = new Map(input.products.flatMap((p) => p.variants).map((v) => [v.id, v]));
    // spot checks in plain numbers, so a mistake shared by both mappings still shows
    expect(variants.get(toGid('ProductVariant', DEMO_VARIANTS.ethiopia250g))).toMatchObject({
      priceMinor: 1600,
      compareAtPriceMinor: 1800,
      inventoryQuantity: 84,
      inventoryPolicy: 'deny',
    });
    expect(variants.get(toGid('ProductVariant', DEMO_VARIANTS.paperFilters))).toMatchObject({ priceMinor: 650, compareAtPriceMinor: null });
    expect(variants.get(toGid('ProductVariant', DEMO_VARIANTS.chamomileOutOfStock))?.inventoryQuantity).toBe(0);
    for (const hidden of [DEMO_PRODUCTS.giftCard, DEMO_PRODUCTS.draftSampler, DEMO_PRODUCTS.archivedGeisha]) {
      expect(products.has(toGid('Product', hidden))).toBe(false);
    }
    // Four days after the seed's "now" (2026-11-27 for a clock at SEED_NOW), whatever day the emulator's clock says.
    const expiry = new Date(Date.parse(h.emulator.seed.now) + 4 * 86_400_000).toISOString().slice(0, 10);
    expect(products.get(toGid('Product', DEMO_PRODUCTS.coldBrewExpiring))?.metafields).toEqual({ 'custom.expiry_date': expiry });
    expect(products.get(toGid('Product', DEMO_PRODUCTS.espresso))?.sellingPlans?.map((p) => p.priceAdjustment)).toEqual([
      { type: 'percentage', percent: 10 },
      { type: 'percentage', percent: 10 },
      { type: 'percentage', percent: 15 },
    ]);
    expect(products.get(toGid('Product', DEMO_PRODUCTS.mug))?.sellingPlans).toEqual([]);
    expect(report.ordersCounted).toBeGreaterThan(0);
    expect(products.get(toGid('Product', DEMO_PRODUCTS.paperFilters))?.unitsSoldRecently).toBeGreaterThan(10);

    const catalog = buildCatalog(input);
    const soonest = catalog
      .byDateMetafield('custom.expiry_date')
      .slice(0, 3)
      .map((d) => d.product.id);
    expect(soonest).toEqual(
      [DEMO_PRODUCTS.biscottiExpiring, DEMO_PRODUCTS.coldBrewExpiring, DEMO_PRODUCTS.chocolateBarkExpiring].map((id) =>
        toGid('Product', id),
      ),
    );
    expect(catalog.slowestMoving.some((p) => p.id === toGid('Product', DEMO_PRODUCTS.chamomileOutOfStock))).toBe(false);
  });

  it('when loading, then no request asks for more than the cost budget', async () => {
    const { report } = await load(h);
    expect(report.maxRequestedCost).toBeGreaterThan(0);
    expect(report.maxRequestedCost).toBeLessThanOrEqual(DEFAULT_COST_BUDGET);

    const small = await load(h, { costBudget: 120 });
    expect(small.report.maxRequestedCost).toBeLessThanOrEqual(120);
    expect(small.report.requests).toBeGreaterThan(report.requests);
    expectDemoCatalog(small.input, h.emulator.seed);
  });

  it('when nested pages are tiny, then the follow-up queries fetch every variant, collection, plan and order line', async () => {
    const { input, report } = await load(h, {
      pageSizes: { variants: 1, collections: 1, sellingPlanGroups: 1, orderLines: 1, sellingPlans: 1 },
    });
    const normal = await load(h);
    expect(report.requests).toBeGreaterThan(normal.report.requests + 20);
    expect(comparable(input.products)).toEqual(comparable(normal.input.products));
    expectDemoCatalog(input, h.emulator.seed);
  });
});

describe('loading selling plan groups attached to single variants', () => {
  let h: Harness;

  beforeAll(async () => {
    ({ h } = await installedHarness({ emulatorOptions: { throttle: { maximumAvailable: 2000, restoreRate: 100_000 } } }));
    // A second group: $2 off weekly, for the 1 kg Ethiopia bag only and for Sencha as a whole.
    const created = await gqlData<{
      sellingPlanGroupCreate: { sellingPlanGroup: { id: string } | null; userErrors: { message: string }[] };
    }>(
      h.emulator,
      `mutation CreateGroup($input: SellingPlanGroupInput!, $resources: SellingPlanGroupResourceInput) {
        sellingPlanGroupCreate(input: $input, resources: $resources) { sellingPlanGroup { id } userErrors { message } }
      }`,
      {
        input: {
          name: 'Big bag club',
          merchantCode: 'big-bag-club',
          options: ['Delivery every'],
          sellingPlansToCreate: [
            {
              name: 'Weekly, $2 off',
              options: ['Week'],
              category: 'SUBSCRIPTION',
              billingPolicy: { recurring: { interval: 'WEEK', intervalCount: 1 } },
              deliveryPolicy: { recurring: { interval: 'WEEK', intervalCount: 1 } },
              pricingPolicies: [{ fixed: { adjustmentType: 'FIXED_AMOUNT', adjustmentValue: { fixedValue: '2.00' } } }],
            },
          ],
        },
        resources: {
          productIds: [toGid('Product', DEMO_PRODUCTS.sencha)],
          productVariantIds: [toGid('ProductVariant', DEMO_VARIANTS.ethiopia1kg)],
        },
      },
    );
    expect(created.sellingPlanGroupCreate.userErrors).toEqual([]);
    // and the demo group for one mug colour only
    const added = await gqlData<{ sellingPlanGroupAddProductVariants: { userErrors: { message: string }[] } }>(
      h.emulator,
      `mutation AddVariants($id: ID!, $ids: [ID!]!) {
        sellingPlanGroupAddProductVariants(id: $id, productVariantIds: $ids) { userErrors { message } }
      }`,
      { id: `gid://shopify/SellingPlanGroup/${DEMO_SELLING_PLAN_GROUP_ID}`, ids: [toGid('ProductVariant', DEMO_VARIANTS.mugSand)] },
    );
    expect(added.sellingPlanGroupAddProductVariants.userErrors).toEqual([]);
  });

  afterAll(async () => {
    await h.close();
  });

  it('when a group is on some variants, then only they get its plans, whole-product groups cover all, tiny pages read alike', async () => {
    const { input, report } = await load(h);
    expect(report.problems).toEqual([]);
    const product = (id: number) => input.products.find((p) => p.id === toGid('Product', id))!;
    const planIdsOf = (p: CatalogProductInput) => p.variants.map((v) => [v.id, v.sellingPlanIds?.length ?? 'all']);
    const demoPlans = Object.values(DEMO_SELLING_PLANS).map((id) => toGid('SellingPlan', id));

    const ethiopia = product(DEMO_PRODUCTS.ethiopia);
    const weekly = ethiopia.sellingPlans!.find((p) => !demoPlans.includes(p.id));
    expect(weekly).toMatchObject({
      name: 'Weekly, $2 off',
      billing: { interval: 'WEEK', intervalCount: 1 },
      priceAdjustment: { type: 'fixed_amount', amountMinor: 200 },
    });
    expect(ethiopia.variants.map((v) => v.sellingPlanIds)).toEqual([demoPlans, [...demoPlans, weekly!.id]]);

    expect(planIdsOf(product(DEMO_PRODUCTS.mug))).toEqual([
      [toGid('ProductVariant', DEMO_VARIANTS.mugSand), 3],
      [toGid('ProductVariant', DEMO_VARIANTS.mugSlateOutOfStock), 0],
      [toGid('ProductVariant', DEMO_VARIANTS.mugMossLowStock), 0],
    ]);
    const sencha = product(DEMO_PRODUCTS.sencha);
    expect(sencha.sellingPlans!.map((p) => p.id)).toEqual([...demoPlans, weekly!.id]);
    expect(planIdsOf(sencha)).toEqual([[toGid('ProductVariant', DEMO_VARIANTS.sencha100g), 'all']]);

    const tiny = await load(h, { pageSizes: { variants: 1, collections: 1, sellingPlanGroups: 1, orderLines: 1, sellingPlans: 1 } });
    expect(comparable(tiny.input.products)).toEqual(comparable(input.products));
  });
});

describe('loading under Shopify rate limits', () => {
  let h: Harness;
  // The emulator's bucket refills on this clock only, and every wait of the loader or the client moves it: the
  // test is deterministic and takes no real time waiting.
  const emulatorClock = new ManualClock(demoStore.now);
  const clientWaits: number[] = [];
  const passTime = (into: number[]) => async (ms: number) => {
    into.push(ms);
    emulatorClock.advance(ms);
  };

  beforeAll(async () => {
    ({ h } = await installedHarness({
      emulatorOptions: { clock: emulatorClock, throttle: { maximumAvailable: 700, restoreRate: 50 } },
      adminClientOptions: { sleep: passTime(clientWaits) },
    }));
  });

  afterAll(async () => {
    await h.close();
  });

  it('when the bucket is empty and small, then the load waits for it and still completes with the whole catalog', async () => {
    h.emulator.bucket(h.shop).drain();
    const pacing: number[] = [];
    const { input, report } = await load(h, { sleep: passTime(pacing) });
    expect(clientWaits.length).toBeGreaterThan(0); // a THROTTLED answer was waited out by the client
    expect(pacing.length).toBeGreaterThan(0); // later pages waited for the bucket instead of being refused
    expect(report.pacedMs).toBe(pacing.reduce((a, b) => a + b, 0));
    expect(report.maxRequestedCost).toBeLessThanOrEqual(700);
    expectDemoCatalog(input, h.emulator.seed);
  });
});

describe('catalog snapshots, the cache and product webhooks', () => {
  let h: Harness;
  let shop: ShopRef;
  let clock: ManualClock;
  let worker: Worker;
  const settings = { changeDebounceMs: 30 * SECOND, versionCheckMs: 5 * SECOND };

  beforeAll(async () => {
    // The app's "now" is the seed's "now", moved to today like the emulator's data: recent sales are counted over
    // the window the seed describes.
    const shiftDays = seedShiftDays(SEED_NOW, new Date());
    clock = new ManualClock(shiftSeed(demoStore, shiftDays).now);
    ({ h, shop } = await installedHarness({
      clock,
      adminClientOptions: { sleep: async () => undefined },
      emulatorOptions: { throttle: { maximumAvailable: 2000, restoreRate: 100_000 }, seedShiftDays: shiftDays },
    }));
    worker = catalogWorker(h, settings);
  });

  afterEach(() => {
    h.emulator.faults.clear();
  });

  afterAll(async () => {
    await h.close();
  });

  async function rebuildJobs(status?: JobRecord['status']): Promise<JobRecord[]> {
    return (await h.server.ctx.jobs.list({ name: CATALOG_REBUILD_JOB, shopDomain: shop.domain, ...(status ? { status } : {}) })).jobs;
  }

  it('when a shop installs, then a job builds its first catalog, stored as version 1, and the checkout offers follow it', async () => {
    // The install (token exchange in installedHarness) queued the rebuild; asking again shares that job.
    expect(await rebuildJobs('queued')).toHaveLength(1);
    expect((await onShopInstalled(h.server.ctx, shop.domain)).created).toBe(false);
    await worker.runDue(); // (with the other install work: the subscriptions' first reconciliation)
    expect(await rebuildJobs('succeeded')).toHaveLength(1);
    const snapshot = await readSnapshot(h.server.ctx.db, shop.id);
    expect(snapshot).toMatchObject({ version: 1, staleAt: null, builtAt: clock.now() });
    expectDemoCatalog(snapshot!.input, h.emulator.seed);
    // Checkout offers are priced from the catalog: a new version requests a checkout sync.
    expect((await h.server.ctx.jobs.list({ name: CHECKOUT_SYNC_JOB, shopDomain: shop.domain })).jobs).toHaveLength(1);
    // The checkout's own tests run it; here it would only blur the count of due catalog jobs below.
    await h.server.ctx.db.prisma.job.deleteMany({ where: { name: CHECKOUT_SYNC_JOB } });
  });

  it('when Shopify fails every request, then the cache still serves the stored catalog without calling it', async () => {
    h.emulator.faults.next({ status: 503, count: Infinity });
    const reachedShopify = h.emulator.faults.applied.length;
    const cache = new CatalogCache({ db: h.server.ctx.db, jobs: h.server.ctx.jobs, clock, logger: h.server.ctx.logger }, settings);
    for (let i = 0; i < 3; i++) {
      const catalog = await cache.get(shop.id);
      expect(catalog?.variants.get(toGid('ProductVariant', DEMO_VARIANTS.ethiopia250g))?.priceMinor).toBe(1600);
      clock.advance(6 * SECOND);
    }
    await cache.whenIdle();
    expect(h.emulator.faults.applied.length).toBe(reachedShopify);

    // the same outage makes a rebuild fail and be retried later, leaving the snapshot as it was
    const { job } = await requestCatalogRebuild(h.server.ctx, shop.domain, 'manual');
    await worker.runDue();
    const failed = await h.server.ctx.jobs.get(job.id);
    expect(failed).toMatchObject({ status: 'queued', attempts: 1 });
    expect(failed?.lastError).toMatch(/unavailable|503/i);
    expect(h.emulator.faults.applied.length).toBeGreaterThan(reachedShopify);
    expect((await readSnapshotMeta(h.server.ctx.db, shop.id))?.version).toBe(1);
    await h.server.ctx.jobs.cancel(job.id);
  });

  it('when products/update reports a new price, then the snapshot goes stale, one debounced rebuild stores it, others see it', async () => {
    const otherInstance = await h.database.openAnother();
    const reader = new CatalogCache({ db: otherInstance, jobs: h.server.ctx.jobs, clock, logger: h.server.ctx.logger }, settings);
    const variantId = toGid('ProductVariant', DEMO_VARIANTS.ethiopia250g);
    expect((await reader.get(shop.id))?.variants.get(variantId)?.priceMinor).toBe(1600);

    h.emulator.store.variant(DEMO_VARIANTS.ethiopia250g)!.price = 1750;
    for (const tags of [['coffee', 'sale'], ['coffee', 'sale', 'featured'], ['coffee']]) {
      await gqlData(
        h.emulator,
        `mutation Touch($product: ProductUpdateInput!) { productUpdate(product: $product) { userErrors { message } } }`,
        {
          product: { id: toGid('Product', DEMO_PRODUCTS.ethiopia), tags },
        },
      );
    }
    await h.emulator.webhooks.settled();
    expect(await worker.runDue()).toBeGreaterThanOrEqual(3); // the three webhook deliveries

    const stale = await readSnapshotMeta(h.server.ctx.db, shop.id);
    expect(stale?.staleAt).toEqual(clock.now());
    const queued = await rebuildJobs('queued');
    expect(queued).toHaveLength(1); // one rebuild for the burst
    expect(queued[0]!.runAt.getTime()).toBeGreaterThan(clock.now().getTime());
    expect(await worker.runDue()).toBe(0); // not before the debounce window closes

    clock.advance(settings.changeDebounceMs);
    await worker.runDue();
    expect(await rebuildJobs('queued')).toHaveLength(0);
    const rebuilt = await readSnapshot(h.server.ctx.db, shop.id);
    expect(rebuilt).toMatchObject({ version: 2, staleAt: null });
    expect(rebuilt!.input.products.flatMap((p) => p.variants).find((v) => v.id === variantId)?.priceMinor).toBe(1750);

    // the other instance last checked more than versionCheckMs ago: its next read starts a check in the background
    await reader.get(shop.id);
    await reader.whenIdle();
    const seen = await reader.lookup(shop.id);
    expect(seen?.version).toBe(2);
    expect(seen?.catalog.variants.get(variantId)?.priceMinor).toBe(1750);
  });

  it('when a rebuild runs directly, then the version goes up and the report tells what it cost', async () => {
    const before = (await readSnapshotMeta(h.server.ctx.db, shop.id))!.version;
    clock.advance(SECOND);
    const result = await rebuildCatalog(h.server.ctx, shop);
    expect(result.outcome).toBe('built');
    expect(result.outcome === 'built' && result.version).toBe(before + 1);
    expect(result.report.requests).toBeGreaterThan(0);
    expect(result.report.actualCost).toBeLessThanOrEqual(result.report.requestedCost);
  });

  it('when Shopify refuses the shop token, then the rebuild job stops without retrying and the stored catalog stays', async () => {
    const before = await readSnapshotMeta(h.server.ctx.db, shop.id);
    h.emulator.store.uninstallApp(); // its token stops working
    // Keep the shop installed on our side (as in the moments before app/uninstalled is processed).
    await h.emulator.webhooks.settled();
    for (const pending of (await h.server.ctx.jobs.list({ name: WEBHOOK_JOB, status: 'queued' })).jobs)
      await h.server.ctx.jobs.cancel(pending.id);
    clock.advance(settings.changeDebounceMs);
    const { job } = await requestCatalogRebuild(h.server.ctx, shop.domain, 'manual');
    await worker.runDue();
    const failed = await h.server.ctx.jobs.get(job.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed?.lastError).toMatch(/TerminalJobError.*HTTP 401/);
    expect(await readSnapshotMeta(h.server.ctx.db, shop.id)).toEqual(before);
  });
});
