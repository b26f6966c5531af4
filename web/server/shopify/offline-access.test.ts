// Expiring offline tokens: installed with a refresh token, refreshed before they run out and when Shopify refuses
// them, shared between concurrent callers, and forgotten (so the merchant's next visit reinstalls) when the refresh
// token itself is refused.
import { setAbstractFetchFunc } from '@shopify/shopify-api/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorFetch } from '../../../test/emulator/redirect-fetch.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { ShopNotInstalledError } from './errors.js';
import { ShopCurrencyQuery } from './graphql/ShopCurrencyQuery.js';

let h: Harness;
/** Refresh requests that reached Shopify. */
let refreshes = 0;
beforeAll(async () => {
  h = await startHarness({ runWorker: false });
  const toEmulator = emulatorFetch(h.emulator.url);
  setAbstractFetchFunc(async (input, init) => {
    if (String(input).endsWith('/admin/oauth/access_token') && String(init?.body).includes('refresh_token')) refreshes++;
    return toEmulator(input, init);
  });
  expect((await h.adminFetch('/api/admin/shop')).status).toBe(200);
});
afterAll(async () => h?.close());

const storedSession = () => h.server.ctx.db.prisma.session.findUniqueOrThrow({ where: { id: `offline_${h.shop}` } });
const askShopify = async () => (await h.server.ctx.adminFor(h.shop)).request(ShopCurrencyQuery, {});

describe('expiring offline tokens', () => {
  it('when the shop installs, then an expiring token and its refresh token are stored', async () => {
    const session = await storedSession();
    expect(session.refreshToken).toMatch(/^shprt_/);
    expect(session.expires!.getTime() - Date.now()).toBeGreaterThan(50 * 60_000);
    expect(session.refreshTokenExpires!.getTime()).toBeGreaterThan(session.expires!.getTime());
  });

  it('when the token is about to run out, then it is refreshed before the call, once for concurrent callers', async () => {
    const before = await storedSession();
    await h.server.ctx.db.prisma.session.update({ where: { id: before.id }, data: { expires: new Date(Date.now() + 60_000) } });
    refreshes = 0;
    const answers = await Promise.all([askShopify(), askShopify(), askShopify()]);
    expect(answers.map((a) => a.shop.currencyCode)).toEqual(['USD', 'USD', 'USD']);
    const after = await storedSession();
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.expires!.getTime() - Date.now()).toBeGreaterThan(50 * 60_000);
    expect(refreshes).toBe(1);
  });

  it('when Shopify refuses a token before its known expiry, then the call refreshes it and succeeds', async () => {
    const before = await storedSession();
    h.emulator.expireAccessTokens(h.shop);
    expect((await askShopify()).shop.currencyCode).toBe('USD');
    expect((await storedSession()).accessToken).not.toBe(before.accessToken);
  });

  it('when the access token has expired, then the merchant opening the app does not reinstall the shop', async () => {
    const before = await storedSession();
    await h.server.ctx.db.prisma.session.update({ where: { id: before.id }, data: { expires: new Date(Date.now() - 1000) } });
    const installedAt = (await h.server.ctx.db.prisma.shop.findUniqueOrThrow({ where: { domain: h.shop } })).updatedAt;
    expect((await h.adminFetch('/api/admin/shop')).status).toBe(200);
    expect((await storedSession()).refreshToken).toBe(before.refreshToken);
    expect((await h.server.ctx.db.prisma.shop.findUniqueOrThrow({ where: { domain: h.shop } })).updatedAt).toEqual(installedAt);
  });

  it('when the refresh token is refused too, then background work stops with "not installed" and the next visit reinstalls', async () => {
    const before = await storedSession();
    await h.server.ctx.db.prisma.session.update({
      where: { id: before.id },
      data: { expires: new Date(Date.now() - 1000), refreshToken: 'shprt_unknown_to_shopify' },
    });
    await expect(askShopify()).rejects.toBeInstanceOf(ShopNotInstalledError);
    expect(await h.server.ctx.db.prisma.session.findUnique({ where: { id: before.id } })).toBeNull();

    expect((await h.adminFetch('/api/admin/shop')).status).toBe(200);
    expect((await askShopify()).shop.currencyCode).toBe('USD');
    expect((await storedSession()).refreshToken).toMatch(/^shprt_/);
  });
});
