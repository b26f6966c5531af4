// An order's story in plain words, from the ledger: one line per event on every surface (decided, shown, declined,
// accepted, paid, removed, refunded), and each decision's trace turned into "why" sentences. Pure: the service reads
// the ledger and the funnel names, this file only words them.
import type { NoOfferReason, OrderTimelineEmail, OrderTimelineResponse } from '../../../extensions/order-timeline/src/contract.js';
import type { LedgerEvent, StoredDecision } from '../ledger/index.js';

export const SURFACE_LABELS: Readonly<Record<string, string>> = {
  checkout: 'Checkout',
  post_purchase: 'Post-purchase',
  email: 'Email',
  subscription: 'Subscription',
};

export interface TimelineEntry {
  id: string;
  at: string;
  surface: string;
  kind: string;
  funnelId: string | null;
  stepId: string | null;
  amountMinor: number | null;
  currencyCode: string | null;
  text: string;
}

export interface DecisionExplanation {
  surface: string;
  orderKey: string;
  decidedAt: string;
  outcome: StoredDecision['outcome'];
  funnelId: string | null;
  /** One sentence: what was decided. */
  summary: string;
  /** Why, in the engine's words: what ruled funnels, steps and products out (or in). */
  reasons: string[];
}

export interface OrderTimeline {
  orderKeys: string[];
  entries: TimelineEntry[];
  decisions: DecisionExplanation[];
}

export type FunnelNames = ReadonlyMap<string, string>;

export function formatMinor(minor: number, currencyCode: string): string {
  return `${(minor / 100).toFixed(2)} ${currencyCode}`;
}

function funnelLabel(names: FunnelNames, funnelId: string | null): string {
  if (!funnelId) return 'no funnel';
  const name = names.get(funnelId);
  return name ? `"${name}"` : 'a funnel since deleted';
}

function money(event: LedgerEvent): string {
  return event.amountMinor !== null && event.currencyCode ? ` (${formatMinor(event.amountMinor, event.currencyCode)})` : '';
}

function eventText(event: LedgerEvent, names: FunnelNames): string {
  const step = event.stepId ? `step "${event.stepId}"` : 'the offer';
  const funnel = funnelLabel(names, event.funnelId);
  const units = event.quantity && event.quantity > 1 ? `${event.quantity} units of ` : '';
  switch (event.kind) {
    case 'decided': {
      const outcome = detailOutcome(event);
      if (event.arm === 'holdout' || outcome === 'holdout') return `Kept in the holdout group: no offer (would have seen ${funnel}).`;
      if (outcome === 'no_offer' || !event.funnelId) return 'Encore decided not to make an offer.';
      return `Encore chose ${funnel}${event.arm ? `, arm ${event.arm}` : ''}.`;
    }
    case 'shown':
      return `The shopper saw ${step} of ${funnel}.`;
    case 'declined':
      return `The shopper declined ${step}; no surface offers it again for this order.`;
    case 'accepted': {
      const accepted =
        event.amountMinor === null
          ? `The shopper accepted ${units}${step}; payment pending.`
          : `The shopper accepted ${units}${step}${money(event)}.`;
      const route = ROUTE_TEXTS[detailString(event, 'route') ?? ''];
      return route ? `${accepted} ${route(event)}` : accepted;
    }
    case 'paid':
      return `The shopper paid for ${step}${money(event)}.`;
    case 'removed':
      return `The items of ${step} were removed from the order${money(event)}.`;
    case 'refunded':
      return `The merchant refunded ${units}the line Encore added for ${step}${money(event)}.`;
    default:
      return `${event.kind} on ${step}.`;
  }
}

/** The offer page writes `detail.opened = true` on the `shown` event of an opened email (email/ledger-keys.ts). */
function isOpened(event: LedgerEvent): boolean {
  const detail = event.detail;
  return typeof detail === 'object' && detail !== null && !Array.isArray(detail) && detail.opened === true;
}

/** Where an accepted email offer went (order-edit/route-accept.ts; ledger `detail.route`). */
const ROUTE_TEXTS: Record<string, (event: LedgerEvent) => string> = {
  edited_order: () => 'Added to this order by an order edit.',
  next_shipment: (event) => {
    const date = detailString(event, 'deliveryDate');
    const cycle = event.detail && typeof event.detail === 'object' && !Array.isArray(event.detail) ? event.detail.cycleIndex : null;
    return (
      `The order could no longer be edited: added to the next delivery of subscription ${detailString(event, 'contractId') ?? ''}` +
      `${typeof cycle === 'number' ? ` (billing cycle ${cycle}` : ' ('}${date ? `, ${date.slice(0, 10)})` : ')'}, for that delivery only.`
    );
  },
  checkout_link: (event) =>
    'The order could no longer take it and no subscription could: the shopper was offered a checkout ' +
    `(${detailString(event, 'reason') ?? 'no contract'}).`,
  contract_created: (event) => `A subscription was created for it: ${detailString(event, 'contractId') ?? 'contract'}.`,
};

function detailString(event: LedgerEvent, key: string): string | null {
  const detail = event.detail;
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) return null;
  const value = detail[key];
  return typeof value === 'string' ? value : null;
}

function detailOutcome(event: LedgerEvent): string | null {
  const detail = event.detail;
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) return null;
  const outcome = detail.outcome;
  return typeof outcome === 'string' ? outcome : null;
}

/** "Why": every dropped entry (the reasons nothing, or less, was offered), then what was kept. */
export function explainDecision(stored: StoredDecision, names: FunnelNames): DecisionExplanation {
  const decision = stored.decision;
  const surface = SURFACE_LABELS[stored.surface] ?? stored.surface;
  const summary =
    stored.outcome === 'holdout'
      ? `${surface}: this order was in the holdout group, so no offer was made ` +
        `(it would have seen ${funnelLabel(names, decision.counterfactualFunnelId)}).`
      : stored.outcome === 'no_offer'
        ? `${surface}: no offer was made.`
        : `${surface}: Encore offered ${funnelLabel(names, stored.funnelId)}${stored.arm ? ` (A/B arm ${stored.arm})` : ''}.`;
  const trace = Array.isArray(decision.trace) ? decision.trace : [];
  const dropped = trace.filter((entry) => entry.outcome === 'dropped').map((entry) => entry.message);
  const kept = trace.filter((entry) => entry.outcome === 'kept' && entry.reason !== 'candidate_kept').map((entry) => entry.message);
  return {
    surface: stored.surface,
    orderKey: stored.orderKey,
    decidedAt: stored.createdAt,
    outcome: stored.outcome,
    funnelId: stored.funnelId,
    summary,
    reasons: [...new Set([...dropped, ...kept])],
  };
}

export function orderTimeline(
  orderKeys: readonly string[],
  events: readonly LedgerEvent[],
  decisions: readonly StoredDecision[],
  names: FunnelNames,
): OrderTimeline {
  return {
    orderKeys: [...new Set(orderKeys)],
    entries: events.map((event) => ({
      id: event.id,
      at: event.occurredAt,
      surface: event.surface,
      kind: event.kind,
      funnelId: event.funnelId,
      stepId: event.stepId,
      amountMinor: event.amountMinor,
      currencyCode: event.currencyCode,
      text: `${SURFACE_LABELS[event.surface] ?? event.surface}: ${eventText(event, names)}`,
    })),
    decisions: decisions.map((decision) => explainDecision(decision, names)),
  };
}

/** Funnel-level reasons, most telling first, for a no-offer decision whose trace has no decision-wide reason. */
const FUNNEL_REASONS = ['no_available_step', 'targeting_failed', 'ab_not_assigned', 'funnel_disabled'];

/**
 * The one reason a surface made no offer, for a single line: a decision-wide entry (no funnel, frequency cap, email
 * off, holdout…) if there is one, else the most telling funnel-level entry, else the first dropped entry.
 */
export function noOfferReason(stored: StoredDecision, names: FunnelNames): NoOfferReason | null {
  if (stored.outcome === 'offer') return null;
  const trace = Array.isArray(stored.decision.trace) ? stored.decision.trace : [];
  const dropped = trace.filter((entry) => entry.outcome === 'dropped');
  const wide = dropped.find((entry) => entry.funnelId === null && entry.reason !== 'lower_priority');
  const byFunnel = FUNNEL_REASONS.map((reason) => dropped.find((entry) => entry.reason === reason)).find(Boolean);
  const entry = (stored.outcome === 'holdout' ? dropped.find((e) => e.reason === 'holdout') : undefined) ?? wide ?? byFunnel ?? dropped[0];
  if (!entry) return { code: 'unknown', funnelName: null, message: 'The decision recorded no reason.' };
  return { code: entry.reason, funnelName: entry.funnelId ? (names.get(entry.funnelId) ?? null) : null, message: entry.message };
}

/** The order block's answer (extensions/order-timeline/src/contract.ts): events and decisions as data, the app's links. */
export function orderTimelineView(input: {
  orderId: string;
  orderKeys: readonly string[];
  events: readonly LedgerEvent[];
  decisions: readonly StoredDecision[];
  names: FunnelNames;
  email: OrderTimelineEmail | null;
}): OrderTimelineResponse {
  const { names } = input;
  const orderKeys = [...new Set(input.orderKeys)];
  const timelinePath = `/orders/${orderKeys.map(encodeURIComponent).join('/')}`;
  return {
    orderId: input.orderId,
    orderKeys,
    events: input.events.map((event) => ({
      id: event.id,
      at: event.occurredAt,
      surface: event.surface,
      kind: event.kind,
      opened: event.kind === 'shown' && isOpened(event),
      funnelName: event.funnelId ? (names.get(event.funnelId) ?? null) : null,
      stepId: event.stepId,
      quantity: event.quantity,
      amountMinor: event.amountMinor,
      currencyCode: event.currencyCode,
      text: `${SURFACE_LABELS[event.surface] ?? event.surface}: ${eventText(event, names)}`,
    })),
    decisions: input.decisions.map((stored) => {
      const funnelId = stored.outcome === 'holdout' ? stored.decision.counterfactualFunnelId : stored.funnelId;
      return {
        surface: stored.surface,
        decidedAt: stored.createdAt,
        outcome: stored.outcome,
        funnelName: funnelId ? (names.get(funnelId) ?? null) : null,
        reason: noOfferReason(stored, names),
      };
    }),
    email: input.email,
    // The Orders page of the embedded app shows the order's timeline, the email as sent among its events.
    links: { timeline: timelinePath, email: input.email ? `${timelinePath}#email` : null },
  };
}
