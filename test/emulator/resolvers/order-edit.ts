// The order-edit flow: orderEditBegin -> orderEditAddVariant / orderEditAddLineItemDiscount / orderEditSetQuantity
// -> orderEditCommit, over CalculatedOrder and CalculatedLineItem.

import {
  type Args,
  argBoolean,
  argNumber,
  argObject,
  argString,
  connectionArgs,
  type ResolverContext,
  type TypeResolvers,
  typed,
} from '../graphql/resolver-kit.js';
import { connection } from '../store/connection.js';
import { gid, numericIdOf, parseGid } from '../store/ids.js';
import { toCents } from '../store/money.js';
import {
  addLineItemDiscount,
  addVariant,
  beginEdit,
  calculatedLineNet,
  calculatedTotals,
  commitEdit,
  type EditResult,
  openSession,
  setQuantity,
  stagedDiscountAmount,
} from '../store/order-edit.js';
import type { CalculatedLineRecord, CalculatedOrderRecord, OrderRecord, StagedChange } from '../store/records.js';
import { imageView, orderMoney } from './common.js';
import { orderById } from './orders.js';

interface CalcLineSource {
  calculated: CalculatedOrderRecord;
  line: CalculatedLineRecord;
}

function orderOf(ctx: ResolverContext, calculated: CalculatedOrderRecord): OrderRecord {
  return ctx.store.orders.get(calculated.orderId)!;
}

function discountApplication(line: CalculatedLineRecord, order: OrderRecord) {
  const discount = line.stagedDiscount!;
  const value =
    discount.percent !== null
      ? typed({ percentage: discount.percent }, 'PricingPercentageValue')
      : typed(orderMoney(order, discount.fixed ?? 0).shopMoney, 'MoneyV2');
  return typed(
    {
      id: gid('CalculatedManualDiscountApplication', discount.id),
      description: discount.description,
      allocationMethod: discount.percent !== null ? 'ACROSS' : 'EACH',
      appliedTo: 'LINE_ITEM',
      targetSelection: 'EXPLICIT',
      targetType: 'LINE_ITEM',
      value,
    },
    'CalculatedManualDiscountApplication',
  );
}

function stagedChangeView(ctx: ResolverContext, calculated: CalculatedOrderRecord, change: StagedChange) {
  const line = calculated.lines.find((l) => l.id === change.calculatedLineId);
  const order = orderOf(ctx, calculated);
  switch (change.kind) {
    case 'addVariant':
      return typed({ quantity: change.quantity, variant: ctx.store.variants.get(change.variantId) ?? null }, 'OrderStagedChangeAddVariant');
    case 'increment':
      return typed({ delta: change.delta, lineItem: line ? lineItemOf(order, line) : null }, 'OrderStagedChangeIncrementItem');
    case 'decrement':
      return typed(
        { delta: change.delta, restock: change.restock, lineItem: line ? lineItemOf(order, line) : null },
        'OrderStagedChangeDecrementItem',
      );
    case 'addLineItemDiscount': {
      const discount = line?.stagedDiscount;
      return typed(
        {
          id: gid('OrderStagedChangeAddLineItemDiscount', change.discountId),
          description: discount?.description ?? null,
          value:
            discount?.percent != null
              ? typed({ percentage: discount.percent }, 'PricingPercentageValue')
              : typed(orderMoney(order, discount?.fixed ?? 0).shopMoney, 'MoneyV2'),
        },
        'OrderStagedChangeAddLineItemDiscount',
      );
    }
  }
}

function lineItemOf(order: OrderRecord, line: CalculatedLineRecord) {
  const orderLine = line.orderLineId ? order.lines.find((l) => l.id === line.orderLineId) : undefined;
  return orderLine ? { order, line: orderLine } : null;
}

const CalculatedOrder: TypeResolvers<CalculatedOrderRecord> = {
  id: (c) => gid('CalculatedOrder', c.id),
  committed: (c) => c.committed,
  originalOrder: (c, _args, ctx) => orderOf(ctx, c),
  lineItems: (c, args) =>
    connection(
      c.lines.filter((l) => l.quantity > 0 || l.orderLineId !== null).map((line) => ({ calculated: c, line })),
      connectionArgs(args),
      (s) => s.line.id,
    ),
  addedLineItems: (c, args) =>
    connection(
      c.lines.filter((l) => l.orderLineId === null && l.quantity > 0).map((line) => ({ calculated: c, line })),
      connectionArgs(args),
      (s) => s.line.id,
    ),
  addedDiscountApplications: (c, args, ctx) =>
    connection(
      c.lines.filter((l) => l.stagedDiscount).map((l) => discountApplication(l, orderOf(ctx, c))),
      connectionArgs(args),
      (d) => d.id,
    ),
  stagedChanges: (c, args, ctx) => {
    const views = c.stagedChanges.map((change) => stagedChangeView(ctx, c, change));
    return connection(views, connectionArgs(args), (view) => views.indexOf(view));
  },
  subtotalLineItemsQuantity: (c, _args, ctx) => calculatedTotals(ctx.store, c).quantity,
  subtotalPriceSet: (c, _args, ctx) => orderMoney(orderOf(ctx, c), calculatedTotals(ctx.store, c).subtotal),
  totalPriceSet: (c, _args, ctx) => orderMoney(orderOf(ctx, c), calculatedTotals(ctx.store, c).total),
  totalOutstandingSet: (c, _args, ctx) => orderMoney(orderOf(ctx, c), calculatedTotals(ctx.store, c).outstanding),
  cartDiscountAmountSet: () => null,
  taxLines: (c, _args, ctx) => {
    const order = orderOf(ctx, c);
    return order.taxRate > 0
      ? [
          {
            title: 'Sales tax',
            rate: order.taxRate,
            ratePercentage: order.taxRate * 100,
            priceSet: orderMoney(order, calculatedTotals(ctx.store, c).tax),
            channelLiable: false,
            source: 'Shopify',
          },
        ]
      : [];
  },
  shippingLines: () => [],
  notificationPreviewTitle: (c, _args, ctx) => `Order ${orderOf(ctx, c).name} updated`,
  notificationPreviewHtml: (c, _args, ctx) => `<p>Your order ${orderOf(ctx, c).name} has been updated.</p>`,
};

const CalculatedLineItem: TypeResolvers<CalcLineSource> = {
  id: ({ line }) => gid('CalculatedLineItem', line.id),
  quantity: ({ line }) => line.quantity,
  editableQuantity: ({ line }) => line.quantity - line.uneditableQuantity,
  editableQuantityBeforeChanges: ({ line }) => line.quantityBefore - line.uneditableQuantity,
  title: ({ line }) => line.title,
  variantTitle: ({ line }) => line.variantTitle,
  sku: ({ line }) => line.sku,
  restockable: ({ line }) => line.variantId !== null,
  restocking: ({ line }) => line.restock,
  hasStagedLineItemDiscount: ({ line }) => line.stagedDiscount !== null,
  customAttributes: () => [],
  variant: ({ line }, _args, ctx) => (line.variantId ? (ctx.store.variants.get(line.variantId) ?? null) : null),
  image: ({ line }, _args, ctx) => {
    const variant = line.variantId ? ctx.store.variants.get(line.variantId) : undefined;
    const product = variant ? ctx.store.products.get(variant.productId) : undefined;
    return imageView(product?.images.find((i) => i.id === variant?.imageId) ?? product?.images[0] ?? null);
  },
  originalUnitPriceSet: ({ calculated, line }, _args, ctx) => orderMoney(orderOf(ctx, calculated), line.unitPrice),
  discountedUnitPriceSet: ({ calculated, line }, _args, ctx) =>
    orderMoney(orderOf(ctx, calculated), line.quantity > 0 ? Math.round(calculatedLineNet(line) / line.quantity) : line.unitPrice),
  editableSubtotalSet: ({ calculated, line }, _args, ctx) => {
    const editable = line.quantity - line.uneditableQuantity;
    return orderMoney(orderOf(ctx, calculated), line.quantity > 0 ? Math.round((calculatedLineNet(line) * editable) / line.quantity) : 0);
  },
  uneditableSubtotalSet: ({ calculated, line }, _args, ctx) =>
    orderMoney(
      orderOf(ctx, calculated),
      line.quantity > 0 ? Math.round((calculatedLineNet(line) * line.uneditableQuantity) / line.quantity) : 0,
    ),
  calculatedDiscountAllocations: ({ calculated, line }, _args, ctx) =>
    line.stagedDiscount
      ? [
          {
            allocatedAmountSet: orderMoney(orderOf(ctx, calculated), stagedDiscountAmount(line)),
            discountApplication: discountApplication(line, orderOf(ctx, calculated)),
          },
        ]
      : [],
  stagedChanges: ({ calculated, line }, _args, ctx) =>
    calculated.stagedChanges.filter((c) => c.calculatedLineId === line.id).map((c) => stagedChangeView(ctx, calculated, c)),
};

// ---------------------------------------------------------------------------------------------------------------

function sessionOf(ctx: ResolverContext, id: string | null): EditResult<CalculatedOrderRecord> {
  const parsed = parseGid(id ?? '');
  const numeric = parsed && (parsed.type === 'CalculatedOrder' || parsed.type === 'OrderEditSession') ? Number(parsed.id) : NaN;
  return openSession(ctx.store, numeric);
}

function payload(_ctx: ResolverContext, calculated: CalculatedOrderRecord, extra: Record<string, unknown> = {}) {
  return { calculatedOrder: calculated, orderEditSession: { id: gid('OrderEditSession', calculated.sessionId) }, userErrors: [], ...extra };
}

const failed = (errors: { field: string[] | null; message: string }[], extra: Record<string, unknown> = {}) => ({
  calculatedOrder: null,
  orderEditSession: null,
  userErrors: errors,
  ...extra,
});

export const orderEditResolvers = {
  CalculatedOrder,
  CalculatedLineItem,
  QueryRoot: {
    orderEditSession: (_s: unknown, args: Args, ctx: ResolverContext) => {
      const result = sessionOf(ctx, argString(args, 'id'));
      return result.ok ? { id: gid('OrderEditSession', result.value.sessionId) } : null;
    },
  },
  Mutation: {
    orderEditBegin: (_s: unknown, args: Args, ctx: ResolverContext) => {
      // An order outside the app's read window (60 days without read_all_orders) does not exist for it; Shopify's
      // order-editing guide names the same window for edits.
      const order = orderById(ctx, argString(args, 'id'));
      const result = beginEdit(ctx.store, order?.id ?? -1);
      return result.ok ? payload(ctx, result.value) : failed(result.errors);
    },
    orderEditAddVariant: (_s: unknown, args: Args, ctx: ResolverContext) => {
      const session = sessionOf(ctx, argString(args, 'id'));
      if (!session.ok) return failed(session.errors, { calculatedLineItem: null });
      const variantId = numericIdOf(argString(args, 'variantId') ?? '', 'ProductVariant');
      const result = addVariant(
        ctx.store,
        session.value,
        variantId,
        argNumber(args, 'quantity') ?? 0,
        argBoolean(args, 'allowDuplicates') ?? false,
      );
      if (!result.ok) return failed(result.errors, { calculatedLineItem: null });
      return payload(ctx, session.value, { calculatedLineItem: { calculated: session.value, line: result.value } });
    },
    orderEditAddLineItemDiscount: (_s: unknown, args: Args, ctx: ResolverContext) => {
      const session = sessionOf(ctx, argString(args, 'id'));
      if (!session.ok) return failed(session.errors, { calculatedLineItem: null, addedDiscountStagedChange: null });
      const lineId = numericIdOf(argString(args, 'lineItemId') ?? '', 'CalculatedLineItem');
      const discount = argObject(args, 'discount') ?? {};
      const fixed = argObject(discount, 'fixedValue');
      const result = addLineItemDiscount(ctx.store, session.value, lineId, {
        percentValue: argNumber(discount, 'percentValue'),
        fixedValue: fixed ? { amount: toCents(String(fixed.amount)), currencyCode: argString(fixed, 'currencyCode') ?? '' } : null,
        description: argString(discount, 'description'),
      });
      if (!result.ok) return failed(result.errors, { calculatedLineItem: null, addedDiscountStagedChange: null });
      const change = session.value.stagedChanges[session.value.stagedChanges.length - 1]!;
      return payload(ctx, session.value, {
        calculatedLineItem: { calculated: session.value, line: result.value },
        addedDiscountStagedChange: stagedChangeView(ctx, session.value, change),
      });
    },
    orderEditSetQuantity: (_s: unknown, args: Args, ctx: ResolverContext) => {
      const session = sessionOf(ctx, argString(args, 'id'));
      if (!session.ok) return failed(session.errors, { calculatedLineItem: null });
      const lineId = numericIdOf(argString(args, 'lineItemId') ?? '', 'CalculatedLineItem');
      const result = setQuantity(ctx.store, session.value, lineId, argNumber(args, 'quantity') ?? 0, argBoolean(args, 'restock') ?? false);
      if (!result.ok) return failed(result.errors, { calculatedLineItem: null });
      return payload(ctx, session.value, { calculatedLineItem: { calculated: session.value, line: result.value } });
    },
    orderEditCommit: (_s: unknown, args: Args, ctx: ResolverContext) => {
      const session = sessionOf(ctx, argString(args, 'id'));
      if (!session.ok) return { order: null, successMessages: null, userErrors: session.errors };
      const result = commitEdit(ctx.store, session.value, argBoolean(args, 'notifyCustomer') ?? false, argString(args, 'staffNote'));
      if (!result.ok) return { order: null, successMessages: null, userErrors: result.errors };
      return { order: result.value, successMessages: ['Order updated'], userErrors: [] };
    },
  },
};
