// Orders: totals (original and current, shop and presentment money), financial and fulfillment status derived from
// transactions and fulfilled quantities, fulfillment orders with holds, and the REST-style webhook payload.
import crypto from 'node:crypto';
import type { SeedOrder } from '../seed/types.js';
import { gid } from './ids.js';
import { type Cents, formatCents, toCents } from './money.js';
import type { Address, FulfillmentOrderRecord, OrderLineRecord, OrderRecord } from './records.js';
import type { ShopStore } from './shop-store.js';

export interface OrderTotals {
  subtotal: Cents;
  currentSubtotal: Cents;
  discounts: Cents;
  currentDiscounts: Cents;
  shipping: Cents;
  tax: Cents;
  currentTax: Cents;
  total: Cents;
  currentTotal: Cents;
  received: Cents;
  refunded: Cents;
  outstanding: Cents;
  lineItemsQuantity: number;
  currentLineItemsQuantity: number;
}

/**
 * Without the `read_all_orders` scope an app reads only the last 60 days of orders. The 2026-07 schema's
 * description of `QueryRoot.order`: "You can only retrieve the last 60 days worth of orders from a store by default.
 * If you want to access older orders, then you need to request access to all orders" (the `Order` object's
 * reference page says the same: "Only the last 60 days' worth of orders from a store are accessible from the Order
 * object by default", https://shopify.dev/docs/api/admin-graphql/2026-07/objects/Order). An older order is as if
 * it did not exist: `null` from `order`/`node`, absent from every connection, not countable. Which timestamp the
 * 60 days count from is not documented; the emulator is strict and needs both `createdAt` and `processedAt`
 * inside the window.
 */
export const ORDERS_READABLE_DAYS_WITHOUT_READ_ALL_ORDERS = 60;
const DAY_MS = 86_400_000;

export function orderReadable(order: OrderRecord, now: Date, scopes: ReadonlySet<string>): boolean {
  if (scopes.has('read_all_orders')) return true;
  const oldest = now.getTime() - ORDERS_READABLE_DAYS_WITHOUT_READ_ALL_ORDERS * DAY_MS;
  return Date.parse(order.createdAt) >= oldest && Date.parse(order.processedAt) >= oldest;
}

/** The line's discount for `quantity` of its units (discounts are spread evenly over the units). */
export function lineDiscountFor(line: OrderLineRecord, quantity: number): Cents {
  if (line.quantity === 0) return 0;
  return Math.round((line.discount * quantity) / line.quantity);
}

export function lineNet(line: OrderLineRecord, quantity: number): Cents {
  return line.unitPrice * quantity - lineDiscountFor(line, quantity);
}

export function orderTotals(order: OrderRecord): OrderTotals {
  let subtotal = 0;
  let currentSubtotal = 0;
  let discounts = 0;
  let currentDiscounts = 0;
  let taxable = 0;
  let currentTaxable = 0;
  let lineItemsQuantity = 0;
  let currentLineItemsQuantity = 0;
  for (const line of order.lines) {
    subtotal += lineNet(line, line.quantity);
    currentSubtotal += lineNet(line, line.currentQuantity);
    discounts += lineDiscountFor(line, line.quantity);
    currentDiscounts += lineDiscountFor(line, line.currentQuantity);
    if (line.taxable) {
      taxable += lineNet(line, line.quantity);
      currentTaxable += lineNet(line, line.currentQuantity);
    }
    lineItemsQuantity += line.quantity;
    currentLineItemsQuantity += line.currentQuantity;
  }
  const shipping = order.shippingLine?.price ?? 0;
  const tax = Math.round(taxable * order.taxRate);
  const currentTax = Math.round(currentTaxable * order.taxRate);
  const duties = order.duties ?? 0;
  const total = subtotal + shipping + tax + duties;
  const cancelled = order.cancelledAt !== null;
  const currentTotal = cancelled ? 0 : currentSubtotal + shipping + currentTax + duties;
  let received = 0;
  let refunded = 0;
  for (const transaction of order.transactions) {
    if (transaction.status !== 'SUCCESS') continue;
    if (transaction.kind === 'SALE' || transaction.kind === 'CAPTURE') received += transaction.amount;
    if (transaction.kind === 'REFUND') refunded += transaction.amount;
  }
  const netReceived = received - refunded;
  return {
    subtotal,
    currentSubtotal,
    discounts,
    currentDiscounts,
    shipping,
    tax,
    currentTax,
    total,
    currentTotal,
    received: netReceived,
    refunded,
    outstanding: cancelled ? 0 : currentTotal - netReceived,
    lineItemsQuantity,
    currentLineItemsQuantity,
  };
}

export type DisplayFinancialStatus =
  | 'AUTHORIZED'
  | 'EXPIRED'
  | 'PAID'
  | 'PARTIALLY_PAID'
  | 'PARTIALLY_REFUNDED'
  | 'PENDING'
  | 'REFUNDED'
  | 'VOIDED';

export function displayFinancialStatus(order: OrderRecord): DisplayFinancialStatus {
  if (order.financialStatusOverride) return order.financialStatusOverride;
  const totals = orderTotals(order);
  if (totals.refunded > 0) return totals.received <= 0 ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
  if (totals.received <= 0) return totals.currentTotal === 0 ? 'PAID' : 'PENDING';
  if (totals.received >= totals.currentTotal) return 'PAID';
  return 'PARTIALLY_PAID';
}

export type DisplayFulfillmentStatus = 'FULFILLED' | 'PARTIALLY_FULFILLED' | 'UNFULFILLED' | 'ON_HOLD' | 'IN_PROGRESS';

export function displayFulfillmentStatus(store: ShopStore, order: OrderRecord): DisplayFulfillmentStatus {
  const live = order.lines.filter((line) => line.currentQuantity > 0 && line.requiresShipping);
  const fulfilled = live.reduce((sum, line) => sum + Math.min(line.fulfilledQuantity, line.currentQuantity), 0);
  const wanted = live.reduce((sum, line) => sum + line.currentQuantity, 0);
  if (wanted > 0 && fulfilled >= wanted) return 'FULFILLED';
  if (fulfilled > 0) return 'PARTIALLY_FULFILLED';
  const fulfillmentOrders = fulfillmentOrdersOf(store, order);
  if (fulfillmentOrders.some((fo) => fo.status === 'ON_HOLD') && !fulfillmentOrders.some((fo) => fo.status === 'OPEN')) return 'ON_HOLD';
  return 'UNFULFILLED';
}

export function fulfillmentOrdersOf(store: ShopStore, order: OrderRecord): FulfillmentOrderRecord[] {
  return order.fulfillmentOrderIds
    .map((id) => store.fulfillmentOrders.get(id))
    .filter((fo): fo is FulfillmentOrderRecord => fo !== undefined);
}

export function unfulfilledQuantity(line: OrderLineRecord): number {
  return Math.max(0, line.currentQuantity - line.fulfilledQuantity);
}

/**
 * Why the merchant (and so an app) cannot edit the order, as `Order.merchantEditableErrors` lists them; empty when
 * it can be edited. Sources: the 2026-07 description of `Order.merchantEditable` ("false for orders that can't be
 * modified, such as canceled orders"); Shopify's help centre, "Considerations for editing orders"
 * (https://help.shopify.com/en/manual/fulfillment/managing-orders/editing-orders/considerations): "Orders created by
 * apps can't be edited in the Shopify admin or by other apps", which is how cross-border checkouts such as Global-e
 * create their orders; orders not in the store's currency unless the shop may edit those. Orders carrying import
 * duties are refused too: no public source states it for the API (merchant help articles of 3PLs do), so the
 * emulator is the stricter one (test/emulator/README.md, guesses).
 */
export function merchantEditableErrors(store: ShopStore, order: OrderRecord): string[] {
  const errors: string[] = [];
  if (order.cancelledAt) errors.push('The order has been canceled.');
  if (order.closedAt) errors.push('The order has been archived.');
  if (order.createdByApp) errors.push(`The order was created by ${order.createdByApp} and can only be edited by that app.`);
  if ((order.duties ?? 0) > 0) errors.push('Orders with duties cannot be edited.');
  if (order.presentmentCurrencyCode !== order.currencyCode && !store.shop.plan.shopifyPlus) {
    errors.push("The order wasn't placed in the store's currency.");
  }
  return errors;
}

export function lineOf(order: OrderRecord, lineId: number): OrderLineRecord | undefined {
  return order.lines.find((line) => line.id === lineId);
}

function requireOrder(store: ShopStore, orderId: number): OrderRecord {
  const order = store.orders.get(orderId);
  if (!order) throw new Error(`emulator: no order ${orderId} in ${store.domain}`);
  return order;
}

// ---------------------------------------------------------------------------------------------------------------
// Creation

export function newFulfillmentOrder(
  store: ShopStore,
  order: OrderRecord,
  lines: OrderLineRecord[],
  at: string,
): FulfillmentOrderRecord | null {
  const shippable = lines.filter((line) => line.requiresShipping && unfulfilledQuantity(line) > 0);
  if (shippable.length === 0) return null;
  const fo: FulfillmentOrderRecord = {
    id: store.newId(),
    orderId: order.id,
    status: 'OPEN',
    statusBeforeHold: 'OPEN',
    lineItems: shippable.map((line) => ({
      id: store.newId(),
      lineItemId: line.id,
      totalQuantity: unfulfilledQuantity(line),
      remainingQuantity: unfulfilledQuantity(line),
    })),
    holds: [],
    createdAt: at,
    updatedAt: at,
  };
  store.fulfillmentOrders.set(fo.id, fo);
  order.fulfillmentOrderIds.push(fo.id);
  return fo;
}

export function loadSeedOrder(store: ShopStore, seed: SeedOrder): void {
  const rate = store.rateFor(seed.presentmentCurrencyCode);
  const lines: OrderLineRecord[] = seed.lines.map((line) => {
    const variant = store.variants.get(line.variantId);
    const product = variant ? store.products.get(variant.productId) : undefined;
    const plan = line.sellingPlanId ? store.sellingPlans.get(line.sellingPlanId) : undefined;
    return {
      id: line.id,
      variantId: line.variantId,
      productId: product?.id ?? null,
      title: product?.title ?? 'Deleted product',
      variantTitle: variant && variant.title !== 'Default Title' ? variant.title : null,
      sku: variant?.sku ?? null,
      vendor: product?.vendor ?? null,
      quantity: line.quantity,
      currentQuantity: seed.cancelledAt ? 0 : line.quantity,
      unitPrice: toCents(line.unitPrice),
      discount: toCents(line.discount),
      discountDescription: toCents(line.discount) > 0 ? (plan ? plan.name : 'Discount') : null,
      fulfilledQuantity: line.fulfilledQuantity,
      sellingPlanId: line.sellingPlanId,
      sellingPlanName: plan?.name ?? null,
      requiresShipping: variant?.requiresShipping ?? true,
      taxable: variant?.taxable ?? true,
      isGiftCard: product?.isGiftCard ?? false,
      addedByEditAt: null,
      contractId: null,
    };
  });
  const order: OrderRecord = {
    id: seed.id,
    name: seed.name,
    number: seed.number,
    customerId: seed.customerId,
    email: seed.email,
    createdAt: seed.createdAt,
    updatedAt: seed.cancelledAt ?? seed.createdAt,
    processedAt: seed.createdAt,
    currencyCode: store.shop.currencyCode,
    presentmentCurrencyCode: seed.presentmentCurrencyCode,
    exchangeRate: rate,
    financialStatusOverride:
      seed.financialStatus === 'REFUNDED' || seed.financialStatus === 'VOIDED' || seed.financialStatus === 'AUTHORIZED'
        ? seed.financialStatus
        : null,
    lines,
    shippingLine: seed.shippingLine ? { title: seed.shippingLine.title, price: toCents(seed.shippingLine.price) } : null,
    taxRate: seed.taxRate,
    shippingAddress: seed.shippingAddress ? { ...seed.shippingAddress } : null,
    billingAddress: seed.shippingAddress ? { ...seed.shippingAddress } : null,
    tags: [...seed.tags],
    note: seed.note,
    sourceName: seed.sourceName,
    cancelledAt: seed.cancelledAt,
    cancelReason: seed.cancelledAt ? 'CUSTOMER' : null,
    closedAt: seed.closedAt,
    discountCodes: [...seed.discountCodes],
    transactions: [],
    fulfillmentOrderIds: [],
    edited: false,
    customAttributes: [],
    invoicesSent: [],
    subscriptionContractId: null,
  };
  store.orders.set(order.id, order);
  // Payments: a paid order received its original total; a refunded one received and gave it back.
  const original = orderTotals({ ...order, cancelledAt: null, lines: lines.map((l) => ({ ...l, currentQuantity: l.quantity })) }).total;
  if (seed.financialStatus === 'PAID' || seed.financialStatus === 'REFUNDED' || seed.financialStatus === 'PARTIALLY_PAID') {
    const amount = seed.financialStatus === 'PARTIALLY_PAID' ? Math.floor(original / 2) : original;
    order.transactions.push({
      id: store.newId(),
      kind: 'SALE',
      status: 'SUCCESS',
      amount,
      gateway: 'shopify_payments',
      createdAt: seed.createdAt,
    });
  }
  if (seed.financialStatus === 'REFUNDED') {
    order.transactions.push({
      id: store.newId(),
      kind: 'REFUND',
      status: 'SUCCESS',
      amount: original,
      gateway: 'shopify_payments',
      createdAt: seed.cancelledAt ?? seed.createdAt,
    });
  }
  // Fulfillment orders: one closed for what shipped, one open for the rest.
  const shippedLines = lines.filter((line) => line.fulfilledQuantity > 0);
  if (shippedLines.length > 0) {
    const closed: FulfillmentOrderRecord = {
      id: store.newId(),
      orderId: order.id,
      status: 'CLOSED',
      statusBeforeHold: 'OPEN',
      lineItems: shippedLines.map((line) => ({
        id: store.newId(),
        lineItemId: line.id,
        totalQuantity: line.fulfilledQuantity,
        remainingQuantity: 0,
      })),
      holds: [],
      createdAt: seed.createdAt,
      updatedAt: seed.createdAt,
    };
    store.fulfillmentOrders.set(closed.id, closed);
    order.fulfillmentOrderIds.push(closed.id);
  }
  if (!order.cancelledAt) newFulfillmentOrder(store, order, lines, seed.createdAt);
}

export interface CreateOrderLineInput {
  variantId: number;
  quantity: number;
  sellingPlanId?: number | null;
  /** Total discount for the line, shop currency decimal or cents via `discountCents`. */
  discount?: string;
  /** Unit price override (decimal string); defaults to the variant price, less the selling plan's discount. */
  price?: string;
}

export interface CreateOrderInput {
  customerId?: number | null;
  email?: string | null;
  lines: CreateOrderLineInput[];
  presentmentCurrencyCode?: OrderRecord['presentmentCurrencyCode'];
  /** 'paid' (default) records a sale for the total; 'pending' leaves it owed. */
  payment?: 'paid' | 'pending';
  shippingAddress?: Address | null;
  shippingPrice?: string;
  taxRate?: number;
  tags?: string[];
  note?: string | null;
  sourceName?: string;
  /** Skip orders/create (used when the caller emits its own events). */
  silent?: boolean;
  /** Import duties charged at checkout (decimal, shop currency): the order cannot be edited. */
  duties?: string;
  /** Created by another app's checkout (e.g. "Global-e"): the order cannot be edited by Encore. */
  createdByApp?: string;
}

export function createOrder(store: ShopStore, input: CreateOrderInput): OrderRecord {
  const at = store.nowIso();
  const customer = input.customerId ? store.customers.get(input.customerId) : undefined;
  if (input.customerId && !customer) throw new Error(`emulator: no customer ${input.customerId} in ${store.domain}`);
  const number = store.newOrderNumber();
  const id = store.newId();
  const lines: OrderLineRecord[] = input.lines.map((lineInput) => {
    const variant = store.variants.get(lineInput.variantId);
    if (!variant) throw new Error(`emulator: no variant ${lineInput.variantId} in ${store.domain}`);
    const product = store.products.get(variant.productId)!;
    const plan = lineInput.sellingPlanId ? store.sellingPlans.get(lineInput.sellingPlanId) : undefined;
    if (lineInput.sellingPlanId && !plan) throw new Error(`emulator: no selling plan ${lineInput.sellingPlanId} in ${store.domain}`);
    const unitPrice = lineInput.price !== undefined ? toCents(lineInput.price) : variant.price;
    let discount = lineInput.discount !== undefined ? toCents(lineInput.discount) : 0;
    if (plan && lineInput.discount === undefined && lineInput.price === undefined) {
      const percent = plan.pricingPolicies.find((p) => p.kind === 'fixed' && p.adjustmentType === 'PERCENTAGE')?.adjustmentValue ?? 0;
      discount = Math.round(unitPrice * lineInput.quantity * (percent / 100));
    }
    variant.inventoryQuantity -= lineInput.quantity;
    return {
      id: store.newId(),
      variantId: variant.id,
      productId: product.id,
      title: product.title,
      variantTitle: variant.title === 'Default Title' ? null : variant.title,
      sku: variant.sku,
      vendor: product.vendor,
      quantity: lineInput.quantity,
      currentQuantity: lineInput.quantity,
      unitPrice,
      discount,
      discountDescription: discount > 0 ? (plan?.name ?? 'Discount') : null,
      fulfilledQuantity: 0,
      sellingPlanId: plan?.id ?? null,
      sellingPlanName: plan?.name ?? null,
      requiresShipping: variant.requiresShipping,
      taxable: variant.taxable,
      isGiftCard: product.isGiftCard,
      addedByEditAt: null,
      contractId: null,
    };
  });
  const presentment = input.presentmentCurrencyCode ?? store.shop.currencyCode;
  const address = input.shippingAddress === undefined ? (customer?.defaultAddress ?? null) : input.shippingAddress;
  const order: OrderRecord = {
    id,
    name: `#${number}`,
    number,
    customerId: customer?.id ?? null,
    email: input.email ?? customer?.email ?? null,
    createdAt: at,
    updatedAt: at,
    processedAt: at,
    currencyCode: store.shop.currencyCode,
    presentmentCurrencyCode: presentment,
    exchangeRate: store.rateFor(presentment),
    financialStatusOverride: null,
    lines,
    shippingLine: { title: 'Standard Shipping', price: input.shippingPrice !== undefined ? toCents(input.shippingPrice) : 0 },
    taxRate: input.taxRate ?? 0,
    shippingAddress: address ? { ...address } : null,
    billingAddress: address ? { ...address } : null,
    tags: [...(input.tags ?? [])],
    note: input.note ?? null,
    sourceName: input.sourceName ?? 'web',
    cancelledAt: null,
    cancelReason: null,
    closedAt: null,
    discountCodes: [],
    transactions: [],
    fulfillmentOrderIds: [],
    edited: false,
    customAttributes: [],
    invoicesSent: [],
    subscriptionContractId: null,
    ...(input.duties !== undefined ? { duties: toCents(input.duties) } : {}),
    ...(input.createdByApp !== undefined ? { createdByApp: input.createdByApp } : {}),
  };
  store.orders.set(order.id, order);
  newFulfillmentOrder(store, order, lines, at);
  if ((input.payment ?? 'paid') === 'paid') {
    order.transactions.push({
      id: store.newId(),
      kind: 'SALE',
      status: 'SUCCESS',
      amount: orderTotals(order).total,
      gateway: 'shopify_payments',
      createdAt: at,
    });
  }
  if (customer) customer.updatedAt = at;
  if (!input.silent) {
    store.emit('orders/create', orderPayload(store, order));
    if ((input.payment ?? 'paid') === 'paid') store.emit('orders/paid', orderPayload(store, order));
  }
  return order;
}

// ---------------------------------------------------------------------------------------------------------------
// Changes

export function touchOrder(store: ShopStore, order: OrderRecord): void {
  order.updatedAt = store.nowIso();
  store.emit('orders/updated', orderPayload(store, order));
}

export function markOrderPaid(store: ShopStore, orderId: number): OrderRecord {
  const order = requireOrder(store, orderId);
  const { outstanding } = orderTotals(order);
  if (outstanding > 0) {
    order.transactions.push({
      id: store.newId(),
      kind: 'SALE',
      status: 'SUCCESS',
      amount: outstanding,
      gateway: 'shopify_payments',
      createdAt: store.nowIso(),
    });
  }
  order.updatedAt = store.nowIso();
  store.emit('orders/paid', orderPayload(store, order));
  store.emit('orders/updated', orderPayload(store, order));
  return order;
}

export function fulfill(store: ShopStore, orderId: number, requested?: { lineItemId: number; quantity: number }[]): OrderRecord {
  const order = requireOrder(store, orderId);
  const plan = requested ?? order.lines.map((line) => ({ lineItemId: line.id, quantity: unfulfilledQuantity(line) }));
  for (const { lineItemId, quantity } of plan) {
    const line = lineOf(order, lineItemId);
    if (!line) throw new Error(`emulator: order ${orderId} has no line ${lineItemId}`);
    const take = Math.min(quantity, unfulfilledQuantity(line));
    if (take <= 0) continue;
    line.fulfilledQuantity += take;
    let left = take;
    for (const fo of fulfillmentOrdersOf(store, order)) {
      if (fo.status === 'CLOSED' || fo.status === 'CANCELLED') continue;
      for (const item of fo.lineItems) {
        if (item.lineItemId !== line.id || left === 0) continue;
        const used = Math.min(item.remainingQuantity, left);
        item.remainingQuantity -= used;
        left -= used;
      }
      fo.updatedAt = store.nowIso();
      const remaining = fo.lineItems.reduce((sum, item) => sum + item.remainingQuantity, 0);
      if (remaining === 0) fo.status = 'CLOSED';
      else if (fo.status === 'OPEN') fo.status = 'IN_PROGRESS';
    }
  }
  touchOrder(store, order);
  return order;
}

/** A refund of order lines, as the merchant makes it in Shopify's admin (the app never refunds). */
export interface RefundInput {
  lines: { lineItemId: number; quantity: number }[];
  note?: string | null;
}

/**
 * Refunds line quantities: a REFUND transaction for their net price plus tax, `currentQuantity` lowered (the 2026-07
 * description of `LineItem.currentQuantity`: "The number of units ordered, excluding refunded and removed units"), and
 * `refunds/create` fired with the REST Refund payload (the shape of Shopify's example payload for that topic on
 * https://shopify.dev/docs/api/webhooks?reference=toml: `order_id`, `refund_line_items[]` with `line_item_id`,
 * `quantity`, `subtotal_set`, `total_tax_set` and the `line_item` itself, `transactions[]`).
 */
export function refundOrder(store: ShopStore, orderId: number, input: RefundInput): Record<string, unknown> {
  const order = requireOrder(store, orderId);
  const at = store.nowIso();
  const refundId = store.newId();
  let amount = 0;
  const refundLineItems = input.lines.map(({ lineItemId, quantity }) => {
    const line = lineOf(order, lineItemId);
    if (!line) throw new Error(`emulator: order ${orderId} has no line ${lineItemId}`);
    if (quantity < 1 || quantity > line.currentQuantity) {
      throw new Error(`emulator: line ${lineItemId} has ${line.currentQuantity} refundable units, not ${quantity}`);
    }
    const subtotal = lineNet(line, quantity);
    const tax = line.taxable ? Math.round(subtotal * order.taxRate) : 0;
    amount += subtotal + tax;
    const lineItem = (orderPayload(store, order).line_items as Array<Record<string, unknown>>).find((item) => item.id === line.id);
    line.currentQuantity -= quantity;
    return {
      id: store.newId(),
      quantity,
      line_item_id: line.id,
      location_id: null,
      restock_type: 'no_restock',
      subtotal: Number(formatCents(subtotal)),
      subtotal_set: moneySet(store, order, subtotal),
      total_tax: Number(formatCents(tax)),
      total_tax_set: moneySet(store, order, tax),
      line_item: lineItem,
    };
  });
  const transaction = {
    id: store.newId(),
    kind: 'REFUND' as const,
    status: 'SUCCESS' as const,
    amount,
    gateway: 'shopify_payments',
    createdAt: at,
  };
  order.transactions.push(transaction);
  const payload = {
    id: refundId,
    admin_graphql_api_id: gid('Refund', refundId),
    order_id: order.id,
    created_at: at,
    processed_at: at,
    note: input.note ?? null,
    user_id: null,
    restock: false,
    duties: [],
    order_adjustments: [],
    refund_shipping_lines: [],
    refund_line_items: refundLineItems,
    transactions: [
      {
        id: transaction.id,
        admin_graphql_api_id: gid('OrderTransaction', transaction.id),
        order_id: order.id,
        kind: 'refund',
        status: 'success',
        amount: formatCents(amount),
        currency: order.currencyCode,
        gateway: transaction.gateway,
        created_at: at,
      },
    ],
  };
  store.emit('refunds/create', payload);
  touchOrder(store, order);
  return payload;
}

/**
 * The token of the checkout an order came from (`Order.checkoutToken`, REST `checkout_token`); null for orders no
 * checkout made (renewals of a subscription contract). Derived from the shop and order ids, so it is stable and needs
 * no seed change. The post-purchase page's `initialPurchase.referenceId` is taken to be this token (emulator guess).
 */
export function checkoutTokenOf(store: ShopStore, order: OrderRecord): string | null {
  if (order.sourceName === 'subscription_contract') return null;
  return crypto.createHash('sha256').update(`checkout:${store.shop.id}:${order.id}`).digest('hex').slice(0, 32);
}

export function cancelOrder(store: ShopStore, orderId: number, reason: string): OrderRecord {
  const order = requireOrder(store, orderId);
  const at = store.nowIso();
  const received = orderTotals(order).received;
  if (received > 0)
    order.transactions.push({
      id: store.newId(),
      kind: 'REFUND',
      status: 'SUCCESS',
      amount: received,
      gateway: 'shopify_payments',
      createdAt: at,
    });
  order.cancelledAt = at;
  order.cancelReason = reason;
  order.closedAt = at;
  for (const line of order.lines) line.currentQuantity = Math.min(line.currentQuantity, line.fulfilledQuantity);
  for (const fo of fulfillmentOrdersOf(store, order)) if (fo.status !== 'CLOSED') fo.status = 'CANCELLED';
  touchOrder(store, order);
  return order;
}

// ---------------------------------------------------------------------------------------------------------------
// REST-style webhook payload (what Shopify posts for orders/create, orders/paid, orders/updated, orders/edited)

function moneySet(store: ShopStore, order: OrderRecord, cents: Cents): Record<string, unknown> {
  return {
    shop_money: { amount: formatCents(cents), currency_code: order.currencyCode },
    presentment_money: { amount: formatCents(store.centsToPresentment(cents, order)), currency_code: order.presentmentCurrencyCode },
  };
}

export function addressPayload(address: Address | null): Record<string, unknown> | null {
  if (!address) return null;
  return {
    first_name: address.firstName,
    last_name: address.lastName,
    name: `${address.firstName} ${address.lastName}`.trim(),
    address1: address.address1,
    address2: address.address2,
    city: address.city,
    province: address.province,
    province_code: address.provinceCode,
    zip: address.zip,
    country: address.country,
    country_code: address.countryCode,
    phone: address.phone,
    company: address.company,
  };
}

const FINANCIAL_STATUS_REST: Record<DisplayFinancialStatus, string> = {
  AUTHORIZED: 'authorized',
  EXPIRED: 'expired',
  PAID: 'paid',
  PARTIALLY_PAID: 'partially_paid',
  PARTIALLY_REFUNDED: 'partially_refunded',
  PENDING: 'pending',
  REFUNDED: 'refunded',
  VOIDED: 'voided',
};

export function orderPayload(store: ShopStore, order: OrderRecord): Record<string, unknown> {
  const totals = orderTotals(order);
  const customer = order.customerId ? store.customers.get(order.customerId) : undefined;
  const fulfillment = displayFulfillmentStatus(store, order);
  return {
    id: order.id,
    admin_graphql_api_id: gid('Order', order.id),
    app_id: null,
    checkout_token: checkoutTokenOf(store, order),
    name: order.name,
    number: order.number - 1000,
    order_number: order.number,
    email: order.email,
    contact_email: order.email,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
    processed_at: order.processedAt,
    cancelled_at: order.cancelledAt,
    cancel_reason: order.cancelReason?.toLowerCase() ?? null,
    closed_at: order.closedAt,
    confirmed: true,
    test: false,
    currency: order.currencyCode,
    presentment_currency: order.presentmentCurrencyCode,
    customer_locale: customer?.locale ?? null,
    financial_status: FINANCIAL_STATUS_REST[displayFinancialStatus(store.order(order.id) ?? order)],
    fulfillment_status: fulfillment === 'FULFILLED' ? 'fulfilled' : fulfillment === 'PARTIALLY_FULFILLED' ? 'partial' : null,
    source_name: order.sourceName,
    tags: order.tags.join(', '),
    note: order.note,
    note_attributes: order.customAttributes.map((a) => ({ name: a.key, value: a.value })),
    discount_codes: order.discountCodes.map((code) => ({ code, amount: formatCents(totals.discounts), type: 'percentage' })),
    subtotal_price: formatCents(totals.subtotal),
    subtotal_price_set: moneySet(store, order, totals.subtotal),
    current_subtotal_price: formatCents(totals.currentSubtotal),
    current_subtotal_price_set: moneySet(store, order, totals.currentSubtotal),
    total_discounts: formatCents(totals.discounts),
    total_discounts_set: moneySet(store, order, totals.discounts),
    total_tax: formatCents(totals.tax),
    total_tax_set: moneySet(store, order, totals.tax),
    current_total_tax: formatCents(totals.currentTax),
    total_price: formatCents(totals.total),
    total_price_set: moneySet(store, order, totals.total),
    current_total_price: formatCents(totals.currentTotal),
    current_total_price_set: moneySet(store, order, totals.currentTotal),
    total_outstanding: formatCents(Math.max(0, totals.outstanding)),
    total_shipping_price_set: moneySet(store, order, totals.shipping),
    customer: customer
      ? {
          id: customer.id,
          admin_graphql_api_id: gid('Customer', customer.id),
          email: customer.email,
          first_name: customer.firstName,
          last_name: customer.lastName,
          // No tags, marketing consents or order counts: removed from customer payloads in webhooks as of 2025-01
          // (shopify.dev changelog "New customer's webhook and changes to existing customer's webhooks payload").
          currency: store.shop.currencyCode,
          created_at: customer.createdAt,
          updated_at: customer.updatedAt,
          default_address: addressPayload(customer.defaultAddress),
        }
      : null,
    line_items: order.lines.map((line) => ({
      id: line.id,
      admin_graphql_api_id: gid('LineItem', line.id),
      variant_id: line.variantId,
      product_id: line.productId,
      title: line.title,
      variant_title: line.variantTitle,
      name: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
      sku: line.sku,
      vendor: line.vendor,
      quantity: line.quantity,
      current_quantity: line.currentQuantity,
      fulfillable_quantity: unfulfilledQuantity(line),
      fulfillment_status:
        line.fulfilledQuantity >= line.currentQuantity && line.currentQuantity > 0
          ? 'fulfilled'
          : line.fulfilledQuantity > 0
            ? 'partial'
            : null,
      price: formatCents(line.unitPrice),
      price_set: moneySet(store, order, line.unitPrice),
      total_discount: formatCents(line.discount),
      total_discount_set: moneySet(store, order, line.discount),
      requires_shipping: line.requiresShipping,
      taxable: line.taxable,
      gift_card: line.isGiftCard,
      selling_plan_allocation: line.sellingPlanId ? { selling_plan_id: line.sellingPlanId, selling_plan_name: line.sellingPlanName } : null,
    })),
    shipping_address: addressPayload(order.shippingAddress),
    billing_address: addressPayload(order.billingAddress),
    shipping_lines: order.shippingLine
      ? [
          {
            title: order.shippingLine.title,
            price: formatCents(order.shippingLine.price),
            price_set: moneySet(store, order, order.shippingLine.price),
            code: order.shippingLine.title,
          },
        ]
      : [],
    payment_gateway_names: order.transactions.length > 0 ? ['shopify_payments'] : [],
  };
}
