// The hot-path SQL (decisions, ledger facts, changesets, customer profiles) against the ledger's own API on both
// providers: same rows, same answers, same idempotency. If the ledger changes how it stores a decision, these
// tests say so before the post-purchase endpoint drifts from it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../test/support/databases.js';
import { catalogOf, context, funnel, order, product, productStep, settings } from '../../../test/support/engine-fixtures.js';
import { databaseCases } from '../../../test/support/jobs.js';
import { ManualClock } from '../clock.js';
import { createLedger, type Ledger } from '../ledger/index.js';
import { silentLogger } from '../logger.js';
import { type Decision, decide } from '../offers/index.js';
import { createChangesetStore } from './changesets.js';
import { createCustomerProfileReader } from './customer-profiles.js';
import { createLedgerFastPath } from './ledger-fast-path.js';

const catalog = catalogOf([product(1), product(2), product(3)]);
const definition = funnel({
  id: 'f',
  experiment: { key: 'exp', arm: 'a' },
  steps: [productStep('s1', 2, { decline: 's2' }), productStep('s2', 3)],
});

function decision(orderKey: string, holdoutPercent = 0): Decision {
  return decide(context({ catalog, funnels: [definition], order: order({ key: orderKey }), settings: { holdoutPercent } }));
}

describe.each(databaseCases)('the post-purchase hot path on %s', (_provider, createDatabase) => {
  let database: TestDatabase;
  let ledger: Ledger;
  const clock = new ManualClock('2026-11-23T12:00:00Z');

  beforeAll(async () => {
    database = await createDatabase();
    ledger = createLedger({ db: database.db, clock, logger: silentLogger() });
  });
  afterAll(async () => database?.drop());

  const comparableEvents = async (shopId: string, orderKey: string) =>
    (await ledger.eventsForOrder(shopId, orderKey)).map(({ id: _id, ...event }) => event);

  it('when a decision is recorded, then the ledger reads back the same decision and decided event as if it had written them', async () => {
    const fast = createLedgerFastPath(database.db);
    for (const [orderKey, holdout] of [
      ['ref-offer', 0],
      ['ref-holdout', 100],
    ] as const) {
      const mine = decision(orderKey, holdout);
      const theirs = decision(orderKey, holdout);
      const recorded = await fast.recordDecision('shop-fast', mine, { customerId: 'gid://shopify/Customer/7' });
      await ledger.recordDecision('shop-ledger', theirs, { customerId: 'gid://shopify/Customer/7' });

      expect(recorded).toEqual({ decision: mine, created: true });
      const a = await ledger.decisionFor('shop-fast', 'post_purchase', orderKey);
      const b = await ledger.decisionFor('shop-ledger', 'post_purchase', orderKey);
      expect({ ...a, id: '', createdAt: '' }).toEqual({ ...b, id: '', createdAt: '' });
      expect(a?.decision).toEqual(mine);
      // Read back through the fast path: what the ledger reads, from either writer.
      expect(await fast.decisionFor('shop-fast', 'post_purchase', orderKey)).toEqual(a?.decision);
      expect(await fast.decisionFor('shop-ledger', 'post_purchase', orderKey)).toEqual(b?.decision);
      expect(await comparableEvents('shop-fast', orderKey)).toEqual(await comparableEvents('shop-ledger', orderKey));
    }
    const events = await comparableEvents('shop-fast', 'ref-holdout');
    expect(events).toEqual([
      expect.objectContaining({ kind: 'decided', funnelId: 'f', arm: 'holdout', idempotencyKey: 'decided:post_purchase:ref-holdout' }),
    ]);
  });

  it('when the same purchase is decided again, at once or later, then the first decision is kept and returned to everyone', async () => {
    const fast = createLedgerFastPath(database.db);
    const first = decision('ref-race');
    const others = [decision('ref-race'), decision('ref-race')].map((d) => ({ ...d, decidedAt: '2026-11-23T13:00:00.000Z' }));
    const answers = await Promise.all([first, ...others].map((d) => fast.recordDecision('shop-race', d)));
    expect(answers.map((answer) => answer.created)).toEqual([true, false, false]);
    for (const answer of answers) expect(answer.decision).toEqual(first);

    const later = await fast.recordDecision('shop-race', { ...decision('ref-race'), decidedAt: '2026-11-23T14:00:00.000Z' });
    expect(later).toEqual({ decision: first, created: false });
    expect(await database.db.prisma.offerDecision.count({ where: { shopId: 'shop-race' } })).toBe(1);
    const raceEvents = await database.db.prisma.offerEvent.findMany({ where: { shopId: 'shop-race' } });
    // The event is the first decision's, not a later candidate's.
    expect(raceEvents.map((event) => event.occurredAt.toISOString())).toEqual([new Date(first.decidedAt).toISOString()]);
  });

  it('when a decision was stored without its decided event, then deciding again records the event of the stored decision', async () => {
    const fast = createLedgerFastPath(database.db);
    const stored = decision('ref-heal');
    // As if an instance crashed between the ledger's two writes.
    await database.db.prisma.offerDecision.create({
      data: {
        shopId: 'shop-heal',
        orderKey: 'ref-heal',
        surface: 'post_purchase',
        funnelId: stored.funnelId,
        arm: stored.arm,
        outcome: stored.outcome,
        trace: JSON.parse(JSON.stringify(stored)),
        createdAt: clock.now(),
      },
    });
    const again = await fast.recordDecision('shop-heal', { ...decision('ref-heal'), decidedAt: '2026-11-23T15:00:00.000Z' });
    expect(again).toEqual({ decision: stored, created: false });
    const events = await database.db.prisma.offerEvent.findMany({ where: { shopId: 'shop-heal' } });
    expect(events.map((event) => ({ kind: event.kind, occurredAt: event.occurredAt.toISOString() }))).toEqual([
      { kind: 'decided', occurredAt: new Date(stored.decidedAt).toISOString() },
    ]);
  });

  it('when many purchases are decided concurrently, then each is stored once with its own decision', async () => {
    const fast = createLedgerFastPath(database.db);
    const keys = Array.from({ length: 150 }, (_, i) => `ref-many-${i}`);
    const answers = await Promise.all(keys.map((key) => fast.recordDecision('shop-many', decision(key))));
    expect(answers.every((answer, i) => answer.created && answer.decision.orderKey === keys[i])).toBe(true);
    expect(await database.db.prisma.offerDecision.count({ where: { shopId: 'shop-many' } })).toBe(150);
  });

  it('when ledger facts are asked for, then declines under any key and the customer’s recent impressions match the ledger', async () => {
    const shopId = 'shop-facts';
    const at = (minutesAgo: number) => new Date(clock.now().getTime() - minutesAgo * 60_000);
    const customer = 'gid://shopify/Customer/1';
    const record = (event: Parameters<Ledger['recordEvent']>[0]) => ledger.recordEvent(event);
    await record({
      shopId,
      orderKey: 'ref-1',
      surface: 'post_purchase',
      kind: 'declined',
      offerId: 'o1',
      productIds: ['gid://shopify/Product/1'],
      idempotencyKey: 'd1',
    });
    await record({
      shopId,
      orderKey: 'order-1',
      surface: 'email',
      kind: 'declined',
      offerId: 'o2',
      productIds: ['gid://shopify/Product/2', 'gid://shopify/Product/3'],
      idempotencyKey: 'd2',
    });
    await record({ shopId, orderKey: 'ref-other', surface: 'post_purchase', kind: 'declined', offerId: 'o3', idempotencyKey: 'd3' });
    await record({
      shopId,
      orderKey: 'ref-a',
      surface: 'checkout',
      kind: 'shown',
      customerId: customer,
      idempotencyKey: 's1',
      occurredAt: at(30),
    });
    await record({
      shopId,
      orderKey: 'ref-a',
      surface: 'checkout',
      kind: 'shown',
      customerId: customer,
      idempotencyKey: 's2',
      occurredAt: at(20),
    });
    await record({
      shopId,
      orderKey: 'ref-b',
      surface: 'email',
      kind: 'shown',
      customerId: customer,
      idempotencyKey: 's3',
      occurredAt: at(60 * 30),
    });
    await record({
      shopId,
      orderKey: 'ref-c',
      surface: 'post_purchase',
      kind: 'shown',
      customerId: 'gid://shopify/Customer/2',
      idempotencyKey: 's4',
      occurredAt: at(5),
    });

    const fast = createLedgerFastPath(database.db);
    for (const query of [
      {
        shopId,
        orderKey: 'ref-1',
        relatedOrderKeys: ['order-1'],
        customerId: customer,
        now: clock.now(),
        settings: settings({ frequencyCap: { maxOffers: 3, windowHours: 24 } }),
      },
      {
        shopId,
        orderKey: 'ref-1',
        customerId: customer,
        now: clock.now(),
        settings: settings({ frequencyCap: { maxOffers: 3, windowHours: 72 } }),
      },
      { shopId, orderKey: 'ref-none', customerId: null, now: clock.now(), settings: settings() },
    ]) {
      const mine = await fast.factsFor(query);
      const theirs = await ledger.factsFor(query);
      expect({
        ...mine,
        declinedOfferIds: [...mine.declinedOfferIds].sort(),
        declinedProductIds: [...mine.declinedProductIds].sort(),
      }).toEqual({
        ...theirs,
        declinedOfferIds: [...theirs.declinedOfferIds].sort(),
        declinedProductIds: [...theirs.declinedProductIds].sort(),
      });
    }
    expect(
      (
        await fast.factsFor({
          shopId,
          orderKey: 'ref-1',
          relatedOrderKeys: ['order-1'],
          customerId: customer,
          now: clock.now(),
          settings: settings({ frequencyCap: { maxOffers: 3, windowHours: 24 } }),
        })
      ).recentImpressions,
    ).toEqual([{ orderKey: 'ref-a', surface: 'checkout', shownAt: at(30).toISOString() }]);
  });

  it('when changesets are stored, then they read back as written; a second for the same step is refused, even if concurrent', async () => {
    const store = createChangesetStore(database.db);
    const base = {
      shopId: 'shop-cs',
      referenceId: 'ref-cs',
      choiceKey: 'gid://shopify/ProductVariant/1:2:product:gid://shopify/Product/1',
      token: 'header.payload.signature',
      changes: [
        {
          type: 'add_variant' as const,
          variantId: 1,
          quantity: 2,
          discount: { value: 10, valueType: 'percentage' as const, title: '10% off' },
        },
      ],
      amountMinor: 1800,
      currencyCode: 'USD',
    };
    const outcomes = await Promise.all([
      store.insert({ ...base, stepId: 'a', jti: 'jti-1' }),
      store.insert({ ...base, stepId: 'a', jti: 'jti-2' }),
      store.insert({ ...base, stepId: 'b', jti: 'jti-3' }),
    ]);
    expect(outcomes).toEqual(['inserted', 'conflict', 'inserted']);
    expect(await store.insert({ ...base, stepId: 'b', jti: 'jti-4' })).toBe('conflict');

    const rows = await store.forPurchase('shop-cs', 'ref-cs');
    expect(rows.map((row) => [row.stepId, row.jti]).sort()).toEqual([
      ['a', 'jti-1'],
      ['b', 'jti-3'],
    ]);
    const viaPrisma = await database.db.prisma.postPurchaseChangeset.findUniqueOrThrow({ where: { jti: 'jti-1' } });
    const mine = rows.find((row) => row.jti === 'jti-1')!;
    expect(mine).toEqual({ ...viaPrisma, changes: base.changes });
    expect(viaPrisma.changes).toEqual(base.changes);

    await database.db.prisma.postPurchaseChangeset.update({ where: { jti: 'jti-1' }, data: { appliedAt: clock.now() } });
    expect((await store.forPurchase('shop-cs', 'ref-cs')).find((row) => row.jti === 'jti-1')?.appliedAt).toEqual(clock.now());
  });

  it('when a retry replaces a changeset’s token, then only the first replacement of the current jti wins, never once applied', async () => {
    const store = createChangesetStore(database.db);
    const base = {
      shopId: 'shop-rs',
      referenceId: 'ref-rs',
      choiceKey: 'gid://shopify/ProductVariant/1:1:product:gid://shopify/Product/1',
      changes: [{ type: 'add_variant' as const, variantId: 1, quantity: 1 }],
      amountMinor: 900,
      currencyCode: 'USD',
    };
    await store.insert({ ...base, stepId: 'a', jti: 'rs-1', token: 'token-1' });
    const row = (await store.forPurchase('shop-rs', 'ref-rs'))[0]!;

    const raced = await Promise.all([
      store.replaceToken(row.id, 'rs-1', { jti: 'rs-2', token: 'token-2' }),
      store.replaceToken(row.id, 'rs-1', { jti: 'rs-3', token: 'token-3' }),
    ]);
    expect(raced.filter(Boolean)).toHaveLength(1);
    const [after] = await store.forPurchase('shop-rs', 'ref-rs');
    expect([after!.jti, after!.token]).toEqual(raced[0] ? ['rs-2', 'token-2'] : ['rs-3', 'token-3']);
    expect(after!.changes).toEqual(base.changes);

    await store.markApplied(row.id, clock.now());
    expect(await store.replaceToken(row.id, after!.jti, { jti: 'rs-4', token: 'token-4' })).toBe(false);
    expect((await store.forPurchase('shop-rs', 'ref-rs'))[0]?.token).toBe(after!.token);
  });

  it('when a customer profile is read, then it matches the stored row and is reused for a minute', async () => {
    await database.db.prisma.customerProfile.create({
      data: {
        shopId: 'shop-cp',
        customerId: 'gid://shopify/Customer/9',
        ordersCount: 3,
        tags: ['vip'],
        purchasedProductIds: ['gid://shopify/Product/1'],
      },
    });
    const profiles = createCustomerProfileReader({ db: database.db, clock });
    expect(await profiles.get('shop-cp', 'gid://shopify/Customer/9')).toEqual({
      ordersCount: 3,
      tags: ['vip'],
      purchasedProductIds: ['gid://shopify/Product/1'],
    });
    expect(await profiles.get('shop-cp', 'gid://shopify/Customer/10')).toBeNull();

    await database.db.prisma.customerProfile.update({
      where: { shopId_customerId: { shopId: 'shop-cp', customerId: 'gid://shopify/Customer/9' } },
      data: { ordersCount: 4 },
    });
    expect((await profiles.get('shop-cp', 'gid://shopify/Customer/9'))?.ordersCount).toBe(3);
    clock.advance(60_000);
    expect((await profiles.get('shop-cp', 'gid://shopify/Customer/9'))?.ordersCount).toBe(4);
  });
});
