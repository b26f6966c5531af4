// refunds/create: the refunded part of any line Encore added is recorded in the ledger as a `refunded` event, so
// revenue is reported gross and net of refunds.
//
// Shopify's refund payload (REST Refund, as in the example payload of the `refunds/create` topic on
// https://shopify.dev/docs/api/webhooks?reference=toml) names the order (`order_id`) and each refunded line
// (`refund_line_items[].line_item_id`, `.quantity`, `.subtotal_set.shop_money` after line discounts, before tax, and
// the `line_item` with its `variant_id`). Encore's events are recorded under the order id (email), or under the
// checkout token (checkout; post-purchase uses the purchase's reference id), so the order's `checkoutToken` is
// read once from the Admin API to find them.
//
// Attribution is by variant: a refunded unit of a variant Encore added counts against Encore's acceptance, oldest
// acceptance first, up to the units it added and the money it counted. When the shopper also bought that variant
// outside Encore on the same order, Encore's units are taken first (the pessimistic reading: reported revenue is
// never flattered by a refund Encore may have caused).

import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { toGid } from '../offers/index.js';
import type { AdminClient } from '../shopify/admin-client.js';
import { OrderCheckoutTokenQuery } from '../shopify/graphql/OrderCheckoutTokenQuery.js';
import { installedShop } from '../shops/index.js';
import type { TopicHandler } from '../webhooks/index.js';
import type { JsonValue, LedgerEvent, RecordEventInput } from './events.js';
import type { Ledger } from './service.js';

export interface RefundLine {
  /** Shopify's refund line item id (part of the idempotency key). */
  refundLineId: string;
  lineItemId: string;
  variantId: string | null;
  quantity: number;
  /** Shop currency, minor units, after line discounts, before tax. */
  subtotalMinor: number;
  currencyCode: string;
}

export interface RefundFacts {
  refundId: string;
  orderId: string;
  lines: RefundLine[];
  occurredAt: Date | null;
}

interface Payload {
  id?: unknown;
  order_id?: unknown;
  created_at?: unknown;
  refund_line_items?: unknown;
}

const asId = (value: unknown): string | null =>
  (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) || (typeof value === 'string' && /^\d+$/.test(value))
    ? String(value)
    : null;

function toMinor(amount: unknown): number | null {
  const text = typeof amount === 'number' ? amount.toFixed(2) : typeof amount === 'string' ? amount : null;
  if (text === null || !/^\d+(\.\d{1,2})?$/.test(text)) return null;
  const [whole, fraction = ''] = text.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

function refundLine(raw: unknown): RefundLine | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const item = raw as Record<string, unknown>;
  const lineItem = (typeof item.line_item === 'object' && item.line_item !== null ? item.line_item : {}) as Record<string, unknown>;
  const shopMoney = ((item.subtotal_set as Record<string, unknown> | undefined)?.shop_money ?? {}) as Record<string, unknown>;
  const refundLineId = asId(item.id);
  const lineItemId = asId(item.line_item_id) ?? asId(lineItem.id);
  const subtotalMinor = toMinor(shopMoney.amount ?? item.subtotal);
  const quantity = typeof item.quantity === 'number' && Number.isInteger(item.quantity) && item.quantity > 0 ? item.quantity : null;
  const currencyCode = typeof shopMoney.currency_code === 'string' ? shopMoney.currency_code : null;
  if (!refundLineId || !lineItemId || subtotalMinor === null || quantity === null || !currencyCode) return null;
  const variant = asId(lineItem.variant_id);
  return { refundLineId, lineItemId, variantId: variant ? toGid('ProductVariant', variant) : null, quantity, subtotalMinor, currencyCode };
}

/** The refund as Encore needs it; null when the payload does not name a refund and an order. */
export function parseRefundPayload(body: unknown): RefundFacts | null {
  if (typeof body !== 'object' || body === null) return null;
  const payload = body as Payload;
  const refundId = asId(payload.id);
  const orderId = asId(payload.order_id);
  if (!refundId || !orderId) return null;
  const lines = Array.isArray(payload.refund_line_items) ? payload.refund_line_items.map(refundLine) : [];
  const createdAt = typeof payload.created_at === 'string' ? new Date(payload.created_at) : null;
  return {
    refundId,
    orderId,
    lines: lines.filter((line): line is RefundLine => line !== null),
    occurredAt: createdAt && !Number.isNaN(createdAt.getTime()) ? createdAt : null,
  };
}

function detailText(event: LedgerEvent, key: string): string | null {
  const detail = event.detail;
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) return null;
  const value = (detail as Record<string, JsonValue>)[key];
  return typeof value === 'string' ? value : null;
}

/**
 * Pure: the `refunded` events a refund adds, given the order's ledger events. Each acceptance gives back at most
 * the units it added and the money it counted (its `accepted` amount plus the `paid` events of its step).
 */
export function attributeRefund(shopId: string, refund: RefundFacts, events: readonly LedgerEvent[]): RecordEventInput[] {
  const acceptances = events.filter((event) => event.kind === 'accepted' && event.variantId !== null);
  const counted = (acceptance: LedgerEvent) =>
    (acceptance.amountMinor ?? 0) +
    events
      .filter(
        (e) =>
          e.kind === 'paid' && e.orderKey === acceptance.orderKey && e.stepId === acceptance.stepId && e.surface === acceptance.surface,
      )
      .reduce((sum, e) => sum + (e.amountMinor ?? 0), 0);
  const used = new Map<string, { units: number; minor: number }>();
  for (const event of events) {
    const acceptanceId = event.kind === 'refunded' ? detailText(event, 'acceptanceId') : null;
    if (!acceptanceId) continue;
    const sofar = used.get(acceptanceId) ?? { units: 0, minor: 0 };
    used.set(acceptanceId, { units: sofar.units + (event.quantity ?? 0), minor: sofar.minor + (event.amountMinor ?? 0) });
  }
  const out: RecordEventInput[] = [];
  for (const line of refund.lines) {
    let unitsLeft = line.quantity;
    for (const acceptance of acceptances) {
      if (unitsLeft === 0) break;
      if (acceptance.variantId !== line.variantId) continue;
      const sofar = used.get(acceptance.id) ?? { units: 0, minor: 0 };
      const units = Math.min(unitsLeft, (acceptance.quantity ?? 1) - sofar.units);
      if (units <= 0) continue;
      const moneyLeft = acceptance.currencyCode && acceptance.currencyCode !== line.currencyCode ? 0 : counted(acceptance) - sofar.minor;
      const minor = Math.max(0, Math.min(moneyLeft, Math.round((line.subtotalMinor * units) / line.quantity)));
      unitsLeft -= units;
      used.set(acceptance.id, { units: sofar.units + units, minor: sofar.minor + minor });
      out.push({
        shopId,
        orderKey: acceptance.orderKey,
        customerId: acceptance.customerId,
        surface: acceptance.surface as RecordEventInput['surface'],
        kind: 'refunded',
        funnelId: acceptance.funnelId,
        stepId: acceptance.stepId,
        offerId: acceptance.offerId,
        variantId: acceptance.variantId,
        quantity: units,
        amount: minor > 0 ? { minor, currencyCode: line.currencyCode } : null,
        arm: acceptance.arm,
        idempotencyKey: `refunded:${refund.refundId}:${line.refundLineId}:${acceptance.id}`,
        detail: {
          refundId: refund.refundId,
          orderId: toGid('Order', refund.orderId),
          lineItemId: line.lineItemId,
          acceptanceId: acceptance.id,
        },
        ...(refund.occurredAt ? { occurredAt: refund.occurredAt } : {}),
      });
    }
  }
  return out;
}

export interface RefundHandlerDeps {
  db: Db;
  ledger: Pick<Ledger, 'eventsForOrder' | 'recordEvent'>;
  adminFor(shop: string): Promise<AdminClient>;
}

/** The `refunds/create` handler. Idempotent: each refunded event has one key per refund line and acceptance. */
export function refundsCreateHandler(deps: RefundHandlerDeps): TopicHandler {
  return async (event, log: Logger) => {
    const refund = parseRefundPayload(event.body);
    if (!refund) {
      log.warn('refunds/create without a refund id and order id; ignored');
      return;
    }
    const shop = await installedShop(deps.db, { domain: event.shop });
    if (!shop) {
      log.info({ refundId: refund.refundId }, 'refund for a shop that is not installed; ignored');
      return;
    }
    if (refund.lines.length === 0) return;
    const orderGid = toGid('Order', refund.orderId);
    const admin = await deps.adminFor(event.shop);
    const { order } = await admin.request(OrderCheckoutTokenQuery, { id: orderGid });
    const keys = [orderGid, ...(order?.checkoutToken ? [order.checkoutToken] : [])];
    const events = await deps.ledger.eventsForOrder(shop.id, keys);
    const refunded = attributeRefund(shop.id, refund, events);
    let recorded = 0;
    for (const input of refunded) if ((await deps.ledger.recordEvent(input)).recorded) recorded++;
    log.info(
      { refundId: refund.refundId, orderId: orderGid, attributed: refunded.length, recorded },
      'refund recorded against Encore lines',
    );
  };
}
