import { Session } from '@shopify/shopify-api';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestDatabase, testDatabases } from '../../../test/support/databases.js';
import { PrismaSessionStorage } from './session-storage.js';

describe.each(Object.entries(testDatabases))('Prisma session storage on %s', (_name, create) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('stores, reloads, replaces and deletes offline and online sessions', async () => {
    database = await create();
    const storage = new PrismaSessionStorage(database.db);
    // Whole seconds, as the database keeps them; relative to now, because isActive() compares with the real time.
    const inADay = new Date(Math.floor(Date.now() / 1000) * 1000 + 86_400_000);
    const offline = new Session({
      id: 'offline_a.myshopify.com',
      shop: 'a.myshopify.com',
      state: 's',
      isOnline: false,
      accessToken: 'shpat_1',
      scope: 'read_products',
    });
    const online = new Session({
      id: 'a.myshopify.com_42',
      shop: 'a.myshopify.com',
      state: 's',
      isOnline: true,
      accessToken: 'shpua_2',
      scope: 'read_products',
      expires: inADay,
      onlineAccessInfo: {
        expires_in: 86400,
        associated_user_scope: 'read_products',
        associated_user: {
          id: 42,
          first_name: 'Ada',
          last_name: 'L',
          email: 'ada@example.com',
          account_owner: true,
          locale: 'en',
          collaborator: false,
          email_verified: true,
        },
      },
    });
    await storage.storeSession(offline);
    await storage.storeSession(online);

    const loaded = await storage.loadSession(online.id);
    expect(loaded?.accessToken).toBe('shpua_2');
    expect(loaded?.expires?.toISOString()).toBe(inADay.toISOString());
    expect(loaded?.onlineAccessInfo?.associated_user.email).toBe('ada@example.com');
    expect(loaded?.isActive('read_products')).toBe(true);

    offline.accessToken = 'shpat_rotated';
    await storage.storeSession(offline);
    expect((await storage.loadSession(offline.id))?.accessToken).toBe('shpat_rotated');
    expect((await storage.findSessionsByShop('a.myshopify.com')).map((s) => s.id).sort()).toEqual([online.id, offline.id].sort());

    await storage.deleteSession(online.id);
    expect(await storage.loadSession(online.id)).toBeUndefined();
    expect(await storage.deleteSessionsByShop('a.myshopify.com')).toBe(1);
    expect(await storage.findSessionsByShop('a.myshopify.com')).toEqual([]);
  });
});
