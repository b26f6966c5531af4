// The emulator's in-memory state: mutable records with numeric ids and money in cents. Resolvers turn them into
// Shopify's GraphQL shapes; webhooks turn them into Shopify's REST-style payloads. Tests may read these records
// directly (through ShopStore helpers) to check state without going through GraphQL.
import type { CurrencyCode, SeedAddress, SellingPlanInterval } from '../seed/types.js';
import type { Cents } from './money.js';

export type Address = SeedAddress;

export interface MetafieldRecord {
  id: number;
  ownerGid: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

export interface MetafieldDefinitionRecord {
  id: number;
  name: string;
  namespace: string;
  key: string;
  type: string;
  ownerType: string;
  description: string | null;
  createdAt: string;
}

export interface ImageRecord {
  id: number;
  url: string;
  altText: string | null;
  width: number;
  height: number;
}

export interface ProductOptionRecord {
  id: number;
  name: string;
  position: number;
  values: string[];
}

export interface ProductRecord {
  id: number;
  title: string;
  handle: string;
  descriptionHtml: string;
  status: 'ACTIVE' | 'DRAFT' | 'ARCHIVED';
  vendor: string;
  productType: string;
  tags: string[];
  isGiftCard: boolean;
  requiresSellingPlan: boolean;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  options: ProductOptionRecord[];
  images: ImageRecord[];
  collectionIds: number[];
  variantIds: number[];
}

export interface VariantRecord {
  id: number;
  productId: number;
  inventoryItemId: number;
  title: string;
  sku: string | null;
  price: Cents;
  compareAtPrice: Cents | null;
  inventoryQuantity: number;
  inventoryPolicy: 'DENY' | 'CONTINUE';
  selectedOptions: { name: string; value: string }[];
  imageId: number | null;
  requiresShipping: boolean;
  taxable: boolean;
  weightGrams: number;
  position: number;
  createdAt: string;
  updatedAt: string;
}

export interface CollectionRecord {
  id: number;
  handle: string;
  title: string;
  descriptionHtml: string;
  updatedAt: string;
}

export interface RecurringPolicy {
  interval: SellingPlanInterval;
  intervalCount: number;
  minCycles: number | null;
  maxCycles: number | null;
  anchors: { type: string; day: number | null; month: number | null; cutoffDay: number | null }[];
}

export interface PricingPolicyRecord {
  kind: 'fixed' | 'recurring';
  adjustmentType: 'PERCENTAGE' | 'FIXED_AMOUNT' | 'PRICE';
  /** Percentage 0-100 for PERCENTAGE; cents for FIXED_AMOUNT and PRICE. */
  adjustmentValue: number;
  afterCycle: number | null;
  createdAt: string;
}

export interface SellingPlanRecord {
  id: number;
  groupId: number;
  name: string;
  description: string | null;
  options: string[];
  position: number | null;
  category: 'SUBSCRIPTION' | 'PRE_ORDER' | 'TRY_BEFORE_YOU_BUY' | 'OTHER';
  billingPolicy: RecurringPolicy;
  deliveryPolicy: RecurringPolicy & { intent: string; preAnchorBehavior: string; cutoff: number | null };
  pricingPolicies: PricingPolicyRecord[];
  createdAt: string;
}

export interface SellingPlanGroupRecord {
  id: number;
  name: string;
  merchantCode: string;
  description: string | null;
  options: string[];
  position: number | null;
  appId: string | null;
  createdAt: string;
  planIds: number[];
  productIds: number[];
  variantIds: number[];
}

export interface PaymentMethodRecord {
  /** Opaque hex id, as Shopify uses for CustomerPaymentMethod. */
  id: string;
  customerId: number;
  brand: string;
  lastDigits: string;
  expiryMonth: number;
  expiryYear: number;
  name: string;
  revokedAt: string | null;
  revokedReason: string | null;
}

export interface CustomerRecord {
  id: number;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  locale: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  note: string | null;
  emailMarketingState: 'SUBSCRIBED' | 'NOT_SUBSCRIBED' | 'UNSUBSCRIBED';
  defaultAddress: Address | null;
  defaultAddressId: number;
  paymentMethodIds: string[];
  priorOrders: { count: number; amountSpent: Cents };
}

export interface OrderLineRecord {
  id: number;
  variantId: number | null;
  productId: number | null;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  vendor: string | null;
  /** Quantity at purchase plus quantities added by edits. */
  quantity: number;
  /** Quantity after edits and removals. */
  currentQuantity: number;
  unitPrice: Cents;
  /** Total discount on the line for `quantity` units. */
  discount: Cents;
  discountDescription: string | null;
  fulfilledQuantity: number;
  sellingPlanId: number | null;
  sellingPlanName: string | null;
  requiresShipping: boolean;
  taxable: boolean;
  isGiftCard: boolean;
  addedByEditAt: string | null;
  contractId: number | null;
}

export interface FulfillmentHoldRecord {
  id: number;
  reason: string;
  reasonNotes: string | null;
  handle: string | null;
  heldByApp: boolean;
  createdAt: string;
}

export interface FulfillmentOrderLineRecord {
  id: number;
  lineItemId: number;
  totalQuantity: number;
  remainingQuantity: number;
}

export interface FulfillmentOrderRecord {
  id: number;
  orderId: number;
  status: 'OPEN' | 'IN_PROGRESS' | 'CLOSED' | 'ON_HOLD' | 'CANCELLED' | 'SCHEDULED' | 'INCOMPLETE';
  /** The status to return to when the last hold is released. */
  statusBeforeHold: 'OPEN' | 'IN_PROGRESS' | 'SCHEDULED';
  lineItems: FulfillmentOrderLineRecord[];
  holds: FulfillmentHoldRecord[];
  createdAt: string;
  updatedAt: string;
}

export interface TransactionRecord {
  id: number;
  kind: 'SALE' | 'CAPTURE' | 'REFUND' | 'AUTHORIZATION';
  status: 'SUCCESS' | 'FAILURE' | 'PENDING';
  amount: Cents;
  gateway: string;
  createdAt: string;
}

export interface OrderRecord {
  id: number;
  name: string;
  number: number;
  customerId: number | null;
  email: string | null;
  createdAt: string;
  updatedAt: string;
  processedAt: string;
  currencyCode: CurrencyCode;
  presentmentCurrencyCode: CurrencyCode;
  /** Presentment units per shop unit at the time of the order. */
  exchangeRate: number;
  /** Set for VOIDED / REFUNDED / AUTHORIZED seeds; otherwise the status is derived from payments. */
  financialStatusOverride: 'AUTHORIZED' | 'REFUNDED' | 'VOIDED' | null;
  lines: OrderLineRecord[];
  shippingLine: { title: string; price: Cents } | null;
  taxRate: number;
  shippingAddress: Address | null;
  billingAddress: Address | null;
  tags: string[];
  note: string | null;
  sourceName: string;
  cancelledAt: string | null;
  cancelReason: string | null;
  closedAt: string | null;
  discountCodes: string[];
  transactions: TransactionRecord[];
  fulfillmentOrderIds: number[];
  edited: boolean;
  customAttributes: { key: string; value: string | null }[];
  invoicesSent: { to: string | null; subject: string | null; customMessage: string | null; sentAt: string }[];
  /** The subscription contract this order renews, when created by a billing attempt. */
  subscriptionContractId: number | null;
  /** Import duties charged at checkout (cross-border orders); Shopify cannot edit such orders. */
  duties?: Cents;
  /** The app that created the order (a cross-border checkout such as Global-e's), or absent for the online store. */
  createdByApp?: string | null;
}

export interface CalculatedLineRecord {
  id: number;
  /** The order line it edits, or null for a line added in this edit. */
  orderLineId: number | null;
  variantId: number | null;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  quantity: number;
  quantityBefore: number;
  /** Quantity that can no longer change (fulfilled). */
  uneditableQuantity: number;
  unitPrice: Cents;
  /** Existing discount carried from the order line, for the current quantity. */
  existingDiscount: Cents;
  stagedDiscount: { id: number; description: string | null; percent: number | null; fixed: Cents | null } | null;
  restock: boolean;
}

export type StagedChange =
  | { kind: 'addVariant'; calculatedLineId: number; variantId: number; quantity: number }
  | { kind: 'increment'; calculatedLineId: number; delta: number }
  | { kind: 'decrement'; calculatedLineId: number; delta: number; restock: boolean }
  | { kind: 'addLineItemDiscount'; calculatedLineId: number; discountId: number };

export interface CalculatedOrderRecord {
  id: number;
  orderId: number;
  sessionId: number;
  committed: boolean;
  createdAt: string;
  lines: CalculatedLineRecord[];
  stagedChanges: StagedChange[];
}

export interface ContractLineRecord {
  /** Shopify uses opaque UUIDs for SubscriptionLine ids. */
  id: string;
  variantId: number | null;
  productId: number | null;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  quantity: number;
  currentPrice: Cents;
  sellingPlanId: number | null;
  sellingPlanName: string | null;
  requiresShipping: boolean;
  taxable: boolean;
  customAttributes: { key: string; value: string | null }[];
  pricingPolicy: {
    basePrice: Cents;
    cycleDiscounts: { adjustmentType: string; adjustmentValue: number; afterCycle: number; computedPrice: Cents }[];
  } | null;
}

export interface ContractDeliveryMethod {
  kind: 'SHIPPING' | 'LOCAL' | 'PICKUP';
  address: Address | null;
  shippingOption: { title: string | null; presentmentTitle: string | null; code: string | null; description: string | null } | null;
}

export interface ContractTerms {
  status: 'ACTIVE' | 'PAUSED' | 'CANCELLED' | 'EXPIRED' | 'FAILED';
  paymentMethodId: string | null;
  nextBillingDate: string;
  billingPolicy: RecurringPolicy;
  deliveryPolicy: Omit<RecurringPolicy, 'minCycles' | 'maxCycles'>;
  deliveryPrice: Cents;
  deliveryMethod: ContractDeliveryMethod | null;
  note: string | null;
  customAttributes: { key: string; value: string | null }[];
  lines: ContractLineRecord[];
}

export interface ContractRecord extends ContractTerms {
  id: number;
  customerId: number;
  currencyCode: CurrencyCode;
  originOrderId: number | null;
  appId: string | null;
  createdAt: string;
  updatedAt: string;
  revisionId: number;
  lastPaymentStatus: 'SUCCEEDED' | 'FAILED' | null;
  lastBillingAttemptErrorType: 'PAYMENT_ERROR' | 'INVENTORY_ERROR' | 'CUSTOMER_ERROR' | 'OTHER' | null;
  orderIds: number[];
}

export interface DraftRecord extends ContractTerms {
  id: number;
  contractId: number | null;
  /** Set on a draft opened by subscriptionBillingCycleContractEdit: the one billing cycle it edits. */
  billingCycleIndex?: number | null;
  customerId: number;
  currencyCode: CurrencyCode;
  committed: boolean;
  addedLineIds: string[];
  removedLines: ContractLineRecord[];
  createdAt: string;
}

export type BillingOutcome =
  | { kind: 'success' }
  | { kind: 'failure'; errorCode: string; message?: string }
  | { kind: 'challenged'; nextActionUrl?: string };

/** The contents of one billing cycle after subscriptionBillingCycleContractDraftCommit; the contract is unchanged. */
export interface CycleEditRecord {
  contractId: number;
  cycleIndex: number;
  lines: ContractLineRecord[];
  updatedAt: string;
}

export interface BillingAttemptRecord {
  id: number;
  /** The billing cycle a successful attempt billed (null until it succeeds). */
  billedCycleIndex?: number | null;
  contractId: number;
  idempotencyKey: string;
  originTime: string | null;
  billingCycleIndex: number | null;
  /** The billing cycle named by date in the selector, if any. */
  cycleDate: string | null;
  createdAt: string;
  completedAt: string | null;
  state: 'pending' | 'success' | 'failed' | 'action_required';
  outcome: BillingOutcome | null;
  orderId: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  nextActionUrl: string | null;
  respectInventoryPolicy: boolean;
}

export interface DiscountRecord {
  id: number;
  title: string;
  codes: { id: number; code: string; asyncUsageCount: number }[];
  startsAt: string;
  endsAt: string | null;
  appliesOncePerCustomer: boolean;
  usageLimit: number | null;
  value: { kind: 'percentage'; percentage: number } | { kind: 'amount'; amount: Cents; appliesOnEachItem: boolean };
  items:
    | { kind: 'all' }
    | { kind: 'products'; productIds: number[]; variantIds: number[] }
    | { kind: 'collections'; collectionIds: number[] };
  appliesOnOneTimePurchase: boolean;
  appliesOnSubscription: boolean;
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
  minimumSubtotal: Cents | null;
  minimumQuantity: number | null;
  recurringCycleLimit: number | null;
  customerIds: number[] | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  deactivatedAt: string | null;
}

export interface WebhookSubscriptionRecord {
  id: number;
  topic: string;
  uri: string;
  format: 'JSON' | 'XML';
  includeFields: string[];
  filter: string | null;
  name: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ShopRecord {
  id: number;
  name: string;
  myshopifyDomain: string;
  primaryDomainHost: string;
  email: string;
  contactEmail: string;
  currencyCode: CurrencyCode;
  enabledPresentmentCurrencies: CurrencyCode[];
  exchangeRates: Partial<Record<CurrencyCode, number>>;
  ianaTimezone: string;
  billingCountryCode: string;
  plan: { publicDisplayName: string; shopifyPlus: boolean; partnerDevelopment: boolean };
  features: { eligibleForSubscriptions: boolean; sellsSubscriptions: boolean; giftCards: boolean };
  createdAt: string;
  staffUserId: number;
  locales: { locale: string; name: string; primary: boolean; published: boolean }[];
}
