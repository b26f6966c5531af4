// HTTP for the checkout extension and for the admin.
//
// checkoutRouter (mounted at /api/checkout; app.ts answers CORS and preflights for that prefix):
//   POST /events  Authorization: Bearer <checkout session token>, body {events: CheckoutEvent[]}
//                 202 {recorded, duplicates} | 400 unreadable body | 401 bad token | 422 bad events | 429 + Retry-After
//
// checkoutAdminRouter (mount under /api/admin/checkout, after session-token auth):
//   GET  /status  what the checkout block would show now (offers, warnings), which offers the last finished sync
//                 had to leave out (Shopify refused their discount code) and why, and the last sync job
//   POST /sync    sync now (debounced like any other request)
import { Router } from 'express';
import type { CheckoutEvent } from '../../../extensions/checkout-upsell/src/offers-contract.js';
import type { AppContext } from '../context.js';
import { BadRequestError, TooManyRequestsError, UnauthorizedError } from '../errors.js';
import { bearerToken } from '../http/bearer-token.js';
import { parseBody } from '../http/input.js';
import { authenticatedShop, locals } from '../http/request-context.js';
import type { Ledger } from '../ledger/index.js';
import type { Catalog } from '../offers/index.js';
import { createShopDirectory } from '../shops/index.js';
import { CheckoutEventsRequestSchema, CheckoutOfferDirectory, type OfferLookup, recordCheckoutEvents } from './events.js';
import { RateLimiter, type RateLimitOptions } from './rate-limit.js';
import { verifyCheckoutSessionToken } from './session-token.js';
import { type CheckoutSources, databaseSources } from './sources.js';
import { CHECKOUT_SYNC_JOB, offersLeftOutBySync, planForShop, requestCheckoutSync } from './sync.js';

export type CheckoutRouterContext = Pick<AppContext, 'db' | 'clock' | 'logger' | 'shopify' | 'catalog' | 'settings' | 'ledger'>;

/** Per shop and instance: generous for a flash sale (each checkout posts a few times), tight for a flood. */
export const DEFAULT_EVENTS_RATE_LIMIT: RateLimitOptions = { burst: 200, perSecond: 100 };
const SHOP_CACHE_MS = 60_000;

export interface CheckoutRouterOptions {
  /** Default: the app's ledger (ctx.ledger). */
  ledger?: Pick<Ledger, 'recordEvent'>;
  /** false turns the per-shop limit off. */
  rateLimit?: RateLimitOptions | false;
  /** Prices accepted add-ons for the ledger; default: the offers the current funnels and catalog produce. */
  lookupOffer?: OfferLookup;
  /** The catalog for those lookups; default: the app's shared cache (ctx.catalog). */
  catalogFor?: (shopId: string) => Promise<Catalog | null>;
  sources?: CheckoutSources;
}

export function checkoutRouter(ctx: CheckoutRouterContext, options: CheckoutRouterOptions = {}): Router {
  const router = Router();
  const ledger = options.ledger ?? ctx.ledger;
  const limiter = options.rateLimit === false ? null : new RateLimiter(ctx.clock, options.rateLimit ?? DEFAULT_EVENTS_RATE_LIMIT);
  const lookupOffer = options.lookupOffer ?? defaultOfferLookup(ctx, options);
  // The shop a token names, cached briefly: every checkout of the shop posts here.
  const shops = createShopDirectory({ db: ctx.db, clock: ctx.clock, ttlMs: SHOP_CACHE_MS });

  router.post('/events', async (req, res) => {
    const claims = await verifyCheckoutSessionToken(ctx.shopify, bearerToken(req.get('authorization')));
    const shop = await shops.byDomain(claims.shop);
    if (!shop?.installed) throw new UnauthorizedError('This store does not have the app installed.');
    const shopId = shop.id;
    const log = locals(res).log.child({ shop: claims.shop });
    locals(res).log = log;
    const decision = limiter?.take(shopId);
    if (decision && !decision.allowed)
      throw new TooManyRequestsError('Too many checkout events for this store; try again shortly.', decision.retryAfterSeconds);
    const events = parseCheckoutEvents(req.body);
    const outcome = await recordCheckoutEvents(
      { ledger, clock: ctx.clock, logger: log, lookupOffer },
      { id: shopId },
      claims.customerId,
      events,
    );
    res.status(202).json(outcome);
  });

  return router;
}

/** The body, validated: 400 when it is not an `{events: [...]}` object at all, 422 with one problem per bad field. */
function parseCheckoutEvents(body: unknown): CheckoutEvent[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !Array.isArray((body as { events?: unknown }).events)) {
    throw new BadRequestError('Send a JSON object {"events": [...]} with Content-Type: application/json.');
  }
  return parseBody(CheckoutEventsRequestSchema, body, 'Some checkout events are not valid; see each field.').events;
}

function defaultOfferLookup(ctx: CheckoutRouterContext, options: CheckoutRouterOptions): OfferLookup {
  const catalogFor = options.catalogFor ?? ((shopId: string) => ctx.catalog.get(shopId));
  const resolved = options.sources ?? databaseSources({ ...ctx, catalogFor });
  return new CheckoutOfferDirectory((shopId) => planForShop(ctx, resolved, shopId), ctx.clock).lookup;
}

export interface CheckoutAdminRouterOptions {
  sources?: CheckoutSources;
}

export function checkoutAdminRouter(
  ctx: Pick<AppContext, 'db' | 'clock' | 'logger' | 'jobs' | 'settings'>,
  options: CheckoutAdminRouterOptions = {},
): Router {
  const router = Router();
  const sources = options.sources ?? databaseSources(ctx);

  router.get('/status', async (_req, res) => {
    const { shopId, domain } = authenticatedShop(res);
    const [plan, jobs, succeeded] = await Promise.all([
      planForShop(ctx, sources, shopId),
      ctx.jobs.list({ name: CHECKOUT_SYNC_JOB, shopDomain: domain, limit: 1 }),
      ctx.jobs.list({ name: CHECKOUT_SYNC_JOB, shopDomain: domain, status: 'succeeded', limit: 1 }),
    ]);
    const last = jobs.jobs[0] ?? null;
    // The plan cannot know which codes Shopify refuses: that is only learnt by syncing, so it comes from the last
    // finished sync. Those offers are not in the metafield, whatever the plan says.
    const leftOut = offersLeftOutBySync(succeeded.jobs[0]?.result ?? null);
    const planned = plan?.offers ?? [];
    res.json({
      catalogReady: plan !== null,
      offers: planned.map((o) => ({
        id: o.id,
        funnelId: o.funnelId,
        stepId: o.stepId,
        product: o.productTitle,
        variantId: o.variantId,
        quantity: o.quantity,
        sellingPlanId: o.sellingPlanId,
        discount: o.discountTerms?.discount ?? null,
        shopPrice: { minor: o.shopTotalMinor, currencyCode: o.shopCurrency },
        conditions: o.offer.conditions ?? null,
        leftOutByLastSync: leftOut.get(o.id) ?? null,
      })),
      warnings: [...(plan?.warnings ?? []), ...planned.flatMap((o) => leftOut.get(o.id) ?? [])],
      lastSync: last
        ? { jobId: last.id, status: last.status, finishedAt: last.finishedAt, result: last.result, lastError: last.lastError }
        : null,
    });
  });

  router.post('/sync', async (_req, res) => {
    const { domain } = authenticatedShop(res);
    const { job } = await requestCheckoutSync(ctx, domain);
    res.status(202).json({ jobId: job.id, runAt: job.runAt });
  });

  return router;
}
