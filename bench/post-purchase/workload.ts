// The shop behind the post-purchase benchmark: the engine benchmark's 10,000-product catalog (stored as the shop's
// catalog snapshot, as the catalog job would), a handful of post-purchase funnels saved through the funnels
// service (validated like a merchant's), 3,000 customer profiles, and a generator of purchases with tokens minted
// the way Shopify mints them.
import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { storeSnapshot } from '../../web/server/catalog/snapshots.js';
import type { Clock } from '../../web/server/clock.js';
import type { Db } from '../../web/server/db/client.js';
import { createFunnelsModule } from '../../web/server/funnels/index.js';
import type { Logger } from '../../web/server/logger.js';
import { buildCatalog, type CatalogInput, type CatalogProductInput, type FunnelDefinitionInput } from '../../web/server/offers/index.js';
import { createSettingsStore } from '../../web/server/settings/index.js';
import { buildWorkload, random } from '../engine/workload.js';

export const SHOP_DOMAIN = 'bench-shop.myshopify.com';

export interface SeededShop {
  shopId: string;
  /** Active products with a variant in stock: what purchases are made of. */
  buyable: CatalogProductInput[];
  funnels: number;
  customers: number;
}

const content = (headline: string) => ({
  en: { headline, body: 'Only on this page: {discount}.', button: 'Add to my order', declineButton: 'No thanks' },
});

/** Five funnels, one of each offer kind and three templates, with targeting that lets almost every order see one. */
function funnelsFor(products: CatalogProductInput[]): Array<Omit<FunnelDefinitionInput, 'id'>> {
  const inStock = products.filter(
    (p) => p.status === 'active' && p.variants.every((v) => v.inventoryQuantity === null || v.inventoryQuantity > 20),
  );
  const withPlans = inStock.filter((p) => (p.sellingPlans ?? []).length > 0);
  const noSubscription = { type: 'hasSubscription' as const, value: false };
  return [
    {
      name: 'Big baskets: related product, then subscribe',
      surface: 'post_purchase',
      priority: 20,
      targeting: { match: 'all', conditions: [{ type: 'subtotal', minMinor: 6_000, maxMinor: null }, noSubscription] },
      rootStepId: 'related',
      steps: [
        {
          id: 'related',
          offer: {
            kind: 'product',
            source: { type: 'template', template: { template: 'related' } },
            discount: { type: 'percentage', percent: 15 },
            maxQuantity: 2,
          },
          content: content('Goes well with your order'),
          countdownSeconds: 600,
          accept: 'subscribe',
          decline: 'new',
        },
        {
          id: 'subscribe',
          offer: {
            kind: 'plans',
            productId: withPlans[0]!.id,
            variantIds: null,
            oneTime: { discount: null },
            plans: { type: 'all', discount: { type: 'percentage', percent: 5 } },
          },
          content: content('Never run out'),
          accept: null,
          decline: null,
        },
        {
          id: 'new',
          offer: {
            kind: 'choice',
            source: { type: 'template', template: { template: 'new_arrivals', withinDays: 60 }, limit: 3 },
            discount: { type: 'percentage', percent: 10 },
          },
          content: content('Just in'),
          accept: null,
          decline: null,
        },
      ],
    },
    {
      name: 'Returning customers: stock up',
      surface: 'post_purchase',
      priority: 10,
      targeting: { match: 'all', conditions: [{ type: 'customerStatus', status: 'returning' }] },
      rootStepId: 'tiers',
      steps: [
        {
          id: 'tiers',
          offer: {
            kind: 'tiers',
            productId: inStock[1]!.id,
            variantIds: null,
            tiers: [
              { quantity: 2, discount: { type: 'percentage', percent: 5 } },
              { quantity: 4, discount: { type: 'percentage', percent: 10 } },
            ],
          },
          content: content('Stock up and save'),
          accept: null,
          decline: 'slow',
        },
        {
          id: 'slow',
          offer: {
            kind: 'product',
            source: { type: 'template', template: { template: 'slow_movers' } },
            discount: { type: 'percentage', percent: 20 },
          },
          content: content('A treat for you'),
          accept: null,
          decline: null,
        },
      ],
    },
    {
      name: 'A/B: accessory at 10 %',
      surface: 'post_purchase',
      priority: 5,
      experiment: { key: 'accessory', arm: 'ten', weight: 1 },
      rootStepId: 'accessory',
      steps: [
        {
          id: 'accessory',
          offer: {
            kind: 'product',
            source: { type: 'product', productId: inStock[2]!.id, variantIds: null },
            discount: { type: 'percentage', percent: 10 },
          },
          content: content('Add the accessory'),
          accept: null,
          decline: null,
        },
      ],
    },
    {
      name: 'A/B: accessory at $3 off',
      surface: 'post_purchase',
      priority: 5,
      experiment: { key: 'accessory', arm: 'three', weight: 1 },
      rootStepId: 'accessory',
      steps: [
        {
          id: 'accessory',
          offer: {
            kind: 'product',
            source: { type: 'product', productId: inStock[2]!.id, variantIds: null },
            discount: { type: 'fixed_amount', amountMinor: 300 },
          },
          content: content('Add the accessory'),
          accept: null,
          decline: null,
        },
      ],
    },
    {
      name: 'Everyone else: expiring soon',
      surface: 'post_purchase',
      priority: 0,
      rootStepId: 'expiring',
      steps: [
        {
          id: 'expiring',
          offer: {
            kind: 'choice',
            source: {
              type: 'template',
              template: { template: 'expiring_soon', metafield: 'custom.expiry_date', withinDays: 90 },
              limit: 2,
            },
            discount: { type: 'percentage', percent: 25 },
          },
          content: content('Best before soon'),
          accept: null,
          decline: 'fallback',
        },
        {
          id: 'fallback',
          offer: {
            kind: 'product',
            source: { type: 'product', productId: inStock[3]!.id, variantIds: null },
            discount: { type: 'percentage', percent: 10 },
          },
          content: content('One more thing'),
          accept: null,
          decline: null,
        },
      ],
    },
  ];
}

export async function seedShop(deps: { db: Db; clock: Clock; logger: Logger }): Promise<SeededShop> {
  const { products } = buildWorkload({ products: 10_000, funnels: 1, orders: 1 });
  const shop = await deps.db.prisma.shop.create({ data: { domain: SHOP_DOMAIN, currencyCode: 'USD', installState: 'installed' } });
  const input: CatalogInput = { shopCurrency: 'USD', products };
  await storeSnapshot(deps.db, shop.id, input, deps.clock.now());

  const catalog = buildCatalog(input);
  const settings = createSettingsStore(deps);
  const funnels = createFunnelsModule({ ...deps, settings, catalogFor: async () => catalog });
  const definitions = funnelsFor(products);
  for (const definition of definitions) await funnels.funnels.create(shop.id, definition);

  const r = random(7);
  const buyable = products.filter(
    (p) => p.status === 'active' && p.variants.some((v) => v.inventoryQuantity === null || v.inventoryQuantity > 0),
  );
  const customers = 3_000;
  const profiles = Array.from({ length: customers }, (_, i) => ({
    shopId: shop.id,
    customerId: `gid://shopify/Customer/${i + 1}`,
    ordersCount: r.int(0, 12),
    tags: r.next() < 0.2 ? ['vip'] : [],
    purchasedProductIds: Array.from({ length: r.int(0, 15) }, () => r.pick(buyable).id),
  }));
  for (let i = 0; i < profiles.length; i += 500) await deps.db.prisma.customerProfile.createMany({ data: profiles.slice(i, i + 500) });
  return { shopId: shop.id, buyable, funnels: definitions.length, customers };
}

const legacy = (gid: string) => Number(gid.slice(gid.lastIndexOf('/') + 1));

export interface PurchaseRequest {
  referenceId: string;
  token: string;
  body: string;
}

/** Purchases as the extension posts them, each a new reference id with its own Shopify-style token. */
export function purchaseGenerator(buyable: CatalogProductInput[], secret: string, seed = 11) {
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  const r = random(seed);
  let counter = 0;
  const runId = Date.now().toString(36);
  const money = (minor: number) => ({ amount: (minor / 100).toFixed(2), currencyCode: 'USD' });
  const bag = (minor: number) => ({ shopMoney: money(minor), presentmentMoney: money(minor) });
  return (): PurchaseRequest => {
    const referenceId = `bench-${runId}-${++counter}`;
    const lines = Array.from({ length: r.int(1, 3) }, () => {
      const product = r.pick(buyable);
      const variant = product.variants.find((v) => v.inventoryQuantity === null || v.inventoryQuantity > 0)!;
      const quantity = r.int(1, 2);
      return { product, variant, quantity, total: variant.priceMinor * quantity };
    });
    const total = lines.reduce((sum, line) => sum + line.total, 0);
    const customerId = r.next() < 0.7 ? String(r.int(1, 5_000)) : undefined;
    const initialPurchase = {
      referenceId,
      ...(customerId ? { customerId } : {}),
      destinationCountryCode: r.pick(['US', 'US', 'US', 'CA', 'DE']),
      totalPriceSet: bag(total + 500),
      lineItems: lines.map((line) => ({
        product: {
          id: legacy(line.product.id),
          title: line.product.title,
          metafields: [],
          variant: { id: legacy(line.variant.id), title: line.variant.title, metafields: [] },
        },
        quantity: line.quantity,
        totalPriceSet: bag(line.total),
      })),
    };
    const inputData = {
      extensionPoint: 'Checkout::PostPurchase::ShouldRender',
      locale: 'en',
      version: 'unstable',
      shop: { id: 1, domain: SHOP_DOMAIN, metafields: [] },
      initialPurchase,
    };
    const token = jwt.sign({ iss: 'shopify', sub: referenceId, iat: Math.floor(Date.now() / 1000), input_data: inputData }, key, {
      algorithm: 'HS256',
    });
    const body = JSON.stringify({
      referenceId,
      shopDomain: SHOP_DOMAIN,
      locale: 'en',
      ...(customerId ? { customerId } : {}),
      destinationCountryCode: initialPurchase.destinationCountryCode,
      totalPriceSet: initialPurchase.totalPriceSet,
      lineItems: initialPurchase.lineItems.map((item) => ({
        productId: item.product.id,
        variantId: item.product.variant.id,
        quantity: item.quantity,
        totalPriceSet: item.totalPriceSet,
      })),
    });
    return { referenceId, token, body };
  };
}
