// A whole Encore backend for tests: a fresh database (SQLite by default), the Admin API emulator seeded with the
// demo store, the backend's Shopify client redirected to it, and the HTTP server on a random port.
import { setAbstractFetchFunc } from '@shopify/shopify-api/runtime';
import { type AppConfig, loadConfig } from '../../web/server/config.js';
import { silentLogger } from '../../web/server/logger.js';
import { type RunningServer, type StartOptions, startServer } from '../../web/server/start.js';
import { appTomlScopes } from '../emulator/app-toml.js';
import { emulatorFetch } from '../emulator/redirect-fetch.js';
import { DEMO_SHOP_DOMAIN } from '../emulator/seed/demo-store.js';
import { type RunningEmulator, startEmulator } from '../emulator/server.js';
import { type TestDatabase, testDatabases } from './databases.js';

export const TEST_API_KEY = 'encore-test-api-key';
export const TEST_API_SECRET = 'encore-test-api-secret';

export interface Harness {
  server: RunningServer;
  emulator: RunningEmulator;
  database: TestDatabase;
  config: AppConfig;
  shop: string;
  /** fetch against the backend, with an App Bridge session token for `shop` unless `auth: false`. */
  adminFetch(path: string, init?: RequestInit & { shop?: string; auth?: boolean }): Promise<Response>;
  close(): Promise<void>;
}

export interface HarnessOptions extends StartOptions {
  database?: keyof typeof testDatabases;
  seed?: 'demo' | 'empty';
  runWorker?: boolean;
  emulatorOptions?: Partial<Parameters<typeof startEmulator>[0]>;
  /** More environment variables for the app's config (ENCORE_DEMO: '1' for the demo's mode, SMTP_URL, EMAIL_FROM…). */
  env?: Record<string, string>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const database = await testDatabases[options.database ?? 'sqlite']();
  const config = loadConfig({
    SHOPIFY_API_KEY: TEST_API_KEY,
    SHOPIFY_API_SECRET: TEST_API_SECRET,
    SHOPIFY_APP_URL: 'https://encore.test',
    DATABASE_URL: database.url,
    PORT: '0',
    ENCORE_RUN_WORKER: options.runWorker === false ? '0' : '1',
    ...options.env,
  });
  const { env: _env, ...startOptions } = options;
  const server = await startServer(config, { logger: silentLogger(), host: '127.0.0.1', ...startOptions });
  const emulator = await startEmulator({
    port: 0,
    seed: options.seed ?? 'demo',
    apiKey: TEST_API_KEY,
    apiSecret: TEST_API_SECRET,
    appUrl: server.url,
    scopes: appTomlScopes(),
    ...options.emulatorOptions,
  });
  setAbstractFetchFunc(emulatorFetch(emulator.url));

  return {
    server,
    emulator,
    database,
    config,
    shop: DEMO_SHOP_DOMAIN,
    adminFetch(path, init = {}) {
      const { shop = DEMO_SHOP_DOMAIN, auth = true, headers, ...rest } = init;
      const all = new Headers(headers);
      if (auth) all.set('Authorization', `Bearer ${emulator.issueSessionToken(shop)}`);
      if (rest.body && !all.has('content-type')) all.set('Content-Type', 'application/json');
      return fetch(`${server.url}${path}`, { ...rest, headers: all });
    },
    async close() {
      await emulator.close();
      await server.close();
      await database.drop();
    },
  };
}
