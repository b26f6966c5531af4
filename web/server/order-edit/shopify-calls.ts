// The Admin API calls of the order-edit flow, each returning what the flow needs or the userErrors Shopify gave.
// userErrors are outcomes here (sold out, not editable...), not exceptions; transport failures and throttling that
// outlast the Admin client's own retries throw ShopifyUnavailableError (retried later by a job).
import { decimalToMinor, minorToDecimal } from '../offers/index.js';
import type { AdminClient } from '../shopify/admin-client.js';
import { FulfillmentOrderHoldMutation, type FulfillmentOrderHoldVariables } from '../shopify/graphql/FulfillmentOrderHoldMutation.js';
import { FulfillmentOrderReleaseHoldMutation } from '../shopify/graphql/FulfillmentOrderReleaseHoldMutation.js';
import {
  OrderEditAddLineItemDiscountMutation,
  type OrderEditAddLineItemDiscountVariables,
} from '../shopify/graphql/OrderEditAddLineItemDiscountMutation.js';
import { OrderEditAddVariantMutation } from '../shopify/graphql/OrderEditAddVariantMutation.js';
import { OrderEditBeginMutation } from '../shopify/graphql/OrderEditBeginMutation.js';
import { OrderEditCommitMutation } from '../shopify/graphql/OrderEditCommitMutation.js';
import { OrderEditSetQuantityMutation } from '../shopify/graphql/OrderEditSetQuantityMutation.js';
import type { OrderEditStateFields } from '../shopify/graphql/OrderEditStateFieldsFragment.js';
import { OrderEditStateQuery } from '../shopify/graphql/OrderEditStateQuery.js';
import type { UserError } from '../shopify/graphql/operation.js';
import type { SnapshotDiscount } from './offer-snapshot.local.js';
import type { HoldRef } from './repository.js';

export type OrderState = OrderEditStateFields;
export type Step<T> = { ok: true; value: T } | { ok: false; errors: string[] };

const failed = <T>(errors: readonly UserError[] | undefined, fallback: string): Step<T> => ({
  ok: false,
  errors: errors?.length ? errors.map((e) => (e.field?.length ? `${e.field.join('.')}: ${e.message}` : e.message)) : [fallback],
});

/** Hold handle: unique per app and fulfillment order, at most 64 characters (FulfillmentOrderHoldInput.handle). */
export function holdHandleOf(editId: string): string {
  return `encore-offer-${editId}`.slice(0, 64);
}

export async function readOrderState(admin: AdminClient, orderId: string): Promise<OrderState | null> {
  return (await admin.request(OrderEditStateQuery, { id: orderId })).order;
}

export interface Begun {
  calculatedOrderId: string;
  order: OrderState;
  /** The edit's calculated lines (what orderEditSetQuantity takes), with their variant. */
  lines: { id: string; quantity: number; variantId: string | null }[];
}

export async function beginEdit(admin: AdminClient, orderId: string): Promise<Step<Begun>> {
  const payload = (await admin.request(OrderEditBeginMutation, { id: orderId })).orderEditBegin;
  const calculated = payload?.calculatedOrder;
  if (!calculated || payload.userErrors.length) return failed(payload?.userErrors, 'orderEditBegin returned no calculated order');
  return {
    ok: true,
    value: {
      calculatedOrderId: calculated.id,
      order: calculated.originalOrder,
      lines: calculated.lineItems.nodes.map((l) => ({ id: l.id, quantity: l.quantity, variantId: l.variant?.id ?? null })),
    },
  };
}

export interface StagedLine {
  lineId: string;
  /** The line's total after its discount, in the shop's currency (minor units). */
  subtotalMinor: number;
  currencyCode: string;
}

function stagedLine(line: { id: string; editableSubtotalSet: { shopMoney: { amount: string; currencyCode: string } } }): StagedLine {
  const money = line.editableSubtotalSet.shopMoney;
  return { lineId: line.id, subtotalMinor: decimalToMinor(money.amount, money.currencyCode), currencyCode: money.currencyCode };
}

export async function addVariant(
  admin: AdminClient,
  calculatedOrderId: string,
  variantId: string,
  quantity: number,
): Promise<Step<StagedLine>> {
  const payload = (await admin.request(OrderEditAddVariantMutation, { id: calculatedOrderId, variantId, quantity })).orderEditAddVariant;
  if (!payload?.calculatedLineItem || payload.userErrors.length) return failed(payload?.userErrors, 'orderEditAddVariant added no line');
  return { ok: true, value: stagedLine(payload.calculatedLineItem) };
}

type DiscountInput = OrderEditAddLineItemDiscountVariables['discount'];
type MoneyInput = NonNullable<DiscountInput['fixedValue']>;

/** The offer's discount as Shopify takes it: percentValue on a 0-100 scale, or a fixed amount off each unit. */
export function discountInput(discount: SnapshotDiscount, shopCurrency: string, description: string): DiscountInput {
  if (discount.kind === 'percentage') return { percentValue: discount.hundredths / 100, description };
  const fixedValue: MoneyInput = {
    amount: minorToDecimal(discount.perUnitMinor, shopCurrency),
    currencyCode: shopCurrency as MoneyInput['currencyCode'],
  };
  return { fixedValue, description };
}

export async function addDiscount(
  admin: AdminClient,
  calculatedOrderId: string,
  lineId: string,
  discount: DiscountInput,
): Promise<Step<StagedLine>> {
  const payload = (await admin.request(OrderEditAddLineItemDiscountMutation, { id: calculatedOrderId, lineItemId: lineId, discount }))
    .orderEditAddLineItemDiscount;
  if (!payload?.calculatedLineItem || payload.userErrors.length) return failed(payload?.userErrors, 'orderEditAddLineItemDiscount failed');
  return { ok: true, value: stagedLine(payload.calculatedLineItem) };
}

export async function setQuantity(admin: AdminClient, calculatedOrderId: string, lineId: string, quantity: number): Promise<Step<true>> {
  const payload = (await admin.request(OrderEditSetQuantityMutation, { id: calculatedOrderId, lineItemId: lineId, quantity }))
    .orderEditSetQuantity;
  if (!payload?.calculatedLineItem || payload.userErrors.length) return failed(payload?.userErrors, 'orderEditSetQuantity failed');
  return { ok: true, value: true };
}

export async function commitEdit(admin: AdminClient, calculatedOrderId: string, staffNote: string): Promise<Step<OrderState>> {
  // notifyCustomer false: the shopper is sent to the payment page at once (accept), or must not be told about a
  // removal of something they never paid for (window end).
  const payload = (await admin.request(OrderEditCommitMutation, { id: calculatedOrderId, notifyCustomer: false, staffNote }))
    .orderEditCommit;
  if (!payload?.order || payload.userErrors.length) return failed(payload?.userErrors, 'orderEditCommit returned no order');
  return { ok: true, value: payload.order };
}

/**
 * Holds the fulfillment orders' units of `lineItemIds` (AWAITING_PAYMENT). A fulfillment order that also carries
 * other items is split so only the added units wait; one already held by someone else cannot be split ("Not
 * supported when placing a hold on a fulfillment order that is already held") and is held whole. A hold this
 * app already placed under `handle` is found and kept instead of placed twice.
 */
export async function holdLines(admin: AdminClient, order: OrderState, lineItemIds: readonly string[], handle: string, notes: string) {
  const added = new Set(lineItemIds);
  const holds: HoldRef[] = [];
  const problems: string[] = [];
  for (const fo of order.fulfillmentOrders.nodes) {
    if (fo.status === 'CLOSED' || fo.status === 'CANCELLED' || fo.status === 'INCOMPLETE') continue;
    const ours = fo.lineItems.nodes.filter((li) => added.has(li.lineItem.id) && li.remainingQuantity > 0);
    if (ours.length === 0) continue;
    const existing = fo.fulfillmentHolds.find((h) => h.handle === handle);
    if (existing) {
      holds.push({ fulfillmentOrderId: fo.id, holdId: existing.id });
      continue;
    }
    const others = fo.lineItems.nodes.some((li) => !added.has(li.lineItem.id) && li.remainingQuantity > 0);
    const hold: FulfillmentOrderHoldVariables['hold'] = { reason: 'AWAITING_PAYMENT', handle, reasonNotes: notes, notifyMerchant: false };
    if (others && fo.status !== 'ON_HOLD')
      hold.fulfillmentOrderLineItems = ours.map((li) => ({ id: li.id, quantity: li.remainingQuantity }));
    const payload = (await admin.request(FulfillmentOrderHoldMutation, { id: fo.id, hold })).fulfillmentOrderHold;
    if (payload?.fulfillmentHold && payload.fulfillmentOrder)
      holds.push({ fulfillmentOrderId: payload.fulfillmentOrder.id, holdId: payload.fulfillmentHold.id });
    else problems.push(...(payload?.userErrors.map((e) => e.message) ?? ['fulfillmentOrderHold returned no hold']));
  }
  return { holds, problems };
}

/** Releases Encore's holds by id. A fulfillment order that is gone (closed by a removal) has nothing to release. */
export async function releaseHolds(admin: AdminClient, holds: readonly HoldRef[]): Promise<string[]> {
  const problems: string[] = [];
  const byOrder = new Map<string, string[]>();
  for (const hold of holds) byOrder.set(hold.fulfillmentOrderId, [...(byOrder.get(hold.fulfillmentOrderId) ?? []), hold.holdId]);
  for (const [id, holdIds] of byOrder) {
    const payload = (await admin.request(FulfillmentOrderReleaseHoldMutation, { id, holdIds })).fulfillmentOrderReleaseHold;
    const errors = (payload?.userErrors ?? []).filter((e) => e.code !== 'FULFILLMENT_ORDER_NOT_FOUND');
    problems.push(...errors.map((e) => e.message));
  }
  return problems;
}

export function outstandingMinor(order: OrderState): number {
  const money = order.totalOutstandingSet.shopMoney;
  return decimalToMinor(money.amount.replace(/^-/, ''), money.currencyCode) * (money.amount.startsWith('-') ? -1 : 1);
}

/** Lines of the order that were not there before the edit and carry the offered variant. */
export function linesAddedSince(order: OrderState, baseLineItemIds: readonly string[], variantId: string) {
  const base = new Set(baseLineItemIds);
  return order.lineItems.nodes.filter((line) => !base.has(line.id) && line.variant?.id === variantId);
}
