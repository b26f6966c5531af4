// Composition root: builds the context from config, applies migrations, starts HTTP and the job worker.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CatalogCache, catalogJobHandlers, catalogTopicHandlers } from './catalog/index.js';
import { checkoutJobHandlers, checkoutSyncOnShopChange, databaseSources, requestCheckoutSync } from './checkout/index.js';
import { type Clock, systemClock } from './clock.js';
import type { AppConfig } from './config.js';
import type { AppContext } from './context.js';
import { openDatabase } from './db/client.js';
import { migrate } from './db/migrate.js';
import { emailJobHandlers, emailTopicHandlers } from './email/index.js';
import { createFunnelsModule } from './funnels/index.js';
import { createApp } from './http/app.js';
import { monitorEventLoopLag } from './jobs/event-loop-lag.js';
import { createJobQueue } from './jobs/queue.js';
import type { JobHandlers } from './jobs/types.js';
import { createWorker } from './jobs/worker.js';
import { createLedger, ledgerTopicHandlers } from './ledger/index.js';
import { createLogger, type Logger } from './logger.js';
import { createOrderEditModule, emailOfferLifecycle } from './order-edit/index.js';
import { postPurchaseJobHandlers, postPurchaseTopicHandlers } from './post-purchase/index.js';
import type { PreviewShopify } from './preview/index.js';
import { complianceHandlers, retentionJobHandlers, schedulePruning } from './privacy/index.js';
import { createSettingsStore } from './settings/index.js';
import type { AdminClientOptions } from './shopify/admin-client.js';
import { createOfflineAccess } from './shopify/offline-access.js';
import { PrismaSessionStorage } from './shopify/session-storage.js';
import { createShopifyApi } from './shopify/shopify-api.js';
import { markUninstalled } from './shops/index.js';
import { subscriptionJobHandlers, subscriptionTopicHandlers } from './subscriptions/index.js';
import { composeTopicHandlers, type TopicHandlers, WEBHOOK_JOB, webhookJobHandler } from './webhooks/index.js';

/**
 * Jobs the in-process worker runs at once. Several, so that a burst of webhooks is processed while it arrives:
 * one job at a time spends most of its time waiting for database round trips (and on SQLite, several jobs' writes
 * share one group commit). Safe: the queue already lets several instances run jobs side by side.
 * bench/webhooks measured 4 against 1 and 8 (docs/benchmarks.md, "Webhook intake").
 */
export const WORKER_CONCURRENCY = 4;
/**
 * The worker claims a job only while the event loop runs its timers at most this late: when requests keep the
 * loop busy they are served first, and jobs wait (measured with bench/webhooks: at rates where processing every
 * webhook at once would take more CPU than the loop has, the intake's p99 stays near what it is without the
 * worker, and the backlog is processed after the burst).
 */
export const WORKER_MAX_EVENT_LOOP_LAG_MS = 5;
/** ...but a job never waits longer than this for it, so jobs progress on a machine whose timers are always late. */
export const WORKER_MAX_CLAIM_DELAY_MS = 250;

export interface StartOptions {
  logger?: Logger;
  clock?: Clock;
  adminClientOptions?: AdminClientOptions;
  /** Listen on this host (default 0.0.0.0 outside tests). */
  host?: string;
  /** Shopify's side of the extension previews; used in demo mode only (preview/shopify-side.ts). */
  previewShopify?: PreviewShopify;
}

export interface RunningServer {
  ctx: AppContext;
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function buildContext(config: AppConfig, options: StartOptions = {}): Promise<AppContext> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const clock = options.clock ?? systemClock;
  const db = await openDatabase(config.databaseUrl);
  const shopify = createShopifyApi(config, logger);
  const sessions = new PrismaSessionStorage(db);
  const offlineAccess = createOfflineAccess({
    shopify,
    sessions,
    logger,
    ...(options.adminClientOptions ? { adminClientOptions: options.adminClientOptions } : {}),
  });
  const jobs = createJobQueue({ db, clock, logger });
  const catalog = new CatalogCache({ db, jobs, clock, logger });
  // The checkout block renders from a shop metafield derived from funnels, settings and catalog: any change to
  // them requests a (debounced) checkout sync.
  const resyncCheckout = checkoutSyncOnShopChange({ db, jobs, clock, logger });
  const settings = createSettingsStore({ db, clock, logger, onChange: resyncCheckout });
  const funnels = createFunnelsModule({
    db,
    clock,
    logger,
    settings,
    catalogFor: (shopId) => catalog.get(shopId),
    onChange: resyncCheckout,
  });
  const ledger = createLedger({ db, clock, logger });
  return {
    config,
    db,
    logger,
    clock,
    shopify,
    sessions,
    jobs,
    catalog,
    settings,
    funnels,
    ledger,
    ...(options.adminClientOptions ? { adminClientOptions: options.adminClientOptions } : {}),
    ...(options.previewShopify ? { previewShopify: options.previewShopify } : {}),
    adminFor: (shop) => offlineAccess.adminFor(shop),
  };
}

export function topicHandlers(ctx: AppContext): TopicHandlers {
  // orders/create has several consumers, in order: the customer profile (the email's targeting reads it), email
  // offers, and the order-edit module's optional fulfilment hold.
  return composeTopicHandlers(
    {
      'app/uninstalled': (event) => markUninstalled(ctx, event.shop, event.triggeredAt ?? ctx.clock.now()),
      ...complianceHandlers(ctx.db),
      ...catalogTopicHandlers(ctx),
      ...subscriptionTopicHandlers(ctx),
      ...ledgerTopicHandlers(ctx),
    },
    postPurchaseTopicHandlers(ctx),
    emailTopicHandlers(ctx),
    createOrderEditModule(ctx).topicHandlers,
  );
}

export function jobHandlers(ctx: AppContext): JobHandlers {
  return {
    [WEBHOOK_JOB]: webhookJobHandler(ctx.db, topicHandlers(ctx)),
    ...catalogJobHandlers(ctx, {}, { onBuilt: (shopDomain) => requestCheckoutSync(ctx, shopDomain) }),
    ...checkoutJobHandlers(ctx, { sources: databaseSources({ ...ctx, catalogFor: (shopId) => ctx.catalog.get(shopId) }) }),
    ...postPurchaseJobHandlers(ctx),
    ...retentionJobHandlers(ctx),
    ...subscriptionJobHandlers(ctx),
    ...emailJobHandlers(ctx, { lifecycle: emailOfferLifecycle(ctx) }),
    ...createOrderEditModule(ctx).jobHandlers,
  };
}

export async function startServer(config: AppConfig, options: StartOptions = {}): Promise<RunningServer> {
  const ctx = await buildContext(config, options);
  const migrations = await migrate(ctx.db);
  if (migrations.applied.length) ctx.logger.info({ applied: migrations.applied }, 'database migrated');
  await schedulePruning(ctx.jobs, ctx.clock.now());

  const lag = config.runWorker ? monitorEventLoopLag() : undefined;
  const worker = lag
    ? createWorker({
        db: ctx.db,
        handlers: jobHandlers(ctx),
        clock: ctx.clock,
        logger: ctx.logger,
        concurrency: WORKER_CONCURRENCY,
        whenIdle: () => lag.settled(WORKER_MAX_EVENT_LOOP_LAG_MS, WORKER_MAX_CLAIM_DELAY_MS),
      })
    : undefined;
  worker?.start();

  const server = http.createServer(createApp(ctx));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  ctx.logger.info({ port, database: ctx.db.provider, worker: Boolean(worker) }, 'Encore backend listening');

  return {
    ctx,
    url,
    port,
    async close() {
      const stopped = worker?.stop();
      // Releases a worker waiting for the event loop to settle, so it can stop.
      lag?.stop();
      await stopped;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await ctx.db.close();
    },
  };
}

export interface RunningWorker {
  ctx: AppContext;
  close(): Promise<void>;
}

/**
 * A process that runs the job worker and nothing else (`npm run worker`): the web processes then run with
 * ENCORE_RUN_WORKER=0, so processing never shares the event loop that answers Shopify and shoppers. It needs no
 * event-loop gate: nothing else waits on its loop. Any number of them can run against one PostgreSQL (fenced leases).
 */
export async function startWorker(config: AppConfig, options: StartOptions = {}): Promise<RunningWorker> {
  const ctx = await buildContext(config, options);
  const migrations = await migrate(ctx.db);
  if (migrations.applied.length) ctx.logger.info({ applied: migrations.applied }, 'database migrated');
  await schedulePruning(ctx.jobs, ctx.clock.now());
  const worker = createWorker({
    db: ctx.db,
    handlers: jobHandlers(ctx),
    clock: ctx.clock,
    logger: ctx.logger,
    concurrency: WORKER_CONCURRENCY,
  });
  worker.start();
  ctx.logger.info({ database: ctx.db.provider, concurrency: WORKER_CONCURRENCY }, 'Encore worker running');
  return {
    ctx,
    async close() {
      await worker.stop();
      await ctx.db.close();
    },
  };
}
