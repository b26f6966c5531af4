// One emulated shop: its records, the lookups resolvers need, and the typed helpers tests use to set up and inspect
// state (`markOrderPaid`, `fulfill`, `scriptBillingOutcome`, ...). Domain rules live in the sibling modules
// (catalog, orders, order-edit, subscriptions, discounts, metafields); this class owns the data and wires them up.
import crypto from 'node:crypto';
import type { Clock } from '../../../web/server/clock.js';
import type { CurrencyCode, DemoStoreSeed } from '../seed/types.js';
import { gid, type IdSequence } from './ids.js';
import { type Cents, toCents } from './money.js';
import * as orders from './orders.js';
import type {
  BillingAttemptRecord,
  BillingOutcome,
  CalculatedOrderRecord,
  CollectionRecord,
  ContractRecord,
  CustomerRecord,
  CycleEditRecord,
  DiscountRecord,
  DraftRecord,
  FulfillmentOrderRecord,
  MetafieldDefinitionRecord,
  MetafieldRecord,
  OrderRecord,
  PaymentMethodRecord,
  ProductRecord,
  SellingPlanGroupRecord,
  SellingPlanRecord,
  ShopRecord,
  VariantRecord,
  WebhookSubscriptionRecord,
} from './records.js';
import * as subscriptions from './subscriptions.js';

/** A domain event that becomes a webhook (topic in Shopify's slash form, payload in its REST shape). */
export interface StoreEvent {
  topic: string;
  payload: Record<string, unknown>;
}

export interface ShopStoreDeps {
  ids: IdSequence;
  clock: Clock;
  /** The app's client id (API key): `$app` metafield namespaces resolve to `app--<apiClientId>`. */
  apiClientId: string;
  /** Called synchronously for every domain event; the emulator turns them into webhook deliveries. */
  emit: (shop: ShopStore, event: StoreEvent) => void;
  /** How long a billing attempt stays pending before its scripted outcome is applied (ms, real time). */
  billingAttemptDelayMs: number;
}

export interface AppInstallationRecord {
  id: number;
  grantedScopes: string[];
  installedAt: string;
  uninstalledAt: string | null;
}

export class ShopStore {
  readonly domain: string;
  readonly shop: ShopRecord;
  readonly app: AppInstallationRecord;

  readonly products = new Map<number, ProductRecord>();
  readonly variants = new Map<number, VariantRecord>();
  readonly collections = new Map<number, CollectionRecord>();
  readonly sellingPlanGroups = new Map<number, SellingPlanGroupRecord>();
  readonly sellingPlans = new Map<number, SellingPlanRecord>();
  readonly customers = new Map<number, CustomerRecord>();
  readonly paymentMethods = new Map<string, PaymentMethodRecord>();
  readonly orders = new Map<number, OrderRecord>();
  readonly fulfillmentOrders = new Map<number, FulfillmentOrderRecord>();
  readonly calculatedOrders = new Map<number, CalculatedOrderRecord>();
  readonly contracts = new Map<number, ContractRecord>();
  readonly drafts = new Map<number, DraftRecord>();
  readonly billingAttempts = new Map<number, BillingAttemptRecord>();
  /** Billing cycle edits by `<contract id>:<cycle index>` (subscriptionBillingCycleContractDraftCommit). */
  readonly cycleEdits = new Map<string, CycleEditRecord>();
  readonly discounts = new Map<number, DiscountRecord>();
  /** Metafields by owner GID. */
  readonly metafields = new Map<string, MetafieldRecord[]>();
  readonly metafieldDefinitions = new Map<number, MetafieldDefinitionRecord>();
  readonly webhookSubscriptions = new Map<number, WebhookSubscriptionRecord>();
  /** Scripted outcomes per contract, consumed one per billing attempt (the last one repeats). */
  readonly billingScripts = new Map<number, BillingOutcome[]>();
  /** Invoices "sent" by orderInvoiceSend, for tests to read. */
  readonly sentInvoices: { orderId: number; to: string | null; subject: string | null; customMessage: string | null; sentAt: string }[] =
    [];

  /** Card-update emails "sent" by customerPaymentMethodSendUpdateEmail, for tests to read. */
  readonly sentPaymentUpdateEmails: { paymentMethodId: string; customerId: number; to: string; sentAt: string }[] = [];

  private readonly pendingTimers = new Set<NodeJS.Timeout>();
  private nextOrderNumber = 1001;

  constructor(
    domain: string,
    shop: ShopRecord,
    grantedScopes: string[],
    readonly deps: ShopStoreDeps,
  ) {
    this.domain = domain;
    this.shop = shop;
    this.app = { id: deps.ids.take(), grantedScopes: [...grantedScopes], installedAt: shop.createdAt, uninstalledAt: null };
  }

  // ------------------------------------------------------------------------------------------------------------
  // Plumbing

  now(): Date {
    return this.deps.clock.now();
  }

  nowIso(): string {
    return this.now().toISOString();
  }

  newId(): number {
    return this.deps.ids.take();
  }

  newOrderNumber(): number {
    return this.nextOrderNumber++;
  }

  emit(topic: string, payload: Record<string, unknown>): void {
    this.deps.emit(this, { topic, payload });
  }

  /** The app-owned metafield namespace for this app, as `$app` resolves on Shopify. */
  get appNamespace(): string {
    return `app--${this.deps.apiClientId}`;
  }

  rateFor(currency: CurrencyCode): number {
    return this.shop.exchangeRates[currency] ?? 1;
  }

  later(ms: number, task: () => void): void {
    const timer = setTimeout(() => {
      this.pendingTimers.delete(timer);
      task();
    }, ms);
    timer.unref?.();
    this.pendingTimers.add(timer);
  }

  dispose(): void {
    for (const timer of this.pendingTimers) clearTimeout(timer);
    this.pendingTimers.clear();
  }

  // ------------------------------------------------------------------------------------------------------------
  // Lookups

  product(id: number): ProductRecord | undefined {
    return this.products.get(id);
  }

  variant(id: number): VariantRecord | undefined {
    return this.variants.get(id);
  }

  variantsOf(product: ProductRecord): VariantRecord[] {
    return product.variantIds.map((id) => this.variants.get(id)).filter((v): v is VariantRecord => v !== undefined);
  }

  order(id: number): OrderRecord | undefined {
    return this.orders.get(id);
  }

  customer(id: number): CustomerRecord | undefined {
    return this.customers.get(id);
  }

  contract(id: number): ContractRecord | undefined {
    return this.contracts.get(id);
  }

  metafieldsOf(ownerGid: string): MetafieldRecord[] {
    return this.metafields.get(ownerGid) ?? [];
  }

  /** The GID every owner of metafields is known by here. */
  get shopGid(): string {
    return gid('Shop', this.shop.id);
  }

  get appInstallationGid(): string {
    return gid('AppInstallation', this.app.id);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Test helpers (typed): set up and inspect state without GraphQL

  /** Records a payment for the order's outstanding balance and fires orders/paid (+ orders/updated). */
  markOrderPaid(orderId: number): OrderRecord {
    return orders.markOrderPaid(this, orderId);
  }

  /** Fulfills the given quantities (default: everything unfulfilled) and fires orders/updated. */
  fulfill(orderId: number, lines?: { lineItemId: number; quantity: number }[]): OrderRecord {
    return orders.fulfill(this, orderId, lines);
  }

  /** Refunds line quantities as a merchant does in Shopify's admin and fires refunds/create; returns its payload. */
  refundOrder(orderId: number, input: orders.RefundInput): Record<string, unknown> {
    return orders.refundOrder(this, orderId, input);
  }

  cancelOrder(orderId: number, reason = 'CUSTOMER'): OrderRecord {
    return orders.cancelOrder(this, orderId, reason);
  }

  /** Places an order as a checkout would (optionally with selling-plan lines) and fires orders/create (+ paid). */
  createOrder(input: orders.CreateOrderInput): OrderRecord {
    return orders.createOrder(this, input);
  }

  /**
   * What Shopify does when a buyer checks out a selling-plan line: creates the order, vaults the card, creates an
   * ACTIVE contract owned by the app and fires orders/create, orders/paid and subscription_contracts/create.
   */
  createSubscriptionContractFromCheckout(input: subscriptions.CheckoutSubscriptionInput): { order: OrderRecord; contract: ContractRecord } {
    return subscriptions.createContractFromCheckout(this, input);
  }

  /** The outcome(s) of the next billing attempts of a contract; the last one repeats. Default: success. */
  scriptBillingOutcome(contractId: number, outcome: BillingOutcome | BillingOutcome[]): void {
    this.billingScripts.set(contractId, Array.isArray(outcome) ? [...outcome] : [outcome]);
  }

  /** Resolves every pending billing attempt now instead of after the processing delay. */
  settleBillingAttempts(): BillingAttemptRecord[] {
    return subscriptions.settlePendingAttempts(this);
  }

  /**
   * The customer answers a 3-D Secure challenge (the attempt's nextActionUrl): the challenged attempt then succeeds
   * (fires subscription_billing_attempts/success) or fails (…/failure with AUTHENTICATION_FAILED).
   */
  completeChallenge(attemptId: number, outcome: 'success' | 'failure' = 'success'): BillingAttemptRecord {
    return subscriptions.completeChallenge(this, attemptId, outcome);
  }

  setInventory(variantId: number, quantity: number): void {
    const variant = this.variants.get(variantId);
    if (!variant) throw new Error(`emulator: no variant ${variantId} in ${this.domain}`);
    variant.inventoryQuantity = quantity;
    variant.updatedAt = this.nowIso();
  }

  /** Marks the app uninstalled: its tokens stop working and app/uninstalled fires. */
  uninstallApp(): void {
    this.app.uninstalledAt = this.nowIso();
    this.emit('app/uninstalled', {
      id: this.shop.id,
      name: this.shop.name,
      email: this.shop.email,
      domain: this.shop.primaryDomainHost,
      myshopify_domain: this.shop.myshopifyDomain,
      country_code: this.shop.billingCountryCode,
      currency: this.shop.currencyCode,
      iana_timezone: this.shop.ianaTimezone,
      plan_display_name: this.shop.plan.publicDisplayName,
      created_at: this.shop.createdAt,
      updated_at: this.nowIso(),
    });
  }

  // ------------------------------------------------------------------------------------------------------------
  // Seeding

  loadSeed(seed: DemoStoreSeed): void {
    for (const collection of seed.collections) {
      this.collections.set(collection.id, { ...collection });
    }
    const handleToCollection = new Map(seed.collections.map((c) => [c.handle, c.id]));
    for (const product of seed.products) {
      const record: ProductRecord = {
        id: product.id,
        title: product.title,
        handle: product.handle,
        descriptionHtml: product.descriptionHtml,
        status: product.status,
        vendor: product.vendor,
        productType: product.productType,
        tags: [...product.tags],
        isGiftCard: product.isGiftCard,
        requiresSellingPlan: false,
        createdAt: product.createdAt,
        updatedAt: product.updatedAt,
        publishedAt: product.publishedAt,
        options: product.options.map((option, index) => ({
          id: product.id * 10 + index + 1,
          name: option.name,
          position: index + 1,
          values: [...option.values],
        })),
        images: product.images.map((image) => ({ ...image })),
        collectionIds: product.collections.map((handle) => handleToCollection.get(handle)).filter((id): id is number => id !== undefined),
        variantIds: product.variants.map((v) => v.id),
      };
      this.products.set(record.id, record);
      this.metafields.set(
        gid('Product', product.id),
        product.metafields.map((m) => this.metafieldFromSeed(gid('Product', product.id), m, product.createdAt)),
      );
      product.variants.forEach((variant, index) => {
        this.variants.set(variant.id, {
          id: variant.id,
          productId: product.id,
          inventoryItemId: variant.id + 1_000_000_000_000,
          title: variant.title,
          sku: variant.sku,
          price: toCents(variant.price),
          compareAtPrice: variant.compareAtPrice === null ? null : toCents(variant.compareAtPrice),
          inventoryQuantity: variant.inventoryQuantity,
          inventoryPolicy: variant.inventoryPolicy,
          selectedOptions: variant.selectedOptions.map((o) => ({ ...o })),
          imageId: variant.imageId,
          requiresShipping: variant.requiresShipping,
          taxable: variant.taxable,
          weightGrams: variant.weightGrams,
          position: index + 1,
          createdAt: product.createdAt,
          updatedAt: product.updatedAt,
        });
        if (variant.metafields.length > 0) {
          this.metafields.set(
            gid('ProductVariant', variant.id),
            variant.metafields.map((m) => this.metafieldFromSeed(gid('ProductVariant', variant.id), m, product.createdAt)),
          );
        }
      });
    }
    for (const group of seed.sellingPlanGroups) {
      this.sellingPlanGroups.set(group.id, {
        id: group.id,
        name: group.name,
        merchantCode: group.merchantCode,
        description: group.description,
        options: [...group.options],
        position: group.position,
        appId: group.appId,
        createdAt: group.createdAt,
        planIds: group.sellingPlans.map((p) => p.id),
        productIds: [...group.productIds],
        variantIds: [...group.productVariantIds],
      });
      for (const plan of group.sellingPlans) {
        this.sellingPlans.set(plan.id, {
          id: plan.id,
          groupId: group.id,
          name: plan.name,
          description: plan.description,
          options: [...plan.options],
          position: plan.position,
          category: plan.category,
          billingPolicy: { ...plan.billingPolicy, anchors: [] },
          deliveryPolicy: {
            ...plan.deliveryPolicy,
            minCycles: null,
            maxCycles: null,
            anchors: [],
            intent: 'FULFILLMENT_BEGIN',
            preAnchorBehavior: 'ASAP',
            cutoff: null,
          },
          pricingPolicies: plan.pricingPolicies.map((p) => ({
            kind: 'fixed',
            adjustmentType: p.adjustmentType,
            adjustmentValue: p.adjustmentValue,
            afterCycle: null,
            createdAt: plan.createdAt,
          })),
          createdAt: plan.createdAt,
        });
      }
    }
    for (const customer of seed.customers) {
      for (const card of customer.paymentMethods) {
        this.paymentMethods.set(card.id, { ...card, customerId: customer.id });
      }
      this.customers.set(customer.id, {
        id: customer.id,
        firstName: customer.firstName,
        lastName: customer.lastName,
        email: customer.email,
        phone: customer.phone,
        locale: customer.locale,
        tags: [...customer.tags],
        createdAt: customer.createdAt,
        updatedAt: customer.updatedAt,
        note: customer.note,
        emailMarketingState: customer.emailMarketingConsent,
        defaultAddress: { ...customer.defaultAddress },
        defaultAddressId: customer.id + 2_000_000_000_000,
        paymentMethodIds: customer.paymentMethods.map((p) => p.id),
        priorOrders: { count: customer.priorOrders.count, amountSpent: toCents(customer.priorOrders.amountSpent) },
      });
      if (customer.metafields.length > 0) {
        this.metafields.set(
          gid('Customer', customer.id),
          customer.metafields.map((m) => this.metafieldFromSeed(gid('Customer', customer.id), m, customer.createdAt)),
        );
      }
    }
    for (const order of seed.orders) orders.loadSeedOrder(this, order);
    this.nextOrderNumber = Math.max(this.nextOrderNumber, ...seed.orders.map((o) => o.number + 1));
    for (const contract of seed.subscriptionContracts) subscriptions.loadSeedContract(this, contract);
    for (const discount of seed.discountCodes) {
      this.discounts.set(discount.id, {
        id: discount.id,
        title: discount.title,
        codes: [{ id: discount.id + 1, code: discount.code, asyncUsageCount: discount.asyncUsageCount }],
        startsAt: discount.startsAt,
        endsAt: discount.endsAt,
        appliesOncePerCustomer: discount.appliesOncePerCustomer,
        usageLimit: discount.usageLimit,
        value: { kind: 'percentage', percentage: discount.percentage },
        items: { kind: 'all' },
        appliesOnOneTimePurchase: true,
        appliesOnSubscription: false,
        combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true },
        minimumSubtotal: null,
        minimumQuantity: null,
        recurringCycleLimit: null,
        customerIds: null,
        tags: [],
        createdAt: discount.startsAt,
        updatedAt: discount.startsAt,
        deactivatedAt: null,
      });
    }
    if (seed.shop.metafields.length > 0) {
      this.metafields.set(
        this.shopGid,
        seed.shop.metafields.map((m) => this.metafieldFromSeed(this.shopGid, m, seed.shop.createdAt)),
      );
    }
  }

  private metafieldFromSeed(
    ownerGid: string,
    m: { namespace: string; key: string; type: string; value: string },
    at: string,
  ): MetafieldRecord {
    return { id: this.newId(), ownerGid, namespace: m.namespace, key: m.key, type: m.type, value: m.value, createdAt: at, updatedAt: at };
  }

  /** An opaque id in the style of CustomerPaymentMethod ids. */
  newOpaqueId(): string {
    return crypto.randomBytes(16).toString('hex');
  }

  centsToPresentment(cents: Cents, order: OrderRecord): Cents {
    return Math.round(cents * order.exchangeRate);
  }
}
