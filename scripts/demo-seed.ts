// `npm run demo`: gives the demo shop something to show. Waits for its first catalog (built by the install's
// job), saves a post-purchase funnel and a checkout funnel through the merchant API (once per demo database), and
// places an order in the emulator whose post-purchase request is written to .cache/demo/ with a fresh purchase
// token, exactly as Shopify would hand it to the extension.
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_CUSTOMERS, DEMO_PRODUCTS, DEMO_SHOP_DOMAIN, DEMO_VARIANTS } from '../test/emulator/seed/demo-store.js';
import type { RunningEmulator } from '../test/emulator/server.js';
import { mugEmailFunnel } from '../test/support/email-funnels.js';
import { coffeeFunnel } from '../test/support/post-purchase/demo-funnels.js';
import { startShopifyPurchase } from '../test/support/post-purchase/shopify-host.js';
import type { AppConfig } from '../web/server/config.js';
import type { FunnelDefinitionInput } from '../web/server/offers/index.js';
import type { RunningServer } from '../web/server/start.js';
import { seedDemoLedger } from './demo-ledger.js';

const CATALOG_WAIT_MS = 60_000;

const checkoutAddOn: Omit<FunnelDefinitionInput, 'id'> = {
  name: 'Glass cups with any order',
  surface: 'checkout',
  rootStepId: 'cups',
  steps: [
    {
      id: 'cups',
      offer: {
        kind: 'product',
        source: { type: 'product', productId: `gid://shopify/Product/${DEMO_PRODUCTS.glassCups}` },
        discount: { type: 'percentage', percent: 10 },
      },
      content: { en: { headline: '{product}: {discount}', body: 'Only in this checkout.', button: 'Add' } },
    },
  ],
};

export interface DemoSeed {
  funnels: string[];
  /** Ledger events recorded by this run (0 on a database seeded before). */
  ledgerEvents: number;
  purchase: { orderName: string; token: string; requestFile: string };
  /** The order placed for the email offer flow (its customer reads French). */
  emailOrder: { id: string; name: string; email: string | null };
}

export async function seedDemoShop(deps: { backend: RunningServer; emulator: RunningEmulator; config: AppConfig }): Promise<DemoSeed> {
  const { backend, emulator, config } = deps;
  const shop = await backend.ctx.db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP_DOMAIN } });
  await waitForCatalog(backend, shop.id);

  const admin = async (route: string, init: RequestInit = {}): Promise<unknown> => {
    const response = await fetch(`${backend.url}/api/admin${route}`, {
      ...init,
      headers: { Authorization: `Bearer ${emulator.issueSessionToken(DEMO_SHOP_DOMAIN)}`, 'Content-Type': 'application/json' },
    });
    if (!response.ok)
      throw new Error(`demo: ${init.method ?? 'GET'} /api/admin${route} answered ${response.status} ${await response.text()}`);
    return response.json();
  };
  type Listed = { id: string; name: string; surface: string };
  let { funnels } = (await admin('/funnels')) as { funnels: Listed[] };
  if (funnels.length === 0) {
    for (const definition of [coffeeFunnel(), checkoutAddOn]) await admin('/funnels', { method: 'POST', body: JSON.stringify(definition) });
  }
  // Databases from before email offers have the other funnels already.
  if (!funnels.some((funnel) => funnel.surface === 'email')) {
    await admin('/funnels', { method: 'POST', body: JSON.stringify(mugEmailFunnel()) });
  }
  ({ funnels } = (await admin('/funnels')) as { funnels: Listed[] });
  const ledgerEvents = await seedLedger(backend, shop.id, funnels);
  await seedPlanGroup(backend, shop.id, admin);

  const purchase = startShopifyPurchase(emulator, {
    apiKey: config.apiKey,
    apiSecret: config.apiSecret,
    customerId: null,
    lines: [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }],
  });
  const requestFile = path.join('.cache', 'demo', 'offer-request.json');
  fs.mkdirSync(path.dirname(requestFile), { recursive: true });
  fs.writeFileSync(requestFile, JSON.stringify(purchase.offerRequest(), null, 2));
  // The email offer flow: an order whose orders/create the backend turns into a scheduled email.
  const emailOrder = emulator.store.createOrder({
    customerId: DEMO_CUSTOMERS.frenchReturning,
    lines: [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }],
  });
  return {
    funnels: funnels.map((f) => f.name),
    ledgerEvents,
    purchase: { orderName: purchase.order.name, token: purchase.inputData.token, requestFile },
    emailOrder: { id: `gid://shopify/Order/${emailOrder.id}`, name: emailOrder.name, email: emailOrder.email },
  };
}

/**
 * A "subscribe and save" group for the admin's Plans tab, created in Shopify (the emulator) through the merchant API.
 * The emulator starts empty on every run, so groups an earlier run stored name groups it does not have: they are
 * dropped from the database first (the contracts keep their own copy of their plan).
 */
async function seedPlanGroup(
  backend: RunningServer,
  shopId: string,
  admin: (route: string, init?: RequestInit) => Promise<unknown>,
): Promise<void> {
  await backend.ctx.db.prisma.subscriptionPlanGroup.deleteMany({ where: { shopId } });
  await admin('/subscriptions/plan-groups', {
    method: 'POST',
    body: JSON.stringify({
      name: 'Tea club',
      description: 'Fresh tea delivered, 10 % off every delivery.',
      plans: [
        { interval: 'WEEK', intervalCount: 2, discount: { type: 'percentage', percent: 10 } },
        { interval: 'MONTH', intervalCount: 1, discount: { type: 'percentage', percent: 10 } },
      ],
      productIds: [`gid://shopify/Product/${DEMO_PRODUCTS.sencha}`, `gid://shopify/Product/${DEMO_PRODUCTS.earlGrey}`],
    }),
  });
}

/** A week of events for the demo's two funnels (once per database), so the admin's Home has data. */
async function seedLedger(
  backend: RunningServer,
  shopId: string,
  funnels: ReadonlyArray<{ id: string; surface: string }>,
): Promise<number> {
  const postPurchase = funnels.find((f) => f.surface === 'post_purchase');
  const checkout = funnels.find((f) => f.surface === 'checkout');
  if (!postPurchase || !checkout) return 0;
  return seedDemoLedger(
    backend.ctx.ledger,
    shopId,
    {
      postPurchase: { id: postPurchase.id, steps: ['grinder', 'mug', 'sencha', 'filters'] },
      checkout: { id: checkout.id, steps: ['cups'] },
    },
    backend.ctx.clock.now(),
  );
}

async function waitForCatalog(backend: RunningServer, shopId: string): Promise<void> {
  const deadline = Date.now() + CATALOG_WAIT_MS;
  while (!(await backend.ctx.catalog.get(shopId))) {
    if (Date.now() > deadline)
      throw new Error('demo: the catalog of the demo shop was not built within a minute; see the job log (GET /api/admin/jobs)');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
