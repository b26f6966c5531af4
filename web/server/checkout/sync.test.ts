// The checkout sync end to end against the Admin API emulator (Shopify's real 2026-07 schema, the demo store) and
// real databases (SQLite and PostgreSQL): the catalog is loaded from the emulator, funnels are stored as the funnels
// module stores them, and what the sync wrote is read back from the emulator's store - the metafield and the
// discounts - and through the extension's own parser and selector.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkoutEvent, postCheckoutEvents } from '../../../extensions/checkout-upsell/src/events.js';
import { type CheckoutOffersContract, parseCheckoutOffers, selectOffers } from '../../../extensions/checkout-upsell/src/offers-contract.js';
import { DEMO_PRODUCTS, DEMO_SELLING_PLANS, DEMO_VARIANTS, demoStore } from '../../../test/emulator/seed/demo-store.js';
import { deleteMetafield, findMetafield } from '../../../test/emulator/store/metafields.js';
import type { DiscountRecord } from '../../../test/emulator/store/records.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { waitFor } from '../../../test/support/jobs.js';
import { rebuildCatalog } from '../catalog/snapshots.js';
import { ManualClock } from '../clock.js';
import { FunnelDocumentSchema } from '../funnels/documents.js';
import { createFunnelRepository } from '../funnels/repository.js';
import { createWorker } from '../jobs/worker.js';
import type { FunnelDefinitionInput } from '../offers/definitions.js';
import { toGid } from '../offers/ids.js';
import { ShopifyUnavailableError } from '../shopify/errors.js';
import { jobHandlers } from '../start.js';
import { CheckoutDiscountCodeError, ensureDiscountCodes } from './discount-codes.js';
import { databaseSources } from './sources.js';
import {
  CatalogNotReadyError,
  CHECKOUT_SYNC_JOB,
  checkoutJobHandlers,
  checkoutSyncOnShopChange,
  planForShop,
  requestCheckoutSync,
  type SyncResult,
  syncCheckoutOffers,
} from './sync.js';

const COFFEE = toGid('Collection', 420_000_000_001);
const EN = (headline: string) => ({ en: { headline, body: 'Only in this checkout.', button: 'Add' } });
/** The dripper's only variant (not among DEMO_VARIANTS). */
const DRIPPER_VARIANT = demoStore.products.find((p) => p.id === DEMO_PRODUCTS.dripper)!.variants[0]!.id;
const gid = {
  product: (n: number) => toGid('Product', n),
  variant: (n: number) => toGid('ProductVariant', n),
};

type FunnelDoc = Omit<FunnelDefinitionInput, 'id'>;

const coffeeAddOns: FunnelDoc = {
  name: 'Coffee add-ons',
  surface: 'checkout',
  priority: 10,
  targeting: { match: 'all', conditions: [{ type: 'collections', collectionIds: [COFFEE] }] },
  rootStepId: 'cups',
  steps: [
    {
      id: 'cups',
      offer: {
        kind: 'product',
        source: { type: 'product', productId: gid.product(DEMO_PRODUCTS.glassCups) },
        discount: { type: 'percentage', percent: 10 },
      },
      content: EN('{product}: {discount}'),
      accept: 'gear',
    },
    {
      id: 'gear',
      offer: {
        kind: 'choice',
        source: {
          type: 'products',
          items: [
            { productId: gid.product(DEMO_PRODUCTS.dripper), discount: { type: 'fixed_amount', amountMinor: 300 } },
            { productId: gid.product(DEMO_PRODUCTS.paperFilters) },
          ],
        },
        discount: { type: 'percentage', percent: 15 },
      },
      content: EN('Brew better'),
    },
  ],
};

const teaSubscription: FunnelDoc = {
  name: 'Sencha on a plan',
  surface: 'checkout',
  priority: 5,
  rootStepId: 'plan',
  steps: [
    {
      id: 'plan',
      offer: {
        kind: 'plans',
        productId: gid.product(DEMO_PRODUCTS.sencha),
        plans: {
          type: 'listed',
          items: [{ sellingPlanId: toGid('SellingPlan', DEMO_SELLING_PLANS.monthly), discount: { type: 'percentage', percent: 5 } }],
        },
      },
      content: EN('Sencha every month'),
    },
  ],
};

const vipOnly: FunnelDoc = {
  name: 'VIP only',
  surface: 'checkout',
  targeting: { match: 'all', conditions: [{ type: 'customerTags', tags: ['VIP'] }] },
  rootStepId: 'mug',
  steps: [
    { id: 'mug', offer: { kind: 'product', source: { type: 'product', productId: gid.product(DEMO_PRODUCTS.mug) } }, content: EN('A mug') },
  ],
};

const postPurchase: FunnelDoc = {
  ...vipOnly,
  name: 'After payment',
  surface: 'post_purchase',
  targeting: { match: 'all', conditions: [] },
};

describe.each(['sqlite', 'postgresql'] as const)('checkout sync against the emulator on %s', (database) => {
  let h: Harness;
  let clock: ManualClock;
  let shop: { id: string; domain: string };
  const funnelIds: Record<string, string> = {};

  const ctx = () => h.server.ctx;
  const repo = () => createFunnelRepository(ctx().db);
  const store = () => h.emulator.store;
  const ourDiscounts = () => [...store().discounts.values()].filter((d) => d.tags.includes('encore-checkout'));
  const discountByCode = (code: string) => [...store().discounts.values()].find((d) => d.codes.some((c) => c.code === code));
  const metafield = () => findMetafield(store(), store().shopGid, '$app', 'checkout_offers');
  const sync = async () => {
    const result = await syncCheckoutOffers(ctx(), shop.domain);
    if (result.outcome !== 'synced') throw new Error(`expected a sync, got ${result.outcome}`);
    return result as Extract<SyncResult, { outcome: 'synced' }>;
  };
  const contractOf = (value: string): CheckoutOffersContract => {
    const parsed = parseCheckoutOffers(value);
    if (!parsed) throw new Error('the extension could not read the metafield');
    return parsed;
  };
  const save = async (key: string, doc: FunnelDoc) => {
    funnelIds[key] = (await repo().insert(shop.id, FunnelDocumentSchema.parse(doc))).id;
  };

  beforeAll(async () => {
    clock = new ManualClock(demoStore.now);
    // No real waiting between the Admin client's retries: outages fail fast.
    h = await startHarness({ database, runWorker: false, clock, adminClientOptions: { sleep: async () => undefined } });
    expect((await h.adminFetch('/api/admin/shop')).status).toBe(200);
    const row = await ctx().db.prisma.shop.findUniqueOrThrow({ where: { domain: h.shop } });
    shop = { id: row.id, domain: row.domain };
    const built = await rebuildCatalog(ctx(), shop);
    expect(built.outcome).toBe('built');
  });
  afterAll(async () => h?.close());

  beforeEach(async () => {
    // Each test starts from a shop with the same funnels and nothing synced yet.
    const { prisma } = ctx().db;
    await prisma.funnel.deleteMany({ where: { shopId: shop.id } });
    await prisma.checkoutDiscountCode.deleteMany({ where: { shopId: shop.id } });
    await prisma.job.deleteMany({ where: { name: CHECKOUT_SYNC_JOB } });
    for (const d of ourDiscounts()) store().discounts.delete(d.id);
    deleteMetafield(store(), store().shopGid, '$app', 'checkout_offers');
    h.emulator.faults.clear();
    await save('coffee', coffeeAddOns);
    await save('tea', teaSubscription);
    await save('vip', vipOnly);
    await save('pp', postPurchase);
  });

  it('when a shop has checkout funnels, then the metafield holds their offers with per-variant discounts, shown by the block', async () => {
    const result = await sync();
    const f = funnelIds;

    const mf = metafield();
    expect(mf).toMatchObject({ type: 'json', value: result.value });
    const contract = contractOf(mf!.value);
    expect(contract.offers.map((o) => o.id)).toEqual([
      `${f.coffee}/cups/${DEMO_PRODUCTS.glassCups}`,
      `${f.coffee}/gear/${DEMO_PRODUCTS.dripper}`,
      `${f.coffee}/gear/${DEMO_PRODUCTS.paperFilters}`,
      `${f.tea}/plan/${DEMO_PRODUCTS.sencha}`,
    ]);
    expect(result).toMatchObject({ offers: 4, codesCreated: 4, codesReused: 0, codesDeactivated: 0 });
    expect(result.warnings.map((w) => [w.code, w.funnelId])).toEqual([['targeting_unsupported', f.vip]]);

    const [cups, dripper, filters, sencha] = contract.offers;
    // Glass cups $24 (compare at $30), 10% off: 21.60; the demo shop sells in USD only as far as our settings know.
    expect(cups).toMatchObject({
      merchandiseId: gid.variant(DEMO_VARIANTS.glassCups),
      quantity: 1,
      prices: [{ currencyCode: 'USD', amount: 21.6, compareAtAmount: 30 }],
      conditions: { cartIncludesAny: { collectionIds: [COFFEE] } },
    });
    expect(dripper!.prices).toEqual([{ currencyCode: 'USD', amount: 25, compareAtAmount: 28 }]);
    // Filters $6.50, 15% off: the discount 0.975 is floored to 0.97, as Shopify rounds it.
    expect(filters!.prices).toEqual([{ currencyCode: 'USD', amount: 5.53, compareAtAmount: 6.5 }]);
    // Sencha $12, monthly plan -10% = 10.80, then 5% off (floor of 0.54) = 10.26.
    expect(sencha).toMatchObject({
      sellingPlanId: toGid('SellingPlan', DEMO_SELLING_PLANS.monthly),
      prices: [{ currencyCode: 'USD', amount: 10.26, compareAtAmount: 12 }],
    });
    expect(contract.collections?.[COFFEE]).toEqual(
      [1, 2, 3, 4, 5].map((n) =>
        gid.product(DEMO_PRODUCTS[(['ethiopia', 'espresso', 'decafLowStock', 'sumatraNew', 'coldBrewExpiring'] as const)[n - 1]!]),
      ),
    );

    // Every code is a real Shopify discount, on that one variant, with the step's value.
    const discounts = ourDiscounts();
    expect(discounts).toHaveLength(4);
    const expectDiscount = (code: string | undefined, variant: number, value: DiscountRecord['value'], subscription = false) => {
      expect(code).toMatch(/^ENCORE-[A-HJ-NP-Z2-9]{12}$/);
      const d = discountByCode(code!);
      expect(d).toMatchObject({
        value,
        items: { kind: 'products', productIds: [], variantIds: [variant] },
        appliesOncePerCustomer: true,
        appliesOnOneTimePurchase: !subscription,
        appliesOnSubscription: subscription,
        recurringCycleLimit: subscription ? 1 : null,
        combinesWith: { orderDiscounts: true, productDiscounts: true, shippingDiscounts: true },
        // Every buyer (context: {all: ALL}); a create without a context is refused, as on Shopify.
        customerIds: null,
        endsAt: null,
        deactivatedAt: null,
      });
    };
    expectDiscount(cups!.discountCode, DEMO_VARIANTS.glassCups, { kind: 'percentage', percentage: 0.1 });
    expectDiscount(dripper!.discountCode, DRIPPER_VARIANT, { kind: 'amount', amount: 300, appliesOnEachItem: true });
    expectDiscount(filters!.discountCode, DEMO_VARIANTS.paperFilters, { kind: 'percentage', percentage: 0.15 });
    expectDiscount(sencha!.discountCode, DEMO_VARIANTS.sencha100g, { kind: 'percentage', percentage: 0.05 }, true);
    const rows = await ctx().db.prisma.checkoutDiscountCode.findMany({ where: { shopId: shop.id } });
    expect(rows.map((r) => [r.offerId, r.code, r.shopifyId]).sort()).toEqual(
      contract.offers.map((o) => [o.id, o.discountCode, `gid://shopify/DiscountCodeNode/${discountByCode(o.discountCode!)!.id}`]).sort(),
    );

    // The checkout block: a coffee cart sees the coffee add-ons; a tea cart only the plan; items in the cart are skipped.
    const cart = (lines: Array<[product: number, variant: number]>, amount: number) => ({
      lines: lines.map(([p, v]) => ({ productId: gid.product(p), merchandiseId: gid.variant(v) })),
      subtotal: { amount, currencyCode: 'USD' },
    });
    const shown = (c: ReturnType<typeof cart>) => selectOffers(contract, c).map((s) => s.offer.id.split('/')[1]);
    expect(shown(cart([[DEMO_PRODUCTS.ethiopia, DEMO_VARIANTS.ethiopia250g]], 16))).toEqual(['cups', 'gear']);
    expect(shown(cart([[DEMO_PRODUCTS.earlGrey, DEMO_VARIANTS.earlGrey100g]], 11))).toEqual(['plan']);
    expect(
      shown(
        cart(
          [
            [DEMO_PRODUCTS.ethiopia, DEMO_VARIANTS.ethiopia250g],
            [DEMO_PRODUCTS.glassCups, DEMO_VARIANTS.glassCups],
          ],
          40,
        ),
      ),
    ).toEqual(['gear', 'gear']);
  });

  it("when the checkout block posts events with checkout's session token (bare shop in dest), then the ledger records them", async () => {
    const [cups] = contractOf((await sync()).value).offers;
    const fields = { offerId: cups!.id, variantId: cups!.merchandiseId, quantity: cups!.quantity, checkoutToken: `ck-${database}` };
    // The extension's own transport, the token as checkout mints it, the real app (app.ts routing, CORS, auth).
    await postCheckoutEvents(
      [checkoutEvent('shown', fields), checkoutEvent('accepted', { ...fields, discountCode: cups!.discountCode! })],
      {
        backendUrl: h.server.url,
        sessionToken: async () => h.emulator.issueCheckoutSessionToken(shop.domain, { sub: 'gid://shopify/Customer/5001' }),
      },
    );
    const rows = await ctx().db.prisma.offerEvent.findMany({
      where: { shopId: shop.id, orderKey: `ck-${database}` },
      orderBy: { kind: 'asc' },
    });
    expect(rows).toEqual([
      expect.objectContaining({
        kind: 'accepted',
        surface: 'checkout',
        stepId: 'cups',
        customerId: 'gid://shopify/Customer/5001',
        amountMinor: 2160,
        currencyCode: 'USD',
      }),
      expect.objectContaining({ kind: 'shown', surface: 'checkout', stepId: 'cups' }),
    ]);
  });

  it('when the sync runs again with nothing changed, then it writes the same value and creates no discount', async () => {
    const first = await sync();
    const second = await sync();
    expect(second.value).toBe(first.value);
    expect(second).toMatchObject({ codesCreated: 0, codesReused: 4, codesDeactivated: 0 });
    expect(ourDiscounts()).toHaveLength(4);
  });

  it("when an offer's discount changes, then it gets a new code; the old one is deactivated after the new value is written", async () => {
    const before = contractOf((await sync()).value);
    const oldCode = before.offers[0]!.discountCode!;
    const row = await repo().find(shop.id, funnelIds.coffee!);
    const changed = structuredClone(coffeeAddOns);
    (changed.steps[0]!.offer as { discount: unknown }).discount = { type: 'percentage', percent: 20 };
    await repo().replace(shop.id, funnelIds.coffee!, row!.version, FunnelDocumentSchema.parse(changed));

    const result = await sync();
    const after = contractOf(result.value);
    expect(result).toMatchObject({ codesCreated: 1, codesReused: 3, codesDeactivated: 1 });
    const newCode = after.offers[0]!.discountCode!;
    expect(newCode).not.toBe(oldCode);
    expect(after.offers[0]!.prices).toEqual([{ currencyCode: 'USD', amount: 19.2, compareAtAmount: 30 }]);
    expect(discountByCode(oldCode)!.deactivatedAt).not.toBeNull();
    expect(discountByCode(newCode)).toMatchObject({ value: { kind: 'percentage', percentage: 0.2 }, deactivatedAt: null });
    // The other offers kept their codes: checkouts in progress are not disturbed.
    expect(after.offers.slice(1).map((o) => o.discountCode)).toEqual(before.offers.slice(1).map((o) => o.discountCode));
    expect(await ctx().db.prisma.checkoutDiscountCode.count({ where: { shopId: shop.id } })).toBe(4);
  });

  it('when a funnel is turned off, then its offers leave the metafield and their codes are deactivated', async () => {
    const before = contractOf((await sync()).value);
    const senchaCode = before.offers[3]!.discountCode!;
    await repo().setEnabled(shop.id, funnelIds.tea!, false);
    const result = await sync();
    expect(contractOf(result.value).offers.map((o) => o.id.split('/')[1])).toEqual(['cups', 'gear', 'gear']);
    expect(result.codesDeactivated).toBe(1);
    expect(discountByCode(senchaCode)!.deactivatedAt).not.toBeNull();
    expect(await ctx().db.prisma.checkoutDiscountCode.count({ where: { shopId: shop.id } })).toBe(3);
  });

  it('when the merchant already deleted a stale code in Shopify, then the sync forgets it without failing', async () => {
    const before = contractOf((await sync()).value);
    store().discounts.delete(discountByCode(before.offers[3]!.discountCode!)!.id);
    await repo().setEnabled(shop.id, funnelIds.tea!, false);
    expect(await sync()).toMatchObject({ codesDeactivated: 1 });
    expect(await ctx().db.prisma.checkoutDiscountCode.count({ where: { shopId: shop.id } })).toBe(3);
  });

  it("when a discount creation's answer was lost, then the retry adopts the discount Shopify made instead of making another", async () => {
    await sync();
    const [row] = await ctx().db.prisma.checkoutDiscountCode.findMany({
      where: { shopId: shop.id },
      orderBy: { createdAt: 'asc' },
      take: 1,
    });
    await ctx().db.prisma.checkoutDiscountCode.update({ where: { id: row!.id }, data: { shopifyId: null } });
    const result = await sync();
    expect(result).toMatchObject({ codesCreated: 1, codesReused: 3 });
    expect(ourDiscounts()).toHaveLength(4);
    expect((await ctx().db.prisma.checkoutDiscountCode.findUniqueOrThrow({ where: { id: row!.id } })).shopifyId).toBe(row!.shopifyId);
  });

  it('when two syncs of one shop run at once, then each offer still gets exactly one code and one Shopify discount', async () => {
    const [a, b] = await Promise.all([sync(), sync()]);
    expect(a.value).toBe(b.value);
    expect(ourDiscounts()).toHaveLength(4);
    expect(await ctx().db.prisma.checkoutDiscountCode.count({ where: { shopId: shop.id } })).toBe(4);
    expect(a.codesCreated + b.codesCreated).toBeGreaterThanOrEqual(4);
  });

  it('when a step offers quantity tiers, then its code needs the tier quantity in the cart', async () => {
    await save('tiers', {
      name: 'Stock up on filters',
      surface: 'checkout',
      priority: 20,
      rootStepId: 'bulk',
      steps: [
        {
          id: 'bulk',
          offer: {
            kind: 'tiers',
            productId: gid.product(DEMO_PRODUCTS.paperFilters),
            tiers: [{ quantity: 3, discount: { type: 'percentage', percent: 12.5 } }],
          },
          content: EN('Three packs of filters'),
        },
      ],
    });
    const contract = contractOf((await sync()).value);
    const bulk = contract.offers[0]!;
    expect(bulk).toMatchObject({ quantity: 3, prices: [{ currencyCode: 'USD', amount: 17.07, compareAtAmount: 19.5 }] });
    expect(discountByCode(bulk.discountCode!)).toMatchObject({ minimumQuantity: 3, value: { kind: 'percentage', percentage: 0.125 } });
  });

  it("when Shopify refuses an offer's code, then that offer is left out with a typed error and a warning; the rest is synced", async () => {
    // The catalog still lists the dripper, but Shopify no longer has its variant (a deletion the snapshot missed).
    const dripperVariant = DRIPPER_VARIANT;
    const saved = store().variants.get(dripperVariant)!;
    store().variants.delete(dripperVariant);
    try {
      const plan = await planForShop(ctx(), databaseSources(ctx()), shop.id);
      const admin = await ctx().adminFor(shop.domain);
      const ensured = await ensureDiscountCodes({ db: ctx().db, admin, clock, logger: ctx().logger }, shop.id, plan!.offers);
      expect(ensured.failed).toHaveLength(1);
      expect(ensured.failed[0]).toBeInstanceOf(CheckoutDiscountCodeError);
      expect(ensured.failed[0]!.userErrors).toEqual([
        expect.objectContaining({ message: 'Product variant does not exist.', code: 'INVALID' }),
      ]);

      const result = await sync();
      expect(contractOf(result.value).offers.map((o) => o.id.split('/').slice(1, 3).join('/'))).toEqual([
        `cups/${DEMO_PRODUCTS.glassCups}`,
        `gear/${DEMO_PRODUCTS.paperFilters}`,
        `plan/${DEMO_PRODUCTS.sencha}`,
      ]);
      expect(result.warnings.map((w) => w.code)).toContain('discount_code_failed');
      expect(result.warnings.find((w) => w.code === 'discount_code_failed')).toMatchObject({
        offerId: `${funnelIds.coffee}/gear/${DEMO_PRODUCTS.dripper}`,
        message: expect.stringContaining('Ceramic Pour-Over Dripper'),
      });
    } finally {
      store().variants.set(dripperVariant, saved);
    }
  });

  it("when Shopify refused an offer's code at the last sync, then the checkout status shows it left out, with the reason", async () => {
    const saved = store().variants.get(DRIPPER_VARIANT)!;
    store().variants.delete(DRIPPER_VARIANT);
    try {
      // The sync as the worker runs it, so its outcome is the job result the status reads.
      const { job } = await requestCheckoutSync(ctx(), shop.domain);
      clock.set(job.runAt);
      await createWorker({ db: ctx().db, clock, logger: ctx().logger, handlers: checkoutJobHandlers(ctx()) }).runDue();
      expect(await ctx().jobs.get(job.id)).toMatchObject({ status: 'succeeded' });

      const status = await h.adminFetch('/api/admin/checkout/status');
      expect(status.status).toBe(200);
      const body = (await status.json()) as {
        offers: Array<{ id: string; leftOutByLastSync: { code: string; message: string } | null }>;
        warnings: Array<{ code: string; offerId?: string; message: string }>;
      };
      const dripperOffer = `${funnelIds.coffee}/gear/${DEMO_PRODUCTS.dripper}`;
      const leftOut = body.offers.filter((o) => o.leftOutByLastSync).map((o) => o.id);
      expect(leftOut).toEqual([dripperOffer]);
      expect(body.offers.find((o) => o.id === dripperOffer)!.leftOutByLastSync).toEqual({
        code: 'discount_code_failed',
        offerId: dripperOffer,
        funnelId: funnelIds.coffee,
        stepId: 'gear',
        message: expect.stringContaining(
          'Shopify refused the discount code for "Ceramic Pour-Over Dripper" (Product variant does not exist.), ' +
            'so this offer is not shown in checkout.',
        ),
      });
      expect(body.warnings).toContainEqual(expect.objectContaining({ code: 'discount_code_failed', offerId: dripperOffer }));
    } finally {
      store().variants.set(DRIPPER_VARIANT, saved);
    }
  });

  it('when Shopify is down, then the sync fails with a retriable error and writes nothing', async () => {
    h.emulator.faults.next({ status: 503, count: 50 });
    await expect(syncCheckoutOffers(ctx(), shop.domain)).rejects.toBeInstanceOf(ShopifyUnavailableError);
    h.emulator.faults.clear();
    expect(await ctx().db.prisma.checkoutDiscountCode.count({ where: { shopId: shop.id, shopifyId: { not: null } } })).toBe(0);
    expect(metafield()).toBeUndefined();
    expect(ourDiscounts()).toHaveLength(0);
  });

  it('when the shop has no catalog yet, then the sync asks to be retried; when it is not installed, it is skipped', async () => {
    const other = await ctx().db.prisma.shop.create({ data: { domain: 'no-catalog.myshopify.com' } });
    await expect(syncCheckoutOffers(ctx(), other.domain)).rejects.toBeInstanceOf(CatalogNotReadyError);
    await ctx().db.prisma.shop.update({ where: { id: other.id }, data: { installState: 'uninstalled' } });
    expect(await syncCheckoutOffers(ctx(), other.domain)).toEqual({ outcome: 'skipped', reason: 'not_installed' });
  });

  it('when the funnels service reports a change by shop id, then a sync of that shop is requested', async () => {
    checkoutSyncOnShopChange(ctx())(shop.id);
    await waitFor(
      async () => (await ctx().jobs.list({ name: CHECKOUT_SYNC_JOB, shopDomain: shop.domain, status: 'queued' })).jobs.length > 0,
      'a checkout sync job',
    );
  });

  it('when the merchant opens the checkout status in the admin, then they see offers and warnings and can ask for a sync', async () => {
    const status = await h.adminFetch('/api/admin/checkout/status');
    expect(status.status).toBe(200);
    const body = (await status.json()) as {
      catalogReady: boolean;
      offers: Array<{ stepId: string; shopPrice: unknown }>;
      warnings: Array<{ code: string }>;
      lastSync: unknown;
    };
    expect(body.catalogReady).toBe(true);
    expect(body.offers.map((o) => o.stepId)).toEqual(['cups', 'gear', 'gear', 'plan']);
    expect(body.offers[0]!.shopPrice).toEqual({ minor: 2160, currencyCode: 'USD' });
    expect(body.warnings.map((w) => w.code)).toEqual(['targeting_unsupported']);

    const requested = await h.adminFetch('/api/admin/checkout/sync', { method: 'POST' });
    expect(requested.status).toBe(202);
    const { jobId } = (await requested.json()) as { jobId: string };
    expect(await ctx().jobs.get(jobId)).toMatchObject({ name: CHECKOUT_SYNC_JOB, shopDomain: shop.domain });
    expect(((await (await h.adminFetch('/api/admin/checkout/status')).json()) as { lastSync: { jobId: string } }).lastSync.jobId).toBe(
      jobId,
    );
    expect((await h.adminFetch('/api/admin/checkout/status', { auth: false })).status).toBe(401);
  });

  it('when the merchant saves a checkout funnel in the admin, then the worker writes it to the metafield after the debounce', async () => {
    await ctx().db.prisma.funnel.deleteMany({ where: { shopId: shop.id } });
    const saved = await h.adminFetch('/api/admin/funnels', { method: 'POST', body: JSON.stringify(teaSubscription) });
    expect(saved.status).toBe(201);
    // The change hook requests the sync without holding up the merchant's save.
    const queuedSyncs = async () => (await ctx().jobs.list({ name: CHECKOUT_SYNC_JOB, shopDomain: shop.domain, status: 'queued' })).jobs;
    await waitFor(async () => (await queuedSyncs()).length > 0, 'a checkout sync job');
    const queued = await queuedSyncs();
    expect(queued).toHaveLength(1);

    const worker = createWorker({ db: ctx().db, clock, logger: ctx().logger, handlers: jobHandlers(ctx()) });
    clock.set(queued[0]!.runAt);
    await worker.runDue();
    expect(await ctx().jobs.get(queued[0]!.id)).toMatchObject({ status: 'succeeded' });
    expect(contractOf(metafield()!.value).offers.map((o) => o.id.split('/')[1])).toEqual(['plan']);
  });

  it('when the merchant changes the shop settings, then a checkout sync is requested', async () => {
    const current = (await (await h.adminFetch('/api/admin/settings')).json()) as { settings: Record<string, unknown> };
    const updated = await h.adminFetch('/api/admin/settings', { method: 'PUT', body: JSON.stringify(current.settings) });
    expect(updated.status).toBe(200);
    await waitFor(
      async () => (await ctx().jobs.list({ name: CHECKOUT_SYNC_JOB, shopDomain: shop.domain, status: 'queued' })).jobs.length > 0,
      'a checkout sync job',
    );
  });

  it('when changes are requested in a burst, then one debounced job per shop runs after the window and records the warnings', async () => {
    const first = await requestCheckoutSync(ctx(), shop.domain, { debounceMs: 10_000 });
    clock.advance(3_000);
    const second = await requestCheckoutSync(ctx(), shop.domain, { debounceMs: 10_000 });
    expect(second.created).toBe(false);
    expect(second.job.id).toBe(first.job.id);
    expect(first.job.runAt.getTime() % 10_000).toBe(0);
    expect(first.job.runAt.getTime()).toBeGreaterThan(clock.now().getTime());

    const worker = createWorker({ db: ctx().db, clock, logger: ctx().logger, handlers: checkoutJobHandlers(ctx()) });
    await worker.runDue();
    expect((await ctx().jobs.get(first.job.id))!.status).toBe('queued');
    clock.set(first.job.runAt);
    await worker.runDue();
    const job = await ctx().jobs.get(first.job.id);
    expect(job).toMatchObject({ name: CHECKOUT_SYNC_JOB, status: 'succeeded', shopDomain: shop.domain });
    expect(job!.result).toMatchObject({
      outcome: 'synced',
      offers: 4,
      codesCreated: 4,
      warnings: [expect.objectContaining({ code: 'targeting_unsupported' })],
    });
    // A request after the window is a new job.
    expect((await requestCheckoutSync(ctx(), shop.domain, { debounceMs: 10_000 })).created).toBe(true);
  });
});
