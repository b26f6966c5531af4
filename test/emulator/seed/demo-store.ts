// The demo store: "Encore Demo Store", a coffee and tea shop on Shopify Plus. Plain, deterministic data; every
// date is relative to SEED_NOW so tests that pin their clock to SEED_NOW see "new arrivals", "expiring soon" and
// "recent orders" exactly as described here. Keep the export names stable: the offer engine's tests build on them.
import type {
  DemoStoreSeed,
  SeedAddress,
  SeedCollection,
  SeedCustomer,
  SeedImage,
  SeedMetafield,
  SeedOrder,
  SeedOrderLine,
  SeedProduct,
  SeedSellingPlanGroup,
  SeedSubscriptionContract,
  SeedVariant,
} from './types.js';

export type * from './types.js';

export const SEED_NOW = '2026-11-23T12:00:00Z';
const nowMs = Date.parse(SEED_NOW);
const DAY = 86_400_000;
const HOUR = 3_600_000;

function ago(ms: number): string {
  return new Date(nowMs - ms).toISOString();
}
function daysAgo(days: number, hours = 0): string {
  return ago(days * DAY + hours * HOUR);
}
function dateInDays(days: number): string {
  return new Date(nowMs + days * DAY).toISOString().slice(0, 10);
}
function money(n: number): string {
  return n.toFixed(2);
}

export const DEMO_SHOP_DOMAIN = 'encore-demo.myshopify.com';
/** Offline Admin API token of the demo shop; documented so `curl` works against `npm run emulator`. */
export const DEMO_ACCESS_TOKEN = 'shpat_encore_demo_00000000000000000000';
export const DEMO_SCOPES = [
  'read_products',
  'write_products',
  'read_orders',
  'write_orders',
  'write_order_edits',
  'read_customers',
  'read_locales',
  'read_own_subscription_contracts',
  'write_own_subscription_contracts',
  'read_customer_payment_methods',
  'write_discounts',
  'write_merchant_managed_fulfillment_orders',
  'write_third_party_fulfillment_orders',
];

const CDN = 'https://cdn.shopify.com/s/files/1/0681/2345/6789/files';

// ---------------------------------------------------------------------------------------------------------------
// Catalog

interface VariantSpec {
  option?: string;
  price: number;
  compareAt?: number;
  stock: number;
  sku: string;
  grams?: number;
  policy?: 'DENY' | 'CONTINUE';
  ownImage?: boolean;
}

interface ProductSpec {
  n: number;
  title: string;
  handle: string;
  vendor: string;
  type: string;
  tags: string[];
  createdDaysAgo: number;
  updatedDaysAgo?: number;
  collections: string[];
  optionName?: string;
  variants: VariantSpec[];
  expiresInDays?: number;
  status?: SeedProduct['status'];
  giftCard?: boolean;
  description: string;
  shipping?: boolean;
}

function productId(n: number): number {
  return 8_801_000_000_000 + n;
}
function variantId(n: number, k: number): number {
  return 45_100_000_000_000 + n * 10 + k;
}

function buildProduct(spec: ProductSpec): SeedProduct {
  const optionName = spec.optionName ?? 'Title';
  const images: SeedImage[] = [
    { id: 31_500_000_000_000 + spec.n * 10, url: `${CDN}/${spec.handle}.jpg?v=1730000000`, altText: spec.title, width: 1200, height: 1200 },
  ];
  const variants: SeedVariant[] = spec.variants.map((v, k) => {
    let imageId: number | null = null;
    if (v.ownImage && v.option) {
      const slug = v.option.toLowerCase().replace(/[^a-z0-9]+/g, '-');
      const image: SeedImage = {
        id: 31_500_000_000_000 + spec.n * 10 + k + 1,
        url: `${CDN}/${spec.handle}-${slug}.jpg?v=1730000000`,
        altText: `${spec.title} - ${v.option}`,
        width: 1200,
        height: 1200,
      };
      images.push(image);
      imageId = image.id;
    }
    return {
      id: variantId(spec.n, k + 1),
      title: v.option ?? 'Default Title',
      sku: v.sku,
      price: money(v.price),
      compareAtPrice: v.compareAt === undefined ? null : money(v.compareAt),
      inventoryQuantity: v.stock,
      inventoryPolicy: v.policy ?? 'DENY',
      selectedOptions: [{ name: optionName, value: v.option ?? 'Default Title' }],
      imageId,
      requiresShipping: spec.shipping ?? true,
      taxable: !spec.giftCard,
      weightGrams: v.grams ?? 300,
      metafields: [],
    };
  });
  const metafields: SeedMetafield[] = [];
  if (spec.expiresInDays !== undefined) {
    metafields.push({ namespace: 'custom', key: 'expiry_date', type: 'date', value: dateInDays(spec.expiresInDays) });
  }
  return {
    id: productId(spec.n),
    title: spec.title,
    handle: spec.handle,
    descriptionHtml: `<p>${spec.description}</p>`,
    status: spec.status ?? 'ACTIVE',
    vendor: spec.vendor,
    productType: spec.type,
    tags: spec.tags,
    isGiftCard: spec.giftCard ?? false,
    createdAt: daysAgo(spec.createdDaysAgo),
    updatedAt: daysAgo(spec.updatedDaysAgo ?? Math.min(spec.createdDaysAgo, 2)),
    publishedAt: spec.status === 'DRAFT' ? null : daysAgo(spec.createdDaysAgo),
    options: [{ name: optionName, values: spec.variants.map((v) => v.option ?? 'Default Title') }],
    images,
    collections: spec.collections,
    metafields,
    variants,
  };
}

const productSpecs: ProductSpec[] = [
  // Coffee
  {
    n: 1,
    title: 'Ethiopia Yirgacheffe Whole Bean',
    handle: 'ethiopia-yirgacheffe',
    vendor: 'Northwind Roasters',
    type: 'Coffee',
    tags: ['coffee', 'single-origin', 'light-roast', 'subscribable', 'bestseller'],
    createdDaysAgo: 300,
    collections: ['coffee', 'subscribe-and-save', 'best-sellers'],
    optionName: 'Size',
    description: 'Floral, bergamot and lemon notes. Washed process, light roast.',
    variants: [
      { option: '250 g', price: 16, compareAt: 18, stock: 84, sku: 'NW-ETH-250', grams: 250 },
      { option: '1 kg', price: 52, stock: 22, sku: 'NW-ETH-1000', grams: 1000 },
    ],
  },
  {
    n: 2,
    title: 'House Espresso Blend',
    handle: 'house-espresso-blend',
    vendor: 'Northwind Roasters',
    type: 'Coffee',
    tags: ['coffee', 'espresso', 'medium-roast', 'subscribable', 'bestseller'],
    createdDaysAgo: 420,
    collections: ['coffee', 'subscribe-and-save', 'best-sellers'],
    optionName: 'Size',
    description: 'Chocolate and hazelnut, built for milk drinks.',
    variants: [
      { option: '250 g', price: 14, stock: 140, sku: 'NW-ESP-250', grams: 250 },
      { option: '1 kg', price: 45, stock: 35, sku: 'NW-ESP-1000', grams: 1000 },
    ],
  },
  {
    n: 3,
    title: 'Colombia Swiss Water Decaf',
    handle: 'colombia-decaf',
    vendor: 'Alpine Roast Co.',
    type: 'Coffee',
    tags: ['coffee', 'decaf', 'subscribable'],
    createdDaysAgo: 210,
    collections: ['coffee', 'subscribe-and-save'],
    optionName: 'Size',
    description: 'Caramel sweetness without the caffeine.',
    variants: [{ option: '250 g', price: 15, stock: 3, sku: 'AR-COL-DECAF-250', grams: 250 }],
  },
  {
    n: 4,
    title: 'Sumatra Mandheling Dark Roast',
    handle: 'sumatra-dark-roast',
    vendor: 'Alpine Roast Co.',
    type: 'Coffee',
    tags: ['coffee', 'dark-roast', 'single-origin', 'subscribable', 'new'],
    createdDaysAgo: 3,
    collections: ['coffee', 'subscribe-and-save', 'new-arrivals'],
    optionName: 'Size',
    description: 'Earthy, cedar and dark cocoa. Freshly added.',
    variants: [
      { option: '250 g', price: 17, stock: 60, sku: 'AR-SUM-250', grams: 250 },
      { option: '1 kg', price: 56, stock: 12, sku: 'AR-SUM-1000', grams: 1000 },
    ],
  },
  {
    n: 5,
    title: 'Cold Brew Concentrate 1 L',
    handle: 'cold-brew-concentrate',
    vendor: 'Northwind Roasters',
    type: 'Coffee',
    tags: ['coffee', 'cold-brew', 'perishable'],
    createdDaysAgo: 60,
    collections: ['coffee'],
    description: 'Ready to dilute 1:2. Keep refrigerated.',
    expiresInDays: 4,
    variants: [{ price: 19, compareAt: 24, stock: 18, sku: 'NW-CB-1L', grams: 1100 }],
  },
  // Tea
  {
    n: 6,
    title: 'Sencha Green Tea',
    handle: 'sencha-green-tea',
    vendor: 'Leaf & Kettle',
    type: 'Tea',
    tags: ['tea', 'green-tea', 'subscribable'],
    createdDaysAgo: 250,
    collections: ['tea', 'subscribe-and-save'],
    optionName: 'Size',
    description: 'Grassy, bright Japanese sencha.',
    variants: [{ option: '100 g', price: 12, stock: 75, sku: 'LK-SEN-100', grams: 100 }],
  },
  {
    n: 7,
    title: 'Earl Grey Supreme',
    handle: 'earl-grey-supreme',
    vendor: 'Leaf & Kettle',
    type: 'Tea',
    tags: ['tea', 'black-tea', 'subscribable', 'bestseller'],
    createdDaysAgo: 380,
    collections: ['tea', 'subscribe-and-save', 'best-sellers'],
    optionName: 'Size',
    description: 'Ceylon black tea with bergamot and cornflower.',
    variants: [{ option: '100 g', price: 11, compareAt: 13, stock: 64, sku: 'LK-EGS-100', grams: 100 }],
  },
  {
    n: 8,
    title: 'Chamomile Dream Herbal Tea',
    handle: 'chamomile-dream',
    vendor: 'Leaf & Kettle',
    type: 'Tea',
    tags: ['tea', 'herbal', 'caffeine-free'],
    createdDaysAgo: 150,
    collections: ['tea'],
    optionName: 'Size',
    description: 'Chamomile, lemon balm and lavender.',
    variants: [{ option: '50 g', price: 9.5, stock: 0, sku: 'LK-CHA-50', grams: 50 }],
  },
  {
    n: 9,
    title: 'Ceremonial Matcha',
    handle: 'ceremonial-matcha',
    vendor: 'Leaf & Kettle',
    type: 'Tea',
    tags: ['tea', 'matcha', 'subscribable', 'new'],
    createdDaysAgo: 5,
    collections: ['tea', 'subscribe-and-save', 'new-arrivals'],
    optionName: 'Size',
    description: 'Stone-ground first-harvest matcha from Uji.',
    expiresInDays: 200,
    variants: [{ option: '30 g', price: 29, stock: 40, sku: 'LK-MAT-30', grams: 30 }],
  },
  // Drinkware
  {
    n: 10,
    title: 'Stoneware Mug 350 ml',
    handle: 'stoneware-mug',
    vendor: 'Clayworks Studio',
    type: 'Drinkware',
    tags: ['mug', 'ceramic', 'gift'],
    createdDaysAgo: 500,
    collections: ['drinkware', 'best-sellers'],
    optionName: 'Color',
    description: 'Hand-thrown, dishwasher safe.',
    variants: [
      { option: 'Sand', price: 22, stock: 30, sku: 'CW-MUG-SAND', grams: 420, ownImage: true },
      { option: 'Slate', price: 22, stock: 0, sku: 'CW-MUG-SLATE', grams: 420, ownImage: true },
      { option: 'Moss', price: 22, stock: 5, sku: 'CW-MUG-MOSS', grams: 420, ownImage: true },
    ],
  },
  {
    n: 11,
    title: 'Double-Wall Glass Cups (2-pack)',
    handle: 'double-wall-glass-cups',
    vendor: 'Clayworks Studio',
    type: 'Drinkware',
    tags: ['glass', 'gift'],
    createdDaysAgo: 190,
    collections: ['drinkware'],
    description: 'Borosilicate glass, keeps espresso hot and hands cool.',
    variants: [{ price: 24, compareAt: 30, stock: 26, sku: 'CW-DWG-2', grams: 350 }],
  },
  {
    n: 12,
    title: 'Travel Tumbler 475 ml',
    handle: 'travel-tumbler',
    vendor: 'Clayworks Studio',
    type: 'Drinkware',
    tags: ['tumbler', 'gift', 'new'],
    createdDaysAgo: 6,
    collections: ['drinkware', 'new-arrivals'],
    optionName: 'Color',
    description: 'Leak-proof lid, fits most cup holders.',
    variants: [
      { option: 'Black', price: 32, stock: 45, sku: 'CW-TT-BLK', grams: 380 },
      { option: 'White', price: 32, stock: 2, sku: 'CW-TT-WHT', grams: 380 },
    ],
  },
  // Equipment
  {
    n: 13,
    title: 'Hand Burr Grinder',
    handle: 'hand-burr-grinder',
    vendor: 'Burr & Co.',
    type: 'Equipment',
    tags: ['grinder', 'equipment', 'gift'],
    createdDaysAgo: 330,
    collections: ['brewing-gear'],
    description: 'Stainless conical burrs, 40 click settings.',
    variants: [{ price: 89, compareAt: 109, stock: 4, sku: 'BC-HBG', grams: 700 }],
  },
  {
    n: 14,
    title: 'Electric Conical Burr Grinder',
    handle: 'electric-burr-grinder',
    vendor: 'Burr & Co.',
    type: 'Equipment',
    tags: ['grinder', 'equipment'],
    createdDaysAgo: 280,
    collections: ['brewing-gear'],
    description: '40 mm burrs, 31 grind settings, low retention.',
    variants: [{ price: 179, stock: 9, sku: 'BC-ECG', grams: 3200 }],
  },
  {
    n: 15,
    title: 'Gooseneck Pour-Over Kettle',
    handle: 'gooseneck-kettle',
    vendor: 'Burr & Co.',
    type: 'Equipment',
    tags: ['kettle', 'equipment', 'pour-over'],
    createdDaysAgo: 260,
    collections: ['brewing-gear'],
    description: '1 L stovetop kettle with thermometer.',
    variants: [{ price: 64, stock: 14, sku: 'BC-GNK', grams: 900 }],
  },
  {
    n: 16,
    title: 'Ceramic Pour-Over Dripper',
    handle: 'ceramic-dripper',
    vendor: 'Clayworks Studio',
    type: 'Equipment',
    tags: ['dripper', 'equipment', 'pour-over'],
    createdDaysAgo: 240,
    collections: ['brewing-gear'],
    description: 'Size 02 cone dripper, spiral ribs.',
    variants: [{ price: 28, stock: 21, sku: 'CW-DRIP-02', grams: 450 }],
  },
  // Filters
  {
    n: 17,
    title: 'Paper Filters #2 (100 pack)',
    handle: 'paper-filters-2',
    vendor: 'Burr & Co.',
    type: 'Filters',
    tags: ['filters', 'consumable', 'subscribable', 'pour-over'],
    createdDaysAgo: 400,
    collections: ['brewing-gear', 'subscribe-and-save'],
    description: 'Unbleached cone filters for size 02 drippers.',
    variants: [{ price: 6.5, stock: 300, sku: 'BC-PF2-100', grams: 120 }],
  },
  {
    n: 18,
    title: 'Bonded Chemex-Style Filters (100 pack)',
    handle: 'bonded-filters',
    vendor: 'Burr & Co.',
    type: 'Filters',
    tags: ['filters', 'consumable', 'subscribable'],
    createdDaysAgo: 350,
    collections: ['brewing-gear', 'subscribe-and-save'],
    description: 'Square pre-folded bonded filters.',
    variants: [{ price: 12, stock: 120, sku: 'BC-BF-100', grams: 300 }],
  },
  // Snacks
  {
    n: 19,
    title: 'Almond Biscotti (8-pack)',
    handle: 'almond-biscotti',
    vendor: 'Crumb Bakery',
    type: 'Snacks',
    tags: ['snack', 'perishable', 'bakery'],
    createdDaysAgo: 90,
    collections: ['snacks'],
    description: 'Twice-baked with whole almonds.',
    expiresInDays: 3,
    variants: [{ price: 8, stock: 25, sku: 'CB-BIS-8', grams: 200 }],
  },
  {
    n: 20,
    title: 'Dark Chocolate Bark',
    handle: 'dark-chocolate-bark',
    vendor: 'Crumb Bakery',
    type: 'Snacks',
    tags: ['snack', 'perishable', 'chocolate', 'gift'],
    createdDaysAgo: 75,
    collections: ['snacks'],
    description: '70% cacao with roasted coffee nibs.',
    expiresInDays: 6,
    variants: [{ price: 10, compareAt: 12, stock: 16, sku: 'CB-BARK', grams: 150 }],
  },
  {
    n: 21,
    title: 'Oat & Honey Cookies',
    handle: 'oat-honey-cookies',
    vendor: 'Crumb Bakery',
    type: 'Snacks',
    tags: ['snack', 'bakery'],
    createdDaysAgo: 120,
    collections: ['snacks'],
    description: 'Chewy oat cookies, a box of six.',
    expiresInDays: 30,
    variants: [{ price: 7, stock: 40, sku: 'CB-OAT-6', grams: 250 }],
  },
  {
    n: 22,
    title: 'Caramel Stroopwafels (10)',
    handle: 'caramel-stroopwafels',
    vendor: 'Crumb Bakery',
    type: 'Snacks',
    tags: ['snack', 'new'],
    createdDaysAgo: 2,
    collections: ['snacks', 'new-arrivals'],
    description: 'Rest one on your cup to warm the caramel.',
    expiresInDays: 45,
    variants: [{ price: 9, stock: 50, sku: 'CB-STROOP-10', grams: 300 }],
  },
  // Not for offers: a gift card, a draft and an archived product.
  {
    n: 23,
    title: 'Encore Demo Gift Card',
    handle: 'gift-card',
    vendor: 'Encore Demo Store',
    type: 'Gift Card',
    tags: ['gift-card'],
    createdDaysAgo: 500,
    collections: [],
    optionName: 'Denomination',
    giftCard: true,
    shipping: false,
    description: 'Delivered by email.',
    variants: [
      { option: '$25', price: 25, stock: 0, sku: 'GC-25', grams: 0, policy: 'CONTINUE' },
      { option: '$50', price: 50, stock: 0, sku: 'GC-50', grams: 0, policy: 'CONTINUE' },
      { option: '$100', price: 100, stock: 0, sku: 'GC-100', grams: 0, policy: 'CONTINUE' },
    ],
  },
  {
    n: 24,
    title: 'Holiday Sampler Box',
    handle: 'holiday-sampler-box',
    vendor: 'Northwind Roasters',
    type: 'Coffee',
    tags: ['coffee', 'gift', 'seasonal'],
    createdDaysAgo: 1,
    status: 'DRAFT',
    collections: [],
    description: 'Three 100 g bags. Coming soon.',
    variants: [{ price: 39, stock: 0, sku: 'NW-HOL-BOX', grams: 400 }],
  },
  {
    n: 25,
    title: 'Geisha Reserve (Limited)',
    handle: 'geisha-reserve',
    vendor: 'Northwind Roasters',
    type: 'Coffee',
    tags: ['coffee', 'limited'],
    createdDaysAgo: 200,
    updatedDaysAgo: 40,
    status: 'ARCHIVED',
    collections: [],
    optionName: 'Size',
    description: 'Sold out for the season.',
    variants: [{ option: '100 g', price: 38, stock: 0, sku: 'NW-GEI-100', grams: 100 }],
  },
];

const products: SeedProduct[] = productSpecs.map(buildProduct);

const collections: SeedCollection[] = [
  ['coffee', 'Coffee', 'Whole-bean coffee from our roasting partners.'],
  ['tea', 'Tea', 'Loose-leaf teas.'],
  ['brewing-gear', 'Brewing Gear', 'Grinders, kettles, drippers and filters.'],
  ['drinkware', 'Drinkware', 'Mugs, cups and tumblers.'],
  ['snacks', 'Snacks', 'Something to go with your cup.'],
  ['subscribe-and-save', 'Subscribe & Save', 'Everything you can get on a schedule, 10% off.'],
  ['new-arrivals', 'New Arrivals', 'Added this week.'],
  ['best-sellers', 'Best Sellers', 'What everyone is buying.'],
].map(([handle, title, description], index) => ({
  id: 420_000_000_000 + index + 1,
  handle: handle!,
  title: title!,
  descriptionHtml: `<p>${description!}</p>`,
  updatedAt: daysAgo(10),
}));

function variantOf(n: number, k = 1): SeedVariant {
  const product = products.find((p) => p.id === productId(n));
  const variant = product?.variants.find((v) => v.id === variantId(n, k));
  if (!variant) throw new Error(`demo seed: no variant ${n}/${k}`);
  return variant;
}

// ---------------------------------------------------------------------------------------------------------------
// Subscriptions: one app-owned group, three plans, attached to the consumables.

const SELLING_PLAN_GROUP_ID = 3_000_000_001;
export const DEMO_SELLING_PLANS = { monthly: 6_900_000_001, everyTwoMonths: 6_900_000_002, yearlyPrepaid: 6_900_000_003 } as const;

const subscribableProductIds = products.filter((p) => p.tags.includes('subscribable')).map((p) => p.id);

const sellingPlanGroups: SeedSellingPlanGroup[] = [
  {
    id: SELLING_PLAN_GROUP_ID,
    name: 'Subscribe & save',
    merchantCode: 'subscribe-and-save',
    description: 'Delivered on your schedule. Skip, pause or cancel any time.',
    options: ['Delivery every'],
    position: 1,
    appId: 'encore',
    createdAt: daysAgo(400),
    productIds: subscribableProductIds,
    productVariantIds: [],
    sellingPlans: [
      {
        id: DEMO_SELLING_PLANS.monthly,
        name: 'Delivered monthly, save 10%',
        description: 'Billed and delivered every month.',
        options: ['1 month'],
        position: 1,
        category: 'SUBSCRIPTION',
        billingPolicy: { interval: 'MONTH', intervalCount: 1, minCycles: null, maxCycles: null },
        deliveryPolicy: { interval: 'MONTH', intervalCount: 1 },
        pricingPolicies: [{ adjustmentType: 'PERCENTAGE', adjustmentValue: 10 }],
        createdAt: daysAgo(400),
      },
      {
        id: DEMO_SELLING_PLANS.everyTwoMonths,
        name: 'Delivered every 2 months, save 10%',
        description: 'Billed and delivered every 2 months.',
        options: ['2 months'],
        position: 2,
        category: 'SUBSCRIPTION',
        billingPolicy: { interval: 'MONTH', intervalCount: 2, minCycles: null, maxCycles: null },
        deliveryPolicy: { interval: 'MONTH', intervalCount: 2 },
        pricingPolicies: [{ adjustmentType: 'PERCENTAGE', adjustmentValue: 10 }],
        createdAt: daysAgo(400),
      },
      {
        id: DEMO_SELLING_PLANS.yearlyPrepaid,
        name: 'Yearly prepaid, monthly delivery, save 15%',
        description: 'Pay once a year, delivered every month.',
        options: ['1 month, prepaid yearly'],
        position: 3,
        category: 'SUBSCRIPTION',
        billingPolicy: { interval: 'YEAR', intervalCount: 1, minCycles: null, maxCycles: null },
        deliveryPolicy: { interval: 'MONTH', intervalCount: 1 },
        pricingPolicies: [{ adjustmentType: 'PERCENTAGE', adjustmentValue: 15 }],
        createdAt: daysAgo(400),
      },
    ],
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Customers

function address(
  firstName: string,
  lastName: string,
  rest: Omit<SeedAddress, 'firstName' | 'lastName' | 'address2' | 'company' | 'phone'>,
): SeedAddress {
  return { firstName, lastName, address2: null, company: null, phone: null, ...rest };
}

function customerId(n: number): number {
  return 7_300_000_000_000 + n;
}

interface CustomerSpec {
  n: number;
  first: string;
  last: string;
  locale: string;
  tags: string[];
  createdDaysAgo: number;
  prior: [number, number];
  address: Omit<SeedAddress, 'firstName' | 'lastName' | 'address2' | 'company' | 'phone'>;
  cards?: SeedCustomer['paymentMethods'];
  marketing?: SeedCustomer['emailMarketingConsent'];
  note?: string;
}

const US_ADDRESSES = {
  portland: {
    address1: '1201 SE Morrison St',
    city: 'Portland',
    province: 'Oregon',
    provinceCode: 'OR',
    zip: '97214',
    countryCode: 'US',
    country: 'United States',
  },
  austin: {
    address1: '500 W 2nd St',
    city: 'Austin',
    province: 'Texas',
    provinceCode: 'TX',
    zip: '78701',
    countryCode: 'US',
    country: 'United States',
  },
  brooklyn: {
    address1: '85 N 3rd St',
    city: 'Brooklyn',
    province: 'New York',
    provinceCode: 'NY',
    zip: '11249',
    countryCode: 'US',
    country: 'United States',
  },
  denver: {
    address1: '1600 Wynkoop St',
    city: 'Denver',
    province: 'Colorado',
    provinceCode: 'CO',
    zip: '80202',
    countryCode: 'US',
    country: 'United States',
  },
  seattle: {
    address1: '400 Pine St',
    city: 'Seattle',
    province: 'Washington',
    provinceCode: 'WA',
    zip: '98101',
    countryCode: 'US',
    country: 'United States',
  },
  chicago: {
    address1: '233 S Wacker Dr',
    city: 'Chicago',
    province: 'Illinois',
    provinceCode: 'IL',
    zip: '60606',
    countryCode: 'US',
    country: 'United States',
  },
} as const;

const customerSpecs: CustomerSpec[] = [
  {
    n: 1,
    first: 'Alice',
    last: 'Nguyen',
    locale: 'en',
    tags: ['VIP', 'coffee-club'],
    createdDaysAgo: 700,
    prior: [11, 612.4],
    address: US_ADDRESSES.portland,
    marketing: 'SUBSCRIBED',
    cards: [
      {
        id: 'a1c3e5f7091b2d4f6a8c0e1f3b5d7f90',
        brand: 'visa',
        lastDigits: '4242',
        expiryMonth: 8,
        expiryYear: 2028,
        name: 'Alice Nguyen',
        revokedAt: null,
        revokedReason: null,
      },
    ],
  },
  {
    n: 2,
    first: 'Ben',
    last: 'Okafor',
    locale: 'en',
    tags: ['wholesale'],
    createdDaysAgo: 540,
    prior: [24, 2310.75],
    address: US_ADDRESSES.chicago,
    note: 'Cafe owner, orders filters in bulk.',
    cards: [
      {
        id: 'b2d4f6a8c0e1f3b5d7f9a1c3e5f70911',
        brand: 'mastercard',
        lastDigits: '5454',
        expiryMonth: 2,
        expiryYear: 2027,
        name: 'Ben Okafor',
        revokedAt: null,
        revokedReason: null,
      },
    ],
  },
  {
    n: 3,
    first: 'Chloé',
    last: 'Martin',
    locale: 'fr',
    tags: ['newsletter'],
    createdDaysAgo: 260,
    prior: [3, 118.5],
    address: {
      address1: '12 Rue de la Roquette',
      city: 'Paris',
      province: null,
      provinceCode: null,
      zip: '75011',
      countryCode: 'FR',
      country: 'France',
    },
    marketing: 'SUBSCRIBED',
  },
  { n: 4, first: 'Diego', last: 'Alvarez', locale: 'es', tags: [], createdDaysAgo: 0, prior: [0, 0], address: US_ADDRESSES.austin },
  {
    n: 5,
    first: 'Emma',
    last: 'Schmidt',
    locale: 'de',
    tags: ['newsletter'],
    createdDaysAgo: 14,
    prior: [0, 0],
    address: {
      address1: 'Torstraße 140',
      city: 'Berlin',
      province: null,
      provinceCode: null,
      zip: '10119',
      countryCode: 'DE',
      country: 'Germany',
    },
    marketing: 'SUBSCRIBED',
  },
  {
    n: 6,
    first: 'Farah',
    last: 'Haddad',
    locale: 'en',
    tags: ['VIP', 'subscriber'],
    createdDaysAgo: 400,
    prior: [6, 284.0],
    address: US_ADDRESSES.brooklyn,
    marketing: 'SUBSCRIBED',
    cards: [
      {
        id: 'c3e5f7091b2d4f6a8c0e1f3b5d7f9a1c',
        brand: 'mastercard',
        lastDigits: '4444',
        expiryMonth: 11,
        expiryYear: 2029,
        name: 'Farah Haddad',
        revokedAt: null,
        revokedReason: null,
      },
    ],
  },
  {
    n: 7,
    first: 'George',
    last: 'Tremblay',
    locale: 'en',
    tags: [],
    createdDaysAgo: 120,
    prior: [1, 64.0],
    address: {
      address1: '1250 Rue Guy',
      city: 'Montréal',
      province: 'Quebec',
      provinceCode: 'QC',
      zip: 'H3H 2L3',
      countryCode: 'CA',
      country: 'Canada',
    },
  },
  {
    n: 8,
    first: 'Hana',
    last: 'Sato',
    locale: 'ja',
    tags: ['subscriber'],
    createdDaysAgo: 320,
    prior: [5, 210.0],
    address: US_ADDRESSES.seattle,
    cards: [
      {
        id: 'd4f6a8c0e1f3b5d7f9a1c3e5f7091b2d',
        brand: 'visa',
        lastDigits: '0002',
        expiryMonth: 9,
        expiryYear: 2026,
        name: 'Hana Sato',
        revokedAt: daysAgo(12),
        revokedReason: 'FAILED_TO_UPDATE_CREDIT_CARD',
      },
      {
        id: 'e5f7091b2d4f6a8c0e1f3b5d7f9a1c3e',
        brand: 'american_express',
        lastDigits: '8431',
        expiryMonth: 4,
        expiryYear: 2030,
        name: 'Hana Sato',
        revokedAt: null,
        revokedReason: null,
      },
    ],
  },
  { n: 9, first: 'Ivan', last: 'Petrov', locale: 'en', tags: [], createdDaysAgo: 30, prior: [0, 0], address: US_ADDRESSES.denver },
  {
    n: 10,
    first: 'Julia',
    last: 'Rossi',
    locale: 'it',
    tags: ['VIP'],
    createdDaysAgo: 610,
    prior: [18, 1045.2],
    address: US_ADDRESSES.denver,
    marketing: 'UNSUBSCRIBED',
    cards: [
      {
        id: 'f7091b2d4f6a8c0e1f3b5d7f9a1c3e5f',
        brand: 'visa',
        lastDigits: '1881',
        expiryMonth: 1,
        expiryYear: 2028,
        name: 'Julia Rossi',
        revokedAt: null,
        revokedReason: null,
      },
    ],
  },
  {
    n: 11,
    first: 'Kwame',
    last: 'Mensah',
    locale: 'en',
    tags: ['wholesale', 'net-30'],
    createdDaysAgo: 90,
    prior: [2, 402.0],
    address: US_ADDRESSES.seattle,
  },
  {
    n: 12,
    first: 'Lena',
    last: 'Johansson',
    locale: 'sv',
    tags: [],
    createdDaysAgo: 45,
    prior: [0, 0],
    address: US_ADDRESSES.brooklyn,
    marketing: 'SUBSCRIBED',
  },
];

const customers: SeedCustomer[] = customerSpecs.map((c) => ({
  id: customerId(c.n),
  firstName: c.first,
  lastName: c.last,
  email: `${c.first
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z]/g, '')}.${c.last.toLowerCase()}@example.com`,
  phone: null,
  locale: c.locale,
  tags: c.tags,
  createdAt: daysAgo(c.createdDaysAgo, c.createdDaysAgo === 0 ? 1 : 0),
  updatedAt: daysAgo(Math.min(c.createdDaysAgo, 1)),
  note: c.note ?? null,
  emailMarketingConsent: c.marketing ?? 'NOT_SUBSCRIBED',
  defaultAddress: address(c.first, c.last, c.address),
  paymentMethods: c.cards ?? [],
  priorOrders: { count: c.prior[0], amountSpent: money(c.prior[1]) },
  metafields: [],
}));

export const DEMO_CUSTOMERS = {
  vipWithCard: customerId(1),
  wholesale: customerId(2),
  frenchReturning: customerId(3),
  newFirstOrder: customerId(4),
  noOrders: customerId(5),
  subscriber: customerId(6),
  canadian: customerId(7),
  revokedCard: customerId(8),
  cancelledOrder: customerId(9),
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Orders: a deterministic 60-day history plus a few orders with a role in the demo (see DEMO_ORDERS).

interface OrderSpec {
  key?: keyof typeof DEMO_ORDER_KEYS;
  at: string;
  customer: number | null;
  guestEmail?: string;
  lines: { n: number; k?: number; qty: number; fulfilled?: number; plan?: number; discount?: number }[];
  financialStatus?: SeedOrder['financialStatus'];
  presentment?: SeedOrder['presentmentCurrencyCode'];
  tags?: string[];
  cancelled?: boolean;
  note?: string;
  source?: string;
  discountCodes?: string[];
}

const DEMO_ORDER_KEYS = {
  paidUnfulfilled: true,
  newCustomerFirstOrder: true,
  partiallyFulfilled: true,
  subscriptionOrigin: true,
  subscriptionOriginAlice: true,
  pendingPaymentEur: true,
  guestCad: true,
  cancelled: true,
  fulfilled: true,
} as const;

/** A small linear congruential generator: the history must be the same on every run and machine. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function historyOrders(): OrderSpec[] {
  const random = lcg(20261123);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  // Popular products appear more often, so "recent sales" has a clear ranking.
  const weighted = [1, 1, 1, 1, 2, 2, 2, 2, 2, 6, 6, 7, 7, 7, 10, 10, 13, 16, 17, 17, 17, 19, 20, 21, 11, 15, 3, 18, 5];
  const buyers = [
    customerId(1),
    customerId(2),
    customerId(3),
    customerId(6),
    customerId(7),
    customerId(8),
    customerId(10),
    customerId(10),
    customerId(11),
    customerId(12),
    customerId(1),
    customerId(2),
    null,
  ];
  const specs: OrderSpec[] = [];
  for (let i = 0; i < 40; i++) {
    const days = 60 - i * 1.45;
    const lineCount = 1 + Math.floor(random() * 3);
    const used = new Set<number>();
    const lines: OrderSpec['lines'] = [];
    for (let l = 0; l < lineCount; l++) {
      const n = pick(weighted);
      if (used.has(n)) continue;
      used.add(n);
      const product = productSpecs.find((p) => p.n === n)!;
      const k = 1 + Math.floor(random() * product.variants.length);
      const qty = n === 17 ? 2 + Math.floor(random() * 8) : 1 + Math.floor(random() * 2);
      lines.push({ n, k, qty, fulfilled: qty });
    }
    const customer = pick(buyers);
    specs.push({
      at: daysAgo(days, Math.floor(random() * 10)),
      customer,
      guestEmail: customer === null ? `guest${i}@example.net` : undefined,
      lines,
      presentment: customer === customerId(3) ? 'EUR' : customer === customerId(7) ? 'CAD' : 'USD',
    });
  }
  return specs;
}

const keyOrders: OrderSpec[] = [
  {
    key: 'subscriptionOriginAlice',
    at: daysAgo(45),
    customer: customerId(1),
    lines: [{ n: 2, k: 2, qty: 1, fulfilled: 1, plan: DEMO_SELLING_PLANS.everyTwoMonths, discount: 4.5 }],
  },
  {
    key: 'subscriptionOrigin',
    at: daysAgo(20, 3),
    customer: customerId(6),
    lines: [
      { n: 6, qty: 2, fulfilled: 2, plan: DEMO_SELLING_PLANS.monthly, discount: 2.4 },
      { n: 10, k: 1, qty: 1, fulfilled: 1 },
    ],
  },
  {
    key: 'fulfilled',
    at: daysAgo(3, 2),
    customer: customerId(8),
    lines: [
      { n: 7, qty: 2, fulfilled: 2 },
      { n: 21, qty: 1, fulfilled: 1 },
    ],
  },
  {
    key: 'cancelled',
    at: daysAgo(2, 5),
    customer: customerId(9),
    lines: [{ n: 14, qty: 1, fulfilled: 0 }],
    financialStatus: 'REFUNDED',
    cancelled: true,
    note: 'Customer changed their mind.',
  },
  {
    key: 'partiallyFulfilled',
    at: daysAgo(1, 2),
    customer: customerId(2),
    lines: [
      { n: 17, qty: 10, fulfilled: 10 },
      { n: 13, qty: 1, fulfilled: 0 },
    ],
    tags: ['wholesale'],
  },
  {
    key: 'guestCad',
    at: ago(5 * HOUR),
    customer: null,
    guestEmail: 'sam.lee@example.net',
    lines: [
      { n: 1, k: 1, qty: 2, fulfilled: 0 },
      { n: 16, qty: 1, fulfilled: 0 },
    ],
    presentment: 'CAD',
  },
  {
    key: 'pendingPaymentEur',
    at: ago(3 * HOUR),
    customer: customerId(3),
    lines: [
      { n: 9, qty: 1, fulfilled: 0 },
      { n: 7, qty: 1, fulfilled: 0 },
    ],
    financialStatus: 'PENDING',
    presentment: 'EUR',
  },
  {
    key: 'paidUnfulfilled',
    at: ago(2 * HOUR),
    customer: customerId(1),
    lines: [
      { n: 2, k: 2, qty: 1, fulfilled: 0 },
      { n: 10, k: 1, qty: 2, fulfilled: 0 },
    ],
    tags: ['VIP'],
  },
  { key: 'newCustomerFirstOrder', at: ago(40 * 60_000), customer: customerId(4), lines: [{ n: 1, k: 1, qty: 1, fulfilled: 0 }] },
];

function taxRateFor(countryCode: string): number {
  if (countryCode === 'US') return 0.08;
  if (countryCode === 'CA') return 0.13;
  return 0;
}

const GUEST_ADDRESS = address('Sam', 'Lee', {
  address1: '220 Yonge St',
  city: 'Toronto',
  province: 'Ontario',
  provinceCode: 'ON',
  zip: 'M5B 2H1',
  countryCode: 'CA',
  country: 'Canada',
});

const allOrderSpecs = [...historyOrders(), ...keyOrders].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

export const DEMO_ORDERS = {} as Record<keyof typeof DEMO_ORDER_KEYS, number>;

const orders: SeedOrder[] = allOrderSpecs.map((spec, index) => {
  const number = 1001 + index;
  const id = 5_900_000_000_000 + number;
  if (spec.key) DEMO_ORDERS[spec.key] = id;
  const customer = customers.find((c) => c.id === spec.customer) ?? null;
  const shippingAddress = customer
    ? customer.defaultAddress
    : spec.guestEmail === 'sam.lee@example.net'
      ? GUEST_ADDRESS
      : address('Guest', 'Buyer', US_ADDRESSES.denver);
  const lines: SeedOrderLine[] = spec.lines.map((line, l) => {
    const variant = variantOf(line.n, line.k ?? 1);
    return {
      id: 14_100_000_000_000 + number * 10 + l + 1,
      variantId: variant.id,
      quantity: line.qty,
      unitPrice: variant.price,
      discount: money(line.discount ?? 0),
      fulfilledQuantity: line.fulfilled ?? 0,
      sellingPlanId: line.plan ?? null,
    };
  });
  const subtotal = lines.reduce((sum, l) => sum + Number(l.unitPrice) * l.quantity - Number(l.discount), 0);
  return {
    id,
    name: `#${number}`,
    number,
    customerId: customer?.id ?? null,
    email: customer?.email ?? spec.guestEmail ?? null,
    createdAt: spec.at,
    presentmentCurrencyCode: spec.presentment ?? 'USD',
    financialStatus: spec.financialStatus ?? 'PAID',
    lines,
    shippingLine: subtotal >= 50 ? { title: 'Free shipping', price: '0.00' } : { title: 'Standard Shipping', price: '5.00' },
    taxRate: taxRateFor(shippingAddress.countryCode),
    shippingAddress,
    tags: spec.tags ?? [],
    note: spec.note ?? null,
    sourceName: spec.source ?? 'web',
    cancelledAt: spec.cancelled ? new Date(Date.parse(spec.at) + 4 * HOUR).toISOString() : null,
    closedAt: spec.cancelled ? new Date(Date.parse(spec.at) + 4 * HOUR).toISOString() : null,
    discountCodes: spec.discountCodes ?? [],
  };
});

// ---------------------------------------------------------------------------------------------------------------
// Subscription contracts Shopify created from the subscription orders above (plus one paused, app-migrated one).

export const DEMO_CONTRACTS = {
  farahMonthlySencha: 20_100_000_001,
  aliceEspressoEveryTwoMonths: 20_100_000_002,
  hanaPaused: 20_100_000_003,
} as const;

const subscriptionContracts: SeedSubscriptionContract[] = [
  {
    id: DEMO_CONTRACTS.farahMonthlySencha,
    customerId: customerId(6),
    paymentMethodId: 'c3e5f7091b2d4f6a8c0e1f3b5d7f9a1c',
    originOrderId: DEMO_ORDERS.subscriptionOrigin,
    status: 'ACTIVE',
    currencyCode: 'USD',
    createdAt: daysAgo(20, 3),
    nextBillingDate: new Date(nowMs + 10 * DAY - 3 * HOUR).toISOString(),
    billingPolicy: { interval: 'MONTH', intervalCount: 1, minCycles: null, maxCycles: null },
    deliveryPolicy: { interval: 'MONTH', intervalCount: 1 },
    deliveryPrice: '0.00',
    lines: [{ id: 1, variantId: variantId(6, 1), quantity: 2, currentPrice: '10.80', sellingPlanId: DEMO_SELLING_PLANS.monthly }],
    note: null,
  },
  {
    id: DEMO_CONTRACTS.aliceEspressoEveryTwoMonths,
    customerId: customerId(1),
    paymentMethodId: 'a1c3e5f7091b2d4f6a8c0e1f3b5d7f90',
    originOrderId: DEMO_ORDERS.subscriptionOriginAlice,
    status: 'ACTIVE',
    currencyCode: 'USD',
    createdAt: daysAgo(45),
    nextBillingDate: new Date(nowMs + 16 * DAY).toISOString(),
    billingPolicy: { interval: 'MONTH', intervalCount: 2, minCycles: null, maxCycles: null },
    deliveryPolicy: { interval: 'MONTH', intervalCount: 2 },
    deliveryPrice: '0.00',
    lines: [{ id: 1, variantId: variantId(2, 2), quantity: 1, currentPrice: '40.50', sellingPlanId: DEMO_SELLING_PLANS.everyTwoMonths }],
    note: null,
  },
  {
    id: DEMO_CONTRACTS.hanaPaused,
    customerId: customerId(8),
    paymentMethodId: 'e5f7091b2d4f6a8c0e1f3b5d7f9a1c3e',
    originOrderId: null,
    status: 'PAUSED',
    currencyCode: 'USD',
    createdAt: daysAgo(150),
    nextBillingDate: new Date(nowMs + 5 * DAY).toISOString(),
    billingPolicy: { interval: 'MONTH', intervalCount: 1, minCycles: null, maxCycles: null },
    deliveryPolicy: { interval: 'MONTH', intervalCount: 1 },
    deliveryPrice: '5.00',
    lines: [{ id: 1, variantId: variantId(7, 1), quantity: 1, currentPrice: '9.90', sellingPlanId: DEMO_SELLING_PLANS.monthly }],
    note: 'Paused by the customer while travelling.',
  },
];

export const DEMO_PRODUCTS = {
  ethiopia: productId(1),
  espresso: productId(2),
  decafLowStock: productId(3),
  sumatraNew: productId(4),
  coldBrewExpiring: productId(5),
  sencha: productId(6),
  earlGrey: productId(7),
  chamomileOutOfStock: productId(8),
  matchaNew: productId(9),
  mug: productId(10),
  glassCups: productId(11),
  tumbler: productId(12),
  handGrinder: productId(13),
  electricGrinder: productId(14),
  kettle: productId(15),
  dripper: productId(16),
  paperFilters: productId(17),
  bondedFilters: productId(18),
  biscottiExpiring: productId(19),
  chocolateBarkExpiring: productId(20),
  oatCookies: productId(21),
  stroopwafelsNew: productId(22),
  giftCard: productId(23),
  draftSampler: productId(24),
  archivedGeisha: productId(25),
} as const;

export const DEMO_VARIANTS = {
  ethiopia250g: variantId(1, 1),
  ethiopia1kg: variantId(1, 2),
  espresso250g: variantId(2, 1),
  espresso1kg: variantId(2, 2),
  decaf250gLowStock: variantId(3, 1),
  coldBrew: variantId(5, 1),
  sencha100g: variantId(6, 1),
  earlGrey100g: variantId(7, 1),
  chamomileOutOfStock: variantId(8, 1),
  mugSand: variantId(10, 1),
  mugSlateOutOfStock: variantId(10, 2),
  mugMossLowStock: variantId(10, 3),
  glassCups: variantId(11, 1),
  tumblerBlack: variantId(12, 1),
  handGrinder: variantId(13, 1),
  paperFilters: variantId(17, 1),
  biscotti: variantId(19, 1),
  chocolateBark: variantId(20, 1),
  stroopwafels: variantId(22, 1),
  giftCard25: variantId(23, 1),
} as const;

export const DEMO_SELLING_PLAN_GROUP_ID = SELLING_PLAN_GROUP_ID;

export const demoStore: DemoStoreSeed = {
  now: SEED_NOW,
  shop: {
    id: 68_123_456_789,
    name: 'Encore Demo Store',
    myshopifyDomain: DEMO_SHOP_DOMAIN,
    primaryDomainHost: 'shop.encore-demo.example',
    email: 'owner@encore-demo.example',
    contactEmail: 'hello@encore-demo.example',
    currencyCode: 'USD',
    enabledPresentmentCurrencies: ['USD', 'EUR', 'CAD'],
    exchangeRates: { USD: 1, EUR: 0.92, CAD: 1.39 },
    ianaTimezone: 'America/New_York',
    billingCountryCode: 'US',
    plan: { publicDisplayName: 'Shopify Plus', shopifyPlus: true, partnerDevelopment: false },
    features: { eligibleForSubscriptions: true, sellsSubscriptions: true, giftCards: true },
    createdAt: daysAgo(900),
    grantedScopes: DEMO_SCOPES,
    demoAccessToken: DEMO_ACCESS_TOKEN,
    staffUserId: 99_000_001,
    metafields: [],
    locales: [
      { locale: 'en', name: 'English', primary: true, published: true },
      { locale: 'fr', name: 'French', primary: false, published: true },
      { locale: 'de', name: 'German', primary: false, published: true },
      { locale: 'es', name: 'Spanish', primary: false, published: false },
    ],
  },
  collections,
  products,
  sellingPlanGroups,
  customers,
  orders,
  subscriptionContracts,
  discountCodes: [
    {
      id: 1_400_000_000_001,
      title: 'Welcome 10%',
      code: 'WELCOME10',
      percentage: 0.1,
      startsAt: daysAgo(365),
      endsAt: null,
      appliesOncePerCustomer: true,
      usageLimit: null,
      asyncUsageCount: 57,
    },
  ],
};
