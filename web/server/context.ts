// The collaborators every module receives, built once at startup (and by tests, with real parts).

import type { CatalogCache } from './catalog/index.js';
import type { Clock } from './clock.js';
import type { AppConfig } from './config.js';
import type { Db } from './db/client.js';
import type { FunnelsModule } from './funnels/index.js';
import type { JobQueue } from './jobs/queue.js';
import type { Ledger } from './ledger/index.js';
import type { Logger } from './logger.js';
import type { PreviewShopify } from './preview/index.js';
import type { SettingsStore } from './settings/index.js';
import type { AdminClient, AdminClientOptions } from './shopify/admin-client.js';
import type { PrismaSessionStorage } from './shopify/session-storage.js';
import type { ShopifyApi } from './shopify/shopify-api.js';

export interface AppContext {
  config: AppConfig;
  db: Db;
  logger: Logger;
  clock: Clock;
  shopify: ShopifyApi;
  sessions: PrismaSessionStorage;
  jobs: JobQueue;
  /** The engine's catalog per shop, from DB snapshots and memory; never calls Shopify. */
  catalog: CatalogCache;
  /** The engine's shop settings, cached. */
  settings: SettingsStore;
  /** Funnels, library offers and the compiled active funnels the offer endpoints read. */
  funnels: FunnelsModule;
  /** The per-order ledger: decisions, impressions, declines, accepts, payments, removals. */
  ledger: Ledger;
  /** An Admin API client for an installed shop (offline token); throws ShopNotInstalledError without one. */
  adminFor(shop: string): Promise<AdminClient>;
  adminClientOptions?: AdminClientOptions;
  /** Where the admin workspace's build is (default admin/dist); tests point it elsewhere. */
  adminDistDir?: string;
  /** Shopify's side of the extension previews (demo mode only): injected by `npm run demo` and the tests. */
  previewShopify?: PreviewShopify;
}
