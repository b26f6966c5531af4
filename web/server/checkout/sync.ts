// The checkout sync: funnels + catalog + settings -> contract -> discount codes -> the app-owned shop metafield
// `$app:checkout_offers`, which the checkout block renders from without a network call. It runs as the
// `checkout.sync` job, requested (debounced per shop) whenever something the contract depends on changes.
//
// Idempotent end to end: the contract is a pure function of its inputs, codes are reserved in the database before
// Shopify is asked (see discount-codes.ts), metafieldsSet overwrites, and stale codes are deactivated only after
// the new value is written, so a checkout never reads a code that was already switched off.
import { z } from 'zod';
import { CHECKOUT_OFFERS_METAFIELD } from '../../../extensions/checkout-upsell/src/offers-contract.js';
import { type CatalogContext, asJobError as catalogJobError } from '../catalog/index.js';
import type { Clock } from '../clock.js';
import { defineJobHandler } from '../jobs/define.js';
import { RetriableJobError, TerminalJobError } from '../jobs/errors.js';
import type { EnqueueResult, JobQueue } from '../jobs/queue.js';
import type { JobHandlers, JsonValue } from '../jobs/types.js';
import type { SettingsStore } from '../settings/index.js';
import { assertNoUserErrors } from '../shopify/admin-client.js';
import { ShopifyUserErrors } from '../shopify/errors.js';
import { CheckoutOffersMetafieldSetMutation } from '../shopify/graphql/CheckoutOffersMetafieldSetMutation.js';
import { CheckoutShopIdQuery } from '../shopify/graphql/CheckoutShopIdQuery.js';
import { installedShop } from '../shops/index.js';
import {
  type CheckoutPlan,
  type ContractWarning,
  METAFIELD_JSON_LIMIT_BYTES,
  planCheckoutOffers,
  type RenderedContract,
  renderCheckoutContract,
} from './contract.js';
import { CODE_LENGTH, deactivateStaleCodes, ensureDiscountCodes, termsVersion } from './discount-codes.js';
import { type CheckoutSources, databaseSources } from './sources.js';

export const CHECKOUT_SYNC_JOB = 'checkout.sync';
/** Changes within one window share one sync, which runs when the window closes. */
export const DEFAULT_SYNC_DEBOUNCE_MS = 5_000;
const MAX_SYNC_ATTEMPTS = 6;
/** How long to wait for a first catalog before trying again. */
const CATALOG_RETRY_MS = 30_000;

/** What the checkout sync needs from the app context (AppContext satisfies it): the catalog job's, plus settings. */
export interface CheckoutContext extends CatalogContext {
  settings: Pick<SettingsStore, 'read'>;
}

export interface SyncOptions {
  sources?: CheckoutSources;
  maxOffers?: number;
  maxBytes?: number;
}

export type SyncResult =
  | { outcome: 'skipped'; reason: 'not_installed' }
  | {
      outcome: 'synced';
      offers: number;
      bytes: number;
      codesCreated: number;
      codesReused: number;
      codesDeactivated: number;
      warnings: ContractWarning[];
      /** The metafield value written. */
      value: string;
    };

/** The shop has no catalog snapshot yet (first install): worth trying again once the catalog job ran. */
export class CatalogNotReadyError extends Error {
  override name = 'CatalogNotReadyError';
  constructor(readonly shop: string) {
    super(`${shop} has no catalog yet; the checkout offers cannot be priced before it is built`);
  }
}

/**
 * Builds the plan the metafield would hold now, without calling Shopify: for previews, the admin's warnings and
 * the events endpoint's offer lookups. null when the shop has no catalog yet.
 */
export async function planForShop(
  deps: Pick<CheckoutContext, 'clock'>,
  sources: CheckoutSources,
  shopId: string,
  options: Pick<SyncOptions, 'maxOffers'> = {},
): Promise<CheckoutPlan | null> {
  const [funnels, catalog, settings] = await Promise.all([sources.funnels(shopId), sources.catalog(shopId), sources.settings(shopId)]);
  if (!catalog) return null;
  return planCheckoutOffers({
    funnels,
    catalog,
    settings,
    now: deps.clock.now(),
    ...(options.maxOffers !== undefined ? { maxOffers: options.maxOffers } : {}),
  });
}

/** Rewrites the shop's checkout offers metafield from its current funnels, catalog and settings. */
export async function syncCheckoutOffers(ctx: CheckoutContext, shopDomain: string, options: SyncOptions = {}): Promise<SyncResult> {
  const log = ctx.logger.child({ module: 'checkout-sync', shop: shopDomain });
  const shop = await installedShop(ctx.db, { domain: shopDomain });
  if (!shop) return { outcome: 'skipped', reason: 'not_installed' };
  const sources = options.sources ?? databaseSources(ctx);
  const maxBytes = options.maxBytes ?? METAFIELD_JSON_LIMIT_BYTES;

  const plan = await planForShop(ctx, sources, shop.id, options);
  if (!plan) throw new CatalogNotReadyError(shopDomain);

  // Which offers fit is decided before any code exists: every code has the same length.
  const placeholder = 'X'.repeat(CODE_LENGTH);
  const fitted = renderCheckoutContract(plan, {
    codes: new Map(plan.offers.filter((o) => o.discountTerms).map((o) => [o.id, placeholder])),
    maxBytes,
  });

  const admin = await ctx.adminFor(shop.domain);
  const codeDeps = { db: ctx.db, admin, clock: ctx.clock, logger: log };
  const ensured = await ensureDiscountCodes(codeDeps, shop.id, fitted.written);
  const final: RenderedContract = renderCheckoutContract({ ...plan, offers: fitted.written }, { codes: ensured.codes, maxBytes });

  const { shop: shopNode } = await admin.request(CheckoutShopIdQuery, {});
  const written = await admin.request(CheckoutOffersMetafieldSetMutation, {
    metafields: [
      {
        ownerId: shopNode.id,
        namespace: CHECKOUT_OFFERS_METAFIELD.namespace,
        key: CHECKOUT_OFFERS_METAFIELD.key,
        type: 'json',
        value: final.value,
      },
    ],
  });
  assertNoUserErrors(CheckoutOffersMetafieldSetMutation.name, written.metafieldsSet);

  const planned = new Map<string, number | null>(
    plan.offers.map((o) => [o.id, o.discountTerms ? termsVersion(o.discountTerms, o.shopCurrency) : null]),
  );
  const codesDeactivated = await deactivateStaleCodes(codeDeps, shop.id, { planned, liveSteps: plan.liveSteps });

  const warnings: ContractWarning[] = [
    ...plan.warnings,
    ...fitted.warnings,
    ...ensured.failed.map((failure): ContractWarning => {
      const offer = plan.offers.find((o) => o.id === failure.offerId);
      return {
        code: 'discount_code_failed',
        ...(offer ? { funnelId: offer.funnelId, stepId: offer.stepId } : {}),
        offerId: failure.offerId,
        message:
          `Shopify refused the discount code for "${offer?.productTitle ?? failure.offerId}" ` +
          `(${failure.userErrors.map((e) => e.message).join('; ')}), so this offer is not shown in checkout.`,
      };
    }),
  ];
  log.info(
    {
      offers: final.written.length,
      bytes: final.bytes,
      codesCreated: ensured.created,
      codesReused: ensured.reused,
      codesDeactivated,
      warnings: warnings.length,
    },
    'checkout offers metafield written',
  );

  return {
    outcome: 'synced',
    offers: final.written.length,
    bytes: final.bytes,
    codesCreated: ensured.created,
    codesReused: ensured.reused,
    codesDeactivated,
    warnings,
    value: final.value,
  };
}

export interface RequestSyncOptions {
  debounceMs?: number;
}

/**
 * Asks for a sync of the shop's checkout offers. Requests within one debounce window share one job (idempotency
 * key per shop and window, across instances), run when the window closes so it sees every change of the window.
 * Call it after checkout funnels, library offers, shop settings or the catalog change.
 */
export async function requestCheckoutSync(
  ctx: { jobs: Pick<JobQueue, 'enqueue'>; clock: Clock },
  shopDomain: string,
  options: RequestSyncOptions = {},
): Promise<EnqueueResult> {
  const windowMs = options.debounceMs ?? DEFAULT_SYNC_DEBOUNCE_MS;
  if (!(Number.isFinite(windowMs) && windowMs > 0)) throw new RangeError('requestCheckoutSync: debounceMs must be > 0');
  const bucket = Math.floor(ctx.clock.now().getTime() / windowMs);
  return ctx.jobs.enqueue(
    CHECKOUT_SYNC_JOB,
    { shopDomain },
    {
      idempotencyKey: `${CHECKOUT_SYNC_JOB}:${shopDomain}:${bucket}`,
      runAt: new Date((bucket + 1) * windowMs),
      shopDomain,
      maxAttempts: MAX_SYNC_ATTEMPTS,
    },
  );
}

/**
 * For the funnels service's change hook, which names shops by row id: looks the domain up and requests a sync.
 * Never throws (a lost request is healed by the next change); failures are logged.
 */
export function checkoutSyncOnShopChange(
  ctx: Pick<CheckoutContext, 'db' | 'jobs' | 'clock' | 'logger'>,
  options: RequestSyncOptions = {},
): (shopId: string) => void {
  return (shopId) => {
    void (async () => {
      const shop = await installedShop(ctx.db, { id: shopId });
      if (!shop) return;
      await requestCheckoutSync(ctx, shop.domain, options);
    })().catch((error: unknown) => ctx.logger.warn({ shopId, err: error }, 'could not request a checkout sync'));
  };
}

const SyncPayload = z.object({ shopDomain: z.string().min(1) });

const RefusedCodeWarnings = z.object({
  warnings: z.array(
    z.object({
      code: z.string(),
      message: z.string(),
      funnelId: z.string().optional(),
      stepId: z.string().optional(),
      offerId: z.string().optional(),
    }),
  ),
});

/**
 * The offers a finished `checkout.sync` job left out of the metafield because Shopify refused their discount codes,
 * by offer id, read back from the job's result (what the job handler below stores). Empty for anything else.
 */
export function offersLeftOutBySync(jobResult: unknown): Map<string, ContractWarning> {
  const parsed = RefusedCodeWarnings.safeParse(jobResult);
  const leftOut = new Map<string, ContractWarning>();
  if (!parsed.success) return leftOut;
  for (const { code, message, funnelId, stepId, offerId } of parsed.data.warnings) {
    if (code !== 'discount_code_failed' || !offerId) continue;
    leftOut.set(offerId, { code, message, offerId, ...(funnelId ? { funnelId } : {}), ...(stepId ? { stepId } : {}) });
  }
  return leftOut;
}

export function checkoutJobHandlers(ctx: CheckoutContext, options: SyncOptions = {}): JobHandlers {
  return {
    [CHECKOUT_SYNC_JOB]: defineJobHandler(SyncPayload, async ({ shopDomain }, job) => {
      try {
        const result = await syncCheckoutOffers({ ...ctx, logger: job.logger }, shopDomain, options);
        if (result.outcome === 'skipped') return { outcome: 'skipped', reason: result.reason };
        // The job result is what the admin's activity page shows: counts and the merchant-facing warnings.
        const summary: { [key: string]: JsonValue } = {
          outcome: result.outcome,
          offers: result.offers,
          bytes: result.bytes,
          codesCreated: result.codesCreated,
          codesReused: result.codesReused,
          codesDeactivated: result.codesDeactivated,
          warnings: result.warnings.map((w) => ({ ...w })),
        };
        return summary;
      } catch (error) {
        throw asJobError(error);
      }
    }),
  };
}

/**
 * The catalog job's mapping (retry throttling and outages; stop on a revoked token, a bad query, an unknown
 * currency), plus: a catalog still being built is retried, a rejected metafield or code input is not.
 */
function asJobError(error: unknown): unknown {
  if (error instanceof CatalogNotReadyError) return new RetriableJobError(error.message, CATALOG_RETRY_MS);
  if (error instanceof ShopifyUserErrors) return new TerminalJobError(error.message);
  return catalogJobError(error);
}
