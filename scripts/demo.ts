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
import { emulatorPreviewShopify } from '../test/support/preview-shopify.js';
import { OffsetClock } from '../web/server/clock.js';
import { loadConfig } from '../web/server/config.js';
import { ADMIN_API_VERSION } from '../web/server/shopify/api-version.js';
import { type RunningServer, startServer } from '../web/server/start.js';
import { ensureAdminBuilt } from './admin-build.js';
import { type DemoInbox, startDemoInbox } from './demo-inbox.js';
import { seedDemoShop } from './demo-seed.js';

/** The email offer waits 10 minutes after the order outside the demo; the demo sends it after this many seconds. */
const DEMO_EMAIL_DELAY_SECONDS = Number(process.env.DEMO_EMAIL_DELAY_SECONDS ?? 15);
const DEMO_EMAIL_FROM = 'offers@encore-demo.test';

async function main(): Promise<void> {
  // Email offers go to a local SMTP server with a web inbox, unless SMTP_URL names a real one.
  const inbox = process.env.SMTP_URL
    ? null
    : await startDemoInbox({ smtpPort: Number(process.env.DEMO_SMTP_PORT ?? 2525), webPort: Number(process.env.DEMO_INBOX_PORT ?? 4020) });
  const config = loadConfig({
    ...process.env,
    ENCORE_DEMO: '1',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    ...(inbox ? { SMTP_URL: inbox.smtp.url, EMAIL_FROM: DEMO_EMAIL_FROM } : {}),
  });
  const emulatorPort = Number(process.env.EMULATOR_PORT ?? 4010);

  await ensureSchemas();
  // The admin the backend serves at / (built once, again only after its sources change).
  ensureAdminBuilt();
  // Admin clients are built per request, so redirecting now covers every call the backend will make; calls made
  // before the emulator listens (jobs left queued by an earlier run) wait for it.
  let emulatorUp: (url: string) => void = () => undefined;
  setAbstractFetchFunc(emulatorFetchWhenReady(new Promise<string>((resolve) => (emulatorUp = resolve))));
  // One movable clock for the backend and the emulator: POST /api/demo/clock moves both (renewals, dunning retries).
  const clock = new OffsetClock();
  // The admin's Preview page plays Shopify's checkout against this emulator (demo mode only: web/server/preview).
  let running: RunningEmulator | undefined;
  const previewShopify = emulatorPreviewShopify({ apiKey: config.apiKey, apiSecret: config.apiSecret, emulator: () => running });
  const backend = await startServer(config, { clock, previewShopify });
  await forgetEarlierEmailOffers(backend);
  const emulator = await startEmulator({
    port: emulatorPort,
    seed: 'demo',
    apiKey: config.apiKey,
    apiSecret: config.apiSecret,
    appUrl: backend.url,
    scopes: appTomlScopes(),
    clock,
  });
  running = emulator;
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

  Admin              ${backend.url}/?shop=${DEMO_SHOP_DOMAIN}   (open in a browser: the merchant admin, standalone)
  Preview            ${backend.url}/preview?shop=${DEMO_SHOP_DOMAIN}   (the real extensions as a shopper sees them)
  Backend            ${backend.url}
  Health             ${backend.url}/healthz
  Installed shop     ${shop.name} (${shop.domain})
  Admin GraphQL      ${graphqlUrl}   (Shopify Admin API emulator, real ${ADMIN_API_VERSION} schema)
  Demo access token  ${DEMO_ACCESS_TOKEN}
  Database           ${config.databaseUrl}
  Funnels            ${seeded.funnels.join(', ')}
  Email inbox        ${inbox ? `${inbox.url}   (local SMTP server on 127.0.0.1:${inbox.smtp.port})` : `your SMTP_URL (${config.emailFrom})`}

  Order ${seeded.emailOrder.name} (${seeded.emailOrder.email}, French) gets an email offer in about ${DEMO_EMAIL_DELAY_SECONDS} s
  (10 minutes after the order outside the demo). Read it in the inbox; its button opens the offer page. What was
  sent, per order:  GET ${backend.url}/api/admin/email/orders/${seeded.emailOrder.id.split('/').pop()}  (session token needed)

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

  void sendDemoEmailSoon(backend, seeded.emailOrder.id, inbox);

  const stop = async () => {
    process.stdout.write('\nStopping…\n');
    await emulator.close();
    await backend.close();
    await inbox?.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

/**
 * The emulator starts empty on every run and numbers its orders the same way, so email offers an earlier run kept
 * name orders this emulator does not have (or has again, as a new order with the same id): they are dropped, with
 * their emails, decisions and jobs, before the demo places its order.
 */
async function forgetEarlierEmailOffers(backend: RunningServer): Promise<void> {
  const { prisma } = backend.ctx.db;
  await prisma.emailMessage.deleteMany({});
  await prisma.emailOffer.deleteMany({});
  await prisma.offerDecision.deleteMany({ where: { surface: 'email' } });
  await prisma.offerEvent.deleteMany({ where: { surface: 'email' } });
  await prisma.job.deleteMany({ where: { name: { startsWith: 'email.' } } });
}

/**
 * The email of the demo order is scheduled 10 minutes after it, like any other; the demo runs its send job after
 * DEMO_EMAIL_DELAY_SECONDS instead, so a person sees it arrive. Everything else (re-check, render, SMTP) is as usual.
 */
async function sendDemoEmailSoon(backend: RunningServer, orderId: string, inbox: DemoInbox | null): Promise<void> {
  const { db, jobs, ledger } = backend.ctx;
  const deadline = Date.now() + 60_000;
  let offer = null;
  while (!offer && Date.now() < deadline) {
    offer = await db.prisma.emailOffer.findFirst({ where: { orderId } });
    if (!offer) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (!offer) {
    const [decision] = await ledger.decisionsForOrder((await db.prisma.shop.findFirstOrThrow()).id, orderId);
    process.stdout.write(
      `\n  No email offer for the demo order: ${decision ? JSON.stringify(decision.decision.trace) : 'not decided yet'}\n`,
    );
    return;
  }
  await new Promise((resolve) => setTimeout(resolve, DEMO_EMAIL_DELAY_SECONDS * 1000));
  const before = inbox?.smtp.messages.length ?? 0;
  const job = await db.prisma.job.findUnique({ where: { idempotencyKey: `email.send:${offer.id}` } });
  if (job) await jobs.retryNow(job.id);
  if (inbox) {
    await inbox.smtp.waitForCount(before + 1, 30_000).then(
      () => process.stdout.write(`\n  Email offer sent for the demo order: ${inbox.url}\n`),
      () => process.stdout.write(`\n  The demo email did not arrive; see GET /api/admin/jobs for the email.send job.\n`),
    );
  }
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
