// Orders, line items, fulfillment orders and holds, invoices, tags (on orders, products and customers).
import type { GraphQLResolveInfo } from 'graphql';
import { EmulatorGraphqlError, NotImplementedError } from '../graphql/errors.js';
import {
  type Args,
  argNumber,
  argObject,
  argObjects,
  argString,
  argStrings,
  connectionArgs,
  pass,
  type ResolverContext,
  type TypeResolvers,
  typed,
  userError,
} from '../graphql/resolver-kit.js';
import { grants } from '../graphql/scopes.js';
import { connection } from '../store/connection.js';
import { gid, numericIdOf, parseGid } from '../store/ids.js';
import {
  checkoutTokenOf,
  displayFinancialStatus,
  displayFulfillmentStatus,
  fulfillmentOrdersOf,
  lineDiscountFor,
  markOrderPaid,
  merchantEditableErrors,
  orderReadable,
  orderTotals,
  touchOrder,
  unfulfilledQuantity,
} from '../store/orders.js';
import type { FulfillmentHoldRecord, FulfillmentOrderRecord, OrderLineRecord, OrderRecord } from '../store/records.js';
import { search } from '../store/search-query.js';
import { orderSearch } from '../store/search-schemas.js';
import type { ShopStore } from '../store/shop-store.js';
import { count, imageView, mailingAddress, metafieldFields, orderMoney, searchConnection } from './common.js';
import { splitTags, touchProduct } from './products.js';

interface LineSource {
  order: OrderRecord;
  line: OrderLineRecord;
}

function lineSources(order: OrderRecord): LineSource[] {
  return order.lines.map((line) => ({ order, line }));
}

/** OrderSortKeys as the 2026-07 schema describes them; a key the emulator cannot order by fails loudly. */
export function sortOrders(items: OrderRecord[], sortKey: string | null): OrderRecord[] {
  const by = (value: (order: OrderRecord) => number) => [...items].sort((a, b) => value(a) - value(b) || a.id - b.id);
  switch (sortKey) {
    case null:
    case 'ID':
      return by((o) => o.id);
    case 'CREATED_AT':
      return by((o) => Date.parse(o.createdAt));
    case 'PROCESSED_AT':
      return by((o) => Date.parse(o.processedAt));
    case 'UPDATED_AT':
      return by((o) => Date.parse(o.updatedAt));
    case 'ORDER_NUMBER':
      return by((o) => o.number);
    // "the total sold price ... excluding any returns/refunds/removals" vs. the current total "including" them.
    case 'TOTAL_PRICE':
      return by((o) => orderTotals(o).total);
    case 'CURRENT_TOTAL_PRICE':
      return by((o) => orderTotals(o).currentTotal);
    case 'TOTAL_ITEMS_QUANTITY':
      return by((o) => orderTotals(o).lineItemsQuantity);
    default:
      throw new NotImplementedError(`orders(sortKey: ${sortKey})`);
  }
}

function invoiceUrl(store: ShopStore, order: OrderRecord): string {
  return `https://${store.domain}/${store.shop.id}/invoices/${Buffer.from(`${order.id}:${order.updatedAt}`).toString('hex').slice(0, 32)}`;
}

const Order: TypeResolvers<OrderRecord> = {
  ...pass<OrderRecord>(
    'name',
    'number',
    'email',
    'createdAt',
    'updatedAt',
    'processedAt',
    'cancelledAt',
    'closedAt',
    'tags',
    'note',
    'currencyCode',
    'presentmentCurrencyCode',
    'sourceName',
    'edited',
    'discountCodes',
    'customAttributes',
  ),
  id: (o) => gid('Order', o.id),
  legacyResourceId: (o) => String(o.id),
  checkoutToken: (o, _args, ctx) => checkoutTokenOf(ctx.store, o),
  cancelReason: (o) => o.cancelReason,
  closed: (o) => o.closedAt !== null,
  confirmed: () => true,
  test: () => false,
  phone: () => null,
  poNumber: () => null,
  sourceIdentifier: () => null,
  customerLocale: (o, _args, ctx) => (o.customerId ? (ctx.store.customers.get(o.customerId)?.locale ?? null) : null),
  customerAcceptsMarketing: (o, _args, ctx) =>
    o.customerId ? ctx.store.customers.get(o.customerId)?.emailMarketingState === 'SUBSCRIBED' : false,
  discountCode: (o) => o.discountCodes[0] ?? null,
  displayFinancialStatus: (o) => displayFinancialStatus(o),
  displayFulfillmentStatus: (o, _args, ctx) => displayFulfillmentStatus(ctx.store, o),
  fullyPaid: (o) => orderTotals(o).outstanding <= 0,
  unpaid: (o) => orderTotals(o).received <= 0 && orderTotals(o).currentTotal > 0,
  canMarkAsPaid: (o) => orderTotals(o).outstanding > 0 && o.cancelledAt === null,
  capturable: () => false,
  refundable: (o) => orderTotals(o).received > 0,
  requiresShipping: (o) => o.lines.some((l) => l.requiresShipping && l.currentQuantity > 0),
  fulfillable: (o) => o.cancelledAt === null && o.lines.some((l) => unfulfilledQuantity(l) > 0),
  merchantEditable: (o, _args, ctx) => merchantEditableErrors(ctx.store, o).length === 0,
  merchantEditableErrors: (o, _args, ctx) => merchantEditableErrors(ctx.store, o),
  originalTotalDutiesSet: (o) => ((o.duties ?? 0) > 0 ? orderMoney(o, o.duties ?? 0) : null),
  currentTotalDutiesSet: (o) => ((o.duties ?? 0) > 0 ? orderMoney(o, o.duties ?? 0) : null),
  paymentGatewayNames: (o) => (o.transactions.length > 0 ? ['shopify_payments'] : []),
  statusPageUrl: (o, _args, ctx) =>
    `https://${ctx.store.shop.primaryDomainHost}/${ctx.store.shop.id}/orders/${o.id.toString(16)}/authenticate`,
  subtotalLineItemsQuantity: (o) => orderTotals(o).lineItemsQuantity,
  currentSubtotalLineItemsQuantity: (o) => orderTotals(o).currentLineItemsQuantity,
  subtotalPriceSet: (o) => orderMoney(o, orderTotals(o).subtotal),
  currentSubtotalPriceSet: (o) => orderMoney(o, orderTotals(o).currentSubtotal),
  totalPriceSet: (o) => orderMoney(o, orderTotals(o).total),
  originalTotalPriceSet: (o) => orderMoney(o, orderTotals({ ...o, lines: o.lines.filter((l) => l.addedByEditAt === null) }).total),
  currentTotalPriceSet: (o) => orderMoney(o, orderTotals(o).currentTotal),
  totalOutstandingSet: (o) => orderMoney(o, orderTotals(o).outstanding),
  totalReceivedSet: (o) => orderMoney(o, Math.max(0, orderTotals(o).received + orderTotals(o).refunded)),
  netPaymentSet: (o) => orderMoney(o, orderTotals(o).received),
  totalRefundedSet: (o) => orderMoney(o, orderTotals(o).refunded),
  totalRefundedShippingSet: (o) => orderMoney(o, 0),
  totalCapturableSet: (o) => orderMoney(o, 0),
  totalTipReceivedSet: (o) => orderMoney(o, 0),
  totalTaxSet: (o) => orderMoney(o, orderTotals(o).tax),
  currentTotalTaxSet: (o) => orderMoney(o, orderTotals(o).currentTax),
  totalDiscountsSet: (o) => orderMoney(o, orderTotals(o).discounts),
  currentTotalDiscountsSet: (o) => orderMoney(o, orderTotals(o).currentDiscounts),
  cartDiscountAmountSet: () => null,
  currentCartDiscountAmountSet: (o) => orderMoney(o, 0),
  totalShippingPriceSet: (o) => orderMoney(o, orderTotals(o).shipping),
  currentShippingPriceSet: (o) => orderMoney(o, orderTotals(o).shipping),
  taxesIncluded: () => false,
  taxExempt: () => false,
  dutiesIncluded: () => false,
  estimatedTaxes: () => false,
  taxLines: (o) =>
    o.taxRate > 0
      ? [
          {
            title: 'Sales tax',
            rate: o.taxRate,
            ratePercentage: o.taxRate * 100,
            priceSet: orderMoney(o, orderTotals(o).tax),
            channelLiable: false,
            source: 'Shopify',
          },
        ]
      : [],
  currentTaxLines: (o) =>
    o.taxRate > 0
      ? [
          {
            title: 'Sales tax',
            rate: o.taxRate,
            ratePercentage: o.taxRate * 100,
            priceSet: orderMoney(o, orderTotals(o).currentTax),
            channelLiable: false,
            source: 'Shopify',
          },
        ]
      : [],
  shippingLine: (o) => shippingLineView(o),
  customer: (o, _args, ctx) => (o.customerId ? (ctx.store.customers.get(o.customerId) ?? null) : null),
  shippingAddress: (o) => mailingAddress(o.shippingAddress, o.id + 1),
  billingAddress: (o) => mailingAddress(o.billingAddress, o.id + 2),
  displayAddress: (o) => mailingAddress(o.billingAddress ?? o.shippingAddress, o.id + 2),
  billingAddressMatchesShippingAddress: (o) => JSON.stringify(o.billingAddress) === JSON.stringify(o.shippingAddress),
  app: (o) => ({
    id: gid('App', o.sourceName === 'subscription_contract' ? 2 : 1),
    name: o.sourceName === 'subscription_contract' ? 'Subscriptions' : 'Online Store',
    icon: { url: 'https://cdn.shopify.com/app-icons/online-store.png' },
  }),
  lineItems: (o, args) => connection(lineSources(o), connectionArgs(args), (s) => s.line.id),
  fulfillmentOrders: (o, args, ctx) => {
    const displayable = args.displayable === true;
    const list = fulfillmentOrdersOf(ctx.store, o).filter(
      (fo) => !displayable || (fo.status !== 'CLOSED' && fo.status !== 'CANCELLED') || fo.lineItems.some((li) => li.totalQuantity > 0),
    );
    return connection(list, connectionArgs(args), (fo) => fo.id);
  },
  paymentCollectionDetails: (o, _args, ctx) => ({
    additionalPaymentCollectionUrl: orderTotals(o).outstanding > 0 ? invoiceUrl(ctx.store, o) : null,
    vaultedPaymentMethods: [],
  }),
  transactions: (o) =>
    o.transactions.map((t) => ({
      id: gid('OrderTransaction', t.id),
      kind: t.kind,
      status: t.status,
      gateway: t.gateway,
      createdAt: t.createdAt,
      processedAt: t.createdAt,
      test: false,
      amountSet: orderMoney(o, t.amount),
      errorCode: null,
      formattedGateway: 'Shopify Payments',
    })),
  ...metafieldFields<OrderRecord>((o) => gid('Order', o.id)),
};

function shippingLineView(o: OrderRecord) {
  if (!o.shippingLine) return null;
  const price = orderMoney(o, o.shippingLine.price);
  return {
    id: gid('ShippingLine', o.id),
    title: o.shippingLine.title,
    code: o.shippingLine.title,
    source: 'shopify',
    custom: false,
    isRemoved: false,
    carrierIdentifier: null,
    deliveryCategory: null,
    phone: null,
    shippingRateHandle: null,
    originalPriceSet: price,
    discountedPriceSet: price,
    currentDiscountedPriceSet: price,
    discountAllocations: [],
    taxLines: [],
  };
}

function manualDiscountApplication(title: string | null, index: number) {
  return typed(
    {
      title: title ?? 'Discount',
      description: title,
      allocationMethod: 'ACROSS',
      targetSelection: 'EXPLICIT',
      targetType: 'LINE_ITEM',
      index,
      value: typed({ percentage: 0 }, 'PricingPercentageValue'),
    },
    'ManualDiscountApplication',
  );
}

const LineItem: TypeResolvers<LineSource> = {
  id: ({ line }) => gid('LineItem', line.id),
  title: ({ line }) => line.title,
  name: ({ line }) => (line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title),
  variantTitle: ({ line }) => line.variantTitle,
  sku: ({ line }) => line.sku,
  vendor: ({ line }) => line.vendor,
  quantity: ({ line }) => line.quantity,
  currentQuantity: ({ line }) => line.currentQuantity,
  unfulfilledQuantity: ({ line }) => unfulfilledQuantity(line),
  refundableQuantity: ({ line }) => line.currentQuantity,
  nonFulfillableQuantity: ({ line }) => line.quantity - line.currentQuantity,
  fulfillableQuantity: ({ line }) => unfulfilledQuantity(line),
  requiresShipping: ({ line }) => line.requiresShipping,
  taxable: ({ line }) => line.taxable,
  isGiftCard: ({ line }) => line.isGiftCard,
  restockable: ({ line }) => line.variantId !== null,
  merchantEditable: ({ order }) => order.cancelledAt === null,
  customAttributes: () => [],
  variant: ({ line }, _args, ctx) => (line.variantId ? (ctx.store.variants.get(line.variantId) ?? null) : null),
  product: ({ line }, _args, ctx) => (line.productId ? (ctx.store.products.get(line.productId) ?? null) : null),
  image: ({ line }, _args, ctx) => {
    const variant = line.variantId ? ctx.store.variants.get(line.variantId) : undefined;
    const product = line.productId ? ctx.store.products.get(line.productId) : undefined;
    return imageView(product?.images.find((i) => i.id === variant?.imageId) ?? product?.images[0] ?? null);
  },
  sellingPlan: ({ line }) =>
    line.sellingPlanId ? { name: line.sellingPlanName ?? '', sellingPlanId: gid('SellingPlan', line.sellingPlanId) } : null,
  contract: ({ line }, _args, ctx) => (line.contractId ? (ctx.store.contracts.get(line.contractId) ?? null) : null),
  originalUnitPriceSet: ({ order, line }) => orderMoney(order, line.unitPrice),
  discountedUnitPriceSet: ({ order, line }) =>
    orderMoney(order, line.quantity ? Math.round((line.unitPrice * line.quantity - line.discount) / line.quantity) : line.unitPrice),
  discountedUnitPriceAfterAllDiscountsSet: ({ order, line }) =>
    orderMoney(order, line.quantity ? Math.round((line.unitPrice * line.quantity - line.discount) / line.quantity) : line.unitPrice),
  originalTotalSet: ({ order, line }) => orderMoney(order, line.unitPrice * line.quantity),
  discountedTotalSet: ({ order, line }) => orderMoney(order, line.unitPrice * line.quantity - line.discount),
  priceAfterAllDiscountsBeforeTaxesSet: ({ order, line }) =>
    orderMoney(order, line.unitPrice * line.currentQuantity - lineDiscountFor(line, line.currentQuantity)),
  totalDiscountSet: ({ order, line }) => orderMoney(order, line.discount),
  unfulfilledOriginalTotalSet: ({ order, line }) => orderMoney(order, line.unitPrice * unfulfilledQuantity(line)),
  unfulfilledDiscountedTotalSet: ({ order, line }) =>
    orderMoney(order, line.unitPrice * unfulfilledQuantity(line) - lineDiscountFor(line, unfulfilledQuantity(line))),
  discountAllocations: ({ order, line }) =>
    line.discount > 0
      ? [
          {
            allocatedAmountSet: orderMoney(order, line.discount),
            discountApplication: manualDiscountApplication(line.discountDescription, 0),
          },
        ]
      : [],
  taxLines: ({ order, line }) =>
    order.taxRate > 0 && line.taxable
      ? [
          {
            title: 'Sales tax',
            rate: order.taxRate,
            ratePercentage: order.taxRate * 100,
            priceSet: orderMoney(
              order,
              Math.round((line.unitPrice * line.currentQuantity - lineDiscountFor(line, line.currentQuantity)) * order.taxRate),
            ),
            channelLiable: false,
            source: 'Shopify',
          },
        ]
      : [],
  duties: () => [],
};

// ---------------------------------------------------------------------------------------------------------------
// Fulfillment orders

const SUPPORTED_ACTIONS: Record<FulfillmentOrderRecord['status'], string[]> = {
  OPEN: ['CREATE_FULFILLMENT', 'REQUEST_FULFILLMENT', 'HOLD', 'MOVE'],
  IN_PROGRESS: ['CREATE_FULFILLMENT', 'HOLD', 'MOVE'],
  ON_HOLD: ['RELEASE_HOLD', 'HOLD', 'MOVE'],
  SCHEDULED: ['MARK_AS_OPEN'],
  CLOSED: [],
  CANCELLED: [],
  INCOMPLETE: [],
};

const HOLD_REASON_TEXT: Record<string, string> = {
  AWAITING_PAYMENT: 'Awaiting payment',
  HIGH_RISK_OF_FRAUD: 'High risk of fraud',
  INCORRECT_ADDRESS: 'Incorrect address',
  INVENTORY_OUT_OF_STOCK: 'Inventory out of stock',
  ONLINE_STORE_POST_PURCHASE_CROSS_SELL: 'Post-purchase upsell',
  UNKNOWN_DELIVERY_DATE: 'Unknown delivery date',
  AWAITING_RETURN_ITEMS: 'Awaiting return items',
  OTHER: 'Other',
};

function orderOf(ctx: ResolverContext, fo: FulfillmentOrderRecord): OrderRecord {
  return ctx.store.orders.get(fo.orderId)!;
}

const FulfillmentOrder: TypeResolvers<FulfillmentOrderRecord> = {
  ...pass<FulfillmentOrderRecord>('status', 'createdAt', 'updatedAt'),
  id: (fo) => gid('FulfillmentOrder', fo.id),
  orderId: (fo) => gid('Order', fo.orderId),
  orderName: (fo, _args, ctx) => orderOf(ctx, fo).name,
  orderProcessedAt: (fo, _args, ctx) => orderOf(ctx, fo).processedAt,
  order: (fo, _args, ctx) => orderOf(ctx, fo),
  requestStatus: () => 'UNSUBMITTED',
  fulfillAt: () => null,
  fulfillBy: () => null,
  supportedActions: (fo) => SUPPORTED_ACTIONS[fo.status].map((action) => ({ action, externalUrl: null })),
  fulfillmentHolds: (fo) => fo.holds,
  assignedLocation: () => ({
    name: 'Encore Warehouse',
    address1: '100 Roaster Row',
    city: 'New York',
    countryCode: 'US',
    province: 'New York',
    zip: '10013',
    phone: null,
    location: null,
  }),
  destination: (fo, _args, ctx) => {
    const address = orderOf(ctx, fo).shippingAddress;
    return address
      ? {
          id: gid('FulfillmentOrderDestination', fo.id),
          firstName: address.firstName,
          lastName: address.lastName,
          address1: address.address1,
          address2: address.address2,
          city: address.city,
          province: address.province,
          zip: address.zip,
          countryCode: address.countryCode,
          phone: address.phone,
          company: address.company,
          email: orderOf(ctx, fo).email,
        }
      : null;
  },
  lineItems: (fo, args, ctx) =>
    connection(
      fo.lineItems.map((item) => ({ fo, item, order: orderOf(ctx, fo) })),
      connectionArgs(args),
      (s) => s.item.id,
    ),
};

interface FulfillmentLineSource {
  fo: FulfillmentOrderRecord;
  item: FulfillmentOrderRecord['lineItems'][number];
  order: OrderRecord;
}

const FulfillmentOrderLineItem: TypeResolvers<FulfillmentLineSource> = {
  id: ({ item }) => gid('FulfillmentOrderLineItem', item.id),
  totalQuantity: ({ item }) => item.totalQuantity,
  remainingQuantity: ({ item }) => item.remainingQuantity,
  lineItem: ({ item, order }) => ({ order, line: order.lines.find((l) => l.id === item.lineItemId)! }),
  sku: ({ item, order }) => order.lines.find((l) => l.id === item.lineItemId)?.sku ?? null,
  productTitle: ({ item, order }) => order.lines.find((l) => l.id === item.lineItemId)?.title ?? '',
  variantTitle: ({ item, order }) => order.lines.find((l) => l.id === item.lineItemId)?.variantTitle ?? null,
  vendor: ({ item, order }) => order.lines.find((l) => l.id === item.lineItemId)?.vendor ?? null,
  requiresShipping: ({ item, order }) => order.lines.find((l) => l.id === item.lineItemId)?.requiresShipping ?? true,
  variant: ({ item, order }, _args, ctx) => {
    const line = order.lines.find((l) => l.id === item.lineItemId);
    return line?.variantId ? (ctx.store.variants.get(line.variantId) ?? null) : null;
  },
  inventoryItemId: ({ item, order }, _args, ctx) => {
    const line = order.lines.find((l) => l.id === item.lineItemId);
    const variant = line?.variantId ? ctx.store.variants.get(line.variantId) : undefined;
    return variant ? gid('InventoryItem', variant.inventoryItemId) : null;
  },
  warnings: () => [],
};

const FulfillmentHold: TypeResolvers<FulfillmentHoldRecord> = {
  ...pass<FulfillmentHoldRecord>('reason', 'reasonNotes', 'handle'),
  id: (h) => gid('FulfillmentHold', h.id),
  displayReason: (h) => HOLD_REASON_TEXT[h.reason] ?? h.reason,
  heldByRequestingApp: (h) => h.heldByApp,
  heldByApp: (h, _args, ctx) => (h.heldByApp ? { store: ctx.store } : null),
};

function fulfillmentOrderById(ctx: ResolverContext, id: string | null): FulfillmentOrderRecord | undefined {
  const numeric = numericIdOf(id ?? '', 'FulfillmentOrder');
  return numeric === null ? undefined : ctx.store.fulfillmentOrders.get(numeric);
}

function fulfillmentOrderHold(_s: unknown, args: Args, ctx: ResolverContext) {
  const fo = fulfillmentOrderById(ctx, argString(args, 'id'));
  const empty = { fulfillmentHold: null, fulfillmentOrder: null, remainingFulfillmentOrder: null };
  if (!fo) return { ...empty, userErrors: [userError(['id'], 'Fulfillment order does not exist.', 'FULFILLMENT_ORDER_NOT_FOUND')] };
  if (!SUPPORTED_ACTIONS[fo.status].includes('HOLD')) {
    return {
      ...empty,
      userErrors: [
        { field: ['id'], message: `The fulfillment order's status (${fo.status}) does not allow it to be put on hold.`, code: null },
      ],
    };
  }
  const input = argObject(args, 'fulfillmentHold') ?? {};
  const handle = argString(input, 'handle');
  if (handle && handle.length > 64)
    return { ...empty, userErrors: [userError(['fulfillmentHold', 'handle'], 'Handle cannot exceed 64 characters.')] };
  const appHolds = fo.holds.filter((h) => h.heldByApp);
  if (appHolds.length >= 10)
    return {
      ...empty,
      userErrors: [
        userError(
          ['fulfillmentHold'],
          'The maximum number of fulfillment holds for this fulfillment order has been reached for this app. ' +
            'An app can only have up to 10 holds on a single fulfillment order at any one time.',
          'FULFILLMENT_ORDER_HOLD_LIMIT_REACHED',
        ),
      ],
    };
  if (handle && appHolds.some((h) => h.handle === handle))
    return {
      ...empty,
      userErrors: [
        userError(
          ['fulfillmentHold', 'handle'],
          'The handle provided for the fulfillment hold is already in use by this app for another hold on this fulfillment order.',
          'DUPLICATE_FULFILLMENT_HOLD_HANDLE',
        ),
      ],
    };
  const requested = argObjects(input, 'fulfillmentOrderLineItems');
  // "Not supported when placing a hold on a fulfillment order that is already held" (2026-07 description of
  // FulfillmentOrderHoldInput.fulfillmentOrderLineItems).
  if (requested.length > 0 && fo.status === 'ON_HOLD')
    return {
      ...empty,
      userErrors: [
        userError(
          ['fulfillmentHold', 'fulfillmentOrderLineItems'],
          'The fulfillment order is not in a splittable state.',
          'FULFILLMENT_ORDER_NOT_SPLITTABLE',
        ),
      ],
    };
  let held = fo;
  let remaining: FulfillmentOrderRecord | null = null;
  if (requested.length > 0) {
    const seen = new Set<number>();
    const picks: { itemId: number; quantity: number }[] = [];
    for (const [index, entry] of requested.entries()) {
      const itemId = numericIdOf(argString(entry, 'id') ?? '', 'FulfillmentOrderLineItem');
      const quantity = argNumber(entry, 'quantity') ?? 0;
      const item = fo.lineItems.find((li) => li.id === itemId);
      if (itemId === null || !item)
        return {
          ...empty,
          userErrors: [
            userError(
              ['fulfillmentHold', 'fulfillmentOrderLineItems', String(index), 'id'],
              'Fulfillment order line item does not exist.',
              'INVALID_LINE_ITEM_QUANTITY',
            ),
          ],
        };
      if (seen.has(itemId))
        return {
          ...empty,
          userErrors: [
            userError(
              ['fulfillmentHold', 'fulfillmentOrderLineItems'],
              'The fulfillment order line items contain duplicates.',
              'DUPLICATED_FULFILLMENT_ORDER_LINE_ITEMS',
            ),
          ],
        };
      if (quantity <= 0)
        return {
          ...empty,
          userErrors: [
            userError(
              ['fulfillmentHold', 'fulfillmentOrderLineItems', String(index), 'quantity'],
              'Quantity must be greater than zero.',
              'GREATER_THAN_ZERO',
            ),
          ],
        };
      if (quantity > item.remainingQuantity)
        return {
          ...empty,
          userErrors: [
            userError(
              ['fulfillmentHold', 'fulfillmentOrderLineItems', String(index), 'quantity'],
              'Quantity exceeds the remaining quantity of the line item.',
              'INVALID_LINE_ITEM_QUANTITY',
            ),
          ],
        };
      seen.add(itemId);
      picks.push({ itemId, quantity });
    }
    const coversAll = fo.lineItems.every(
      (li) => picks.some((p) => p.itemId === li.id && p.quantity === li.remainingQuantity) || li.remainingQuantity === 0,
    );
    if (!coversAll) {
      // Split: the held items move to a new fulfillment order; the rest stays where it was.
      const at = ctx.store.nowIso();
      held = {
        id: ctx.store.newId(),
        orderId: fo.orderId,
        status: fo.status,
        statusBeforeHold: fo.statusBeforeHold,
        lineItems: [],
        holds: [],
        createdAt: at,
        updatedAt: at,
      };
      for (const pick of picks) {
        const item = fo.lineItems.find((li) => li.id === pick.itemId)!;
        item.remainingQuantity -= pick.quantity;
        item.totalQuantity -= pick.quantity;
        held.lineItems.push({
          id: ctx.store.newId(),
          lineItemId: item.lineItemId,
          totalQuantity: pick.quantity,
          remainingQuantity: pick.quantity,
        });
      }
      fo.lineItems = fo.lineItems.filter((li) => li.totalQuantity > 0);
      fo.updatedAt = at;
      ctx.store.fulfillmentOrders.set(held.id, held);
      ctx.store.orders.get(fo.orderId)!.fulfillmentOrderIds.push(held.id);
      remaining = fo;
    }
  }
  const hold: FulfillmentHoldRecord = {
    id: ctx.store.newId(),
    reason: argString(input, 'reason') ?? 'OTHER',
    reasonNotes: argString(input, 'reasonNotes'),
    handle,
    heldByApp: true,
    createdAt: ctx.store.nowIso(),
  };
  if (held.status !== 'ON_HOLD') held.statusBeforeHold = held.status === 'IN_PROGRESS' ? 'IN_PROGRESS' : 'OPEN';
  held.status = 'ON_HOLD';
  held.holds.push(hold);
  held.updatedAt = ctx.store.nowIso();
  return { fulfillmentHold: hold, fulfillmentOrder: held, remainingFulfillmentOrder: remaining, userErrors: [] };
}

function fulfillmentOrderReleaseHold(_s: unknown, args: Args, ctx: ResolverContext) {
  const fo = fulfillmentOrderById(ctx, argString(args, 'id'));
  if (!fo)
    return { fulfillmentOrder: null, userErrors: [userError(['id'], 'Fulfillment order does not exist.', 'FULFILLMENT_ORDER_NOT_FOUND')] };
  const holdIds = Array.isArray(args.holdIds) ? argStrings(args, 'holdIds').map((id) => numericIdOf(id, 'FulfillmentHold')) : null;
  fo.holds = fo.holds.filter((h) => !(h.heldByApp && (holdIds === null || holdIds.includes(h.id))));
  if (fo.holds.length === 0 && fo.status === 'ON_HOLD') fo.status = fo.statusBeforeHold;
  fo.updatedAt = ctx.store.nowIso();
  return { fulfillmentOrder: fo, userErrors: [] };
}

// ---------------------------------------------------------------------------------------------------------------
// Orders: mutations and lookups

/** The order if this request may read it: older than 60 days needs `read_all_orders` (store/orders.ts). */
export function readableOrder(ctx: ResolverContext, order: OrderRecord | null | undefined): OrderRecord | null {
  return order && orderReadable(order, ctx.store.now(), ctx.scopes) ? order : null;
}

export function readableOrders(ctx: ResolverContext, orders: Iterable<OrderRecord>): OrderRecord[] {
  const now = ctx.store.now();
  return [...orders].filter((order) => orderReadable(order, now, ctx.scopes));
}

/** An order the request may read, by GID; an order outside the read window does not exist for it. */
export function orderById(ctx: ResolverContext, id: string | null): OrderRecord | undefined {
  const numeric = numericIdOf(id ?? '', 'Order');
  return (numeric === null ? null : readableOrder(ctx, ctx.store.orders.get(numeric))) ?? undefined;
}

function orderInvoiceSend(_s: unknown, args: Args, ctx: ResolverContext) {
  const order = orderById(ctx, argString(args, 'id'));
  if (!order) return { order: null, userErrors: [userError(['id'], 'Order does not exist', 'ORDER_INVOICE_SEND_UNSUCCESSFUL')] };
  const email = argObject(args, 'email') ?? {};
  const to = argString(email, 'to') ?? order.email;
  if (!to)
    return {
      order: null,
      userErrors: [userError(['email', 'to'], 'An email address is required to send an invoice', 'ORDER_INVOICE_SEND_UNSUCCESSFUL')],
    };
  const sent = {
    orderId: order.id,
    to,
    subject: argString(email, 'subject'),
    customMessage: argString(email, 'customMessage'),
    sentAt: ctx.store.nowIso(),
  };
  order.invoicesSent.push(sent);
  ctx.store.sentInvoices.push(sent);
  return { order, userErrors: [] };
}

function orderMarkAsPaid(_s: unknown, args: Args, ctx: ResolverContext) {
  const input = argObject(args, 'input') ?? {};
  const order = orderById(ctx, argString(input, 'id'));
  if (!order) return { order: null, userErrors: [userError(['id'], 'Order does not exist')] };
  if (orderTotals(order).outstanding <= 0) return { order: null, userErrors: [userError(['id'], 'Order cannot be marked as paid.')] };
  return { order: markOrderPaid(ctx.store, order.id), userErrors: [] };
}

const TAG_OWNER_SCOPES: Readonly<Record<string, string>> = {
  Order: 'write_orders',
  Product: 'write_products',
  Customer: 'write_customers',
};

function tagsChange(mode: 'add' | 'remove') {
  return (_s: unknown, args: Args, ctx: ResolverContext) => {
    const parsed = parseGid(argString(args, 'id') ?? '');
    const tags = splitTags(argStrings(args, 'tags'));
    const apply = (current: string[]): string[] =>
      mode === 'add' ? splitTags([...current, ...tags]) : current.filter((t) => !tags.some((r) => r.toLowerCase() === t.toLowerCase()));
    const id = parsed ? Number(parsed.id) : NaN;
    // The scope is the resource's: tags on an order need write_orders, on a product write_products, on a customer
    // write_customers ("Requires access scope" lines of tagsAdd's reference page per resource type).
    const ownerScope = parsed ? TAG_OWNER_SCOPES[parsed.type] : undefined;
    if (ownerScope && !grants(ctx.scopes, ownerScope)) {
      throw new EmulatorGraphqlError(
        `Access denied for tags${mode === 'add' ? 'Add' : 'Remove'} field. Required access: \`${ownerScope}\` access scope.`,
        {
          code: 'ACCESS_DENIED',
          documentation: 'https://shopify.dev/api/usage/access-scopes',
          requiredAccess: `\`${ownerScope}\` access scope.`,
        },
      );
    }
    const order = parsed?.type === 'Order' ? readableOrder(ctx, ctx.store.orders.get(id)) : null;
    if (order) {
      order.tags = apply(order.tags);
      touchOrder(ctx.store, order);
      return { node: typed(order, 'Order'), userErrors: [] };
    }
    if (parsed?.type === 'Product' && ctx.store.products.has(id)) {
      const product = ctx.store.products.get(id)!;
      product.tags = apply(product.tags);
      touchProduct(ctx.store, product);
      return { node: typed(product, 'Product'), userErrors: [] };
    }
    if (parsed?.type === 'Customer' && ctx.store.customers.has(id)) {
      const customer = ctx.store.customers.get(id)!;
      customer.tags = apply(customer.tags);
      customer.updatedAt = ctx.store.nowIso();
      return { node: typed(customer, 'Customer'), userErrors: [] };
    }
    return { node: null, userErrors: [userError(['id'], 'Resource does not exist')] };
  };
}

export const orderResolvers = {
  Order,
  LineItem,
  FulfillmentOrder,
  FulfillmentOrderLineItem,
  FulfillmentHold,
  QueryRoot: {
    order: (_s: unknown, args: Args, ctx: ResolverContext) => orderById(ctx, argString(args, 'id')) ?? null,
    orders: (_s: unknown, args: Args, ctx: ResolverContext, info: GraphQLResolveInfo) =>
      searchConnection(
        ctx,
        info,
        sortOrders(readableOrders(ctx, ctx.store.orders.values()), argString(args, 'sortKey')),
        args,
        orderSearch(ctx.store),
        (o) => o.id,
      ),
    ordersCount: (_s: unknown, args: Args, ctx: ResolverContext) =>
      count(
        search(readableOrders(ctx, ctx.store.orders.values()), argString(args, 'query'), orderSearch(ctx.store), ctx.store.now()).items
          .length,
      ),
    fulfillmentOrder: (_s: unknown, args: Args, ctx: ResolverContext) => fulfillmentOrderById(ctx, argString(args, 'id')) ?? null,
  },
  Mutation: {
    orderInvoiceSend,
    orderMarkAsPaid,
    fulfillmentOrderHold,
    fulfillmentOrderReleaseHold,
    tagsAdd: tagsChange('add'),
    tagsRemove: tagsChange('remove'),
  },
};
