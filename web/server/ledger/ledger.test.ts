// The ledger on real SQLite and PostgreSQL: idempotent events and decisions, the facts the engine reads back,
// and analytics over a hand-built ledger whose numbers are worked out in the comments.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../test/support/databases.js';
import { catalogOf, context, funnel, product, productStep } from '../../../test/support/engine-fixtures.js';
import { databaseCases } from '../../../test/support/jobs.js';
import { ManualClock } from '../clock.js';
import { AppError } from '../errors.js';
import { silentLogger } from '../logger.js';
import { type Decision, decide, type Surface } from '../offers/index.js';
import type { RecordEventInput } from './events.js';
import { createLedger, type Ledger } from './service.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const HOUR = 3_600_000;

function decisionOf(input: {
  orderKey: string;
  surface?: Surface;
  outcome: Decision['outcome'];
  funnelId?: string | null;
  arm?: string | null;
  counterfactualFunnelId?: string | null;
  decidedAt?: string;
}): Decision {
  return {
    version: 1,
    surface: input.surface ?? 'post_purchase',
    orderKey: input.orderKey,
    decidedAt: input.decidedAt ?? '2026-11-10T10:00:00.000Z',
    outcome: input.outcome,
    funnelId: input.funnelId ?? null,
    arm: input.arm ?? null,
    experiment: input.arm && input.arm !== 'holdout' ? { key: 'pp-test', arm: input.arm } : null,
    assignments: [],
    holdout: input.outcome === 'holdout',
    counterfactualFunnelId: input.counterfactualFunnelId ?? null,
    locale: 'en',
    currency: { shop: 'USD', presentment: 'USD' },
    step: null,
    steps: {},
    path: [],
    trace: [{ funnelId: null, outcome: 'dropped', reason: 'no_funnels_for_surface', message: `trace of ${input.orderKey}` }],
  };
}

describe.each(databaseCases)('ledger on %s', (_provider, createDatabase) => {
  let database: TestDatabase;
  let ledger: Ledger;
  let shopId: string;
  let otherShopId: string;

  beforeAll(async () => {
    database = await createDatabase();
    ledger = createLedger({ db: database.db, clock: new ManualClock(NOW), logger: silentLogger() });
  });
  afterAll(async () => database?.drop());

  beforeEach(async () => {
    const suffix = Math.random().toString(36).slice(2, 10);
    shopId = (await database.db.prisma.shop.create({ data: { domain: `l-${suffix}.myshopify.com`, currencyCode: 'USD' } })).id;
    otherShopId = (await database.db.prisma.shop.create({ data: { domain: `m-${suffix}.myshopify.com` } })).id;
  });

  const event = (input: Omit<RecordEventInput, 'shopId' | 'idempotencyKey'> & { idempotencyKey?: string; shopId?: string }) =>
    ledger.recordEvent({ shopId, idempotencyKey: `${input.kind}:${input.orderKey}:${Math.random()}`, ...input });

  describe('recording', () => {
    it('when the same event is recorded twice with one idempotency key, then it is stored once', async () => {
      const input: RecordEventInput = {
        shopId,
        orderKey: 'o1',
        surface: 'post_purchase',
        kind: 'shown',
        funnelId: 'F1',
        stepId: 's1',
        idempotencyKey: 'shown:o1:s1',
      };
      expect(await ledger.recordEvent(input)).toEqual({ recorded: true });
      expect(await ledger.recordEvent(input)).toEqual({ recorded: false });
      expect(await ledger.recordEvent({ ...input, shopId: otherShopId })).toEqual({ recorded: true });
      expect(await ledger.eventsForOrder(shopId, 'o1')).toHaveLength(1);
    });

    it('when an event is recorded, then amount, products and detail are kept and time defaults to the clock', async () => {
      await ledger.recordEvent({
        shopId,
        orderKey: 'o2',
        customerId: 'gid://shopify/Customer/7',
        surface: 'post_purchase',
        kind: 'accepted',
        funnelId: 'F1',
        stepId: 's1',
        offerId: 'lib1',
        variantId: 'gid://shopify/ProductVariant/101',
        quantity: 2,
        amount: { minor: 1800, currencyCode: 'USD' },
        productIds: ['gid://shopify/Product/1'],
        arm: 'a',
        idempotencyKey: 'acc:o2',
        detail: { presentment: { minor: 1650, currencyCode: 'EUR' } },
      });
      const [stored] = await ledger.eventsForOrder(shopId, 'o2');
      expect(stored).toMatchObject({
        kind: 'accepted',
        amountMinor: 1800,
        currencyCode: 'USD',
        quantity: 2,
        arm: 'a',
        occurredAt: NOW.toISOString(),
        detail: { presentment: { minor: 1650, currencyCode: 'EUR' }, productIds: ['gid://shopify/Product/1'] },
      });
    });

    it('when an event is malformed, then it is refused with per-field problems', async () => {
      const error = await ledger
        .recordEvent({
          shopId,
          orderKey: '',
          surface: 'post_purchase',
          kind: 'bought' as 'shown',
          idempotencyKey: 'x',
          amount: { minor: -1, currencyCode: 'usd' },
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(422);
      expect((error as AppError).details?.problems?.map((p) => p.field).sort()).toEqual([
        'amount.currencyCode',
        'amount.minor',
        'kind',
        'orderKey',
      ]);
    });

    it('when a decision is recorded twice, then the first one is kept and returned both times, with one decided event', async () => {
      const first = await ledger.recordDecision(shopId, decisionOf({ orderKey: 'ref-9', outcome: 'offer', funnelId: 'F1' }));
      const again = await ledger.recordDecision(shopId, decisionOf({ orderKey: 'ref-9', outcome: 'no_offer' }));
      expect(first.created).toBe(true);
      expect(again).toMatchObject({ created: false, id: first.id, outcome: 'offer', funnelId: 'F1' });
      expect(again.decision.trace[0]!.message).toBe('trace of ref-9');
      expect((await ledger.decisionFor(shopId, 'post_purchase', 'ref-9'))?.id).toBe(first.id);
      const decided = (await ledger.eventsForOrder(shopId, 'ref-9')).filter((e) => e.kind === 'decided');
      expect(decided).toHaveLength(1);
      expect(decided[0]).toMatchObject({ funnelId: 'F1', occurredAt: '2026-11-10T10:00:00.000Z' });
    });

    it('when the same order is decided on two surfaces, then both decisions are kept and readable under both keys', async () => {
      await ledger.recordDecision(shopId, decisionOf({ orderKey: 'ref-5', outcome: 'offer', funnelId: 'F1' }));
      await ledger.recordDecision(shopId, decisionOf({ orderKey: 'gid://shopify/Order/5', surface: 'email', outcome: 'no_offer' }));
      const decisions = await ledger.decisionsForOrder(shopId, ['gid://shopify/Order/5', 'ref-5']);
      expect(decisions.map((d) => d.surface).sort()).toEqual(['email', 'post_purchase']);
      expect(await ledger.decisionsForOrder(otherShopId, ['gid://shopify/Order/5', 'ref-5'])).toEqual([]);
    });
  });

  describe('facts for the engine', () => {
    const settings = { frequencyCap: { maxOffers: 2, windowHours: 24 } };

    it('when the purchase was declined under another key, then the decline counts when that key is passed along', async () => {
      await event({
        orderKey: 'ref-1',
        surface: 'post_purchase',
        kind: 'declined',
        offerId: 'lib1',
        productIds: ['gid://shopify/Product/1'],
      });
      await event({ orderKey: 'gid://shopify/Order/1', surface: 'email', kind: 'declined', offerId: 'email-step' });
      await event({ orderKey: 'gid://shopify/Order/2', surface: 'email', kind: 'declined', offerId: 'other-order' });
      await event({ orderKey: 'ref-1', surface: 'post_purchase', kind: 'declined', offerId: 'other-shop', shopId: otherShopId });

      const facts = await ledger.factsFor({
        shopId,
        orderKey: 'gid://shopify/Order/1',
        relatedOrderKeys: ['ref-1'],
        customerId: null,
        now: NOW,
        settings,
      });
      expect([...facts.declinedOfferIds].sort()).toEqual(['email-step', 'lib1']);
      expect(facts.declinedProductIds).toEqual(['gid://shopify/Product/1']);
      expect(facts.recentImpressions).toEqual([]);

      const alone = await ledger.factsFor({ shopId, orderKey: 'gid://shopify/Order/1', customerId: null, now: NOW, settings });
      expect(alone.declinedOfferIds).toEqual(['email-step']);
    });

    it('when the customer saw offers, then each order and surface within the cap window is one impression', async () => {
      const customerId = 'gid://shopify/Customer/42';
      const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * HOUR);
      await event({ orderKey: 'A', customerId, surface: 'post_purchase', kind: 'shown', stepId: 's1', occurredAt: at(2) });
      await event({ orderKey: 'A', customerId, surface: 'post_purchase', kind: 'shown', stepId: 's2', occurredAt: at(1.9) });
      await event({ orderKey: 'A', customerId, surface: 'email', kind: 'shown', occurredAt: at(1) });
      await event({ orderKey: 'B', customerId, surface: 'checkout', kind: 'shown', occurredAt: at(30) });
      await event({ orderKey: 'C', customerId, surface: 'checkout', kind: 'declined', occurredAt: at(3) });
      await event({ orderKey: 'D', customerId: 'gid://shopify/Customer/43', surface: 'checkout', kind: 'shown', occurredAt: at(1) });
      await event({ orderKey: 'E', customerId, surface: 'checkout', kind: 'shown', occurredAt: at(-1) });

      const facts = await ledger.factsFor({ shopId, orderKey: 'Z', customerId, now: NOW, settings });
      expect(facts.recentImpressions).toEqual([
        { orderKey: 'A', surface: 'post_purchase', shownAt: at(2).toISOString() },
        { orderKey: 'A', surface: 'email', shownAt: at(1).toISOString() },
      ]);
      expect(
        (await ledger.factsFor({ shopId, orderKey: 'Z', customerId, now: NOW, settings: { frequencyCap: null } })).recentImpressions,
      ).toEqual([]);
    });

    it('when the engine decides with these facts, then an offer declined on another surface is skipped and the cap applies', async () => {
      const catalog = catalogOf([product(1), product(2)]);
      const funnels = [
        funnel({
          id: 'F',
          surface: 'email',
          steps: [productStep('upsell', 1, { offerId: 'lib1', decline: 'fallback' }), productStep('fallback', 2)],
        }),
      ];
      await event({ orderKey: 'ref-1', surface: 'post_purchase', kind: 'declined', offerId: 'lib1' });
      const facts = await ledger.factsFor({
        shopId,
        orderKey: 'gid://shopify/Order/1',
        relatedOrderKeys: ['ref-1'],
        customerId: null,
        now: NOW,
        settings,
      });
      const decision = decide(context({ catalog, funnels, surface: 'email', ledger: facts, customer: null }));
      expect(decision.outcome).toBe('offer');
      expect(decision.step?.stepId).toBe('fallback');
      expect(decision.trace).toContainEqual(expect.objectContaining({ stepId: 'upsell', reason: 'step_declined_earlier' }));

      const customerId = 'gid://shopify/Customer/1';
      await event({ orderKey: 'X', customerId, surface: 'checkout', kind: 'shown', occurredAt: new Date(NOW.getTime() - HOUR) });
      await event({ orderKey: 'Y', customerId, surface: 'post_purchase', kind: 'shown', occurredAt: new Date(NOW.getTime() - HOUR) });
      const capped = await ledger.factsFor({ shopId, orderKey: 'gid://shopify/Order/1', customerId, now: NOW, settings });
      const cappedDecision = decide(context({ catalog, funnels, surface: 'email', ledger: capped, settings }));
      expect(cappedDecision.outcome).toBe('no_offer');
      expect(cappedDecision.trace).toContainEqual(expect.objectContaining({ reason: 'frequency_capped' }));
    });
  });

  describe('analytics', () => {
    const NOV = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') };
    const usd = (minor: number) => ({ minor, currencyCode: 'USD' });

    // F1 and F2 are arms "a" and "b" of one post-purchase test; F3 is an email funnel.
    async function buildLedger() {
      const pp = { surface: 'post_purchase' as const };
      const f1 = { ...pp, funnelId: 'F1', arm: 'a' };
      const f2 = { ...pp, funnelId: 'F2', arm: 'b' };
      const f3 = { surface: 'email' as const, funnelId: 'F3' };
      for (const o of ['o1', 'o2', 'o8'])
        await ledger.recordDecision(shopId, decisionOf({ orderKey: o, outcome: 'offer', funnelId: 'F1', arm: 'a' }));
      for (const o of ['o3', 'o9'])
        await ledger.recordDecision(shopId, decisionOf({ orderKey: o, outcome: 'offer', funnelId: 'F2', arm: 'b' }));
      await ledger.recordDecision(shopId, decisionOf({ orderKey: 'o4', outcome: 'holdout', arm: 'holdout', counterfactualFunnelId: 'F1' }));
      await ledger.recordDecision(shopId, decisionOf({ orderKey: 'o5', outcome: 'no_offer' }));
      for (const o of ['o6', 'o7'])
        await ledger.recordDecision(shopId, decisionOf({ orderKey: o, surface: 'email', outcome: 'offer', funnelId: 'F3' }));

      // o1: accepts s1 ($10), declines s2.
      await event({ ...f1, orderKey: 'o1', kind: 'shown', stepId: 's1' });
      await event({ ...f1, orderKey: 'o1', kind: 'accepted', stepId: 's1', amount: usd(1000) });
      await event({ ...f1, orderKey: 'o1', kind: 'shown', stepId: 's2' });
      await event({ ...f1, orderKey: 'o1', kind: 'declined', stepId: 's2' });
      // o2: s1 shown twice (a re-render), declined; accepts s2 ($5).
      await event({ ...f1, orderKey: 'o2', kind: 'shown', stepId: 's1' });
      await event({ ...f1, orderKey: 'o2', kind: 'shown', stepId: 's1' });
      await event({ ...f1, orderKey: 'o2', kind: 'declined', stepId: 's1' });
      await event({ ...f1, orderKey: 'o2', kind: 'shown', stepId: 's2' });
      await event({ ...f1, orderKey: 'o2', kind: 'accepted', stepId: 's2', amount: usd(500) });
      // ...and the merchant refunds $2 of that line (refunds/create): gross stays, net drops.
      await event({ ...f1, orderKey: 'o2', kind: 'refunded', stepId: 's2', amount: usd(200) });
      // o8: accepts s1 ($8), later refunded.
      await event({ ...f1, orderKey: 'o8', kind: 'shown', stepId: 's1' });
      await event({ ...f1, orderKey: 'o8', kind: 'accepted', stepId: 's1', amount: usd(800) });
      await event({ ...f1, orderKey: 'o8', kind: 'removed', stepId: 's1', amount: usd(800) });
      // o3 declines; o9 accepts, but recorded in EUR (left out of revenue, still an accept).
      await event({ ...f2, orderKey: 'o3', kind: 'shown', stepId: 's1' });
      await event({ ...f2, orderKey: 'o3', kind: 'declined', stepId: 's1' });
      await event({ ...f2, orderKey: 'o9', kind: 'shown', stepId: 's1' });
      await event({ ...f2, orderKey: 'o9', kind: 'accepted', stepId: 's1', amount: { minor: 999, currencyCode: 'EUR' } });
      // Email: o6 accepts (unpaid, no amount) then pays $20; o7 accepts and is removed unpaid (never counted).
      await event({ ...f3, orderKey: 'o6', kind: 'shown', stepId: 'e1' });
      await event({ ...f3, orderKey: 'o6', kind: 'accepted', stepId: 'e1', detail: { pendingMinor: 2000 } });
      await event({ ...f3, orderKey: 'o6', kind: 'paid', stepId: 'e1', amount: usd(2000) });
      await event({ ...f3, orderKey: 'o7', kind: 'shown', stepId: 'e1' });
      await event({ ...f3, orderKey: 'o7', kind: 'accepted', stepId: 'e1', detail: { pendingMinor: 1500 } });
      await event({ ...f3, orderKey: 'o7', kind: 'removed', stepId: 'e1' });
      // Another shop's events never count.
      await event({ ...f1, orderKey: 'o1', kind: 'accepted', stepId: 's1', amount: usd(99_999), shopId: otherShopId });
    }

    const zero = {
      shownOrders: 0,
      acceptedOrders: 0,
      acceptRate: null,
      shows: 0,
      accepts: 0,
      declines: 0,
      acceptedMinor: 0,
      paidMinor: 0,
      removedMinor: 0,
      revenueMinor: 0,
      refundedMinor: 0,
      netRevenueMinor: 0,
    };

    it('when grouped by funnel, then accept rate, revenue and holdout vs treated match the hand count', async () => {
      await buildLedger();
      const report = await ledger.analytics(shopId, { ...NOV, groupBy: 'funnel' });
      expect(report.currencyCode).toBe('USD');
      expect(report.rows).toEqual([
        { key: { funnelId: null }, ...zero, decisions: { treated: 0, holdout: 0, noOffer: 1 } },
        {
          key: { funnelId: 'F1' },
          // shown in o1, o2, o8, all three accepted something; 2 + 3 + 1 shows; $10 + $5 + $8 - $8 refunded.
          ...{ shownOrders: 3, acceptedOrders: 3, acceptRate: 1, shows: 6, accepts: 3, declines: 2 },
          ...{ acceptedMinor: 2300, paidMinor: 0, removedMinor: 800, revenueMinor: 1500, refundedMinor: 200, netRevenueMinor: 1300 },
          decisions: { treated: 3, holdout: 1, noOffer: 0 },
        },
        {
          key: { funnelId: 'F2' },
          ...{ shownOrders: 2, acceptedOrders: 1, acceptRate: 0.5, shows: 2, accepts: 1, declines: 1 },
          ...{ acceptedMinor: 0, paidMinor: 0, removedMinor: 0, revenueMinor: 0, refundedMinor: 0, netRevenueMinor: 0 },
          decisions: { treated: 2, holdout: 0, noOffer: 0 },
        },
        {
          key: { funnelId: 'F3' },
          ...{ shownOrders: 2, acceptedOrders: 2, acceptRate: 1, shows: 2, accepts: 2, declines: 0 },
          ...{ acceptedMinor: 0, paidMinor: 2000, removedMinor: 0, revenueMinor: 2000, refundedMinor: 0, netRevenueMinor: 2000 },
          decisions: { treated: 2, holdout: 0, noOffer: 0 },
        },
      ]);
      expect(report.totals).toEqual({
        ...{ shownOrders: 7, acceptedOrders: 6, acceptRate: 6 / 7, shows: 10, accepts: 6, declines: 3 },
        ...{ acceptedMinor: 2300, paidMinor: 2000, removedMinor: 800, revenueMinor: 3500, refundedMinor: 200, netRevenueMinor: 3300 },
        decisions: { treated: 7, holdout: 1, noOffer: 1 },
      });
    });

    it('when grouped by step, then each step counts its own orders and decisions are left out', async () => {
      await buildLedger();
      const report = await ledger.analytics(shopId, { ...NOV, groupBy: 'step' });
      const f1 = report.rows.filter((row) => row.key.funnelId === 'F1');
      expect(f1).toEqual([
        {
          key: { funnelId: 'F1', stepId: 's1' },
          ...{ shownOrders: 3, acceptedOrders: 2, acceptRate: 2 / 3, shows: 4, accepts: 2, declines: 1 },
          ...{ acceptedMinor: 1800, paidMinor: 0, removedMinor: 800, revenueMinor: 1000, refundedMinor: 0, netRevenueMinor: 1000 },
          decisions: null,
        },
        {
          key: { funnelId: 'F1', stepId: 's2' },
          ...{ shownOrders: 2, acceptedOrders: 1, acceptRate: 0.5, shows: 2, accepts: 1, declines: 1 },
          ...{ acceptedMinor: 500, paidMinor: 0, removedMinor: 0, revenueMinor: 500, refundedMinor: 200, netRevenueMinor: 300 },
          decisions: null,
        },
      ]);
      expect(report.rows.map((row) => `${row.key.funnelId}/${row.key.stepId}`)).toEqual(['F1/s1', 'F1/s2', 'F2/s1', 'F3/e1']);
    });

    it('when grouped by surface and by arm, then holdout and treated orders are told apart', async () => {
      await buildLedger();
      const bySurface = await ledger.analytics(shopId, { ...NOV, groupBy: 'surface' });
      expect(bySurface.rows.map((r) => [r.key.surface, r.decisions, r.shownOrders, r.acceptedOrders, r.revenueMinor])).toEqual([
        ['email', { treated: 2, holdout: 0, noOffer: 0 }, 2, 2, 2000],
        ['post_purchase', { treated: 5, holdout: 1, noOffer: 1 }, 5, 4, 1500],
      ]);
      const byArm = await ledger.analytics(shopId, { ...NOV, groupBy: 'arm' });
      expect(byArm.rows.map((r) => [r.key.arm, r.decisions, r.shownOrders, r.acceptedOrders, r.acceptRate, r.revenueMinor])).toEqual([
        [null, { treated: 2, holdout: 0, noOffer: 1 }, 2, 2, 1, 2000],
        ['a', { treated: 3, holdout: 0, noOffer: 0 }, 3, 3, 1, 1500],
        ['b', { treated: 2, holdout: 0, noOffer: 0 }, 2, 1, 0.5, 0],
        ['holdout', { treated: 0, holdout: 1, noOffer: 0 }, 0, 0, null, 0],
      ]);
    });

    it('when events fall on the range edges, then "from" is included and "to" is not', async () => {
      const edge = async (iso: string) =>
        event({ orderKey: iso, surface: 'checkout', kind: 'shown', funnelId: 'F', occurredAt: new Date(iso) });
      await edge('2026-10-31T23:59:59.999Z');
      await edge('2026-11-01T00:00:00.000Z');
      await edge('2026-11-30T23:59:59.999Z');
      await edge('2026-12-01T00:00:00.000Z');
      const report = await ledger.analytics(shopId, { ...NOV, groupBy: 'surface' });
      expect(report.totals.shows).toBe(2);
      expect(report.from).toBe('2026-11-01T00:00:00.000Z');
    });
  });
});
