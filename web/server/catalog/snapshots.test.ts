import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createShop, sampleCatalogInput } from '../../../test/support/catalog.js';
import { createPostgresTestDatabase, createSqliteTestDatabase, type TestDatabase } from '../../../test/support/databases.js';
import { markCatalogStale, readSnapshot, readSnapshotMeta, type ShopRef, storeSnapshot } from './snapshots.js';

const at = (iso: string) => new Date(`2026-11-23T${iso}Z`);

describe.each([
  ['sqlite', createSqliteTestDatabase],
  ['postgresql', createPostgresTestDatabase],
])('catalog snapshots on %s', (_provider, createDatabase) => {
  let database: TestDatabase;
  let shop: ShopRef;

  // One database per provider; each test gets its own shop.
  beforeAll(async () => {
    database = await createDatabase();
  });

  beforeEach(async () => {
    shop = await createShop(database.db, `snapshots-${randomUUID().slice(0, 8)}.myshopify.com`);
  });

  afterAll(async () => {
    await database.drop();
  });

  it('when snapshots are stored one after another, then the version goes up by one each time and the data round-trips', async () => {
    const first = await storeSnapshot(database.db, shop.id, sampleCatalogInput(2), at('12:00:00'));
    const second = await storeSnapshot(database.db, shop.id, sampleCatalogInput(3, 7), at('12:01:00'));
    expect(first).toMatchObject({ version: 1, products: 2, staleAt: null });
    expect(second).toMatchObject({ version: 2, products: 3, builtAt: at('12:01:00') });
    const stored = await readSnapshot(database.db, shop.id);
    expect(stored?.input).toEqual(sampleCatalogInput(3, 7));
  });

  it('when a product changed before the load began, then storing clears the stale mark', async () => {
    await storeSnapshot(database.db, shop.id, sampleCatalogInput(1), at('12:00:00'));
    expect(await markCatalogStale(database.db, shop.id, at('12:05:00'))).toBe(true);
    await storeSnapshot(database.db, shop.id, sampleCatalogInput(1), at('12:05:30'));
    expect((await readSnapshotMeta(database.db, shop.id))?.staleAt).toBeNull();
  });

  it('when a product changed while the load was running, then the new snapshot is stored but stays stale', async () => {
    await storeSnapshot(database.db, shop.id, sampleCatalogInput(1), at('12:00:00'));
    await markCatalogStale(database.db, shop.id, at('12:05:10'));
    const written = await storeSnapshot(database.db, shop.id, sampleCatalogInput(2), at('12:05:00'));
    expect(written).toMatchObject({ version: 2, products: 2, staleAt: at('12:05:10') });
  });

  it('when stale marks arrive out of order, then the latest change is kept', async () => {
    await storeSnapshot(database.db, shop.id, sampleCatalogInput(1), at('12:00:00'));
    await markCatalogStale(database.db, shop.id, at('12:05:00'));
    expect(await markCatalogStale(database.db, shop.id, at('12:04:00'))).toBe(false);
    expect((await readSnapshotMeta(database.db, shop.id))?.staleAt).toEqual(at('12:05:00'));
  });

  it('when a load that began earlier finishes after a newer one was stored, then it does not overwrite it', async () => {
    await storeSnapshot(database.db, shop.id, sampleCatalogInput(5), at('12:10:00'));
    expect(await storeSnapshot(database.db, shop.id, sampleCatalogInput(1), at('12:09:00'))).toBeNull();
    expect(await readSnapshotMeta(database.db, shop.id)).toMatchObject({ version: 1, products: 5 });
  });

  it('when two instances store the first snapshot at the same time, then both succeed in turn and the version counts both', async () => {
    const other = await database.openAnother();
    // Several rounds: the interleavings differ from one round to the next.
    for (let round = 0; round < 25; round++) {
      const racing = await createShop(database.db, `race-${round}-${randomUUID().slice(0, 8)}.myshopify.com`);
      const results = await Promise.all([
        storeSnapshot(database.db, racing.id, sampleCatalogInput(1), at('12:00:00')),
        storeSnapshot(other, racing.id, sampleCatalogInput(2), at('12:00:00')),
      ]);
      expect(results.map((r) => r?.version).sort()).toEqual([1, 2]);
      expect((await readSnapshotMeta(database.db, racing.id))?.version).toBe(2);
    }
  });

  it('when a shop has no snapshot, then marking it stale changes nothing', async () => {
    expect(await markCatalogStale(database.db, shop.id, at('12:00:00'))).toBe(false);
    expect(await readSnapshotMeta(database.db, shop.id)).toBeNull();
  });
});
