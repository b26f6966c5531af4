// The shape of a seeded store: plain, typed data with numeric legacy ids (GIDs are derived from them as
// Shopify does: gid://shopify/Product/123). Money is a decimal string in the shop currency, as Shopify sends it.
// Totals, customer order counts and fulfillment status are NOT stored here: the store derives them from the
// orders, so the data cannot contradict itself.

export type IsoDateTime = string;
/** A decimal amount as Shopify writes it ("16.00"). */
export type DecimalString = string;
export type CurrencyCode = 'USD' | 'EUR' | 'CAD' | 'GBP';

export interface SeedShop {
  id: number;
  name: string;
  myshopifyDomain: string;
  primaryDomainHost: string;
  email: string;
  contactEmail: string;
  currencyCode: CurrencyCode;
  enabledPresentmentCurrencies: CurrencyCode[];
  /** Units of presentment currency per unit of shop currency. */
  exchangeRates: Partial<Record<CurrencyCode, number>>;
  ianaTimezone: string;
  billingCountryCode: string;
  plan: { publicDisplayName: string; shopifyPlus: boolean; partnerDevelopment: boolean };
  features: { eligibleForSubscriptions: boolean; sellsSubscriptions: boolean; giftCards: boolean };
  createdAt: IsoDateTime;
  /** Scopes granted to the app at install (managed installation from shopify.app.toml). */
  grantedScopes: string[];
  /** A fixed offline Admin API token for this shop, so `curl` works against the emulator. */
  demoAccessToken: string;
  /** The staff user that "opens the app" in the demo (session token `sub`). */
  staffUserId: number;
  /** Shop-level metafields. */
  metafields: SeedMetafield[];
  /** Languages the shop sells in (shopLocales); exactly one is primary. */
  locales: { locale: string; name: string; primary: boolean; published: boolean }[];
}

export type MetafieldType =
  | 'date'
  | 'date_time'
  | 'single_line_text_field'
  | 'multi_line_text_field'
  | 'number_integer'
  | 'number_decimal'
  | 'boolean'
  | 'json'
  | 'url'
  | 'color'
  | 'money'
  | 'product_reference'
  | 'variant_reference'
  | 'list.single_line_text_field'
  | 'list.product_reference'
  | 'list.variant_reference';

export interface SeedMetafield {
  namespace: string;
  key: string;
  type: MetafieldType;
  value: string;
}

export interface SeedImage {
  id: number;
  url: string;
  altText: string;
  width: number;
  height: number;
}

export interface SeedVariant {
  id: number;
  /** e.g. "250 g" or "Slate"; "Default Title" for a product without options. */
  title: string;
  sku: string;
  price: DecimalString;
  compareAtPrice: DecimalString | null;
  inventoryQuantity: number;
  inventoryPolicy: 'DENY' | 'CONTINUE';
  selectedOptions: { name: string; value: string }[];
  /** An image id of the product, when the variant has its own image. */
  imageId: number | null;
  requiresShipping: boolean;
  taxable: boolean;
  weightGrams: number;
  metafields: SeedMetafield[];
}

export type ProductStatus = 'ACTIVE' | 'DRAFT' | 'ARCHIVED';

export interface SeedProduct {
  id: number;
  title: string;
  handle: string;
  descriptionHtml: string;
  status: ProductStatus;
  vendor: string;
  productType: string;
  tags: string[];
  isGiftCard: boolean;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
  publishedAt: IsoDateTime | null;
  options: { name: string; values: string[] }[];
  images: SeedImage[];
  /** Handles of the collections the product is in. */
  collections: string[];
  metafields: SeedMetafield[];
  variants: SeedVariant[];
}

export interface SeedCollection {
  id: number;
  handle: string;
  title: string;
  descriptionHtml: string;
  updatedAt: IsoDateTime;
}

export type SellingPlanInterval = 'DAY' | 'WEEK' | 'MONTH' | 'YEAR';

export interface SeedSellingPlan {
  id: number;
  name: string;
  description: string;
  options: string[];
  position: number;
  category: 'SUBSCRIPTION' | 'PRE_ORDER' | 'TRY_BEFORE_YOU_BUY' | 'OTHER';
  billingPolicy: { interval: SellingPlanInterval; intervalCount: number; minCycles: number | null; maxCycles: number | null };
  deliveryPolicy: { interval: SellingPlanInterval; intervalCount: number };
  /** Fixed pricing policy: a percentage off the variant price, 0-100 as Shopify stores it. */
  pricingPolicies: { adjustmentType: 'PERCENTAGE'; adjustmentValue: number }[];
  createdAt: IsoDateTime;
}

export interface SeedSellingPlanGroup {
  id: number;
  name: string;
  merchantCode: string;
  description: string;
  options: string[];
  position: number;
  /** The app that owns the group ("Encore" here); null if created by the merchant. */
  appId: string | null;
  createdAt: IsoDateTime;
  sellingPlans: SeedSellingPlan[];
  productIds: number[];
  productVariantIds: number[];
}

export interface SeedAddress {
  firstName: string;
  lastName: string;
  address1: string;
  address2: string | null;
  city: string;
  province: string | null;
  provinceCode: string | null;
  zip: string;
  countryCode: string;
  country: string;
  phone: string | null;
  company: string | null;
}

export interface SeedPaymentMethod {
  /** Shopify's CustomerPaymentMethod ids are opaque hex strings, not numbers. */
  id: string;
  brand: 'visa' | 'mastercard' | 'american_express';
  lastDigits: string;
  expiryMonth: number;
  expiryYear: number;
  name: string;
  /** Set when the card was revoked (the customer removed it, or it failed permanently). */
  revokedAt: IsoDateTime | null;
  revokedReason: 'CUSTOMER_REVOKED' | 'FAILED_TO_UPDATE_CREDIT_CARD' | null;
}

export interface SeedCustomer {
  id: number;
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  locale: string;
  tags: string[];
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
  note: string | null;
  emailMarketingConsent: 'SUBSCRIBED' | 'NOT_SUBSCRIBED' | 'UNSUBSCRIBED';
  defaultAddress: SeedAddress;
  paymentMethods: SeedPaymentMethod[];
  /**
   * Orders placed before the seeded history window (not seeded as Order objects). numberOfOrders and
   * amountSpent are this plus the seeded orders of the customer.
   */
  priorOrders: { count: number; amountSpent: DecimalString };
  metafields: SeedMetafield[];
}

export type OrderFinancialStatus = 'PAID' | 'PENDING' | 'AUTHORIZED' | 'PARTIALLY_PAID' | 'REFUNDED' | 'VOIDED';

export interface SeedOrderLine {
  id: number;
  variantId: number;
  quantity: number;
  /** Unit price at purchase, shop currency (may differ from today's variant price). */
  unitPrice: DecimalString;
  /** Total line discount in shop currency ("0.00" when none). */
  discount: DecimalString;
  fulfilledQuantity: number;
  sellingPlanId: number | null;
}

export interface SeedOrder {
  id: number;
  /** "#1001" */
  name: string;
  number: number;
  customerId: number | null;
  email: string | null;
  createdAt: IsoDateTime;
  presentmentCurrencyCode: CurrencyCode;
  financialStatus: OrderFinancialStatus;
  lines: SeedOrderLine[];
  shippingLine: { title: string; price: DecimalString } | null;
  /** Tax rate on the discounted subtotal (0.08 = 8%), tax-exclusive pricing. */
  taxRate: number;
  shippingAddress: SeedAddress | null;
  tags: string[];
  note: string | null;
  /** "web" (online store), "pos", "shopify_draft_order", or an app's api client id. */
  sourceName: string;
  cancelledAt: IsoDateTime | null;
  closedAt: IsoDateTime | null;
  discountCodes: string[];
}

export interface SeedSubscriptionLine {
  id: number;
  variantId: number;
  quantity: number;
  /** Recurring price per unit after the plan's discount, contract currency. */
  currentPrice: DecimalString;
  sellingPlanId: number | null;
}

export interface SeedSubscriptionContract {
  id: number;
  customerId: number;
  paymentMethodId: string;
  originOrderId: number | null;
  status: 'ACTIVE' | 'PAUSED' | 'CANCELLED' | 'EXPIRED' | 'FAILED';
  currencyCode: CurrencyCode;
  createdAt: IsoDateTime;
  nextBillingDate: IsoDateTime;
  billingPolicy: { interval: SellingPlanInterval; intervalCount: number; minCycles: number | null; maxCycles: number | null };
  deliveryPolicy: { interval: SellingPlanInterval; intervalCount: number };
  deliveryPrice: DecimalString;
  lines: SeedSubscriptionLine[];
  note: string | null;
}

export interface SeedDiscountCode {
  id: number;
  title: string;
  code: string;
  /** 0..1 */
  percentage: number;
  startsAt: IsoDateTime;
  endsAt: IsoDateTime | null;
  appliesOncePerCustomer: boolean;
  usageLimit: number | null;
  asyncUsageCount: number;
}

export interface DemoStoreSeed {
  /** Every relative date below was computed from this instant. */
  now: IsoDateTime;
  shop: SeedShop;
  collections: SeedCollection[];
  products: SeedProduct[];
  sellingPlanGroups: SeedSellingPlanGroup[];
  customers: SeedCustomer[];
  orders: SeedOrder[];
  subscriptionContracts: SeedSubscriptionContract[];
  discountCodes: SeedDiscountCode[];
}
