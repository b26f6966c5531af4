import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createShop, sampleCatalogInput } from '../../../test/support/catalog.js';
import { createSqliteTestDatabase, type TestDatabase } from '../../../test/support/databases.js';
import { ManualClock } from '../clock.js';
import { createJobQueue, type JobQueue } from '../jobs/queue.js';
import { silentLogger } from '../logger.js';
import { CatalogCache } from './cache.js';
import { CATALOG_REBUILD_JOB } from './rebuild-jobs.js';
import { markCatalogStale, type ShopRef, storeSnapshot } from './snapshots.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const logger = silentLogger();

let database: TestDatabase;
let clock: ManualClock;
let jobs: JobQueue;
let shop: ShopRef;

beforeEach(async () => {
  database = await createSqliteTestDatabase();
  clock = new ManualClock('2026-11-23T12:00:00Z');
  jobs = createJobQueue({ db: database.db, clock, logger });
  shop = await createShop(database.db, 'cache-shop.myshopify.com');
});

afterEach(async () => {
  await database.drop();
});

function cache(overrides: Partial<ConstructorParameters<typeof CatalogCache>[1]> = {}, db = database.db) {
  return new CatalogCache(
    { db, jobs, clock, logger },
    { versionCheckMs: 5 * SECOND, ttlMs: 15 * MINUTE, staleGraceMs: 2 * MINUTE, ...overrides },
  );
}

async function rebuildJobs() {
  return (await jobs.list({ name: CATALOG_REBUILD_JOB })).jobs;
}

describe('CatalogCache', () => {
  it('when a snapshot is stored, then get() serves its catalog, built once for every read of that version', async () => {
    await storeSnapshot(database.db, shop.id, sampleCatalogInput(3), clock.now());
    const catalogs = cache();

    const first = await catalogs.get(shop.id);
    expect(first?.products.size).toBe(3);
    expect(first?.variants.get('gid://shopify/ProductVariant/2')?.priceMinor).toBe(200);

    clock.advance(10 * SECOND); // past the version check: same version, same object
    const second = await catalogs.get(shop.id);
    await catalogs.whenIdle();
    const third = await catalogs.get(shop.id);
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(await rebuildJobs()).toEqual([]);
  });

  it('when many requests arrive at once for a cold shop, then they share one database load and one catalog', async () => {
    await storeSnapshot(database.db, shop.id, sampleCatalogInput(2), clock.now());
    const catalogs = cache();
    const results = await Promise.all(Array.from({ length: 20 }, () => catalogs.get(shop.id)));
    expect(new Set(results).size).toBe(1);
    expect(results[0]?.products.size).toBe(2);
  });

  it('when a shop has no snapshot, then get() returns null and requests a single rebuild however often it is asked', async () => {
    const catalogs = cache();
    const other = cache();
    for (let i = 0; i < 5; i++) {
      expect(await catalogs.get(shop.id)).toBeNull();
      expect(await other.get(shop.id)).toBeNull();
      clock.advance(6 * SECOND);
    }
    await Promise.all([catalogs.whenIdle(), other.whenIdle()]);
    const queued = await rebuildJobs();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ payload: { shopDomain: shop.domain }, shopDomain: shop.domain, status: 'queued' });
    expect(queued[0]!.runAt.getTime()).toBeLessThanOrEqual(clock.now().getTime());
  });

  it('when a rebuild job is already waiting for the shop, then the cache does not request another', async () => {
    await storeSnapshot(database.db, shop.id, sampleCatalogInput(1), clock.now());
    await jobs.enqueue(
      CATALOG_REBUILD_JOB,
      { shopDomain: shop.domain },
      { shopDomain: shop.domain, delayMs: 30 * SECOND, idempotencyKey: 'webhook-one' },
    );
    const catalogs = cache();
    clock.advance(15 * MINUTE);
    expect((await catalogs.get(shop.id))?.products.size).toBe(1);
    await catalogs.whenIdle();
    expect((await rebuildJobs()).map((j) => j.idempotencyKey)).toEqual(['webhook-one']);
  });

  it('when another instance stores a new version, then a second cache serves it once versionCheckMs has passed, not before', async () => {
    const otherDb = await database.openAnother();
    await storeSnapshot(database.db, shop.id, sampleCatalogInput(2), clock.now());
    const reader = cache({}, otherDb);
    const before = await reader.get(shop.id);
    expect(before?.variants.get('gid://shopify/ProductVariant/1')?.priceMinor).toBe(100);

    clock.advance(1 * SECOND);
    await storeSnapshot(database.db, shop.id, sampleCatalogInput(2, 50), clock.now());

    clock.advance(3 * SECOND); // 4 s since the first read: no check yet
    expect(await reader.get(shop.id)).toBe(before);
    await reader.whenIdle();
    expect(await reader.get(shop.id)).toBe(before);

    clock.advance(1 * SECOND); // 5 s: this read triggers the check in the background and is served at once
    expect(await reader.get(shop.id)).toBe(before);
    await reader.whenIdle();
    const after = await reader.lookup(shop.id);
    expect(after?.version).toBe(2);
    expect(after?.catalog.variants.get('gid://shopify/ProductVariant/1')?.priceMinor).toBe(150);
  });

  it('when the snapshot is older than the TTL, then it is still served and one refresh job is requested across instances', async () => {
    await storeSnapshot(database.db, shop.id, sampleCatalogInput(1), clock.now());
    const first = cache();
    const second = cache();
    await first.get(shop.id);
    await second.get(shop.id);
    await Promise.all([first.whenIdle(), second.whenIdle()]);
    expect(await rebuildJobs()).toEqual([]);

    clock.advance(15 * MINUTE);
    for (let i = 0; i < 10; i++) {
      expect((await first.get(shop.id))?.products.size).toBe(1);
      expect((await second.get(shop.id))?.products.size).toBe(1);
      clock.advance(SECOND);
    }
    await Promise.all([first.whenIdle(), second.whenIdle()]);
    const queued = await rebuildJobs();
    expect(queued).toHaveLength(1);
    expect(queued[0]!.idempotencyKey).toContain(':refresh:');
  });

  it('when a webhook marked the snapshot stale, then it is served as is; a rebuild is asked only after the grace period', async () => {
    await storeSnapshot(database.db, shop.id, sampleCatalogInput(1), clock.now());
    const catalogs = cache();
    await catalogs.get(shop.id);
    await markCatalogStale(database.db, shop.id, clock.now());

    clock.advance(5 * SECOND);
    await catalogs.get(shop.id); // triggers the version check that sees the stale mark
    await catalogs.whenIdle();
    const seen = await catalogs.lookup(shop.id);
    expect(seen?.staleAt).not.toBeNull();
    expect(seen?.catalog.products.size).toBe(1);
    await catalogs.whenIdle();
    expect(await rebuildJobs()).toEqual([]);

    clock.advance(2 * MINUTE);
    await catalogs.get(shop.id);
    await catalogs.whenIdle();
    expect(await rebuildJobs()).toHaveLength(1);
  });

  it('when the database fails during a version check, then the cached catalog keeps being served', async () => {
    const otherDb = await database.openAnother();
    await storeSnapshot(database.db, shop.id, sampleCatalogInput(2), clock.now());
    const catalogs = cache({}, otherDb);
    const served = await catalogs.get(shop.id);
    await otherDb.close();

    clock.advance(6 * SECOND);
    expect(await catalogs.get(shop.id)).toBe(served);
    await catalogs.whenIdle();
    expect(await catalogs.get(shop.id)).toBe(served);
  });

  it('when more shops are read than maxShops, then the least recently read one is dropped from memory', async () => {
    const shops = [shop, await createShop(database.db, 'b.myshopify.com'), await createShop(database.db, 'c.myshopify.com')];
    for (const s of shops) await storeSnapshot(database.db, s.id, sampleCatalogInput(1), clock.now());
    const catalogs = cache({ maxShops: 2 });
    const a = await catalogs.get(shops[0]!.id);
    await catalogs.get(shops[1]!.id);
    await catalogs.get(shops[0]!.id); // a is now the most recent
    await catalogs.get(shops[2]!.id); // evicts b
    expect(catalogs.size).toBe(2);
    expect(await catalogs.get(shops[0]!.id)).toBe(a);
  });

  it('when a catalog is primed or invalidated, then reads follow memory first and the database after invalidation', async () => {
    const catalogs = cache();
    const primed = catalogs.prime(shop.id, sampleCatalogInput(4), { version: 7 });
    expect(await catalogs.get(shop.id)).toBe(primed.catalog);

    await storeSnapshot(database.db, shop.id, sampleCatalogInput(1), clock.now());
    catalogs.invalidate(shop.id);
    expect((await catalogs.get(shop.id))?.products.size).toBe(1);
  });

  it('when the stored data is not a catalog, then nothing is served and a rebuild is requested', async () => {
    await database.db.prisma.catalogSnapshot.create({ data: { shopId: shop.id, data: { unexpected: true }, builtAt: clock.now() } });
    const catalogs = cache();
    expect(await catalogs.get(shop.id)).toBeNull();
    await catalogs.whenIdle();
    expect(await rebuildJobs()).toHaveLength(1);
  });
});
