// Test support: Shopify's side of the post-purchase page, on top of the Admin API emulator's store. It places the
// initial purchase as a real order in the emulator, hands the extension the input data and purchase token Shopify
// would, and implements calculateChangeset / applyChangeset the way Shopify's documentation describes them:
// only a changeset JWT signed with the app secret (iss = API key, sub = reference id, a jti used once, iat not
// before the purchase completed) is applied; subscriptions need the buyer's consent, one per order; at most three
// changesets per purchase. Applying adds the lines to the emulator order and, for add_subscription, creates the
// contract and fires subscription_contracts/create, as Shopify does.
//
// The jti: Shopify's JWT specification has it "to make sure each token is unique, and prevent potential replay
// attacks" (https://shopify.dev/docs/api/checkout-extensions/post-purchase/jwt-specification) and says no more.
// Whether Shopify spends it on an attempt that ends `unprocessed` is not documented, so this host takes the
// stricter reading: every attempt whose token verifies spends its jti. Sending it again answers
// `changeset_already_applied` when that attempt was applied, and `invalid_request` otherwise (a guess: Shopify
// documents no code for a reused, unapplied jti; answering "already applied" would make an extension wrongly tell
// the buyer the item is in the order).

import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { offerRequestOf } from '../../../extensions/post-purchase-offer/src/api.js';
import type { OfferRequest } from '../../../extensions/post-purchase-offer/src/offer.js';
import type { CurrencyCode } from '../../emulator/seed/types.js';
import type { RunningEmulator } from '../../emulator/server.js';
import { formatCents } from '../../emulator/store/money.js';
import { checkoutTokenOf, lineNet, orderTotals } from '../../emulator/store/orders.js';
import type { OrderLineRecord, OrderRecord } from '../../emulator/store/records.js';
import type { ShopStore } from '../../emulator/store/shop-store.js';
import { contractLineFromVariant, contractPayload, newContract } from '../../emulator/store/subscriptions.js';
import { mintPurchaseToken } from './purchase-token.js';

export const MAX_CHANGESETS_PER_PURCHASE = 3;

export interface ShopifyMoney {
  amount: string;
  currencyCode: string;
}
export interface ShopifyMoneyBag {
  shopMoney: ShopifyMoney;
  presentmentMoney: ShopifyMoney;
}

/** The extension's InputData, as Shopify passes it. */
export interface ShopifyInputData {
  extensionPoint: string;
  locale: string;
  token: string;
  version: string;
  shop: { id: number; domain: string; metafields: never[] };
  initialPurchase: {
    referenceId: string;
    customerId?: string;
    destinationCountryCode?: string;
    totalPriceSet: ShopifyMoneyBag;
    lineItems: Array<{
      product: { id: number; title: string; metafields: never[]; variant: { id: number; title: string; metafields: never[] } };
      quantity: number;
      sellingPlanId?: number;
      totalPriceSet: ShopifyMoneyBag;
    }>;
  };
}

interface ExplicitDiscount {
  value: number;
  valueType: 'percentage' | 'fixed_amount';
  title: string;
}
type Change =
  | { type: 'add_variant'; variantId: number; quantity: number; discount?: ExplicitDiscount }
  | {
      type: 'add_subscription';
      variantId: number;
      sellingPlanId: number;
      quantity: number;
      initialShippingPrice: number;
      recurringShippingPrice: number;
      shippingOption: { title?: string; presentmentTitle?: string };
      discount?: ExplicitDiscount;
    };

export type ChangesetErrorCode =
  | 'payment_required'
  | 'insufficient_inventory'
  | 'changeset_already_applied'
  | 'unsupported_payment_method'
  | 'invalid_request'
  | 'server_error'
  | 'buyer_consent_required'
  | 'subscription_vaulting_error'
  | 'subscription_contract_creation_error'
  | 'subscription_no_shipping_address_error'
  | 'subscription_limit_error'
  | 'order_released_error';

export type CalculateResult =
  | {
      status: 'processed';
      errors: [];
      calculatedPurchase: {
        subtotalPriceSet: ShopifyMoneyBag;
        totalPriceSet: ShopifyMoneyBag;
        totalOutstandingSet: ShopifyMoneyBag;
        addedTaxLines: Array<{ priceSet: ShopifyMoneyBag; rate: number; title: string }>;
        addedShippingLines: Array<{ priceSet: ShopifyMoneyBag; presentmentTitle: string }>;
        updatedLineItems: Array<{
          totalPriceSet: ShopifyMoneyBag;
          priceSet: ShopifyMoneyBag;
          productId: number;
          variantId: number;
          sellingPlanId?: number;
          productHandle: string;
          quantity: number;
        }>;
      };
    }
  | { status: 'unprocessed'; errors: Array<{ code: ChangesetErrorCode; message: string }> };

export interface ApplyResult {
  status: 'processed' | 'partially_processed' | 'unprocessed';
  errors: Array<{ code: ChangesetErrorCode; message: string }>;
  changesetApplicationsRemaining: number;
}

export interface PurchaseLine {
  variantId: number;
  quantity: number;
  sellingPlanId?: number;
}

export interface StartPurchaseOptions {
  apiKey: string;
  apiSecret: string;
  customerId: number | null;
  lines: PurchaseLine[];
  locale?: string;
  presentmentCurrencyCode?: CurrencyCode;
  /** Leave `input_data` out of the purchase token. */
  tokenWithoutInputData?: boolean;
  /** Order tax rate (default: 8 % for US addresses, as the emulator's seed does). */
  taxRate?: number;
}

export interface ShopifyPurchase {
  referenceId: string;
  order: OrderRecord;
  inputData: ShopifyInputData;
  /** When Shopify considers the purchase complete (seconds); changesets signed earlier are refused. */
  completedAt: number;
  /** The API ShouldRender receives. */
  shouldRenderApi(storage?: FakeStorage): {
    extensionPoint: string;
    inputData: ShopifyInputData;
    storage: FakeStorage;
    locale: string;
    version: string;
  };
  /** The API Render receives: storage holds what ShouldRender stored. */
  renderApi(storage: FakeStorage): RenderApi;
  /** Changesets applied so far, in order. */
  applied: Array<{ jti: string; changes: Change[] }>;
  calculateChangeset(changeset: { changes: Change[] } | string): Promise<CalculateResult>;
  applyChangeset(token: string, options?: { buyerConsentToSubscriptions?: boolean }): Promise<ApplyResult>;
  /** Makes the next applyChangeset fail with this code (e.g. payment_required), once. */
  failNextApply(code: ChangesetErrorCode): void;
  /** The body the extension's ShouldRender posts to /api/post-purchase/offer for this purchase. */
  offerRequest(): OfferRequest;
}

export interface RenderApi {
  extensionPoint: 'Checkout::PostPurchase::Render';
  inputData: ShopifyInputData;
  storage: FakeStorage;
  locale: string;
  version: string;
  calculateChangeset: ShopifyPurchase['calculateChangeset'];
  applyChangeset: ShopifyPurchase['applyChangeset'];
  done(): Promise<void>;
  doneCalls: number;
}

export interface FakeStorage {
  initialData: unknown;
  update(data: unknown): Promise<void>;
}

/** Storage as Shopify keeps it between ShouldRender and Render: what ShouldRender stored is Render's initialData. */
export function fakeStorage(initialData: unknown = undefined): FakeStorage {
  const storage: FakeStorage = {
    initialData,
    async update(data) {
      storage.initialData = JSON.parse(JSON.stringify(data)) as unknown;
    },
  };
  return storage;
}

export function startShopifyPurchase(emulator: RunningEmulator, options: StartPurchaseOptions): ShopifyPurchase {
  const store = emulator.store;
  const customer = options.customerId === null ? undefined : store.customer(options.customerId);
  const country = customer?.defaultAddress?.countryCode ?? 'US';
  const order = store.createOrder({
    customerId: options.customerId,
    lines: options.lines.map((line) => ({ variantId: line.variantId, quantity: line.quantity, sellingPlanId: line.sellingPlanId ?? null })),
    presentmentCurrencyCode: options.presentmentCurrencyCode ?? store.shop.currencyCode,
    taxRate: options.taxRate ?? (country === 'US' ? 0.08 : 0),
    shippingPrice: '5.00',
  });
  // Emulator guess (test/emulator/README.md): the purchase's reference id is its order's checkout token.
  const referenceId = checkoutTokenOf(store, order) ?? `pp-${order.id}-${randomUUID().slice(0, 8)}`;
  const completedAt = Math.floor(store.now().getTime() / 1000);
  const bag = (cents: number): ShopifyMoneyBag => ({
    shopMoney: { amount: formatCents(cents), currencyCode: order.currencyCode },
    presentmentMoney: { amount: formatCents(store.centsToPresentment(cents, order)), currencyCode: order.presentmentCurrencyCode },
  });
  const locale = options.locale ?? 'en';
  const input: Omit<ShopifyInputData, 'token'> = {
    extensionPoint: 'Checkout::PostPurchase::ShouldRender',
    locale,
    version: 'unstable',
    shop: { id: store.shop.id, domain: store.domain, metafields: [] },
    initialPurchase: {
      referenceId,
      ...(order.customerId !== null ? { customerId: String(order.customerId) } : {}),
      ...(order.shippingAddress ? { destinationCountryCode: order.shippingAddress.countryCode } : {}),
      totalPriceSet: bag(orderTotals(order).total),
      lineItems: order.lines.map((line) => ({
        product: {
          id: line.productId!,
          title: line.title,
          metafields: [],
          variant: { id: line.variantId!, title: line.variantTitle ?? 'Default Title', metafields: [] },
        },
        quantity: line.quantity,
        ...(line.sellingPlanId !== null ? { sellingPlanId: line.sellingPlanId } : {}),
        totalPriceSet: bag(lineNet(line, line.quantity)),
      })),
    },
  };
  const token = mintPurchaseToken({
    secret: options.apiSecret,
    referenceId,
    issuedAt: completedAt,
    ...(options.tokenWithoutInputData ? {} : { inputData: input }),
  });
  const inputData: ShopifyInputData = { ...input, token };

  /** Every jti an attempt spent, applied or not. */
  const spentJtis = new Set<string>();
  const applied: ShopifyPurchase['applied'] = [];
  let forcedFailure: ChangesetErrorCode | null = null;

  const refuse = (code: ChangesetErrorCode, message: string) => ({ status: 'unprocessed' as const, errors: [{ code, message }] });

  /** Reads a changeset token as Shopify does; an error string when it must be refused. */
  const readToken = (token: string): { jti: string; changes: Change[] } | string => {
    let claims: jwt.JwtPayload | string;
    try {
      claims = jwt.verify(token, options.apiSecret, { algorithms: ['HS256'] });
    } catch (error) {
      return `changeset token rejected: ${(error as Error).message}`;
    }
    if (typeof claims !== 'object') return 'changeset token has no claims';
    if (claims.iss !== options.apiKey) return `iss must be the app's API key, got ${String(claims.iss)}`;
    if (claims.sub !== referenceId) return `sub must be the purchase's reference id, got ${String(claims.sub)}`;
    if (typeof claims.jti !== 'string' || claims.jti.length === 0) return 'jti is required';
    if (typeof claims.iat !== 'number') return 'iat is required';
    if (claims.iat < completedAt) return 'the changeset was signed before the purchase was completed';
    if (!Array.isArray(claims.changes)) return 'changes must be an array';
    return { jti: claims.jti, changes: claims.changes as Change[] };
  };

  const priceChanges = (changes: Change[]) => {
    const lines = [];
    for (const change of changes) {
      if (change.type !== 'add_variant' && change.type !== 'add_subscription')
        return `unsupported change type ${(change as { type: string }).type}`;
      if (!Number.isSafeInteger(change.variantId) || !Number.isSafeInteger(change.quantity) || change.quantity < 1)
        return 'variantId and quantity must be integers';
      const variant = store.variant(change.variantId);
      if (!variant) return `no variant ${change.variantId}`;
      const product = store.products.get(variant.productId)!;
      let unit = variant.price;
      let planId: number | undefined;
      if (change.type === 'add_subscription') {
        const plan = store.sellingPlans.get(change.sellingPlanId);
        const group = plan ? store.sellingPlanGroups.get(plan.groupId) : undefined;
        if (!plan || !group || !(group.productIds.includes(product.id) || group.variantIds.includes(variant.id))) {
          return `selling plan ${change.sellingPlanId} is not available for variant ${variant.id}`;
        }
        const percent = plan.pricingPolicies.find((p) => p.adjustmentType === 'PERCENTAGE')?.adjustmentValue ?? 0;
        unit = unit - Math.floor((unit * percent) / 100);
        planId = plan.id;
      }
      const subtotal = unit * change.quantity;
      let discount = 0;
      if (change.discount?.valueType === 'percentage') discount = Math.floor((subtotal * change.discount.value) / 100);
      if (change.discount?.valueType === 'fixed_amount')
        discount = Math.min(subtotal, Math.round(change.discount.value * 100) * change.quantity);
      const shipping = change.type === 'add_subscription' ? Math.round(change.initialShippingPrice * 100) : 0;
      lines.push({ change, variant, product, unit, total: subtotal - discount, discount, planId, shipping });
    }
    return lines;
  };

  const calculateChangeset: ShopifyPurchase['calculateChangeset'] = async (changeset) => {
    const read = typeof changeset === 'string' ? readToken(changeset) : { jti: '', changes: changeset.changes };
    if (typeof read === 'string') return refuse('invalid_request', read);
    const lines = priceChanges(read.changes);
    if (typeof lines === 'string') return refuse('invalid_request', lines);
    const subtotal = lines.reduce((sum, line) => sum + line.total, 0);
    const shipping = lines.reduce((sum, line) => sum + line.shipping, 0);
    const taxable = lines.filter((line) => line.variant.taxable).reduce((sum, line) => sum + line.total, 0);
    const tax = Math.round(taxable * order.taxRate);
    return {
      status: 'processed',
      errors: [],
      calculatedPurchase: {
        subtotalPriceSet: bag(subtotal),
        totalPriceSet: bag(subtotal + shipping + tax),
        totalOutstandingSet: bag(subtotal + shipping + tax),
        addedTaxLines: tax > 0 ? [{ priceSet: bag(tax), rate: order.taxRate, title: 'Sales tax' }] : [],
        addedShippingLines: shipping > 0 ? [{ priceSet: bag(shipping), presentmentTitle: 'Subscription shipping' }] : [],
        updatedLineItems: lines.map((line) => ({
          totalPriceSet: bag(line.total),
          priceSet: bag(line.unit),
          productId: line.product.id,
          variantId: line.variant.id,
          ...(line.planId !== undefined ? { sellingPlanId: line.planId } : {}),
          productHandle: line.product.handle,
          quantity: line.change.quantity,
        })),
      },
    };
  };

  const remaining = () => MAX_CHANGESETS_PER_PURCHASE - applied.length;

  const applyChangeset: ShopifyPurchase['applyChangeset'] = async (token, applyOptions = {}) => {
    const fail = (code: ChangesetErrorCode, message: string): ApplyResult => ({
      ...refuse(code, message),
      changesetApplicationsRemaining: remaining(),
    });
    if (typeof token !== 'string') return fail('invalid_request', 'applyChangeset only accepts a signed changeset token');
    const read = readToken(token);
    if (typeof read === 'string') return fail('invalid_request', read);
    if (spentJtis.has(read.jti)) {
      return applied.some((entry) => entry.jti === read.jti)
        ? fail('changeset_already_applied', 'This changeset was already applied.')
        : fail('invalid_request', 'This changeset token was already used by an earlier attempt; sign the change again.');
    }
    spentJtis.add(read.jti);
    if (remaining() <= 0) return fail('invalid_request', 'No more changesets can be applied to this purchase.');
    const lines = priceChanges(read.changes);
    if (typeof lines === 'string') return fail('invalid_request', lines);
    const subscriptions = lines.filter((line) => line.change.type === 'add_subscription');
    if (subscriptions.length > 0) {
      if (applyOptions.buyerConsentToSubscriptions !== true)
        return fail('buyer_consent_required', 'The buyer must consent to the subscription.');
      if (subscriptions.length > 1 || order.lines.some((line) => line.sellingPlanId !== null)) {
        return fail('subscription_limit_error', 'This order cannot take another subscription.');
      }
      if (!order.shippingAddress) return fail('subscription_no_shipping_address_error', 'Subscriptions need a shipping address.');
      if (order.customerId === null) return fail('subscription_vaulting_error', 'A guest checkout cannot be vaulted for a subscription.');
    }
    for (const line of lines) {
      if (line.variant.inventoryPolicy === 'DENY' && line.variant.inventoryQuantity < line.change.quantity) {
        return fail('insufficient_inventory', `Only ${Math.max(0, line.variant.inventoryQuantity)} of ${line.product.title} left.`);
      }
    }
    if (forcedFailure) {
      const code = forcedFailure;
      forcedFailure = null;
      return fail(code, `scripted failure: ${code}`);
    }
    applied.push({ jti: read.jti, changes: read.changes });
    addLines(store, order, lines);
    return { status: 'processed', errors: [], changesetApplicationsRemaining: remaining() };
  };

  return {
    referenceId,
    order,
    inputData,
    completedAt,
    applied,
    calculateChangeset,
    applyChangeset,
    failNextApply(code) {
      forcedFailure = code;
    },
    offerRequest: () => offerRequestOf(inputData),
    shouldRenderApi(storage = fakeStorage()) {
      return { extensionPoint: 'Checkout::PostPurchase::ShouldRender', inputData, storage, locale, version: 'unstable' };
    },
    renderApi(storage) {
      const api: RenderApi = {
        extensionPoint: 'Checkout::PostPurchase::Render',
        inputData: { ...inputData, extensionPoint: 'Checkout::PostPurchase::Render' },
        storage: fakeStorage(storage.initialData),
        locale,
        version: 'unstable',
        calculateChangeset,
        applyChangeset,
        doneCalls: 0,
        async done() {
          api.doneCalls++;
        },
      };
      return api;
    },
  };
}

interface PricedLine {
  change: Change;
  variant: NonNullable<ReturnType<ShopStore['variant']>>;
  product: { id: number; title: string; handle: string };
  unit: number;
  total: number;
  discount: number;
  planId: number | undefined;
  shipping: number;
}

/** What Shopify does with an applied changeset: new order lines, charged at once; a contract per subscription. */
function addLines(store: ShopStore, order: OrderRecord, lines: PricedLine[]): void {
  const at = store.nowIso();
  let charged = 0;
  for (const line of lines) {
    const plan = line.planId !== undefined ? store.sellingPlans.get(line.planId) : undefined;
    const record: OrderLineRecord = {
      id: store.newId(),
      variantId: line.variant.id,
      productId: line.product.id,
      title: line.product.title,
      variantTitle: line.variant.title === 'Default Title' ? null : line.variant.title,
      sku: line.variant.sku,
      vendor: store.products.get(line.product.id)?.vendor ?? null,
      quantity: line.change.quantity,
      currentQuantity: line.change.quantity,
      unitPrice: line.variant.price,
      discount: line.variant.price * line.change.quantity - line.total,
      discountDescription: line.change.discount?.title ?? plan?.name ?? null,
      fulfilledQuantity: 0,
      sellingPlanId: plan?.id ?? null,
      sellingPlanName: plan?.name ?? null,
      requiresShipping: line.variant.requiresShipping,
      taxable: line.variant.taxable,
      isGiftCard: false,
      addedByEditAt: at,
      contractId: null,
    };
    order.lines.push(record);
    line.variant.inventoryQuantity -= line.change.quantity;
    charged += line.total + line.shipping + (line.variant.taxable ? Math.round(line.total * order.taxRate) : 0);
    if (plan && order.customerId !== null) {
      const customer = store.customer(order.customerId)!;
      const method = customer.paymentMethodIds.map((id) => store.paymentMethods.get(id)).find((m) => m && !m.revokedAt);
      const contract = newContract(store, {
        order,
        plan,
        paymentMethodId: method?.id ?? null,
        deliveryPrice: line.change.type === 'add_subscription' ? Math.round(line.change.recurringShippingPrice * 100) : 0,
        shippingOption:
          line.change.type === 'add_subscription'
            ? {
                title: line.change.shippingOption.title ?? null,
                presentmentTitle: line.change.shippingOption.presentmentTitle ?? null,
                code: 'post-purchase',
                description: null,
              }
            : null,
        line: contractLineFromVariant(
          store,
          line.variant.id,
          line.change.quantity,
          Math.round(line.total / line.change.quantity),
          plan.id,
          plan.name,
        ),
      });
      store.contracts.set(contract.id, contract);
      record.contractId = contract.id;
      store.emit('subscription_contracts/create', contractPayload(store, contract));
    }
  }
  order.transactions.push({
    id: store.newId(),
    kind: 'SALE',
    status: 'SUCCESS',
    amount: charged,
    gateway: 'shopify_payments',
    createdAt: at,
  });
  order.updatedAt = at;
}
