// Maps the emulator's seeded store (test/emulator/seed) to the engine's inputs: a CatalogInput and the order,
// customer and locale of a seeded order. Used by the engine's, catalog's and funnels' tests.
// Takes the seed as an argument. It lives under test/ (not in the engine's folder) because the engine imports
// nothing but itself and zod.
import {
  type CatalogInput,
  type CatalogProductInput,
  type CatalogSellingPlanInput,
  type CustomerSnapshot,
  convertToPresentment,
  createConversion,
  decimalToMinor,
  type OrderSnapshot,
  toGid,
} from '../../web/server/offers/index.js';
import type { DemoStoreSeed, SeedOrder, SeedProduct } from '../emulator/seed/types.js';

const DAY_MS = 86_400_000;

export interface DemoCatalogOptions {
  /** The window of "recent sales" for slow movers, counted back from seed.now. */
  salesWindowDays?: number;
}

export function catalogFromDemoStore(seed: DemoStoreSeed, options: DemoCatalogOptions = {}): CatalogInput {
  const currency = seed.shop.currencyCode;
  const collectionIdByHandle = new Map(seed.collections.map((c) => [c.handle, toGid('Collection', c.id)]));
  const unitsSold = recentUnitsSold(seed, options.salesWindowDays ?? 30);
  const plansByProduct = new Map<number, CatalogSellingPlanInput[]>();
  for (const group of seed.sellingPlanGroups) {
    const plans: CatalogSellingPlanInput[] = [...group.sellingPlans]
      .sort((a, b) => a.position - b.position)
      .map((plan) => ({
        id: toGid('SellingPlan', plan.id),
        name: plan.name,
        category: plan.category,
        billing: { interval: plan.billingPolicy.interval, intervalCount: plan.billingPolicy.intervalCount },
        delivery: { interval: plan.deliveryPolicy.interval, intervalCount: plan.deliveryPolicy.intervalCount },
        priceAdjustment: plan.pricingPolicies[0] ? { type: 'percentage', percent: plan.pricingPolicies[0].adjustmentValue } : null,
      }));
    const productIds = new Set(group.productIds);
    for (const variantId of group.productVariantIds) {
      const owner = seed.products.find((p) => p.variants.some((v) => v.id === variantId));
      if (owner) productIds.add(owner.id);
    }
    for (const productId of productIds) plansByProduct.set(productId, [...(plansByProduct.get(productId) ?? []), ...plans]);
  }

  const products = seed.products
    .filter((product) => !product.isGiftCard)
    .map(
      (product): CatalogProductInput => ({
        id: toGid('Product', product.id),
        title: product.title,
        handle: product.handle,
        status: product.status === 'ACTIVE' ? 'active' : product.status === 'DRAFT' ? 'draft' : 'archived',
        vendor: product.vendor,
        productType: product.productType,
        tags: product.tags,
        collectionIds: product.collections.flatMap((handle) => collectionIdByHandle.get(handle) ?? []),
        createdAt: product.publishedAt ?? product.createdAt,
        imageUrl: product.images[0]?.url ?? null,
        metafields: Object.fromEntries(product.metafields.map((m) => [`${m.namespace}.${m.key}`, m.value])),
        unitsSoldRecently: unitsSold.get(product.id) ?? 0,
        variants: product.variants.map((variant) => ({
          id: toGid('ProductVariant', variant.id),
          title: variant.title,
          sku: variant.sku,
          priceMinor: decimalToMinor(variant.price, currency),
          compareAtPriceMinor: variant.compareAtPrice === null ? null : decimalToMinor(variant.compareAtPrice, currency),
          inventoryQuantity: variant.inventoryQuantity,
          inventoryPolicy: variant.inventoryPolicy === 'CONTINUE' ? 'continue' : 'deny',
          imageUrl: product.images.find((image) => image.id === variant.imageId)?.url ?? null,
        })),
        sellingPlans: plansByProduct.get(product.id) ?? [],
      }),
    );
  return {
    shopCurrency: currency,
    products,
    collections: seed.collections.map((c) => ({ id: toGid('Collection', c.id), title: c.title })),
  };
}

/** Units per product sold in non-cancelled orders within the window before seed.now. */
function recentUnitsSold(seed: DemoStoreSeed, windowDays: number): Map<number, number> {
  const now = Date.parse(seed.now);
  const productOfVariant = variantOwners(seed.products);
  const sold = new Map<number, number>();
  for (const order of seed.orders) {
    const at = Date.parse(order.createdAt);
    if (order.cancelledAt !== null || at > now || at < now - windowDays * DAY_MS) continue;
    for (const line of order.lines) {
      const productId = productOfVariant.get(line.variantId)?.id;
      if (productId !== undefined) sold.set(productId, (sold.get(productId) ?? 0) + line.quantity);
    }
  }
  return sold;
}

function variantOwners(products: readonly SeedProduct[]): Map<number, SeedProduct> {
  const owners = new Map<number, SeedProduct>();
  for (const product of products) for (const variant of product.variants) owners.set(variant.id, product);
  return owners;
}

export interface DemoOrderContext {
  order: OrderSnapshot;
  customer: CustomerSnapshot | null;
  locale: string;
}

/** The engine's view of one seeded order (as the post-purchase page or the email job would see it). */
export function orderContextFromDemoStore(seed: DemoStoreSeed, orderId: number): DemoOrderContext {
  const order = seed.orders.find((o) => o.id === orderId);
  if (!order) throw new Error(`no seeded order ${orderId}`);
  const currency = seed.shop.currencyCode;
  const owners = variantOwners(seed.products);
  const collectionIdByHandle = new Map(seed.collections.map((c) => [c.handle, toGid('Collection', c.id)]));
  const rate = seed.shop.exchangeRates[order.presentmentCurrencyCode];
  const conversion = createConversion(
    currency,
    order.presentmentCurrencyCode,
    rate === undefined ? {} : { [order.presentmentCurrencyCode]: rate },
  );
  const toPresentment = (shopMinor: number) => convertToPresentment(shopMinor, conversion) ?? shopMinor;

  let subtotalShop = 0;
  const lines = order.lines.map((line) => {
    const product = owners.get(line.variantId);
    if (!product) throw new Error(`seeded order ${orderId} has an unknown variant ${line.variantId}`);
    const unitShop = decimalToMinor(line.unitPrice, currency);
    subtotalShop += unitShop * line.quantity - decimalToMinor(line.discount, currency);
    return {
      productId: toGid('Product', product.id),
      variantId: toGid('ProductVariant', line.variantId),
      quantity: line.quantity,
      unitPriceMinor: toPresentment(unitShop),
      sellingPlanId: line.sellingPlanId === null ? null : toGid('SellingPlan', line.sellingPlanId),
      collectionIds: product.collections.flatMap((handle) => collectionIdByHandle.get(handle) ?? []),
      tags: product.tags,
      vendor: product.vendor,
      productType: product.productType,
    };
  });

  const seedCustomer = order.customerId === null ? undefined : seed.customers.find((c) => c.id === order.customerId);
  let customer: CustomerSnapshot | null = null;
  if (seedCustomer) {
    const earlier = seed.orders.filter(
      (o: SeedOrder) => o.customerId === seedCustomer.id && Date.parse(o.createdAt) < Date.parse(order.createdAt),
    );
    const purchased = new Set<string>();
    for (const o of earlier) {
      if (o.cancelledAt !== null) continue;
      for (const line of o.lines) {
        const product = owners.get(line.variantId);
        if (product) purchased.add(toGid('Product', product.id));
      }
    }
    customer = {
      id: toGid('Customer', seedCustomer.id),
      previousOrderCount: seedCustomer.priorOrders.count + earlier.length,
      tags: seedCustomer.tags,
      purchasedProductIds: [...purchased],
    };
  }
  return {
    order: {
      key: toGid('Order', order.id),
      lines,
      subtotal: { shopMinor: subtotalShop, presentmentMinor: toPresentment(subtotalShop) },
      presentmentCurrency: order.presentmentCurrencyCode,
      tags: order.tags,
      shippingCountry: order.shippingAddress?.countryCode ?? null,
      salesChannel: order.sourceName === 'web' ? 'online_store' : order.sourceName,
    },
    customer,
    locale: seedCustomer?.locale ?? 'en',
  };
}
