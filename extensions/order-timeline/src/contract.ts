// What the block reads from the Encore backend: GET /api/admin/orders/<order id>/timeline, with the admin's session
// token (web/server/admin/routes.ts answers it, web/server/admin/timeline.ts builds it). The backend imports these
// types, so both sides compile against one definition; the tests render the block against the real backend.

/** The path of an order's timeline; the order's numeric id (from its GID) keeps the URL free of escaping. */
export function orderTimelinePath(orderGid: string): string | null {
  const id = /^gid:\/\/shopify\/Order\/(\d{1,20})$/.exec(orderGid)?.[1];
  return id ? `/api/admin/orders/${id}/timeline` : null;
}

/** One ledger event of the order, on any surface (checkout, post_purchase, email, subscription). */
export interface OrderTimelineEvent {
  id: string;
  /** ISO 8601. */
  at: string;
  surface: string;
  /** decided, shown, declined, accepted, paid, removed, refunded (and kinds added later, such as routed). */
  kind: string;
  /** A `shown` event recorded when the shopper opened the email's offer page (the email going out is another one). */
  opened: boolean;
  /** The funnel's name; null when the event names none or the funnel was deleted. */
  funnelName: string | null;
  stepId: string | null;
  quantity: number | null;
  /** Minor units (cents) in `currencyCode`. */
  amountMinor: number | null;
  currencyCode: string | null;
  /** The same event in English, as the app's Orders page words it (for kinds the block has no words for). */
  text: string;
}

/** Why a surface made no offer: the engine's reason code and its English sentence. */
export interface NoOfferReason {
  /** A TraceReason of the offer engine (web/server/offers/trace.ts): no_funnels_for_surface, holdout, targeting_failed… */
  code: string;
  /** The funnel the reason is about, by name, when it is about one. */
  funnelName: string | null;
  /** The engine's own sentence (English). */
  message: string;
}

/** One surface's decision on the order. */
export interface OrderTimelineDecision {
  surface: string;
  /** ISO 8601. */
  decidedAt: string;
  outcome: 'offer' | 'no_offer' | 'holdout';
  /** The funnel offered (outcome "offer") or that would have been (holdout). */
  funnelName: string | null;
  /** Null when an offer was made. */
  reason: NoOfferReason | null;
}

/** The email offer Encore sent for this order (the last one SMTP accepted). */
export interface OrderTimelineEmail {
  subject: string;
  /** ISO 8601. */
  sentAt: string;
  locale: string;
}

export interface OrderTimelineResponse {
  orderId: string;
  /** The keys the ledger knows the order by: its GID and its checkout's token. */
  orderKeys: string[];
  /** Oldest first. */
  events: OrderTimelineEvent[];
  decisions: OrderTimelineDecision[];
  email: OrderTimelineEmail | null;
  /** Paths of the embedded app (turned into `app:` links): the order's full timeline, and the email as sent. */
  links: { timeline: string; email: string | null };
}
