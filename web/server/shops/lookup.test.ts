// The one shop lookup and the directory that caches it, on real SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../test/support/databases.js';
import { databaseCases } from '../../../test/support/jobs.js';
import { ManualClock } from '../clock.js';
import { createShopDirectory, findShop, installedShop, SHOP_CACHE_TTL_MS, shopProfile } from './index.js';

describe.each(databaseCases)('shop lookup on %s', (_provider, createDatabase) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createDatabase();
  });
  afterAll(async () => database?.drop());

  const createShop = async (installState: 'installed' | 'uninstalled' = 'installed') => {
    const domain = `s-${Math.random().toString(36).slice(2)}.myshopify.com`;
    return database.db.prisma.shop.create({ data: { domain, installState, currencyCode: 'EUR', scopes: 'read_products,write_orders' } });
  };

  it('when a shop is looked up by domain or by id, then both give the same facts, installed or not', async () => {
    const installed = await createShop();
    const gone = await createShop('uninstalled');
    const facts = { id: installed.id, domain: installed.domain, currencyCode: 'EUR', ianaTimezone: null, installed: true };
    expect(await findShop(database.db, { domain: installed.domain })).toEqual(facts);
    expect(await findShop(database.db, { id: installed.id })).toEqual(facts);
    expect(await findShop(database.db, { domain: gone.domain })).toEqual({
      id: gone.id,
      domain: gone.domain,
      currencyCode: 'EUR',
      ianaTimezone: null,
      installed: false,
    });
    expect(await findShop(database.db, { domain: 'never-seen.myshopify.com' })).toBeNull();
  });

  it('when the app is not installed on a shop, then installedShop is null for it, by domain and by id', async () => {
    const installed = await createShop();
    const gone = await createShop('uninstalled');
    expect(await installedShop(database.db, { id: installed.id })).toMatchObject({ domain: installed.domain, installed: true });
    expect(await installedShop(database.db, { domain: gone.domain })).toBeNull();
    expect(await installedShop(database.db, { id: gone.id })).toBeNull();
    expect(await installedShop(database.db, { id: 'no-such-id' })).toBeNull();
  });

  it('when the admin asks for the shop, then its profile lists the granted scopes', async () => {
    const shop = await createShop();
    expect(await shopProfile(database.db, shop.id)).toMatchObject({
      domain: shop.domain,
      currencyCode: 'EUR',
      installState: 'installed',
      scopes: ['read_products', 'write_orders'],
    });
    expect(await shopProfile(database.db, 'no-such-id')).toBeNull();
  });

  it('when an installed shop is read through the directory, then it comes from memory until SHOP_CACHE_TTL_MS has passed', async () => {
    const clock = new ManualClock();
    const shop = await createShop();
    const directory = createShopDirectory({ db: database.db, clock });
    expect(await directory.byDomain(shop.domain)).toMatchObject({ currencyCode: 'EUR' });
    await database.db.prisma.shop.update({ where: { id: shop.id }, data: { currencyCode: 'CAD' } });
    clock.advance(SHOP_CACHE_TTL_MS - 1);
    expect(await directory.byDomain(shop.domain)).toMatchObject({ currencyCode: 'EUR' });
    clock.advance(1);
    expect(await directory.byDomain(shop.domain)).toMatchObject({ currencyCode: 'CAD' });
  });

  it('when a shop is not installed, then the directory does not cache it, so it is served at once after it installs', async () => {
    const clock = new ManualClock();
    const shop = await createShop('uninstalled');
    const directory = createShopDirectory({ db: database.db, clock });
    expect(await directory.byDomain(shop.domain)).toMatchObject({ installed: false });
    await database.db.prisma.shop.update({ where: { id: shop.id }, data: { installState: 'installed' } });
    expect(await directory.byDomain(shop.domain)).toMatchObject({ installed: true });
  });

  it('when more shops are read than maxShops, then the least recently read one is read again from the database', async () => {
    const clock = new ManualClock();
    const [first, second] = [await createShop(), await createShop()];
    const directory = createShopDirectory({ db: database.db, clock, maxShops: 1 });
    await directory.byDomain(first.domain);
    await database.db.prisma.shop.update({ where: { id: first.id }, data: { currencyCode: 'JPY' } });
    expect(await directory.byDomain(first.domain)).toMatchObject({ currencyCode: 'EUR' });
    await directory.byDomain(second.domain);
    expect(await directory.byDomain(first.domain)).toMatchObject({ currencyCode: 'JPY' });
  });
});
