// `npm run demo`: the whole app offline. Applies migrations to a SQLite file, starts the seeded Admin API
// emulator and the backend, installs the demo shop through the real token-exchange path, prints the URLs and
// stays up until Ctrl-C. Only this script (and tests) point the backend's Shopify client at the emulator.
//
// It starts whatever state the database is in (a run killed at any point, two runs in a row, a database from before
// a migration): the emulator is new on every run but accepts the tokens the database kept from earlier runs, as
// Shopify would, and nothing calls Shopify before the emulator is up.
import { setAbstractFetchFunc } from '@shopify/shopify-api/runtime';
import { appTomlScopes } from '../test/emulator/app-toml.js';
import { emulatorFetchWhenReady } from '../test/emulator/redirect-fetch.js';
import { ensureSchemas } from '../test/emulator/schema/fetch.js';
import { DEMO_ACCESS_TOKEN, DEMO_CONTRACTS, DEMO_SHOP_DOMAIN } from '../test/emulator/seed/demo-store.js';
import { type RunningEmulator, startEmulator } from '../test/emulator/server.js';
import { OffsetClock } from '../web/server/clock.js';
import { loadConfig } from '../web/server/config.js';
import { ADMIN_API_VERSION } from '../web/server/shopify/api-version.js';
import { type RunningServer, startServer } from '../web/server/start.js';
import { seedDemoShop } from './demo-seed.js';

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, ENCORE_DEMO: '1', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const emulatorPort = Number(process.env.EMULATOR_PORT ?? 4010);

  await ensureSchemas();
  // Admin clients are built per request, so redirecting now covers every call the backend will make; calls made
  // before the emulator listens (jobs left queued by an earlier run) wait for it.
  let emulatorUp: (url: string) => void = () => undefined;
  setAbstractFetchFunc(emulatorFetchWhenReady(new Promise<string>((resolve) => (emulatorUp = resolve))));
  // One movable clock for the backend and the emulator: POST /api/demo/clock moves both (renewals, dunning retries).
  const clock = new OffsetClock();
  const backend = await startServer(config, { clock });
  const emulator = await startEmulator({
    port: emulatorPort,
    seed: 'demo',
    apiKey: config.apiKey,
    apiSecret: config.apiSecret,
    appUrl: backend.url,
    scopes: appTomlScopes(),
    clock,
  });
  await restoreEarlierInstallation(backend, emulator);
  emulatorUp(emulator.url);

  // Opening the app in the admin = a request with an App Bridge session token; the backend installs the shop.
  const sessionToken = emulator.issueSessionToken(DEMO_SHOP_DOMAIN);
  const response = await fetch(`${backend.url}/api/admin/shop`, { headers: { Authorization: `Bearer ${sessionToken}` } });
  if (!response.ok) throw new Error(`installing the demo shop failed: HTTP ${response.status} ${await response.text()}`);
  const { shop } = (await response.json()) as { shop: { name: string; domain: string } };
  const seeded = await seedDemoShop({ backend, emulator, config });
  // The seed's contracts (two active, one paused) are read by the install's reconciliation; the next renewal of
  // the first one is scripted to fail once, so advancing the clock shows a renewal, a failure and its retry.
  emulator.store.scriptBillingOutcome(DEMO_CONTRACTS.farahMonthlySencha, [
    { kind: 'failure', errorCode: 'INSUFFICIENT_FUNDS' },
    { kind: 'success' },
  ]);

  const graphqlUrl = `${emulator.url}/admin/api/${ADMIN_API_VERSION}/graphql.json`;
  process.stdout.write(`
Encore demo is running (Ctrl-C to stop)

  Backend            ${backend.url}
  Health             ${backend.url}/healthz
  Installed shop     ${shop.name} (${shop.domain})
  Admin GraphQL      ${graphqlUrl}   (Shopify Admin API emulator, real ${ADMIN_API_VERSION} schema)
  Demo access token  ${DEMO_ACCESS_TOKEN}
  Database           ${config.databaseUrl}
  Funnels            ${seeded.funnels.join(', ')}

  A shopper just paid for order ${seeded.purchase.orderName}; ask for its post-purchase funnel as the extension does
  (the purchase token is valid for 90 minutes):
    curl -s ${backend.url}/api/post-purchase/offer -H 'Content-Type: application/json' \\
      -H 'Authorization: Bearer ${seeded.purchase.token}' -d @${seeded.purchase.requestFile}

  Subscriptions (contracts in different states; move the demo clock to see a renewal, then a failed card and
  its retry a day later). With an App Bridge token from the emulator (see README), or simply:
    curl -s -X POST ${backend.url}/api/demo/clock -H 'Content-Type: application/json' -d '{"days": 11}'
    curl -s -X POST ${backend.url}/api/demo/clock -H 'Content-Type: application/json' -d '{"days": 1}'

  Try:
    curl -s ${backend.url}/healthz
    curl -s ${graphqlUrl} -H 'Content-Type: application/json' \\
      -H 'X-Shopify-Access-Token: ${DEMO_ACCESS_TOKEN}' -d '{"query":"{ shop { name myshopifyDomain } }"}'
`);

  const stop = async () => {
    process.stdout.write('\nStopping…\n');
    await emulator.close();
    await backend.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

/** The demo database outlives the emulator: tokens an earlier run was given are registered with this emulator. */
async function restoreEarlierInstallation(backend: RunningServer, emulator: RunningEmulator): Promise<void> {
  const { sessions, shopify } = backend.ctx;
  const session = await sessions.loadSession(shopify.session.getOfflineId(DEMO_SHOP_DOMAIN));
  if (!session?.accessToken) return;
  emulator.restoreInstallation(DEMO_SHOP_DOMAIN, {
    accessToken: session.accessToken,
    scopes: session.scope?.split(',') ?? [],
    expiresAt: session.expires?.getTime() ?? null,
    refreshToken: session.refreshToken ?? null,
    refreshTokenExpiresAt: session.refreshTokenExpires?.getTime() ?? null,
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`Encore demo failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
