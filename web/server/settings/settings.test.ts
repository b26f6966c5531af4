// The settings store on real databases: defaults, validation, and the short per-instance cache of hot paths.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../test/support/databases.js';
import { captureLogs, databaseCases } from '../../../test/support/jobs.js';
import { ManualClock } from '../clock.js';
import type { Prisma } from '../db/client.js';
import { AppError } from '../errors.js';
import { silentLogger } from '../logger.js';
import { createSettingsStore, DEFAULT_SETTINGS_TTL_MS, type SettingsStore } from './service.js';

describe.each(databaseCases)('shop settings on %s', (_provider, createDatabase) => {
  let database: TestDatabase;
  let clock: ManualClock;
  let store: SettingsStore;
  let shopId: string;

  beforeAll(async () => {
    database = await createDatabase();
  });
  afterAll(async () => database?.drop());

  beforeEach(async () => {
    clock = new ManualClock();
    store = createSettingsStore({ db: database.db, clock, logger: silentLogger() });
    shopId = (
      await database.db.prisma.shop.create({
        data: { domain: `s-${Math.random().toString(36).slice(2)}.myshopify.com`, currencyCode: 'EUR' },
      })
    ).id;
  });

  it('when a shop never saved settings, then it gets the engine defaults and its currency', async () => {
    expect(await store.read(shopId)).toEqual({
      shopCurrency: 'EUR',
      settings: { defaultLocale: 'en', locales: ['en'], frequencyCap: null, holdoutPercent: 0, exchangeRates: {}, assignmentSalt: '' },
    });
  });

  it('when settings are saved, then missing keys take defaults and this instance reads the new values at once', async () => {
    await store.get(shopId);
    const saved = await store.update(shopId, { locales: ['en', 'de'], holdoutPercent: 12.5 });
    expect(saved).toMatchObject({ locales: ['en', 'de'], holdoutPercent: 12.5, defaultLocale: 'en', frequencyCap: null });
    expect(await store.get(shopId)).toEqual(saved);
  });

  it('when settings are invalid, then 422 lists each field and nothing is stored', async () => {
    const error = (await store
      .update(shopId, { holdoutPercent: 10.123, exchangeRates: { XYZ: '1.2' }, unknown: true })
      .catch((e: unknown) => e)) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.status).toBe(422);
    expect(error.details?.problems?.map((p) => p.field).sort()).toEqual(['', 'exchangeRates.XYZ', 'holdoutPercent']);
    expect((await database.db.prisma.shop.findUniqueOrThrow({ where: { id: shopId } })).settings).toEqual({});
  });

  it('when another instance saves settings, then this one serves its cached copy until the cache time runs out', async () => {
    const other = createSettingsStore({ db: await database.openAnother(), clock, logger: silentLogger() });
    expect((await store.get(shopId)).holdoutPercent).toBe(0);
    await other.update(shopId, { holdoutPercent: 20 });
    clock.advance(DEFAULT_SETTINGS_TTL_MS - 1);
    expect((await store.get(shopId)).holdoutPercent).toBe(0);
    clock.advance(1);
    expect((await store.get(shopId)).holdoutPercent).toBe(20);
  });

  it('when stored settings no longer parse, then the defaults are used and a warning is logged', async () => {
    const { logger, lines } = captureLogs();
    const lenient = createSettingsStore({ db: database.db, clock, logger });
    await database.db.prisma.shop.update({
      where: { id: shopId },
      data: { settings: { holdoutPercent: 'lots' } as Prisma.InputJsonValue },
    });
    expect((await lenient.get(shopId)).holdoutPercent).toBe(0);
    expect(lines).toContainEqual(expect.objectContaining({ level: 40, shopId, msg: expect.stringContaining('no longer valid') }));
  });
});
