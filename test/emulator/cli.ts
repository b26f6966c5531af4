// `npm run emulator`: the Admin API emulator seeded with the demo store on PORT / EMULATOR_PORT (default 4010),
// until Ctrl-C. SHOPIFY_API_KEY / SHOPIFY_API_SECRET / APP_URL configure the app it talks to.
import { ADMIN_API_VERSION } from '../../web/server/shopify/api-version.js';
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from './seed/demo-store.js';
import { startEmulator } from './server.js';

async function main(): Promise<void> {
  const port = Number(process.env.EMULATOR_PORT ?? process.env.PORT ?? 4010);
  const apiKey = process.env.SHOPIFY_API_KEY ?? 'encore-demo-api-key';
  const apiSecret = process.env.SHOPIFY_API_SECRET ?? 'encore-demo-api-secret';
  const emulator = await startEmulator({ port, seed: 'demo', apiKey, apiSecret, appUrl: process.env.APP_URL });
  const graphql = `http://127.0.0.1:${emulator.port}/admin/api/${ADMIN_API_VERSION}/graphql.json`;
  process.stdout.write(
    [
      'Shopify Admin API emulator (real 2026-07 schema), seeded with the Encore Demo Store',
      '',
      `  Admin GraphQL  ${graphql}`,
      `  Shop           ${DEMO_SHOP_DOMAIN}`,
      `  Access token   ${DEMO_ACCESS_TOKEN}`,
      `  Webhooks to    ${process.env.APP_URL ? `${process.env.APP_URL}/api/webhooks` : '(none: set APP_URL)'}`,
      '',
      'Try:',
      `  curl -s ${graphql} -H 'Content-Type: application/json' -H 'X-Shopify-Access-Token: ${DEMO_ACCESS_TOKEN}' \\`,
      `    -d '{"query":"{ shop { name myshopifyDomain } products(first: 3) { nodes { title } } }"}'`,
      '',
      'Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  const stop = async (): Promise<void> => {
    await emulator.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
