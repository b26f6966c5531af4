// POST /api/checkout/events over real HTTP, with the app's own middleware in app.ts order, a real SQLite database
// and the real ledger: checkout session tokens minted by the emulator's checkout issuer, i.e. as Shopify mints them
// (HS256 with the app secret, bare shop domain in `dest`), good and bad. The CORS preflight is asked of the real
// app factory.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CheckoutEvent, SUBSCRIPTION_UPGRADE_OFFER_ID } from '../../../extensions/checkout-upsell/src/offers-contract.js';
import { Auth, signHs256, verifyHs256 } from '../../../test/emulator/auth.js';
import { createSqliteTestDatabase, type TestDatabase } from '../../../test/support/databases.js';
import { product, productStep, variantGid } from '../../../test/support/engine-fixtures.js';
import { storeSnapshot } from '../catalog/snapshots.js';
import { ManualClock } from '../clock.js';
import { loadConfig } from '../config.js';
import type { AppContext } from '../context.js';
import { FunnelDocumentSchema } from '../funnels/documents.js';
import { createFunnelRepository } from '../funnels/repository.js';
import { createApp } from '../http/app.js';
import { errorHandler, notFound, openCors, requestContext } from '../http/middleware.js';
import { silentLogger } from '../logger.js';
import { buildContext } from '../start.js';
import { checkoutRouter } from './routes.js';

const API_KEY = 'checkout-test-key';
const API_SECRET = 'checkout-test-secret';
const SHOP = 'socks-shop.myshopify.com';
const CUSTOMER = 'gid://shopify/Customer/77';

interface TokenOptions {
  secret?: string;
  claims?: Record<string, unknown>;
  omit?: string[];
}

/** A checkout session token as shopify.sessionToken.get() returns it for a logged-in buyer, with changes. */
function checkoutToken(options: TokenOptions = {}): string {
  const secret = options.secret ?? API_SECRET;
  const minted = new Auth({ apiKey: API_KEY, apiSecret: secret }).issueCheckoutSessionToken(SHOP, { sub: CUSTOMER, ...options.claims });
  if (!options.omit?.length) return minted;
  const decoded = verifyHs256(minted, secret);
  if (!decoded.ok) throw new Error(decoded.reason);
  for (const name of options.omit) delete decoded.payload[name];
  return signHs256(decoded.payload, secret);
}

function event(overrides: Partial<CheckoutEvent> = {}): CheckoutEvent {
  const base: CheckoutEvent = {
    kind: 'shown',
    offerId: 'placeholder',
    surface: 'checkout',
    variantId: variantGid(2),
    quantity: 1,
    checkoutToken: 'c1-abc',
    occurredAt: '2026-11-23T09:59:58.000Z',
    idempotencyKey: '',
    ...overrides,
  };
  return {
    ...base,
    idempotencyKey: overrides.idempotencyKey ?? `${base.checkoutToken ?? 'r4nd0m'}:${base.offerId}:${base.variantId}:${base.kind}`,
  };
}

describe('POST /api/checkout/events', () => {
  let database: TestDatabase;
  let ctx: AppContext;
  let clock: ManualClock;
  let server: http.Server;
  let url: string;
  let shopId: string;
  let offerId: string;

  const post = (body: unknown, token: string | null = checkoutToken(), raw = false) =>
    fetch(`${url}/api/checkout/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: raw ? (body as string) : JSON.stringify(body),
    });
  const events = () => ctx.db.prisma.offerEvent.findMany({ where: { shopId }, orderBy: { idempotencyKey: 'asc' } });

  beforeAll(async () => {
    database = await createSqliteTestDatabase();
    clock = new ManualClock('2026-11-23T10:00:00Z');
    const config = loadConfig({
      SHOPIFY_API_KEY: API_KEY,
      SHOPIFY_API_SECRET: API_SECRET,
      SHOPIFY_APP_URL: 'https://encore.test',
      DATABASE_URL: database.url,
      PORT: '0',
    });
    ctx = await buildContext(config, { logger: silentLogger(), clock });
    shopId = (await ctx.db.prisma.shop.create({ data: { domain: SHOP, currencyCode: 'USD' } })).id;

    // A catalog and a checkout funnel, so accepted add-ons are priced from what the sync would write.
    await storeSnapshot(ctx.db, shopId, { shopCurrency: 'USD', products: [product(2, { price: 2000 })] }, clock.now());
    const funnel = await createFunnelRepository(ctx.db).insert(
      shopId,
      FunnelDocumentSchema.parse({ name: 'Socks', surface: 'checkout', rootStepId: 'socks', steps: [productStep('socks', 2)] }),
    );
    offerId = `${funnel.id}/socks/2`;

    // The app's order (app.ts): request context, open CORS on /api/checkout, JSON body, the router, errors.
    const app = express();
    app.use(requestContext(ctx.logger));
    app.use('/api/checkout', openCors());
    app.use(express.json({ limit: '256kb' }));
    app.use('/api/checkout', checkoutRouter(ctx, { rateLimit: { burst: 1000, perSecond: 1000 } }));
    app.use(notFound());
    app.use(errorHandler());
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await ctx?.db.close();
    await database?.drop();
  });

  beforeEach(async () => {
    await ctx.db.prisma.offerEvent.deleteMany({ where: { shopId } });
  });

  it('when the token is valid, then each event is recorded once, with its funnel and step, accepted add-ons with their price', async () => {
    const shown = event({ kind: 'shown', offerId });
    const accepted = event({ kind: 'accepted', offerId, discountCode: 'ENCORE-ABCDEFGHJKLM' });
    const response = await post({ events: [shown, accepted] });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ recorded: 2, duplicates: 0 });

    const rows = await events();
    const [funnelId] = offerId.split('/');
    expect(rows).toEqual([
      expect.objectContaining({
        idempotencyKey: `checkout:c1-abc:${offerId}:${variantGid(2)}:accepted`,
        orderKey: 'c1-abc',
        customerId: CUSTOMER,
        surface: 'checkout',
        kind: 'accepted',
        funnelId,
        stepId: 'socks',
        offerId: 'socks',
        variantId: variantGid(2),
        quantity: 1,
        // $20.00 with the step's 10% off: what the line adds, in the shop currency.
        amountMinor: 1800,
        currencyCode: 'USD',
        occurredAt: clock.now(),
        detail: { clientOccurredAt: '2026-11-23T09:59:58.000Z', discountCode: 'ENCORE-ABCDEFGHJKLM' },
      }),
      expect.objectContaining({ kind: 'shown', amountMinor: null, currencyCode: null, funnelId, stepId: 'socks', customerId: CUSTOMER }),
    ]);
  });

  it('when the same events arrive again (re-render, reload), then nothing new is recorded', async () => {
    const body = { events: [event({ offerId }), event({ offerId, kind: 'accepted' })] };
    expect(await (await post(body)).json()).toEqual({ recorded: 2, duplicates: 0 });
    const replay = await post(body);
    expect(replay.status).toBe(202);
    expect(await replay.json()).toEqual({ recorded: 0, duplicates: 2 });
    expect(await events()).toHaveLength(2);
  });

  it('when the upgrade reports, or the checkout has no token, then events stay under the instance, never a declined product', async () => {
    const upgrade = event({
      kind: 'declined',
      offerId: SUBSCRIPTION_UPGRADE_OFFER_ID,
      sellingPlanId: 'gid://shopify/SellingPlan/5',
      checkoutToken: undefined,
      idempotencyKey: `k9x2:${SUBSCRIPTION_UPGRADE_OFFER_ID}:${variantGid(2)}:gid://shopify/SellingPlan/5:declined`,
    });
    const response = await post({ events: [upgrade] }, checkoutToken({ omit: ['sub'] }));
    expect(response.status).toBe(202);
    const [row] = await events();
    expect(row).toMatchObject({
      orderKey: 'checkout-session:k9x2',
      customerId: null,
      kind: 'declined',
      offerId: SUBSCRIPTION_UPGRADE_OFFER_ID,
      funnelId: null,
      stepId: null,
      amountMinor: null,
      detail: { clientOccurredAt: upgrade.occurredAt, sellingPlanId: 'gid://shopify/SellingPlan/5', subscriptionUpgrade: true },
    });
  });

  it.each([
    ['the bare shop domain, as checkout sends it', SHOP],
    ['an https URL, as admin tokens spell it', `https://${SHOP}`],
    ['the shop domain in capitals', SHOP.toUpperCase()],
  ])('when the token names the store as %s, then the events are recorded', async (_case, dest) => {
    const response = await post({ events: [event({ offerId })] }, checkoutToken({ claims: { dest } }));
    expect(response.status).toBe(202);
    expect(await events()).toEqual([expect.objectContaining({ kind: 'shown', customerId: CUSTOMER })]);
  });

  it('when the token has no aud claim, then it is still accepted: the signature is proof, as in authenticate.public.checkout', async () => {
    const response = await post({ events: [event({ offerId })] }, checkoutToken({ omit: ['aud'] }));
    expect(response.status).toBe(202);
    expect(await events()).toHaveLength(1);
  });

  it.each([
    ['no token', null],
    ['a token signed with another secret', checkoutToken({ secret: 'not-our-secret' })],
    ['an expired token', checkoutToken({ claims: { exp: Math.floor(Date.now() / 1000) - 60, nbf: Math.floor(Date.now() / 1000) - 400 } })],
    ['a token not valid yet', checkoutToken({ claims: { nbf: Math.floor(Date.now() / 1000) + 120 } })],
    ['a token for another app', checkoutToken({ claims: { aud: 'someone-else' } })],
    ['a token without expiry', checkoutToken({ omit: ['exp'] })],
    ['a token whose destination is not a Shopify store', checkoutToken({ claims: { dest: 'https://evil.example.com' } })],
    ['a token whose destination only starts like a store', checkoutToken({ claims: { dest: `${SHOP}.evil.example.com` } })],
    ['a token whose destination is plain http', checkoutToken({ claims: { dest: `http://${SHOP}` } })],
    ['a token whose destination has a path', checkoutToken({ claims: { dest: `https://${SHOP}/admin` } })],
    ['a token for a store without the app', checkoutToken({ claims: { dest: 'other-shop.myshopify.com' } })],
    ['something that is not a JWT', 'not.a.jwt'],
  ])('when the request carries %s, then it is refused with 401 JSON and nothing is recorded', async (_case, token) => {
    const response = await post({ events: [event({ offerId })] }, token);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toMatchObject({ error: { code: 'unauthorized', message: expect.any(String) } });
    expect(await events()).toHaveLength(0);
  });

  it.each([
    ['not JSON', '{"events": [', 400, 'invalid_json'],
    ['JSON without an events list', JSON.stringify({ event: {} }), 400, 'bad_request'],
    ['an empty list', JSON.stringify({ events: [] }), 422, 'validation_failed'],
    [
      'an unknown kind and a malformed variant',
      JSON.stringify({ events: [{ ...event({ offerId: 'f/socks/2' }), kind: 'clicked', variantId: '91' }] }),
      422,
      'validation_failed',
    ],
    [
      'too many events',
      JSON.stringify({ events: Array.from({ length: 51 }, (_, i) => event({ offerId: 'f/socks/2', idempotencyKey: `k${i}` })) }),
      422,
      'validation_failed',
    ],
    [
      'a date that is not ISO 8601',
      JSON.stringify({ events: [{ ...event({ offerId: 'f/socks/2' }), occurredAt: 'yesterday' }] }),
      422,
      'validation_failed',
    ],
  ] as const)('when the body is %s, then it is refused with %i and nothing is recorded', async (_case, body, status, code) => {
    const response = await post(body, checkoutToken(), true);
    expect(response.status).toBe(status);
    const json = (await response.json()) as { error: { code: string; message: string; problems?: Array<{ field: string }> } };
    expect(json.error.code).toBe(code);
    if (status === 422) expect(json.error.problems?.length).toBeGreaterThan(0);
    expect(await events()).toHaveLength(0);
  });

  it('when an event is invalid, then the problem names its field', async () => {
    const response = await post({ events: [event({ offerId }), { ...event({ offerId }), variantId: 'gid://shopify/Product/2' }] });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: { problems: Array<{ field: string }> } }).error.problems).toEqual([
      expect.objectContaining({ field: 'events.1.variantId' }),
    ]);
  });

  it('when a store posts faster than its limit, then it gets 429 with Retry-After until its bucket refills', async () => {
    const app = express();
    app.use(requestContext(ctx.logger));
    app.use(express.json());
    app.use('/api/checkout', checkoutRouter(ctx, { rateLimit: { burst: 2, perSecond: 0.5 } }));
    app.use(errorHandler());
    const limited = http.createServer(app);
    await new Promise<void>((resolve) => limited.listen(0, '127.0.0.1', resolve));
    const limitedUrl = `http://127.0.0.1:${(limited.address() as AddressInfo).port}/api/checkout/events`;
    const send = (i: number) =>
      fetch(limitedUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${checkoutToken()}` },
        body: JSON.stringify({ events: [event({ offerId, idempotencyKey: `rate-${i}` })] }),
      });
    try {
      expect((await send(1)).status).toBe(202);
      expect((await send(2)).status).toBe(202);
      const refused = await send(3);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('2');
      expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited' } });
      clock.advance(2_000);
      expect((await send(4)).status).toBe(202);
      expect((await events()).map((e) => e.idempotencyKey).sort()).toEqual(['checkout:rate-1', 'checkout:rate-2', 'checkout:rate-4']);
    } finally {
      await new Promise<void>((resolve) => limited.close(() => resolve()));
    }
  });

  it('when the extension sends its CORS preflight to the real app, then any origin may post with Authorization, Content-Type', async () => {
    const app = http.createServer(createApp(ctx));
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(app.address() as AddressInfo).port}/api/checkout/events`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'https://extensions.shopifycdn.com',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization,content-type',
        },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-allow-methods')).toContain('POST');
      expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
      expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
    } finally {
      await new Promise<void>((resolve) => app.close(() => resolve()));
    }
  });
});
