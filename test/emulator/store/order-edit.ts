// Order editing: begin a session (a CalculatedOrder), stage changes (add variant, line discount, set quantity), and
// commit them onto the order, which changes its totals and balance and fires orders/updated + orders/edited.
// Rules kept from Shopify: only unfulfilled quantities can be removed, cancelled/closed orders cannot be edited,
// a committed session cannot change, variants must exist and be in stock (unless they allow overselling).
// The userError wording below is the emulator's own; Shopify's exact messages were not found in public sources.

import type { Cents } from './money.js';
import {
  addressPayload,
  fulfillmentOrdersOf,
  lineDiscountFor,
  merchantEditableErrors,
  newFulfillmentOrder,
  orderPayload,
  orderTotals,
} from './orders.js';
import type { CalculatedLineRecord, CalculatedOrderRecord, OrderLineRecord, OrderRecord } from './records.js';
import type { ShopStore } from './shop-store.js';

export interface EditError {
  field: string[] | null;
  message: string;
}

export type EditResult<T> = { ok: true; value: T } | { ok: false; errors: EditError[] };

function fail<T>(field: string[] | null, message: string): EditResult<T> {
  return { ok: false, errors: [{ field, message }] };
}

export function stagedDiscountAmount(line: CalculatedLineRecord): Cents {
  const discount = line.stagedDiscount;
  if (!discount) return 0;
  const gross = line.unitPrice * line.quantity;
  if (discount.percent !== null) return Math.round((gross * discount.percent) / 100);
  // A fixed discount is taken off each unit, never below zero.
  return Math.min(gross, (discount.fixed ?? 0) * line.quantity);
}

export function calculatedLineNet(line: CalculatedLineRecord): Cents {
  return line.unitPrice * line.quantity - line.existingDiscount - stagedDiscountAmount(line);
}

export interface CalculatedTotals {
  subtotal: Cents;
  tax: Cents;
  shipping: Cents;
  total: Cents;
  outstanding: Cents;
  quantity: number;
}

export function calculatedTotals(store: ShopStore, calculated: CalculatedOrderRecord): CalculatedTotals {
  const order = store.orders.get(calculated.orderId)!;
  const subtotal = calculated.lines.reduce((sum, line) => sum + calculatedLineNet(line), 0);
  const taxable = calculated.lines.reduce((sum, line) => {
    const orderLine = line.orderLineId ? order.lines.find((l) => l.id === line.orderLineId) : undefined;
    const variant = line.variantId ? store.variants.get(line.variantId) : undefined;
    const isTaxable = orderLine ? orderLine.taxable : (variant?.taxable ?? true);
    return isTaxable ? sum + calculatedLineNet(line) : sum;
  }, 0);
  const tax = Math.round(taxable * order.taxRate);
  const shipping = order.shippingLine?.price ?? 0;
  const total = subtotal + tax + shipping;
  return {
    subtotal,
    tax,
    shipping,
    total,
    outstanding: total - orderTotals(order).received,
    quantity: calculated.lines.reduce((s, l) => s + l.quantity, 0),
  };
}

export function beginEdit(store: ShopStore, orderId: number): EditResult<CalculatedOrderRecord> {
  const order = store.orders.get(orderId);
  if (!order) return fail(['id'], 'The order does not exist.');
  if (order.cancelledAt) return fail(['id'], 'The order cannot be edited because it has been canceled.');
  if (order.closedAt) return fail(['id'], 'The order cannot be edited because it has been archived.');
  if (order.presentmentCurrencyCode !== order.currencyCode && !store.shop.plan.shopifyPlus) {
    return fail(['id'], "The order cannot be edited because it wasn't placed in the store's currency.");
  }
  const reasons = merchantEditableErrors(store, order);
  if (reasons.length > 0) return fail(['id'], `The order cannot be edited: ${reasons.join(' ')}`);
  const calculated: CalculatedOrderRecord = {
    id: store.newId(),
    orderId: order.id,
    sessionId: store.newId(),
    committed: false,
    createdAt: store.nowIso(),
    stagedChanges: [],
    lines: order.lines
      .filter((line) => line.currentQuantity > 0)
      .map((line) => ({
        id: line.id,
        orderLineId: line.id,
        variantId: line.variantId,
        title: line.title,
        variantTitle: line.variantTitle,
        sku: line.sku,
        quantity: line.currentQuantity,
        quantityBefore: line.currentQuantity,
        uneditableQuantity: Math.min(line.fulfilledQuantity, line.currentQuantity),
        unitPrice: line.unitPrice,
        existingDiscount: lineDiscountFor(line, line.currentQuantity),
        stagedDiscount: null,
        restock: false,
      })),
  };
  store.calculatedOrders.set(calculated.id, calculated);
  return { ok: true, value: calculated };
}

export function openSession(store: ShopStore, id: number): EditResult<CalculatedOrderRecord> {
  const calculated = store.calculatedOrders.get(id) ?? [...store.calculatedOrders.values()].find((c) => c.sessionId === id);
  if (!calculated) return fail(['id'], 'The calculated order does not exist.');
  if (calculated.committed) return fail(['id'], 'The calculated order has already been committed.');
  return { ok: true, value: calculated };
}

export function addVariant(
  store: ShopStore,
  calculated: CalculatedOrderRecord,
  variantId: number | null,
  quantity: number,
  allowDuplicates: boolean,
): EditResult<CalculatedLineRecord> {
  const variant = variantId === null ? undefined : store.variants.get(variantId);
  if (!variant) return fail(['variantId'], 'The variant does not exist.');
  const product = store.products.get(variant.productId)!;
  if (quantity <= 0) return fail(['quantity'], 'Quantity must be greater than 0.');
  if (product.status !== 'ACTIVE') return fail(['variantId'], `${product.title} is not available for sale.`);
  if (!allowDuplicates && calculated.lines.some((line) => line.variantId === variant.id && line.quantity > 0)) {
    return fail(['variantId'], `${product.title} is already in the order. Set allowDuplicates to add it again.`);
  }
  if (variant.inventoryPolicy === 'DENY' && variant.inventoryQuantity < quantity) {
    const name = `${product.title}${variant.title === 'Default Title' ? '' : ` - ${variant.title}`}`;
    return fail(['quantity'], `${name} is out of stock (${Math.max(0, variant.inventoryQuantity)} available).`);
  }
  const line: CalculatedLineRecord = {
    id: store.newId(),
    orderLineId: null,
    variantId: variant.id,
    title: product.title,
    variantTitle: variant.title === 'Default Title' ? null : variant.title,
    sku: variant.sku,
    quantity,
    quantityBefore: 0,
    uneditableQuantity: 0,
    unitPrice: variant.price,
    existingDiscount: 0,
    stagedDiscount: null,
    restock: false,
  };
  calculated.lines.push(line);
  calculated.stagedChanges.push({ kind: 'addVariant', calculatedLineId: line.id, variantId: variant.id, quantity });
  return { ok: true, value: line };
}

export interface LineDiscountInput {
  percentValue: number | null;
  fixedValue: { amount: Cents; currencyCode: string } | null;
  description: string | null;
}

export function addLineItemDiscount(
  store: ShopStore,
  calculated: CalculatedOrderRecord,
  lineId: number | null,
  input: LineDiscountInput,
): EditResult<CalculatedLineRecord> {
  const line = calculated.lines.find((l) => l.id === lineId);
  if (!line) return fail(['lineItemId'], 'The line item does not exist on the calculated order.');
  if (line.stagedDiscount) return fail(['lineItemId'], 'The line item already has a discount staged in this edit.');
  const hasPercent = input.percentValue !== null;
  const hasFixed = input.fixedValue !== null;
  if (hasPercent === hasFixed) return fail(['discount'], 'Provide exactly one of percentValue or fixedValue.');
  if (hasPercent && (input.percentValue! <= 0 || input.percentValue! > 100)) {
    return fail(['discount', 'percentValue'], 'Percent value must be greater than 0 and at most 100.');
  }
  const order = store.orders.get(calculated.orderId)!;
  if (hasFixed) {
    if (input.fixedValue!.amount <= 0) return fail(['discount', 'fixedValue', 'amount'], 'Amount must be greater than 0.');
    if (input.fixedValue!.currencyCode !== order.presentmentCurrencyCode && input.fixedValue!.currencyCode !== order.currencyCode) {
      return fail(['discount', 'fixedValue', 'currencyCode'], "Currency code must match the order's currency.");
    }
    if (input.fixedValue!.amount > line.unitPrice)
      return fail(['discount', 'fixedValue', 'amount'], 'The discount cannot be more than the price of the item.');
  }
  line.stagedDiscount = {
    id: store.newId(),
    description: input.description,
    percent: hasPercent ? input.percentValue : null,
    fixed: hasFixed ? input.fixedValue!.amount : null,
  };
  calculated.stagedChanges.push({ kind: 'addLineItemDiscount', calculatedLineId: line.id, discountId: line.stagedDiscount.id });
  return { ok: true, value: line };
}

export function setQuantity(
  store: ShopStore,
  calculated: CalculatedOrderRecord,
  lineId: number | null,
  quantity: number,
  restock: boolean,
): EditResult<CalculatedLineRecord> {
  const line = calculated.lines.find((l) => l.id === lineId);
  if (!line) return fail(['lineItemId'], 'The line item does not exist on the calculated order.');
  if (quantity < 0) return fail(['quantity'], 'Quantity must be greater than or equal to 0.');
  if (quantity < line.uneditableQuantity) {
    return fail(['quantity'], `The quantity cannot be lower than the ${line.uneditableQuantity} already fulfilled.`);
  }
  if (line.orderLineId === null) {
    const variant = line.variantId ? store.variants.get(line.variantId) : undefined;
    if (variant && variant.inventoryPolicy === 'DENY' && quantity > variant.inventoryQuantity) {
      return fail(['quantity'], `${line.title} is out of stock (${Math.max(0, variant.inventoryQuantity)} available).`);
    }
  }
  const previous = line.quantity;
  if (line.orderLineId !== null) {
    const orderLine = store.orders.get(calculated.orderId)!.lines.find((l) => l.id === line.orderLineId)!;
    line.existingDiscount = lineDiscountFor(orderLine, quantity);
  }
  line.quantity = quantity;
  line.restock = restock;
  if (quantity > previous) calculated.stagedChanges.push({ kind: 'increment', calculatedLineId: line.id, delta: quantity - previous });
  else if (quantity < previous)
    calculated.stagedChanges.push({ kind: 'decrement', calculatedLineId: line.id, delta: previous - quantity, restock });
  return { ok: true, value: line };
}

export function commitEdit(
  store: ShopStore,
  calculated: CalculatedOrderRecord,
  notifyCustomer: boolean,
  staffNote: string | null,
): EditResult<OrderRecord> {
  const order = store.orders.get(calculated.orderId)!;
  if (order.cancelledAt) return fail(['id'], 'The order cannot be edited because it has been canceled.');
  // Stock can go between staging and commit (another order took the last units): the commit is refused then.
  for (const line of calculated.lines) {
    if (line.orderLineId !== null || line.quantity === 0 || line.variantId === null) continue;
    const variant = store.variants.get(line.variantId);
    if (variant && variant.inventoryPolicy === 'DENY' && variant.inventoryQuantity < line.quantity) {
      return fail(['id'], `${line.title} is out of stock (${Math.max(0, variant.inventoryQuantity)} available).`);
    }
  }
  const at = store.nowIso();
  const additions: { id: number; delta: number }[] = [];
  const removals: { id: number; delta: number }[] = [];
  const addedLines: OrderLineRecord[] = [];
  for (const calcLine of calculated.lines) {
    const discount = stagedDiscountAmount(calcLine);
    if (calcLine.orderLineId !== null) {
      const line = order.lines.find((l) => l.id === calcLine.orderLineId)!;
      const delta = calcLine.quantity - line.currentQuantity;
      if (delta < 0) {
        removals.push({ id: line.id, delta: -delta });
        if (calcLine.restock && line.variantId) {
          const variant = store.variants.get(line.variantId);
          if (variant) variant.inventoryQuantity += -delta;
        }
        releaseFromFulfillmentOrders(store, order, line.id, -delta);
      } else if (delta > 0) {
        additions.push({ id: line.id, delta });
        line.quantity += delta;
        if (line.variantId) {
          const variant = store.variants.get(line.variantId);
          if (variant) variant.inventoryQuantity -= delta;
        }
      }
      line.currentQuantity = calcLine.quantity;
      if (discount > 0 && calcLine.quantity > 0) {
        line.discount += Math.round((discount * line.quantity) / calcLine.quantity);
        line.discountDescription = calcLine.stagedDiscount?.description ?? line.discountDescription;
      }
      continue;
    }
    if (calcLine.quantity === 0 || calcLine.variantId === null) continue;
    const variant = store.variants.get(calcLine.variantId)!;
    const product = store.products.get(variant.productId)!;
    variant.inventoryQuantity -= calcLine.quantity;
    const line: OrderLineRecord = {
      id: store.newId(),
      variantId: variant.id,
      productId: product.id,
      title: product.title,
      variantTitle: calcLine.variantTitle,
      sku: variant.sku,
      vendor: product.vendor,
      quantity: calcLine.quantity,
      currentQuantity: calcLine.quantity,
      unitPrice: calcLine.unitPrice,
      discount,
      discountDescription: calcLine.stagedDiscount?.description ?? null,
      fulfilledQuantity: 0,
      sellingPlanId: null,
      sellingPlanName: null,
      requiresShipping: variant.requiresShipping,
      taxable: variant.taxable,
      isGiftCard: product.isGiftCard,
      addedByEditAt: at,
      contractId: null,
    };
    order.lines.push(line);
    addedLines.push(line);
    additions.push({ id: line.id, delta: line.quantity });
  }
  // Added items get their own fulfillment order (so an app can hold just them until they are paid).
  newFulfillmentOrder(store, order, addedLines, at);
  calculated.committed = true;
  order.edited = true;
  order.updatedAt = at;
  if (staffNote) order.note = order.note ? `${order.note}\n${staffNote}` : staffNote;
  store.emit('orders/updated', orderPayload(store, order));
  store.emit('orders/edited', {
    order_edit: {
      id: calculated.sessionId,
      app_id: null,
      created_at: calculated.createdAt,
      committed_at: at,
      notify_customer: notifyCustomer,
      order_id: order.id,
      staff_note: staffNote ?? '',
      user_id: null,
      line_items: { additions, removals },
      discounts: { additions: [], removals: [] },
      shipping_lines: { additions: [], removals: [] },
      shipping_address: addressPayload(order.shippingAddress),
    },
  });
  return { ok: true, value: order };
}

function releaseFromFulfillmentOrders(store: ShopStore, order: OrderRecord, lineId: number, quantity: number): void {
  let left = quantity;
  for (const fo of fulfillmentOrdersOf(store, order).reverse()) {
    if (fo.status === 'CLOSED' || fo.status === 'CANCELLED') continue;
    for (const item of fo.lineItems) {
      if (item.lineItemId !== lineId || left === 0) continue;
      const take = Math.min(item.remainingQuantity, left);
      item.remainingQuantity -= take;
      item.totalQuantity -= take;
      left -= take;
    }
    fo.lineItems = fo.lineItems.filter((item) => item.totalQuantity > 0);
    if (fo.lineItems.length === 0) fo.status = 'CLOSED';
    fo.updatedAt = store.nowIso();
  }
}
