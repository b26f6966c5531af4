// Small builders for engine tests: a catalog of numbered products, funnels with English texts by default, and a
// decide() context for one order. Everything is plain data, so a test states only what it is about.
import {
  buildCatalog,
  type Catalog,
  type CatalogProductInput,
  type CatalogVariantInput,
  type CustomerSnapshot,
  compileFunnels,
  type DecideContext,
  EMPTY_LEDGER,
  type FunnelDefinition,
  type FunnelDefinitionInput,
  FunnelSchema,
  type LedgerFacts,
  type OrderLine,
  type OrderSnapshot,
  type ShopSettingsInput,
  ShopSettingsSchema,
  type Surface,
} from '../../web/server/offers/index.js';

export const T0 = new Date('2026-11-23T12:00:00Z');

export const productGid = (n: number) => `gid://shopify/Product/${n}`;
export const variantGid = (n: number, k = 1) => `gid://shopify/ProductVariant/${n * 100 + k}`;
export const planGid = (n: number) => `gid://shopify/SellingPlan/${n}`;
export const collectionGid = (n: number) => `gid://shopify/Collection/${n}`;

/** Product n with one variant priced `price` minor units (shop currency), 10 in stock unless told otherwise. */
export function product(
  n: number,
  overrides: Partial<CatalogProductInput> & { price?: number; stock?: number | null } = {},
): CatalogProductInput {
  const { price = 1000, stock = 10, ...rest } = overrides;
  return {
    id: productGid(n),
    title: `Product ${n}`,
    handle: `product-${n}`,
    status: 'active',
    vendor: 'Acme',
    productType: 'Widget',
    tags: [],
    collectionIds: [],
    createdAt: '2026-01-01T00:00:00Z',
    variants: [variant(n, 1, { priceMinor: price, inventoryQuantity: stock })],
    ...rest,
  };
}

export function variant(n: number, k: number, overrides: Partial<CatalogVariantInput> = {}): CatalogVariantInput {
  return {
    id: variantGid(n, k),
    title: k === 1 ? 'Default Title' : `Variant ${k}`,
    priceMinor: 1000,
    inventoryQuantity: 10,
    inventoryPolicy: 'deny',
    ...overrides,
  };
}

export function catalogOf(products: CatalogProductInput[], shopCurrency = 'USD'): Catalog {
  return buildCatalog({ shopCurrency, products });
}

export const EN = {
  headline: 'Add {product}',
  body: 'Just for you: {discount}.',
  button: 'Add',
  declineButton: 'No thanks',
};

type StepInput = FunnelDefinitionInput['steps'][number];

/** A step offering one product, with English texts; override anything. */
export function productStep(id: string, productNumber: number, overrides: Partial<StepInput> = {}): StepInput {
  return {
    id,
    offer: {
      kind: 'product',
      source: { type: 'product', productId: productGid(productNumber) },
      discount: { type: 'percentage', percent: 10 },
    },
    content: { en: EN },
    ...overrides,
  };
}

/** A parsed funnel (defaults filled in). */
export function funnel(input: Partial<FunnelDefinitionInput> & { id: string; steps: StepInput[] }): FunnelDefinition {
  return FunnelSchema.parse({
    name: `Funnel ${input.id}`,
    surface: 'post_purchase',
    rootStepId: input.steps[0]!.id,
    ...input,
  });
}

export function settings(input: ShopSettingsInput = {}) {
  return ShopSettingsSchema.parse(input);
}

export function line(productNumber: number, overrides: Partial<OrderLine> = {}): OrderLine {
  return {
    productId: productGid(productNumber),
    variantId: variantGid(productNumber),
    quantity: 1,
    unitPriceMinor: 1000,
    sellingPlanId: null,
    collectionIds: [],
    tags: [],
    vendor: 'Acme',
    productType: 'Widget',
    ...overrides,
  };
}

export function order(overrides: Partial<OrderSnapshot> = {}): OrderSnapshot {
  const lines = overrides.lines ?? [line(1)];
  const subtotal = lines.reduce((sum, l) => sum + l.unitPriceMinor * l.quantity, 0);
  return {
    key: 'gid://shopify/Order/1',
    lines,
    subtotal: { shopMinor: subtotal, presentmentMinor: subtotal },
    presentmentCurrency: 'USD',
    tags: [],
    shippingCountry: 'US',
    salesChannel: 'online_store',
    ...overrides,
  };
}

export function customer(overrides: Partial<CustomerSnapshot> = {}): CustomerSnapshot {
  return { id: 'gid://shopify/Customer/1', previousOrderCount: 2, tags: [], purchasedProductIds: [], ...overrides };
}

export interface ContextInput {
  catalog: Catalog;
  funnels: readonly FunnelDefinition[];
  surface?: Surface;
  order?: OrderSnapshot;
  customer?: CustomerSnapshot | null;
  locale?: string;
  ledger?: Partial<LedgerFacts>;
  settings?: ShopSettingsInput;
  now?: Date;
}

export function context(input: ContextInput): DecideContext {
  return {
    surface: input.surface ?? 'post_purchase',
    now: input.now ?? T0,
    order: input.order ?? order(),
    customer: input.customer === undefined ? customer() : input.customer,
    locale: input.locale ?? 'en',
    ledger: { ...EMPTY_LEDGER, ...input.ledger },
    settings: settings(input.settings),
    catalog: input.catalog,
    funnels: compileFunnels(input.funnels, input.catalog),
  };
}
