// When the catalog is rebuilt: a `catalog.rebuild` job per shop, requested by product webhooks (debounced), by the
// cache (snapshot too old or missing), at install, or by hand. Idempotency keys per shop and time bucket make
// many requests in one bucket share one job, across every app instance.
import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Db } from '../db/client.js';
import { defineJobHandler } from '../jobs/define.js';
import { TerminalJobError } from '../jobs/errors.js';
import type { EnqueueResult, JobQueue } from '../jobs/queue.js';
import type { JobHandlers, JsonValue } from '../jobs/types.js';
import type { Logger } from '../logger.js';
import { UnknownCurrencyError } from '../offers/index.js';
import type { AdminClient } from '../shopify/admin-client.js';
import { shopifyJobError } from '../shopify/job-errors.js';
import { installedShop } from '../shops/index.js';
import type { TopicHandler, TopicHandlers } from '../webhooks/index.js';
import { type CatalogSettings, catalogSettings } from './settings.js';
import { markCatalogStale, rebuildCatalog } from './snapshots.js';

export const CATALOG_REBUILD_JOB = 'catalog.rebuild';

/** Webhook topics after which the cached catalog is out of date. */
export const CATALOG_TOPICS = ['products/create', 'products/update', 'products/delete'] as const;

const MAX_REBUILD_ATTEMPTS = 5;

/** What the catalog needs from the app context (AppContext satisfies it). */
export interface CatalogContext {
  db: Db;
  clock: Clock;
  logger: Logger;
  jobs: Pick<JobQueue, 'enqueue'>;
  adminFor(shop: string): Promise<AdminClient>;
}

export type RebuildReason = 'changed' | 'refresh' | 'install' | 'manual';

/**
 * Enqueues a rebuild of the shop's catalog, sharing the job with other requests of the same reason in the same
 * time bucket:
 * - changed: product webhooks; one job per `changeDebounceMs` window, run when the window closes, so a burst of
 *   edits costs one rebuild that sees all of them.
 * - refresh: the cache found the snapshot too old, stale for too long, or missing; at most one per TTL window.
 * - install / manual: now, once per debounce window.
 */
export async function requestCatalogRebuild(
  deps: { jobs: Pick<JobQueue, 'enqueue'>; clock: Clock },
  shopDomain: string,
  reason: RebuildReason,
  settings: Partial<CatalogSettings> = {},
): Promise<EnqueueResult> {
  const { ttlMs, changeDebounceMs } = catalogSettings(settings);
  const now = deps.clock.now().getTime();
  const bucketMs = reason === 'refresh' ? ttlMs : changeDebounceMs;
  const bucket = Math.floor(now / bucketMs);
  const runAt = reason === 'changed' ? new Date((bucket + 1) * bucketMs) : new Date(now);
  return deps.jobs.enqueue(
    CATALOG_REBUILD_JOB,
    { shopDomain },
    { idempotencyKey: `${CATALOG_REBUILD_JOB}:${shopDomain}:${reason}:${bucket}`, runAt, shopDomain, maxAttempts: MAX_REBUILD_ATTEMPTS },
  );
}

const RebuildPayload = z.object({ shopDomain: z.string().min(1) });

export interface CatalogHooks {
  /** After a new catalog version was stored (things derived from the catalog, such as the checkout offers, follow it). */
  onBuilt?: (shopDomain: string) => Promise<unknown>;
}

export function catalogJobHandlers(ctx: CatalogContext, overrides: Partial<CatalogSettings> = {}, hooks: CatalogHooks = {}): JobHandlers {
  const settings = catalogSettings(overrides);
  return {
    [CATALOG_REBUILD_JOB]: defineJobHandler(RebuildPayload, async ({ shopDomain }, job) => {
      const shop = await installedShop(ctx.db, { domain: shopDomain });
      if (!shop) {
        job.logger.info('shop is not installed; catalog rebuild skipped');
        return { skipped: 'not_installed' };
      }
      try {
        const result = await rebuildCatalog({ ...ctx, logger: job.logger }, shop, {
          signal: job.signal,
          recentSalesDays: settings.recentSalesDays,
          metafieldKeys: settings.metafieldKeys,
          costBudget: settings.costBudget,
        });
        const summary: { [key: string]: JsonValue } = {
          outcome: result.outcome,
          products: result.products,
          requests: result.report.requests,
          actualCost: result.report.actualCost,
        };
        if (result.outcome === 'built') {
          summary.version = result.version;
          await hooks.onBuilt?.(shop.domain);
        }
        return summary;
      } catch (error) {
        throw asJobError(error);
      }
    }),
  };
}

/** Shopify's failures as job errors (shopify/job-errors.ts), and a currency the engine cannot price stops the job. */
export function asJobError(error: unknown): unknown {
  if (error instanceof UnknownCurrencyError) return new TerminalJobError(error.message);
  return shopifyJobError(error);
}

export function catalogTopicHandlers(ctx: CatalogContext, overrides: Partial<CatalogSettings> = {}): TopicHandlers {
  const settings = catalogSettings(overrides);
  const productChanged: TopicHandler = async (event, log) => {
    const shop = await installedShop(ctx.db, { domain: event.shop });
    if (!shop) {
      log.info('product webhook for a shop that is not installed; ignored');
      return;
    }
    const markedStale = await markCatalogStale(ctx.db, shop.id, ctx.clock.now());
    const { job, created } = await requestCatalogRebuild(ctx, shop.domain, 'changed', settings);
    log.info({ markedStale, rebuildJobId: job.id, rebuildAt: job.runAt, newJob: created }, 'catalog out of date; rebuild requested');
  };
  return Object.fromEntries(CATALOG_TOPICS.map((topic) => [topic, productChanged]));
}

/** Call after a shop installs (or reinstalls) the app: builds its first catalog now. */
export async function onShopInstalled(ctx: Pick<CatalogContext, 'jobs' | 'clock'>, shopDomain: string): Promise<EnqueueResult> {
  return requestCatalogRebuild(ctx, shopDomain, 'install');
}
