// Token exchange as @shopify/shopify-api performs it, session tokens as App Bridge mints them, and the library's own
// GraphQL client reaching the emulator through emulatorFetch.
import '@shopify/shopify-api/adapters/node';
import { ApiVersion, LogSeverity, RequestedTokenType, shopifyApi } from '@shopify/shopify-api';
import { setAbstractFetchFunc } from '@shopify/shopify-api/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signHs256, verifyHs256 } from './auth.js';
import { emulatorFetch } from './redirect-fetch.js';
import { DEMO_SHOP_DOMAIN } from './seed/demo-store.js';
import { type RunningEmulator, startEmulator } from './server.js';
import { gql } from './testing.js';

const API_KEY = 'auth-test-key';
const API_SECRET = 'auth-test-secret';
const OTHER_SHOP = 'second-shop.myshopify.com';

let emulator: RunningEmulator;
const shopify = shopifyApi({
  apiKey: API_KEY,
  apiSecretKey: API_SECRET,
  hostName: 'encore.test',
  apiVersion: ApiVersion.July26,
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error },
});

beforeAll(async () => {
  emulator = await startEmulator({ apiKey: API_KEY, apiSecret: API_SECRET });
  emulator.addShop(OTHER_SHOP, { seed: 'empty', name: 'Second Shop' });
  setAbstractFetchFunc(emulatorFetch(emulator.url));
});
afterAll(async () => emulator?.close());

async function exchangeRaw(
  body: Record<string, unknown>,
  shop = DEMO_SHOP_DOMAIN,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await emulatorFetch(emulator.url)(`https://${shop}/admin/oauth/access_token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function exchangeBody(subjectToken: string): Record<string, unknown> {
  return {
    client_id: API_KEY,
    client_secret: API_SECRET,
    grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
    subject_token: subjectToken,
    subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
    requested_token_type: 'urn:shopify:params:oauth:token-type:offline-access-token',
    expiring: '1',
  };
}

describe('session tokens', () => {
  it('issues an id token signed with the app secret, with the claims App Bridge sets', () => {
    const token = emulator.issueSessionToken(DEMO_SHOP_DOMAIN);
    const verified = verifyHs256(token, API_SECRET);
    expect(verified.ok).toBe(true);
    if (!verified.ok) return;
    const claims = verified.payload;
    expect(claims).toMatchObject({
      iss: `https://${DEMO_SHOP_DOMAIN}/admin`,
      dest: `https://${DEMO_SHOP_DOMAIN}`,
      aud: API_KEY,
      sub: '99000001',
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(60);
    expect(typeof claims.jti).toBe('string');
    expect(typeof claims.sid).toBe('string');
  });

  it('is accepted by @shopify/shopify-api decodeSessionToken', async () => {
    const payload = await shopify.session.decodeSessionToken(emulator.issueSessionToken(DEMO_SHOP_DOMAIN));
    expect(payload.dest).toBe(`https://${DEMO_SHOP_DOMAIN}`);
  });
});

describe('checkout session tokens', () => {
  it('when a checkout extension asks for a token, then its dest is the bare shop domain, without a scheme, valid for 5 minutes', () => {
    const verified = verifyHs256(emulator.issueCheckoutSessionToken(DEMO_SHOP_DOMAIN), API_SECRET);
    expect(verified.ok).toBe(true);
    if (!verified.ok) return;
    const claims = verified.payload;
    expect(claims.dest).toBe(DEMO_SHOP_DOMAIN);
    expect(claims).toMatchObject({ aud: API_KEY });
    expect(Object.keys(claims).sort()).toEqual(['aud', 'dest', 'exp', 'iat', 'jti', 'nbf']);
    expect(Number(claims.exp) - Number(claims.iat)).toBe(300);
  });

  it('when the buyer is logged in, then sub is their customer GID', () => {
    const verified = verifyHs256(emulator.issueCheckoutSessionToken(DEMO_SHOP_DOMAIN, { sub: 'gid://shopify/Customer/7' }), API_SECRET);
    expect(verified.ok && verified.payload.sub).toBe('gid://shopify/Customer/7');
  });

  it('when decoded the way authenticate.public.checkout does (no aud check), then @shopify/shopify-api accepts it', async () => {
    const payload = await shopify.session.decodeSessionToken(emulator.issueCheckoutSessionToken(DEMO_SHOP_DOMAIN), {
      checkAudience: false,
    });
    expect(payload.dest).toBe(DEMO_SHOP_DOMAIN);
  });
});

describe('token exchange', () => {
  it('when the library exchanges a session token, the offline token it gets works with its GraphQL client', async () => {
    const { session } = await shopify.auth.tokenExchange({
      shop: DEMO_SHOP_DOMAIN,
      sessionToken: emulator.issueSessionToken(DEMO_SHOP_DOMAIN),
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
      expiring: true,
    });
    expect(session.isOnline).toBe(false);
    expect(session.accessToken).toMatch(/^shpat_/);
    expect(session.scope).toContain('write_order_edits');
    expect(session.refreshToken).toMatch(/^shprt_/);
    expect(session.expires && session.expires.getTime() - Date.now()).toBeGreaterThan(3_500_000);
    const client = new shopify.clients.Graphql({ session });
    const response = await client.request<{ shop: { name: string; myshopifyDomain: string } }>('query { shop { name myshopifyDomain } }');
    expect(response.data?.shop).toEqual({ name: 'Encore Demo Store', myshopifyDomain: DEMO_SHOP_DOMAIN });
  });

  it('when an online token is requested, answers with expires_in and the associated user', async () => {
    const { session } = await shopify.auth.tokenExchange({
      shop: DEMO_SHOP_DOMAIN,
      sessionToken: emulator.issueSessionToken(DEMO_SHOP_DOMAIN),
      requestedTokenType: RequestedTokenType.OnlineAccessToken,
    });
    expect(session.isOnline).toBe(true);
    expect(session.onlineAccessInfo?.associated_user.id).toBe(99000001);
    expect(session.expires?.getTime()).toBeGreaterThan(Date.now() + 3600_000);
  });

  it('when the subject token is forged, refuses it with invalid_subject_token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const forged = signHs256(
      {
        iss: `https://${DEMO_SHOP_DOMAIN}/admin`,
        dest: `https://${DEMO_SHOP_DOMAIN}`,
        aud: API_KEY,
        sub: '1',
        exp: now + 60,
        nbf: now,
        iat: now,
      },
      'not-the-secret',
    );
    const result = await exchangeRaw(exchangeBody(forged));
    expect(result).toEqual({
      status: 400,
      body: { error: 'invalid_subject_token', error_description: 'Token exchange cannot be performed due to an invalid subject token.' },
    });
  });

  it('when the subject token is for another shop or expired, refuses it', async () => {
    const forOtherShop = emulator.issueSessionToken(OTHER_SHOP);
    expect((await exchangeRaw(exchangeBody(forOtherShop))).status).toBe(400);
    const expired = emulator.issueSessionToken(DEMO_SHOP_DOMAIN, { exp: Math.floor(Date.now() / 1000) - 120 });
    expect((await exchangeRaw(exchangeBody(expired))).body.error).toBe('invalid_subject_token');
  });

  it('when a non-expiring offline token is asked for, refuses it (new public apps must use expiring ones), installs nothing', async () => {
    const shop = emulator.addShop('legacy-token-shop.myshopify.com', { seed: 'empty' });
    shop.uninstallApp();
    const result = await exchangeRaw({ ...exchangeBody(emulator.issueSessionToken(shop.domain)), expiring: '0' }, shop.domain);
    expect(result).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(shop.app.uninstalledAt).not.toBeNull();
  });

  it('when the access token is refreshed, the new pair works and the used refresh token lasts until its replacement is used', async () => {
    const first = await exchangeRaw(exchangeBody(emulator.issueSessionToken(DEMO_SHOP_DOMAIN)));
    const refresh = (refreshToken: unknown) =>
      exchangeRaw({ client_id: API_KEY, client_secret: API_SECRET, grant_type: 'refresh_token', refresh_token: refreshToken });
    const second = await refresh(first.body.refresh_token);
    expect(second).toMatchObject({
      status: 200,
      body: { expires_in: 3600, access_token: expect.stringMatching(/^shpat_/), refresh_token: expect.stringMatching(/^shprt_/) },
    });
    expect((await gql(emulator, '{ shop { name } }', undefined, { token: second.body.access_token as string })).status).toBe(200);
    // The answer was lost: the first refresh token still works...
    expect((await refresh(first.body.refresh_token)).status).toBe(200);
    // ...until a replacement of it is used.
    expect((await refresh(second.body.refresh_token)).status).toBe(200);
    expect(await refresh(first.body.refresh_token)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('when an expiring access token has run out, it is refused with 401', async () => {
    const shop = emulator.addShop('expiring-shop.myshopify.com', { seed: 'empty' });
    const exchanged = await exchangeRaw(exchangeBody(emulator.issueSessionToken(shop.domain)), shop.domain);
    const token = exchanged.body.access_token as string;
    expect((await gql(emulator, '{ shop { name } }', undefined, { shop: shop.domain, token })).status).toBe(200);
    emulator.expireAccessTokens(shop.domain);
    expect((await gql(emulator, '{ shop { name } }', undefined, { shop: shop.domain, token })).status).toBe(401);
  });

  it('when the client secret is wrong, refuses the exchange', async () => {
    const result = await exchangeRaw({ ...exchangeBody(emulator.issueSessionToken(DEMO_SHOP_DOMAIN)), client_secret: 'wrong' });
    expect(result.status).toBe(401);
    expect(result.body.error).toBe('invalid_client');
  });
});

describe('shops', () => {
  it('routes each request to the shop named by the redirected host, and a token only works for its shop', async () => {
    const otherToken = emulator.issueAccessToken(OTHER_SHOP);
    const own = await gql<{ shop: { name: string } }>(emulator, '{ shop { name } products(first: 5) { nodes { id } } }', undefined, {
      shop: OTHER_SHOP,
      token: otherToken,
    });
    expect(own.data).toEqual({ shop: { name: 'Second Shop' }, products: { nodes: [] } });
    const crossed = await gql(emulator, '{ shop { name } }', undefined, { shop: DEMO_SHOP_DOMAIN, token: otherToken });
    expect(crossed.status).toBe(401);
  });

  it('when the app is uninstalled, its tokens stop working and app/uninstalled is recorded', async () => {
    const shop = emulator.addShop('uninstall-me.myshopify.com', { seed: 'empty' });
    const token = emulator.issueAccessToken(shop.domain);
    expect((await gql(emulator, '{ shop { name } }', undefined, { shop: shop.domain, token })).status).toBe(200);
    shop.uninstallApp();
    expect((await gql(emulator, '{ shop { name } }', undefined, { shop: shop.domain, token })).status).toBe(401);
  });
});
