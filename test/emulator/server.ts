// The Shopify Admin API emulator: an HTTP server (node:http, 127.0.0.1, port 0 = random) that answers Admin GraphQL
// on the real 2026-07 schema and the OAuth token endpoint, for one or more shops. Requests name their shop with the
// `x-encore-emulator-shop` header (set by emulatorFetch); without it they are for the default shop.

import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLSchema } from 'graphql';
import { type Clock, systemClock } from '../../web/server/clock.js';
import { ADMIN_API_VERSION } from '../../web/server/shopify/api-version.js';
import { type AccessToken, Auth, INVALID_TOKEN_BODY, type SessionTokenClaims } from './auth.js';
import { Faults } from './faults.js';
import type { ShopifyGraphqlError } from './graphql/errors.js';
import { prepare, run } from './graphql/execute.js';
import type { ResolverContext } from './graphql/resolver-kit.js';
import { resolvers } from './resolvers/index.js';
import { ensureSchemas, loadSchema } from './schema/fetch.js';
import { DEMO_SHOP_DOMAIN, demoStore, SEED_NOW } from './seed/demo-store.js';
import { seedShiftDays, shiftSeed } from './seed/shift.js';
import type { DemoStoreSeed } from './seed/types.js';
import { IdSequence } from './store/ids.js';
import type { ShopRecord } from './store/records.js';
import { ShopStore } from './store/shop-store.js';
import {
  type CostExtension,
  DEFAULT_THROTTLE,
  LeakyBucket,
  maxCostExceededError,
  SINGLE_QUERY_MAX_COST,
  type ThrottleOptions,
  throttledError,
} from './throttle.js';
import { appTomlTopics, SHOPIFY_RETRY_DELAYS_MS, Webhooks } from './webhooks.js';

export const SHOP_HEADER = 'x-encore-emulator-shop';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** 'demo' (default) loads the Encore Demo Store; 'empty' keeps the shop but no catalog, customers or orders. */
  seed?: 'demo' | 'empty';
  /** The app's client id and secret: session tokens, token exchange and webhook HMACs use them. */
  apiKey: string;
  apiSecret: string;
  /** Where webhooks go: POST `${appUrl}/api/webhooks`. Without it, only API-created subscriptions receive. */
  appUrl?: string;
  throttle?: Partial<ThrottleOptions>;
  webhookTimeoutMs?: number;
  /** Delay before each retry of a failed webhook (default: Shopify's 8 retries over about 4 hours). */
  webhookRetryDelaysMs?: readonly number[];
  /** Topics delivered to appUrl (default: the ones in shopify.app.toml). */
  webhookTopics?: readonly string[] | 'all';
  /** Drives the throttle bucket, timestamps and "now" in search filters (default: system clock). */
  clock?: Clock;
  /** How long a billing attempt stays pending before its outcome (default 50 ms). */
  billingAttemptDelayMs?: number;
  /**
   * Scopes the default shop granted. Default: every scope the emulator serves (DEMO_SCOPES). The app's tests and
   * the demo pass appTomlScopes(): a managed install grants what shopify.app.toml asks, nothing more.
   */
  scopes?: readonly string[];
  /** Days to move the seed's dates by (default: from SEED_NOW to the clock's now, so the store never ages). */
  seedShiftDays?: number;
  /** Let token exchange hand out non-expiring offline tokens (Shopify no longer does for new public apps). */
  nonExpiringOfflineTokens?: boolean;
}

/** An installation's tokens, as an app stored them. */
export interface StoredInstallation {
  accessToken: string;
  scopes: readonly string[];
  /** Unix ms; null for a non-expiring token. */
  expiresAt: number | null;
  refreshToken?: string | null;
  refreshTokenExpiresAt?: number | null;
}

export interface AddShopOptions {
  seed?: 'demo' | 'empty';
  name?: string;
  scopes?: string[];
  /** Fixed offline token for the shop (a random one is issued otherwise). */
  accessToken?: string;
}

export interface EmulatorWebhooks {
  deliveries: Webhooks['deliveries'];
  send(
    topic: string,
    shop: string,
    payload?: Record<string, unknown>,
    options?: { url?: string; tamper?: boolean },
  ): ReturnType<Webhooks['send']>;
  tamper(): void;
  tamperNext(count?: number): void;
  settled(): Promise<void>;
  waitFor: Webhooks['waitFor'];
}

export interface RunningEmulator {
  url: string;
  port: number;
  adminGraphqlUrl: string;
  /** The default (demo) shop's store: typed helpers to set up and inspect state. */
  store: ShopStore;
  /** The demo seed as this emulator loaded it: its dates moved to the emulator's clock (seed/shift.ts). */
  seed: DemoStoreSeed;
  shop(domain: string): ShopStore;
  addShop(domain: string, options?: AddShopOptions): ShopStore;
  faults: Faults;
  webhooks: EmulatorWebhooks;
  /** The leaky bucket of a shop (default shop when omitted), e.g. to drain it in a test. */
  bucket(domain?: string): LeakyBucket;
  /** An App Bridge session token (id token) for `shop`, as Shopify mints it when the merchant opens the app. */
  issueSessionToken(shop: string, claims?: SessionTokenClaims): string;
  /** A checkout UI extension's session token for `shop` (bare-domain `dest`, 5 minutes), as checkout mints it. */
  issueCheckoutSessionToken(shop: string, claims?: SessionTokenClaims): string;
  /** A fresh offline (or online) Admin API token for `shop`. */
  issueAccessToken(shop: string, options?: { online?: boolean; scopes?: string[] }): string;
  /**
   * Accepts tokens an earlier emulator issued to this app (the demo keeps its database across runs while the emulator
   * starts afresh), as Shopify would still accept them.
   */
  restoreInstallation(shop: string, installation: StoredInstallation): void;
  /** Ends the shop's expiring access tokens now, as if their hour had passed. */
  expireAccessTokens(shop: string): void;
  close(): Promise<void>;
}

function shopRecordFrom(seed: DemoStoreSeed, domain: string, name: string | undefined, id: number): ShopRecord {
  const s = seed.shop;
  return {
    id,
    name: name ?? s.name,
    myshopifyDomain: domain,
    primaryDomainHost: domain === s.myshopifyDomain ? s.primaryDomainHost : domain,
    email: s.email,
    contactEmail: s.contactEmail,
    currencyCode: s.currencyCode,
    enabledPresentmentCurrencies: [...s.enabledPresentmentCurrencies],
    exchangeRates: { ...s.exchangeRates },
    ianaTimezone: s.ianaTimezone,
    billingCountryCode: s.billingCountryCode,
    plan: { ...s.plan },
    features: { ...s.features },
    createdAt: s.createdAt,
    staffUserId: s.staffUserId,
    locales: s.locales.map((l) => ({ ...l })),
  };
}

function readBody(req: http.IncomingMessage, limit = 2_000_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  await ensureSchemas();
  const schema: GraphQLSchema = loadSchema('admin');
  const clock = options.clock ?? systemClock;
  const ids = new IdSequence();
  const auth = new Auth({
    apiKey: options.apiKey,
    apiSecret: options.apiSecret,
    nonExpiringOfflineTokens: options.nonExpiringOfflineTokens ?? false,
  });
  const faults = new Faults();
  const throttle: ThrottleOptions = { ...DEFAULT_THROTTLE, ...options.throttle };
  const shops = new Map<string, ShopStore>();
  const buckets = new Map<string, LeakyBucket>();
  const webhookTopics = options.webhookTopics === 'all' ? null : (options.webhookTopics ?? appTomlTopics());
  const webhooks = new Webhooks({
    apiSecret: options.apiSecret,
    appUrl: options.appUrl ?? null,
    topics: webhookTopics,
    timeoutMs: options.webhookTimeoutMs ?? 5000,
    retryDelaysMs: options.webhookRetryDelaysMs ?? SHOPIFY_RETRY_DELAYS_MS,
    clock,
    shopOf: (domain) => shops.get(domain),
  });

  // Dates in the seed follow this emulator's clock (see seed/shift.ts); a clock pinned to SEED_NOW sees them as written.
  const seedForNow = shiftSeed(demoStore, options.seedShiftDays ?? seedShiftDays(SEED_NOW, clock.now()));

  function addShop(domain: string, shopOptions: AddShopOptions = {}): ShopStore {
    if (shops.has(domain)) throw new Error(`emulator: shop ${domain} already exists`);
    const seed = shopOptions.seed ?? 'demo';
    const isDemoDomain = domain === DEMO_SHOP_DOMAIN;
    const record = shopRecordFrom(seedForNow, domain, shopOptions.name, isDemoDomain ? demoStore.shop.id : ids.take());
    const store = new ShopStore(domain, record, shopOptions.scopes ?? demoStore.shop.grantedScopes, {
      ids,
      clock,
      apiClientId: options.apiKey,
      billingAttemptDelayMs: options.billingAttemptDelayMs ?? 50,
      emit: (shop, event) => {
        if (event.topic === 'app/uninstalled') auth.revokeShop(shop.domain);
        webhooks.emit(shop, event.topic, event.payload);
      },
    });
    if (seed === 'demo') store.loadSeed(seedForNow);
    shops.set(domain, store);
    buckets.set(domain, new LeakyBucket(throttle, clock));
    // The fixed token stands for the developer at the store's admin (curl, tests playing the merchant): every scope
    // the emulator serves, whatever the app was granted.
    const token = shopOptions.accessToken ?? (isDemoDomain ? demoStore.shop.demoAccessToken : undefined);
    if (token)
      auth.addToken({
        token,
        shop: domain,
        scopes: [...new Set([...store.app.grantedScopes, ...demoStore.shop.grantedScopes])],
        expiresAt: null,
        online: null,
      });
    return store;
  }

  const defaultStore = addShop(DEMO_SHOP_DOMAIN, {
    seed: options.seed ?? 'demo',
    ...(options.scopes ? { scopes: [...options.scopes] } : {}),
  });

  function shopOf(domain: string): ShopStore {
    const store = shops.get(domain);
    if (!store) throw new Error(`emulator: no shop ${domain}`);
    return store;
  }

  async function handleGraphql(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    store: ShopStore,
    version: string,
    rawBody: string,
  ): Promise<void> {
    const requestId = crypto.randomUUID();
    const baseHeaders = { 'X-Request-Id': requestId, 'X-Shopify-API-Version': ADMIN_API_VERSION };
    if (version !== ADMIN_API_VERSION) {
      sendJson(
        res,
        404,
        { errors: `emulator: only Admin API version ${ADMIN_API_VERSION} is emulated (requested ${version})` },
        baseHeaders,
      );
      return;
    }
    const grant: AccessToken | null = store.app.uninstalledAt ? null : auth.check(headerOf(req, 'x-shopify-access-token'), store.domain);
    if (!grant) {
      sendJson(res, 401, INVALID_TOKEN_BODY, baseHeaders);
      return;
    }
    let body: Record<string, unknown>;
    const contentType = headerOf(req, 'content-type') ?? '';
    if (contentType.includes('application/graphql')) body = { query: rawBody };
    else {
      try {
        const parsed: unknown = JSON.parse(rawBody || '{}');
        body = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
      } catch {
        sendJson(res, 400, { errors: { query: 'Required parameter missing or invalid' } }, baseHeaders);
        return;
      }
    }
    if (typeof body.query !== 'string' || body.query.trim() === '') {
      sendJson(res, 400, { errors: { query: 'Required parameter missing or invalid' } }, baseHeaders);
      return;
    }
    const prepared = prepare(schema, body);
    if (prepared.kind === 'error') {
      // Static errors are answered before the query is priced, so they carry no cost extension.
      sendJson(res, 200, { errors: prepared.errors }, baseHeaders);
      return;
    }
    const bucket = buckets.get(store.domain)!;
    const requested = prepared.requestedCost;
    if (requested > SINGLE_QUERY_MAX_COST) {
      const cost: CostExtension = { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: bucket.status() };
      sendJson(res, 200, { errors: [maxCostExceededError(requested)], extensions: { cost } }, baseHeaders);
      return;
    }
    if (!bucket.tryCharge(requested)) {
      const cost: CostExtension = { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: bucket.status() };
      sendJson(res, 200, { errors: [throttledError()], extensions: { cost } }, baseHeaders);
      return;
    }
    const ctx: ResolverContext = { store, scopes: new Set(grant.scopes), searchWarnings: [] };
    const outcome = await run(schema, prepared, resolvers, ctx);
    bucket.refund(requested - outcome.actualCost);
    const extensions: Record<string, unknown> = {
      cost: { requestedQueryCost: requested, actualQueryCost: outcome.actualCost, throttleStatus: bucket.status() } satisfies CostExtension,
    };
    if (ctx.searchWarnings.length > 0) extensions.search = ctx.searchWarnings;
    const response: { errors?: ShopifyGraphqlError[]; data: Record<string, unknown> | null; extensions: Record<string, unknown> } = {
      data: outcome.data,
      extensions,
    };
    if (outcome.errors.length > 0) response.errors = outcome.errors;
    sendJson(res, 200, outcome.errors.length > 0 ? { errors: response.errors, data: response.data, extensions } : response, baseHeaders);
  }

  function handleTokenExchange(res: http.ServerResponse, store: ShopStore, rawBody: string, contentType: string): void {
    let body: Record<string, unknown> = {};
    try {
      body = contentType.includes('application/x-www-form-urlencoded')
        ? Object.fromEntries(new URLSearchParams(rawBody))
        : (JSON.parse(rawBody || '{}') as Record<string, unknown>);
    } catch {
      sendJson(res, 400, { error: 'invalid_request', error_description: 'The request body could not be parsed.' });
      return;
    }
    const result = auth.exchange(body, {
      domain: store.domain,
      staffUserId: store.shop.staffUserId,
      ownerEmail: store.shop.email,
      grantedScopes: store.app.grantedScopes,
      onInstall: () => {
        store.app.uninstalledAt = null;
      },
    });
    sendJson(res, result.status, result.body, { 'X-Request-Id': crypto.randomUUID() });
  }

  /** The operation a GraphQL request runs: its `operationName`, else the first named operation in the query. */
  function operationNameOf(rawBody: string): string | null {
    try {
      const body = JSON.parse(rawBody || '{}') as { operationName?: unknown; query?: unknown };
      if (typeof body.operationName === 'string') return body.operationName;
      const match = typeof body.query === 'string' ? /\b(?:query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(body.query) : null;
      return match?.[1] ?? null;
    } catch {
      return null;
    }
  }

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://emulator.local');
      if (req.method === 'GET' && url.pathname === '/healthz') {
        sendJson(res, 200, { ok: true, shops: [...shops.keys()] });
        return;
      }
      const domain = headerOf(req, SHOP_HEADER) ?? defaultStore.domain;
      const store = shops.get(domain);
      const graphqlMatch = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(url.pathname);
      const isToken = url.pathname === '/admin/oauth/access_token';
      if (!store || (!graphqlMatch && !isToken) || req.method !== 'POST') {
        sendJson(res, 404, { errors: 'Not Found' });
        return;
      }
      const rawBody = await readBody(req);
      const fault = faults.take(domain, operationNameOf(rawBody));
      if (fault?.kind === 'drop') {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'status') {
        res.writeHead(fault.status, { ...fault.headers, 'Content-Length': String(Buffer.byteLength(fault.body)) });
        res.end(fault.body);
        return;
      }
      if (fault?.kind === 'latency') await new Promise((r) => setTimeout(r, fault.ms));
      if (res.destroyed) return;
      if (isToken) handleTokenExchange(res, store, rawBody, headerOf(req, 'content-type') ?? '');
      else await handleGraphql(req, res, store, graphqlMatch![1]!, rawBody);
    })().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { errors: `emulator: ${error instanceof Error ? error.message : String(error)}` });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const baseUrl = `http://${options.host ?? '127.0.0.1'}:${address.port}`;

  return {
    url: baseUrl,
    port: address.port,
    adminGraphqlUrl: `${baseUrl}/admin/api/${ADMIN_API_VERSION}/graphql.json`,
    store: defaultStore,
    seed: seedForNow,
    shop: shopOf,
    addShop,
    faults,
    webhooks: {
      deliveries: (filter) => webhooks.deliveries(filter),
      send: (topic, shop, payload, sendOptions) => webhooks.send(topic, shopOf(shop), payload, sendOptions),
      tamper: () => webhooks.tamper(),
      tamperNext: (count) => webhooks.tamperNext(count),
      settled: () => webhooks.settled(),
      waitFor: (topic, predicate, timeoutMs) => webhooks.waitFor(topic, predicate, timeoutMs),
    },
    bucket: (domain) => {
      const bucket = buckets.get(domain ?? defaultStore.domain);
      if (!bucket) throw new Error(`emulator: no shop ${String(domain)}`);
      return bucket;
    },
    issueSessionToken: (shop, claims) =>
      auth.issueSessionToken(shop, shops.get(shop)?.shop.staffUserId ?? demoStore.shop.staffUserId, claims),
    issueCheckoutSessionToken: (shop, claims) => auth.issueCheckoutSessionToken(shop, claims),
    issueAccessToken: (shop, tokenOptions = {}) => {
      const store = shopOf(shop);
      return auth.issueAccessToken(
        shop,
        tokenOptions.scopes ?? store.app.grantedScopes,
        tokenOptions.online ? { online: { userId: store.shop.staffUserId }, expiresInS: 86_399 } : {},
      ).token;
    },
    restoreInstallation: (shop, installation) => {
      shopOf(shop);
      auth.restore(
        { token: installation.accessToken, shop, scopes: [...installation.scopes], expiresAt: installation.expiresAt, online: null },
        installation.refreshToken
          ? { token: installation.refreshToken, expiresAt: installation.refreshTokenExpiresAt ?? Date.now() + 86_400_000 }
          : undefined,
      );
    },
    expireAccessTokens: (shop) => auth.expireAccessTokens(shop),
    close: async () => {
      webhooks.close();
      for (const store of shops.values()) store.dispose();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function headerOf(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
