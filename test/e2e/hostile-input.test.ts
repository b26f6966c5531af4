// Hostile input on every public endpoint except the webhook intake (tested on its own): the real app over HTTP, the
// demo shop installed through token exchange against the emulator, its catalog loaded, funnels saved, on SQLite and
// PostgreSQL. A seeded property test throws random and hostile bodies, paths and query strings at each endpoint,
// with and without a valid token; examples pin the answers a client can act on.
import fc from 'fast-check';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../web/server/http/input-guard.js';
import { DEMO_CUSTOMERS, DEMO_PRODUCTS, DEMO_VARIANTS } from '../emulator/seed/demo-store.js';
import {
  hostileBody,
  hostilePathSegment,
  hostileQuery,
  LEAKED_INTERNALS,
  nestedArrayText,
  nestedObjectText,
  type WireBody,
} from '../support/hostile-json.js';
import { type PostPurchaseBackend, startPostPurchaseBackend, TEST_API_KEY, TEST_API_SECRET } from '../support/post-purchase/backend.js';
import { coffeeFunnel } from '../support/post-purchase/demo-funnels.js';
import type { ShopifyPurchase } from '../support/post-purchase/shopify-host.js';

/** Runs per endpoint and database (a third of them for GETs); raise locally (HOSTILE_RUNS=2000) to search harder. */
const RUNS = Number(process.env.HOSTILE_RUNS ?? 30);
const SEED = Number(process.env.HOSTILE_SEED ?? 20_261_204);
const REPO_ROOT = process.cwd();

/** `bare-purchase`: a purchase token without Shopify's signed `input_data`, so the body's purchase is the one read. */
type Auth = 'admin' | 'purchase' | 'bare-purchase' | 'checkout' | 'none';

interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `:id` is replaced by `id` (or a hostile segment). */
  path: string;
  auth: Auth;
  id?: (f: Fixture) => string;
  template?: (f: Fixture) => unknown;
}

interface ErrorBody {
  error: { code: string; message: string; problems?: Array<{ field: string; message: string }> };
  requestId: string;
}

/**
 * A checkout session token signed as Shopify signs it for the checkout extension: `dest` is the bare shop domain
 * (Shopify/shopify-app-js: "Checkout UI session tokens don't include the protocol").
 */
function checkoutToken(shop: string, dest = shop): string {
  const now = Math.floor(Date.now() / 1000);
  return jwt.sign(
    {
      iss: `https://${shop}`,
      dest,
      aud: TEST_API_KEY,
      sub: `gid://shopify/Customer/${DEMO_CUSTOMERS.newFirstOrder}`,
      exp: now + 300,
      nbf: now,
      iat: now,
      jti: crypto.randomUUID(),
    },
    TEST_API_SECRET,
    { algorithm: 'HS256', noTimestamp: true },
  );
}

function checkoutEvent(overrides: Record<string, unknown> = {}) {
  const key = crypto.randomUUID();
  return {
    kind: 'shown',
    offerId: 'placeholder',
    surface: 'checkout',
    variantId: `gid://shopify/ProductVariant/${DEMO_VARIANTS.handGrinder}`,
    quantity: 1,
    checkoutToken: `c-${key}`,
    occurredAt: '2026-11-23T09:59:58.000Z',
    idempotencyKey: `c-${key}:placeholder:shown`,
    ...overrides,
  };
}

const mugOffer = (extra: Record<string, unknown> = {}) => ({
  name: 'Mug 10% off',
  offer: {
    kind: 'product',
    source: { type: 'product', productId: `gid://shopify/Product/${DEMO_PRODUCTS.mug}` },
    discount: { type: 'percentage', percent: 10 },
  },
  content: { en: { headline: 'A mug?', body: 'Pairs with {product}.', button: 'Add it' } },
  ...extra,
});

/** What the endpoints are called with: filled in by each database's beforeAll. */
interface Fixture {
  backend: PostPurchaseBackend;
  purchase: ShopifyPurchase;
  barePurchase: ShopifyPurchase;
  funnelId: string;
  /** A funnel and a library offer the fuzzer may edit, disable and enable (never delete: see ENDPOINTS). */
  victimFunnelId: string;
  victimOfferId: string;
  /** Their versions when the fuzzing starts: once one PUT saved, later ones are version conflicts, but only after
   *  validation, and the write still carries their values to the database. */
  victimFunnelVersion: number;
  victimOfferVersion: number;
  settings: unknown;
  jobId: string;
}

/** Every public endpoint but the webhook intake, with the valid body each hostile body is made from. */
const ENDPOINTS: Endpoint[] = [
  { method: 'POST', path: '/api/post-purchase/offer', auth: 'purchase', template: (f) => f.purchase.offerRequest() },
  { method: 'POST', path: '/api/post-purchase/offer', auth: 'bare-purchase', template: (f) => f.barePurchase.offerRequest() },
  {
    method: 'POST',
    path: '/api/post-purchase/sign',
    auth: 'purchase',
    template: (f) => ({
      referenceId: f.purchase.referenceId,
      shopDomain: f.backend.shop.domain,
      stepId: 'grinder',
      optionId: `gid://shopify/Product/${DEMO_PRODUCTS.handGrinder}`,
      variantId: DEMO_VARIANTS.handGrinder,
      quantity: 1,
    }),
  },
  {
    method: 'POST',
    path: '/api/post-purchase/events',
    auth: 'purchase',
    template: (f) => ({
      referenceId: f.purchase.referenceId,
      shopDomain: f.backend.shop.domain,
      events: [
        { type: 'shown', stepId: 'grinder' },
        { type: 'declined', stepId: 'grinder' },
      ],
    }),
  },
  {
    method: 'POST',
    path: '/api/checkout/events',
    auth: 'checkout',
    template: () => ({ events: [checkoutEvent(), checkoutEvent({ kind: 'accepted', discountCode: 'ENCORE-X' })] }),
  },
  { method: 'GET', path: '/api/admin/shop', auth: 'admin' },
  { method: 'GET', path: '/api/admin/funnels', auth: 'admin' },
  { method: 'POST', path: '/api/admin/funnels', auth: 'admin', template: () => coffeeFunnel({ name: 'Fuzzed' }) },
  { method: 'POST', path: '/api/admin/funnels/validate', auth: 'admin', template: () => coffeeFunnel() },
  { method: 'GET', path: '/api/admin/funnels/:id', auth: 'admin', id: (f) => f.funnelId },
  {
    method: 'PUT',
    path: '/api/admin/funnels/:id',
    auth: 'admin',
    id: (f) => f.victimFunnelId,
    template: (f) => ({ ...coffeeFunnel({ name: 'Victim' }), version: f.victimFunnelVersion }),
  },
  { method: 'POST', path: '/api/admin/funnels/:id/disable', auth: 'admin', id: (f) => f.victimFunnelId, template: () => ({}) },
  {
    method: 'POST',
    path: '/api/admin/funnels/:id/enable',
    auth: 'admin',
    id: (f) => f.victimFunnelId,
    template: (f) => ({ version: f.victimFunnelVersion }),
  },
  // A version nobody has: the delete is refused (409) however far the request gets, so the fixtures stay.
  { method: 'DELETE', path: '/api/admin/funnels/:id', auth: 'admin', id: (f) => f.victimFunnelId, template: () => ({ version: 999_999 }) },
  { method: 'GET', path: '/api/admin/offers', auth: 'admin' },
  { method: 'POST', path: '/api/admin/offers', auth: 'admin', template: () => mugOffer({ name: 'Fuzzed offer' }) },
  { method: 'POST', path: '/api/admin/offers/validate', auth: 'admin', template: () => mugOffer() },
  { method: 'GET', path: '/api/admin/offers/:id', auth: 'admin', id: (f) => f.victimOfferId },
  {
    method: 'PUT',
    path: '/api/admin/offers/:id',
    auth: 'admin',
    id: (f) => f.victimOfferId,
    template: (f) => mugOffer({ version: f.victimOfferVersion }),
  },
  {
    method: 'POST',
    path: '/api/admin/offers/:id/disable',
    auth: 'admin',
    id: (f) => f.victimOfferId,
    template: (f) => ({ version: f.victimOfferVersion }),
  },
  { method: 'POST', path: '/api/admin/offers/:id/enable', auth: 'admin', id: (f) => f.victimOfferId, template: () => ({}) },
  { method: 'DELETE', path: '/api/admin/offers/:id', auth: 'admin', id: (f) => f.victimOfferId, template: () => ({ version: 999_999 }) },
  { method: 'GET', path: '/api/admin/settings', auth: 'admin' },
  { method: 'PUT', path: '/api/admin/settings', auth: 'admin', template: (f) => f.settings },
  { method: 'GET', path: '/api/admin/orders/:id/ledger', auth: 'admin', id: (f) => f.purchase.referenceId },
  { method: 'GET', path: '/api/admin/analytics', auth: 'admin' },
  { method: 'GET', path: '/api/admin/checkout/status', auth: 'admin' },
  { method: 'POST', path: '/api/admin/checkout/sync', auth: 'admin', template: () => ({}) },
  { method: 'GET', path: '/api/admin/jobs', auth: 'admin' },
  { method: 'GET', path: '/api/admin/jobs/:id', auth: 'admin', id: (f) => f.jobId },
  { method: 'GET', path: '/api/admin/home', auth: 'admin' },
  { method: 'GET', path: '/api/admin/orders', auth: 'admin' },
  { method: 'GET', path: '/api/admin/orders/recent', auth: 'admin' },
  { method: 'GET', path: '/api/admin/orders/timeline', auth: 'admin' },
  { method: 'GET', path: '/api/admin/orders/:id/timeline', auth: 'admin', id: (f) => String(f.purchase.order.id) },
  { method: 'GET', path: '/api/admin/catalog/products', auth: 'admin' },
  { method: 'GET', path: '/api/admin/funnel-templates', auth: 'admin' },
  { method: 'GET', path: '/funnels/:id', auth: 'none', id: (f) => f.funnelId },
  { method: 'GET', path: '/healthz', auth: 'none' },
  { method: 'GET', path: '/', auth: 'none' },
  // Unknown routes, under each prefix.
  { method: 'POST', path: '/api/admin/:id', auth: 'admin', id: () => 'no-such-route', template: () => ({}) },
  { method: 'POST', path: '/api/post-purchase/:id', auth: 'purchase', id: () => 'no-such-route', template: () => ({}) },
  { method: 'PUT', path: '/api/:id', auth: 'none', id: () => 'nothing-here', template: () => ({}) },
  { method: 'DELETE', path: '/:id', auth: 'none', id: () => 'nothing', template: () => ({}) },
];

describe.each(['sqlite', 'postgresql'] as const)('hostile input on %s', (database) => {
  let backend: PostPurchaseBackend;
  let purchase: ShopifyPurchase;
  let fixture: Fixture;

  beforeAll(async () => {
    backend = await startPostPurchaseBackend({ database });
    const funnelId = (await backend.createFunnel(coffeeFunnel())).id;
    const victimFunnel = await backend.createFunnel(coffeeFunnel({ name: 'Victim', priority: 1 }));
    const victimOffer = (await backend.funnels.offers.create(backend.shop.id, mugOffer())).record;
    purchase = backend.purchase({
      customerId: DEMO_CUSTOMERS.newFirstOrder,
      lines: [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }],
    });
    fixture = {
      backend,
      purchase,
      barePurchase: backend.purchase({
        customerId: DEMO_CUSTOMERS.newFirstOrder,
        lines: [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 2 }],
        tokenWithoutInputData: true,
      }),
      funnelId,
      victimFunnelId: victimFunnel.id,
      victimFunnelVersion: victimFunnel.version,
      victimOfferId: victimOffer.id,
      victimOfferVersion: victimOffer.version,
      settings: (await backend.settings.read(backend.shop.id)).settings,
      jobId: (await backend.h.server.ctx.db.prisma.job.findFirstOrThrow()).id,
    };
  });
  afterAll(async () => backend?.close());

  const prisma = () => backend.h.server.ctx.db.prisma;
  const tokenFor = (auth: Auth): string | null => {
    if (auth === 'admin') return backend.h.emulator.issueSessionToken(backend.shop.domain);
    if (auth === 'purchase') return purchase.inputData.token;
    if (auth === 'bare-purchase') return fixture.barePurchase.inputData.token;
    if (auth === 'checkout') return checkoutToken(backend.shop.domain);
    return null;
  };

  /** A validly signed token meant for another kind of endpoint: a shopper's checkout token at the admin, an admin one elsewhere. */
  const anotherKind = (auth: Auth): string | null => (auth === 'admin' ? checkoutToken(backend.shop.domain) : tokenFor('admin'));

  async function send(method: string, path: string, wire: WireBody | null, token: string | null): Promise<Response> {
    const headers = new Headers();
    if (token) headers.set('Authorization', `Bearer ${token}`);
    if (wire?.contentType) headers.set('Content-Type', wire.contentType);
    if (wire?.contentEncoding) headers.set('Content-Encoding', wire.contentEncoding);
    // Bytes, so fetch adds no Content-Type of its own.
    const body = wire?.body == null ? undefined : typeof wire.body === 'string' ? new TextEncoder().encode(wire.body) : wire.body;
    return fetch(`${backend.url}${path}`, { method, headers, ...(body ? { body } : {}), signal: AbortSignal.timeout(15_000) });
  }

  /** What every answer must be, whatever was asked: no 5xx, no internals, a JSON error with a message for a 4xx. */
  async function expectHandled(response: Response, what: string): Promise<void> {
    const text = await response.text();
    expect(response.status, `${what} -> ${response.status} ${text.slice(0, 300)}`).toBeLessThan(500);
    expect(text, what).not.toMatch(LEAKED_INTERNALS);
    expect(text.includes(REPO_ROOT), what).toBe(false);
    if (response.status >= 400) {
      expect(response.headers.get('content-type'), what).toMatch(/application\/json/);
      const { error } = JSON.parse(text) as ErrorBody;
      expect(error.message, what).toMatch(/\w{3}/);
    }
  }

  it.each(
    ENDPOINTS.map(
      (endpoint, index) =>
        [
          `${endpoint.method} ${endpoint.path}${endpoint.auth === 'bare-purchase' ? ' (token without input_data)' : ''}`,
          endpoint,
          index,
        ] as const,
    ),
  )(
    'when %s gets random and hostile bodies, paths and queries, with or without a valid token, then no answer is a 5xx or shows internals',
    async (_name, endpoint, index) => {
      const request = fc.record({
        auth: fc.oneof(
          { arbitrary: fc.constant<'valid'>('valid'), weight: 4 },
          fc.constantFrom<'missing' | 'garbage' | 'another kind'>('missing', 'garbage', 'another kind'),
        ),
        body: endpoint.method === 'GET' ? fc.constant(null) : fc.option(hostileBody(endpoint.template?.(fixture)), { freq: 10 }),
        segment: endpoint.id ? fc.option(hostilePathSegment, { freq: 3 }) : fc.constant(null),
        query: fc.option(hostileQuery, { freq: endpoint.method === 'GET' ? 1 : 3 }),
      });
      await fc.assert(
        fc.asyncProperty(request, async ({ auth, body, segment, query }) => {
          const token =
            auth === 'valid'
              ? tokenFor(endpoint.auth)
              : auth === 'garbage'
                ? 'not-a-jwt'
                : auth === 'another kind'
                  ? anotherKind(endpoint.auth)
                  : null;
          const path = `${endpoint.path.replace(':id', segment ?? endpoint.id?.(fixture) ?? '')}${query === null ? '' : `?${query}`}`;
          const what = `${endpoint.method} ${path.slice(0, 200)} [${auth} token] ${body?.description ?? 'no body'}`;
          await expectHandled(await send(endpoint.method, path, body, token), what);
        }),
        { numRuns: endpoint.method === 'GET' ? Math.ceil(RUNS / 3) : RUNS, seed: SEED + index, endOnFailure: true },
      );
    },
  );

  it('when the hostile requests are over, then the server is healthy and each kind of client still gets its ordinary answers', async () => {
    const health = await fetch(`${backend.url}/healthz`);
    expect(await health.json()).toMatchObject({ ok: true, database });
    const offer = await backend.post('offer', purchase.offerRequest(), purchase.inputData.token);
    expect(offer.status).toBe(200);
    expect(((await offer.json()) as { offer: { funnelId: string } | null }).offer).not.toBeNull();
    const events = await send(
      'POST',
      '/api/checkout/events',
      { description: 'valid', body: JSON.stringify({ events: [checkoutEvent()] }), contentType: 'application/json' },
      tokenFor('checkout'),
    );
    expect(events.status).toBe(202);
    expect(await events.json()).toEqual({ recorded: 1, duplicates: 0 });
    expect((await backend.h.adminFetch('/api/admin/funnels')).status).toBe(200);
    const funnel = await backend.h.adminFetch(`/api/admin/funnels/${fixture.funnelId}`);
    expect(((await funnel.json()) as { funnel: { name: string } }).funnel.name).toBe(coffeeFunnel().name);
    // No body's "__proto__" or "constructor" reached a prototype.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['a shopper’s checkout session token (dest without https://, as Shopify writes it)', () => checkoutToken(backend.shop.domain)],
    ['a token whose dest is not a URL at all', () => backend.h.emulator.issueSessionToken(backend.shop.domain, { dest: 'not a url' })],
    [
      'a token whose dest is not a Shopify store',
      () => backend.h.emulator.issueSessionToken(backend.shop.domain, { dest: 'https://example.com' }),
    ],
  ])('when the merchant API gets %s, signed with the app secret, then the answer is a 401, not a 500', async (_name, token) => {
    const response = await backend.h.adminFetch('/api/admin/shop', { auth: false, headers: { Authorization: `Bearer ${token()}` } });
    expect(response.status).toBe(401);
    expect(((await response.json()) as ErrorBody).error).toMatchObject({
      code: 'unauthorized',
      message: expect.stringMatching(/admin session token/),
    });
  });

  describe('text the databases cannot store', () => {
    it.each([
      ['an unpaired high surrogate', '\ud800', '\\ud800'],
      ['an unpaired low surrogate', 'x\udfffy', '\\udfff'],
      ['a NUL character', 'a\u0000b', '\\u0000'],
    ])(
      'when a checkout event carries %s, then it is refused with a 400 naming the field, and nothing is recorded',
      async (_name, bad, shown) => {
        const before = await prisma().offerEvent.count();
        const event = checkoutEvent({ idempotencyKey: `key-${bad}` });
        const response = await send(
          'POST',
          '/api/checkout/events',
          { description: 'bad text', body: JSON.stringify({ events: [event] }), contentType: 'application/json' },
          tokenFor('checkout'),
        );
        expect(response.status).toBe(400);
        const { error } = (await response.json()) as ErrorBody;
        expect(error.code).toBe('invalid_text');
        expect(error.problems).toEqual([{ field: 'events.0.idempotencyKey', message: expect.stringContaining(shown) }]);
        expect(await prisma().offerEvent.count()).toBe(before);
      },
    );

    it('when a post-purchase event names a step with a NUL, then the 400 names that field (the step is not looked up)', async () => {
      const response = await backend.post(
        'events',
        { referenceId: purchase.referenceId, shopDomain: backend.shop.domain, events: [{ type: 'shown', stepId: 'grinder\u0000' }] },
        purchase.inputData.token,
      );
      expect(response.status).toBe(400);
      expect((await response.json()) as ErrorBody).toMatchObject({
        error: { code: 'invalid_text', problems: [{ field: 'events.0.stepId' }] },
      });
    });

    it("when a funnel's name has a NUL or its key a lone surrogate, then 400 names each, and nothing is saved or cut short", async () => {
      const before = await prisma().funnel.count();
      const response = await backend.h.adminFetch('/api/admin/funnels', {
        method: 'POST',
        body: JSON.stringify({ ...coffeeFunnel({ name: 'Coffee\u0000 lovers' }), 'note\ud800': 1 }),
      });
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as ErrorBody;
      expect(error.code).toBe('invalid_text');
      expect(error.message).toMatch(/not valid Unicode or cannot be stored/);
      expect(error.problems?.map((p) => p.field)).toEqual(['name', 'note\\ud800']);
      expect(await prisma().funnel.count()).toBe(before);
      expect(await prisma().funnel.findFirst({ where: { name: 'Coffee' } })).toBeNull();
    });

    it.each([
      ['a path', () => '/api/admin/funnels/%00'],
      ['a path parameter, among other characters', () => '/api/admin/orders/a%00/ledger'],
      ['a query string', () => '/api/admin/jobs?name=%00'],
      ['a query string key', () => '/api/admin/funnels?%00=1'],
      ['a cursor', () => '/api/admin/funnels?cursor=%00'],
    ])('when %s carries a NUL (%00), then the answer is a 400 saying so', async (_name, path) => {
      const response = await backend.h.adminFetch(path());
      expect(response.status).toBe(400);
      expect(((await response.json()) as ErrorBody).error).toMatchObject({
        code: 'invalid_text',
        message: expect.stringMatching(/NUL|cannot be stored/),
      });
    });

    it('when a route parameter is not valid UTF-8 once decoded, then the answer is a 400 about the URL', async () => {
      const response = await backend.h.adminFetch('/api/admin/funnels/%ED%A0%80');
      expect(response.status).toBe(400);
      expect(((await response.json()) as ErrorBody).error).toMatchObject({
        code: 'invalid_url',
        message: expect.stringMatching(/percent-encoding/),
      });
    });
  });

  describe('nesting', () => {
    it.each([10_000, 1001, 125, MAX_JSON_DEPTH + 1])(
      'when a body is nested %i levels deep, then it is refused with a 400 before any route reads it',
      async (depth) => {
        for (const [path, token] of [
          ['/api/checkout/events', tokenFor('checkout')],
          ['/api/post-purchase/offer', tokenFor('purchase')],
          ['/api/admin/settings', tokenFor('admin')],
        ] as const) {
          const body = `{"events":${nestedArrayText(depth - 1)}}`;
          const response = await send(
            path.endsWith('settings') ? 'PUT' : 'POST',
            path,
            { description: 'deep', body, contentType: 'application/json' },
            token,
          );
          expect(response.status, path).toBe(400);
          const { error } = (await response.json()) as ErrorBody;
          expect(error.code).toBe('too_deeply_nested');
          expect(error.message).toContain(`at most ${MAX_JSON_DEPTH} levels`);
        }
      },
    );

    it(`when a body is nested exactly ${MAX_JSON_DEPTH} levels deep, then it is read and judged by the route as usual`, async () => {
      const body = `{"locales":${nestedObjectText(MAX_JSON_DEPTH - 1)}}`;
      const response = await send(
        'PUT',
        '/api/admin/settings',
        { description: 'at the limit', body, contentType: 'application/json' },
        tokenFor('admin'),
      );
      expect(response.status).toBe(422);
      expect(((await response.json()) as ErrorBody).error.problems?.[0]?.field).toBe('locales');
    });
  });

  describe('bodies that are not what the endpoint reads', () => {
    it.each([
      ['not JSON', '{"events": [', 'application/json', 400, 'invalid_json', /not valid JSON/],
      ['JSON in Latin-1', '{"events":[]}', 'application/json; charset=latin1', 415, 'unsupported_charset', /UTF-8/],
      [
        'compressed with an unknown encoding',
        '{"events":[]}',
        'application/json',
        415,
        'unsupported_encoding',
        /Content-Encoding/,
        'x-unknown',
      ],
      ['sent as text/plain', '{"events":[]}', 'text/plain', 400, 'bad_request', /Content-Type: application\/json/],
      ['an array', '[{"kind":"shown"}]', 'application/json', 400, 'bad_request', /"events"/],
      [
        'larger than 256 KB',
        JSON.stringify({ events: [checkoutEvent({ offerId: 'x'.repeat(300_000) })] }),
        'application/json',
        413,
        'payload_too_large',
        /at most 256 KB/,
      ],
    ] as const)(
      'when the body is %s, then the answer says what to send instead',
      async (_name, body, contentType, status, code, message, encoding?: string) => {
        const response = await send(
          'POST',
          '/api/checkout/events',
          { description: _name, body, contentType, ...(encoding ? { contentEncoding: encoding } : {}) },
          tokenFor('checkout'),
        );
        expect(response.status).toBe(status);
        expect(((await response.json()) as ErrorBody).error).toMatchObject({ code, message: expect.stringMatching(message) });
      },
    );
  });

  describe('numbers', () => {
    it('when a funnel version past 32 bits is saved, enabled or deleted, then the answer names it (a 500 on PostgreSQL once)', async () => {
      const put = await backend.h.adminFetch(`/api/admin/funnels/${fixture.victimFunnelId}`, {
        method: 'PUT',
        body: JSON.stringify({ ...coffeeFunnel({ name: 'Victim' }), version: 4_294_967_296 }),
      });
      expect(put.status).toBe(422);
      expect(((await put.json()) as ErrorBody).error.problems?.map((p) => p.field)).toEqual(['version']);
      for (const [method, path, body] of [
        ['DELETE', `/api/admin/funnels/${fixture.victimFunnelId}?version=4294967296`, undefined],
        ['POST', `/api/admin/offers/${fixture.victimOfferId}/enable`, JSON.stringify({ version: 2 ** 31 })],
      ] as const) {
        const response = await backend.h.adminFetch(path, { method, ...(body ? { body } : {}) });
        expect(response.status, path).toBe(400);
        expect(((await response.json()) as ErrorBody).error.problems?.map((p) => p.field)).toEqual(['version']);
      }
    });
  });

  describe('query strings', () => {
    it.each([
      ['from=0000-01-01&to=0000-01-02', 'from'],
      ['to=1969-12-31', 'to'],
      ['from=garbage', 'from'],
    ])('when analytics is asked for %s, then 400 names the parameter', async (query, field) => {
      const response = await backend.h.adminFetch(`/api/admin/analytics?${query}`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as ErrorBody).error.problems?.map((p) => p.field)).toContain(field);
    });

    it('when analytics is asked for the last days of year 9999, then it answers', async () => {
      const response = await backend.h.adminFetch('/api/admin/analytics?from=9999-12-30&to=9999-12-31');
      expect(response.status).toBe(200);
    });
  });

  it('when text is any valid Unicode (accents, emoji, direction marks, U+FFFF), then it is stored exactly as sent', async () => {
    const name = 'Café ☕ 😀 \u202e\u200b\ufeff\uffff';
    const response = await backend.h.adminFetch('/api/admin/funnels', { method: 'POST', body: JSON.stringify(coffeeFunnel({ name })) });
    expect(response.status).toBe(201);
    const { funnel } = (await response.json()) as { funnel: { id: string } };
    expect((await prisma().funnel.findUniqueOrThrow({ where: { id: funnel.id } })).name).toBe(name);
  });
});
