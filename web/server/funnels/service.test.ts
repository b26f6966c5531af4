// The funnel and offer services and the active-funnels cache, on real SQLite and PostgreSQL databases.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../test/support/databases.js';
import { catalogOf, EN, product, productGid, productStep } from '../../../test/support/engine-fixtures.js';
import { databaseCases } from '../../../test/support/jobs.js';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/client.js';
import { AppError } from '../errors.js';
import { createLogger, silentLogger } from '../logger.js';
import type { Catalog } from '../offers/index.js';
import { createSettingsStore } from '../settings/service.js';
import { createFunnelDefinitionLoader, createFunnelsModule, type FunnelsModule } from './index.js';

const catalog = catalogOf([product(1), product(2), product(3)]);

const funnelInput = (overrides: Record<string, unknown> = {}) => ({
  name: 'After checkout',
  surface: 'post_purchase',
  rootStepId: 'upsell',
  steps: [productStep('upsell', 1, { decline: 'downsell' }), productStep('downsell', 2)],
  ...overrides,
});

const offerInput = (overrides: Record<string, unknown> = {}) => ({
  name: 'Socks at 20% off',
  offer: { kind: 'product', source: { type: 'product', productId: productGid(3) }, discount: { type: 'percentage', percent: 20 } },
  content: { en: EN },
  ...overrides,
});

async function expectAppError(promise: Promise<unknown>, status: number, code?: string): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).status).toBe(status);
  if (code) expect((error as AppError).code).toBe(code);
  return error as AppError;
}

describe.each(databaseCases)('funnels and offers on %s', (_provider, createDatabase) => {
  let database: TestDatabase;
  let clock: ManualClock;
  let catalogNow: Catalog | null;
  let module: FunnelsModule;
  let shopId: string;
  let otherShopId: string;

  const build = (db: Db, recheckMs = 3_000) =>
    createFunnelsModule({
      db,
      clock,
      logger: silentLogger(),
      catalogFor: async () => catalogNow,
      settings: createSettingsStore({ db, clock, logger: silentLogger() }),
      recheckMs,
    });

  beforeAll(async () => {
    database = await createDatabase();
  });
  afterAll(async () => database?.drop());

  beforeEach(async () => {
    clock = new ManualClock('2026-11-23T12:00:00Z');
    catalogNow = catalog;
    module = build(database.db);
    const suffix = Math.random().toString(36).slice(2, 10);
    shopId = (await database.db.prisma.shop.create({ data: { domain: `a-${suffix}.myshopify.com` } })).id;
    otherShopId = (await database.db.prisma.shop.create({ data: { domain: `b-${suffix}.myshopify.com` } })).id;
  });

  it('when a funnel is created, read, updated, disabled and deleted, then each step is stored and versioned', async () => {
    const created = await module.funnels.create(shopId, funnelInput());
    expect(created.record).toMatchObject({ version: 1, name: 'After checkout', surface: 'post_purchase', enabled: true });
    const id = created.record.id;

    const read = await module.funnels.get(shopId, id);
    expect(read.record.steps.map((s) => s.id)).toEqual(['upsell', 'downsell']);

    const updated = await module.funnels.update(shopId, id, { ...read.record, name: 'Renamed', priority: 5 });
    expect(updated.record).toMatchObject({ version: 2, name: 'Renamed', priority: 5 });
    const row = await database.db.prisma.funnel.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ name: 'Renamed', priority: 5, surface: 'post_purchase', version: 2 });

    const disabled = await module.funnels.setEnabled(shopId, id, false);
    expect(disabled).toMatchObject({ enabled: false, version: 3 });
    expect((await module.funnels.list(shopId, { enabled: false })).funnels.map((f) => f.id)).toEqual([id]);
    expect((await module.funnels.list(shopId, { enabled: true })).funnels).toEqual([]);

    await module.funnels.remove(shopId, id);
    await expectAppError(module.funnels.get(shopId, id), 404);
    expect((await database.db.prisma.funnel.findUniqueOrThrow({ where: { id } })).deletedAt).toEqual(clock.now());
  });

  it('when an update names an old version, then it is refused with 409 and the current version', async () => {
    const { record } = await module.funnels.create(shopId, funnelInput());
    await module.funnels.update(shopId, record.id, { ...funnelInput({ name: 'First edit' }), version: 1 });
    const error = await expectAppError(
      module.funnels.update(shopId, record.id, { ...funnelInput({ name: 'Stale edit' }), version: 1 }),
      409,
      'version_conflict',
    );
    expect(error.details).toMatchObject({ currentVersion: 2 });
    expect((await module.funnels.get(shopId, record.id)).record.name).toBe('First edit');
  });

  it('when an update sends no version, then it is a 422 on the version field', async () => {
    const { record } = await module.funnels.create(shopId, funnelInput());
    const error = await expectAppError(module.funnels.update(shopId, record.id, funnelInput()), 422);
    expect(error.details?.problems).toEqual([expect.objectContaining({ field: 'version' })]);
  });

  it('when another shop asks for, changes or deletes a funnel, then it is not found and nothing changes', async () => {
    const { record } = await module.funnels.create(shopId, funnelInput());
    await expectAppError(module.funnels.get(otherShopId, record.id), 404);
    await expectAppError(module.funnels.update(otherShopId, record.id, { ...funnelInput({ name: 'Hijacked' }), version: 1 }), 404);
    await expectAppError(module.funnels.setEnabled(otherShopId, record.id, false), 404);
    await expectAppError(module.funnels.remove(otherShopId, record.id), 404);
    expect((await module.funnels.list(otherShopId)).funnels).toEqual([]);
    expect((await module.funnels.get(shopId, record.id)).record).toMatchObject({ name: 'After checkout', enabled: true, version: 1 });
  });

  it('when funnels are listed page by page, then every funnel comes exactly once, newest first', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        (await module.funnels.create(shopId, funnelInput({ name: `Funnel ${i}`, surface: i % 2 ? 'email' : 'post_purchase' }))).record.id,
      );
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await module.funnels.list(shopId, { limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.funnels.length).toBeLessThanOrEqual(2);
      seen.push(...page.funnels.map((f) => f.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual([...ids].sort());
    expect((await module.funnels.list(shopId, { surface: 'email' })).funnels).toHaveLength(2);
  });

  it('when the funnel has problems, then nothing is stored and the 422 lists them per field', async () => {
    const error = await expectAppError(
      module.funnels.create(shopId, funnelInput({ steps: [productStep('upsell', 99, { decline: 'missing' })] })),
      422,
      'validation_failed',
    );
    expect(error.details?.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'steps.0.decline', stepId: 'upsell' }),
        expect.objectContaining({ field: 'steps.0.offer.source.productId', stepId: 'upsell' }),
      ]),
    );
    expect(await database.db.prisma.funnel.count({ where: { shopId } })).toBe(0);
  });

  it('when the shop sells in French too, then a funnel without French texts is refused', async () => {
    const settings = createSettingsStore({ db: database.db, clock, logger: silentLogger() });
    await settings.update(shopId, { locales: ['en', 'fr'] });
    const error = await expectAppError(module.funnels.create(shopId, funnelInput()), 422);
    expect(error.details?.problems).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'steps.0.content.fr' })]));
  });

  it('when a funnel uses a library offer, then it cannot be deleted but can be turned off, with a warning on the funnel', async () => {
    const { record: offer } = await module.offers.create(shopId, offerInput());
    const { record: funnel } = await module.funnels.create(
      shopId,
      funnelInput({ steps: [productStep('upsell', 1, { decline: 'socks' }), { id: 'socks', offerRef: offer.id }] }),
    );

    const error = await expectAppError(module.offers.remove(shopId, offer.id), 409, 'offer_in_use');
    expect(error.details).toMatchObject({ usedBy: [{ id: funnel.id, name: 'After checkout' }] });

    const off = await module.offers.setEnabled(shopId, offer.id, false);
    expect(off).toMatchObject({ enabled: false, usedBy: [{ id: funnel.id }] });
    expect((await module.funnels.get(shopId, funnel.id)).warnings).toEqual([
      expect.objectContaining({ field: 'steps.1.offerRef', stepId: 'socks' }),
    ]);

    await module.funnels.update(shopId, funnel.id, { ...funnelInput(), version: 1 });
    await module.offers.remove(shopId, offer.id);
    await expectAppError(module.offers.get(shopId, offer.id), 404);
  });

  it('when a library offer is updated with an old version, then 409; with problems, then 422 on its own fields', async () => {
    const { record } = await module.offers.create(shopId, offerInput());
    await module.offers.update(shopId, record.id, { ...offerInput({ name: 'v2' }), version: 1 });
    await expectAppError(module.offers.update(shopId, record.id, { ...offerInput({ name: 'stale' }), version: 1 }), 409);
    const invalid = await expectAppError(module.offers.update(shopId, record.id, { ...offerInput({ content: {} }), version: 2 }), 422);
    expect(invalid.details?.problems).toEqual([expect.objectContaining({ field: 'content.en' })]);
    await expectAppError(module.offers.get(otherShopId, record.id), 404);
  });

  it('when no catalog is available yet, then the funnel is saved with a notice and product checks are skipped', async () => {
    catalogNow = null;
    const saved = await module.funnels.create(shopId, funnelInput({ steps: [productStep('upsell', 12345)] }));
    expect(saved.notices).toEqual([expect.stringContaining('not been loaded yet')]);
    expect(await module.activeFunnels.get(shopId, 'post_purchase')).toBeNull();
  });

  describe('plain definitions per surface', () => {
    const logLines: Array<Record<string, unknown>> = [];
    const capturingLogger = () =>
      createLogger({
        level: 'debug',
        destination: new Writable({
          write(chunk: Buffer, _encoding, done) {
            logLines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
            done();
          },
        }),
      });
    beforeEach(() => {
      logLines.length = 0;
    });

    it('when a shop has funnels on several surfaces, then each surface gets its own, library references resolved', async () => {
      const { record: offer } = await module.offers.create(shopId, offerInput());
      const upsell = await module.funnels.create(
        shopId,
        funnelInput({ steps: [{ id: 'socks', offerRef: offer.id }], rootStepId: 'socks' }),
      );
      const checkout = await module.funnels.create(shopId, funnelInput({ name: 'In checkout', surface: 'checkout' }));
      const email = await module.funnels.create(shopId, funnelInput({ name: 'By email', surface: 'email', enabled: false }));
      await module.funnels.create(otherShopId, funnelInput());
      const loader = createFunnelDefinitionLoader({ db: database.db, logger: silentLogger() });

      const all = await loader.load(shopId);
      expect(all.post_purchase.map((f) => f.id)).toEqual([upsell.record.id]);
      expect(all.post_purchase[0]!.steps[0]).toMatchObject({
        id: 'socks',
        offerId: offer.id,
        offer: { kind: 'product', discount: { percent: 20 } },
      });
      expect(all.checkout.map((f) => f.id)).toEqual([checkout.record.id]);
      expect(all.email).toEqual([expect.objectContaining({ id: email.record.id, enabled: false })]);

      const checkoutOnly = await loader.load(shopId, 'checkout');
      expect(checkoutOnly).toEqual({ post_purchase: [], checkout: all.checkout, email: [] });
    });

    it("when a step's library offer is turned off, then the loader passes over that step and logs which", async () => {
      const { record: offer } = await module.offers.create(shopId, offerInput());
      const paused = await module.funnels.create(
        shopId,
        funnelInput({ steps: [{ id: 'socks', offerRef: offer.id, decline: 'fallback' }, productStep('fallback', 2)], rootStepId: 'socks' }),
      );
      const plain = await module.funnels.create(shopId, funnelInput({ name: 'Plain' }));
      await module.offers.setEnabled(shopId, offer.id, false);

      const loaded = await createFunnelDefinitionLoader({ db: database.db, logger: capturingLogger() }).load(shopId);

      expect(new Map(loaded.post_purchase.map((f) => [f.id, f.rootStepId]))).toEqual(
        new Map([
          [paused.record.id, 'fallback'],
          [plain.record.id, 'upsell'],
        ]),
      );
      expect(logLines).toEqual([expect.objectContaining({ level: 30, shopId, funnelId: paused.record.id, bypassedStepIds: ['socks'] })]);
    });
  });

  describe('active funnels', () => {
    it('when asked twice, then the second answer comes from memory (the same compiled object)', async () => {
      await module.funnels.create(shopId, funnelInput());
      const first = await module.activeFunnels.get(shopId, 'post_purchase');
      const second = await module.activeFunnels.get(shopId, 'post_purchase');
      expect(first!.bySurface.post_purchase).toHaveLength(1);
      expect(second).toBe(first);
      expect((await module.activeFunnels.get(shopId, 'email'))!.bySurface.email).toEqual([]);
    });

    it('when this instance changes a funnel, then the next request sees the change at once', async () => {
      const { record } = await module.funnels.create(shopId, funnelInput());
      expect((await module.activeFunnels.get(shopId, 'post_purchase'))!.byId.get(record.id)!.enabled).toBe(true);
      await module.funnels.setEnabled(shopId, record.id, false);
      expect((await module.activeFunnels.get(shopId, 'post_purchase'))!.byId.get(record.id)!.enabled).toBe(false);
    });

    it('when another instance changes a funnel, then this one notices after the recheck interval, not before', async () => {
      const other = build(await database.openAnother());
      const { record } = await module.funnels.create(shopId, funnelInput());
      const before = await module.activeFunnels.get(shopId, 'post_purchase');

      await other.funnels.update(shopId, record.id, { ...funnelInput({ name: 'Changed elsewhere' }), version: 1 });
      clock.advance(2_999);
      expect(await module.activeFunnels.get(shopId, 'post_purchase')).toBe(before);
      clock.advance(1);
      const after = await module.activeFunnels.get(shopId, 'post_purchase');
      expect(after!.byId.get(record.id)!.name).toBe('Changed elsewhere');

      clock.advance(3_000);
      expect(await module.activeFunnels.get(shopId, 'post_purchase')).toBe(after);
    });

    it('when another instance turns off a library offer, then its step is passed over after the recheck interval', async () => {
      const other = build(await database.openAnother());
      const { record: offer } = await module.offers.create(shopId, offerInput());
      const { record } = await module.funnels.create(
        shopId,
        funnelInput({ steps: [{ id: 'socks', offerRef: offer.id, decline: 'fallback' }, productStep('fallback', 2)], rootStepId: 'socks' }),
      );
      const compiled = await module.activeFunnels.get(shopId, 'post_purchase');
      expect(compiled!.byId.get(record.id)!.rootStepId).toBe('socks');
      expect(compiled!.byId.get(record.id)!.steps.get('socks')!.offerKey).toBe(offer.id);

      await other.offers.setEnabled(shopId, offer.id, false);
      clock.advance(3_000);
      const after = await module.activeFunnels.get(shopId, 'post_purchase');
      expect(after!.byId.get(record.id)!.rootStepId).toBe('fallback');
      expect([...after!.byId.get(record.id)!.steps.keys()]).toEqual(['fallback']);
    });

    it('when the catalog changes, then funnels are recompiled against it without a reload', async () => {
      await module.funnels.create(shopId, funnelInput());
      const before = await module.activeFunnels.get(shopId, 'post_purchase');
      catalogNow = catalogOf([product(1), product(2)]);
      const after = await module.activeFunnels.get(shopId, 'post_purchase');
      expect(after).not.toBe(before);
      expect(after!.catalog).toBe(catalogNow);
    });

    it("when funnels belong to another shop, then they are not among this shop's", async () => {
      await module.funnels.create(otherShopId, funnelInput());
      expect((await module.activeFunnels.get(shopId, 'post_purchase'))!.bySurface.post_purchase).toEqual([]);
    });
  });
});
