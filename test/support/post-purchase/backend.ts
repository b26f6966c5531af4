// Test support: a whole backend for post-purchase tests. The harness (real database, the Admin API emulator with
// the demo store), the demo shop installed by token exchange, its catalog loaded from the emulator, funnels saved
// through the funnels service, and the post-purchase endpoints served over HTTP.
//
// The endpoints are reached through the real app (createApp), with the app context's own catalog cache, funnels,
// settings and ledger.

import { rebuildCatalog } from '../../../web/server/catalog/snapshots.js';
import type { FunnelRecord, FunnelsModule } from '../../../web/server/funnels/index.js';
import { createWorker, type Worker } from '../../../web/server/jobs/worker.js';
import type { Ledger } from '../../../web/server/ledger/index.js';
import type { FunnelDefinitionInput } from '../../../web/server/offers/index.js';
import type { SettingsStore } from '../../../web/server/settings/index.js';
import { jobHandlers } from '../../../web/server/start.js';
import type { RunningEmulator } from '../../emulator/server.js';
import { type Harness, type HarnessOptions, startHarness, TEST_API_KEY, TEST_API_SECRET } from '../harness.js';
import { emulatorPreviewShopify } from '../preview-shopify.js';
import { type ShopifyPurchase, type StartPurchaseOptions, startShopifyPurchase } from './shopify-host.js';

export { TEST_API_KEY, TEST_API_SECRET };

export interface PostPurchaseBackend {
  h: Harness;
  /** Origin serving /api/post-purchase/*. */
  url: string;
  shop: { id: string; domain: string };
  funnels: FunnelsModule;
  ledger: Ledger;
  settings: SettingsStore;
  /** Saves a funnel for the demo shop through the funnels service (validated against the catalog). */
  createFunnel(definition: Omit<FunnelDefinitionInput, 'id'>): Promise<FunnelRecord>;
  /** Places a purchase in the emulator and returns Shopify's side of its post-purchase page. */
  purchase(options: Omit<StartPurchaseOptions, 'apiKey' | 'apiSecret'>): ShopifyPurchase;
  /** POSTs JSON to /api/post-purchase/<path> with the purchase token as bearer. */
  post(path: 'offer' | 'sign' | 'events', body: unknown, token?: string): Promise<Response>;
  /** Runs the webhook jobs that are due (orders/create, subscription_contracts/create...) with this feature's handlers. */
  runJobs(): Promise<number>;
  close(): Promise<void>;
}

export interface PostPurchaseBackendOptions {
  database?: HarnessOptions['database'];
  /** More configuration variables for the app (HarnessOptions.env). */
  env?: Record<string, string>;
  /** Inject Shopify's side of the extension previews (served in demo mode only: pass env ENCORE_DEMO=1 too). */
  preview?: boolean;
}

export async function startPostPurchaseBackend(options: PostPurchaseBackendOptions = {}): Promise<PostPurchaseBackend> {
  let emulator: RunningEmulator | undefined;
  const previewShopify = options.preview
    ? emulatorPreviewShopify({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, emulator: () => emulator })
    : undefined;
  const h = await startHarness({
    runWorker: false,
    ...(previewShopify ? { previewShopify } : {}),
    ...(options.database ? { database: options.database } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  emulator = h.emulator;
  const ctx = h.server.ctx;
  const installed = await h.adminFetch('/api/admin/shop');
  if (installed.status !== 200) throw new Error(`installing the demo shop failed: ${installed.status} ${await installed.text()}`);
  const row = await ctx.db.prisma.shop.findUniqueOrThrow({ where: { domain: h.shop } });
  const shop = { id: row.id, domain: row.domain };
  await rebuildCatalog({ db: ctx.db, clock: ctx.clock, logger: ctx.logger, adminFor: (domain) => ctx.adminFor(domain) }, shop);

  const { funnels, settings, ledger } = ctx;
  const worker: Worker = createWorker({ db: ctx.db, clock: ctx.clock, logger: ctx.logger, handlers: jobHandlers(ctx) });
  const url = h.server.url;

  return {
    h,
    url,
    shop,
    funnels,
    ledger,
    settings,
    async createFunnel(definition) {
      const saved = await funnels.funnels.create(shop.id, definition);
      return saved.record;
    },
    purchase(purchaseOptions) {
      return startShopifyPurchase(h.emulator, { apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, ...purchaseOptions });
    },
    post(path, body, token) {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (token !== undefined) headers.Authorization = `Bearer ${token}`;
      return fetch(`${url}/api/post-purchase/${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    },
    runJobs: () => worker.runDue(),
    async close() {
      await worker.stop();
      await ctx.catalog.whenIdle();
      await h.close();
    },
  };
}
