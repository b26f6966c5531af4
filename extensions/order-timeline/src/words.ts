// The block's sentences, from the contract's data and the extension's locale files (locales/*.json, picked by
// Shopify for the merchant's admin language). Pure: translation and formatting come in as functions.
import type { NoOfferReason, OrderTimelineDecision, OrderTimelineEvent, OrderTimelineResponse } from './contract.js';

export type Replacements = Record<string, string | number>;

export interface Words {
  /** `shopify.i18n.translate` reduced to strings. */
  t(key: string, replacements?: Replacements): string;
  money(amount: number, currencyCode: string): string;
  dateTime(iso: string): string;
}

/** The kinds, surfaces and reason codes the locale files word (each file has all of them: words.test.ts). */
export const KNOWN_KINDS: ReadonlySet<string> = new Set([
  'decided',
  'shown',
  'declined',
  'accepted',
  'paid',
  'removed',
  'refunded',
  'routed',
]);
export const KNOWN_SURFACES: ReadonlySet<string> = new Set(['checkout', 'post_purchase', 'email', 'subscription']);
export const KNOWN_REASONS: ReadonlySet<string> = new Set([
  'no_funnels_for_surface',
  'frequency_capped',
  'holdout',
  'lower_priority',
  'email_disabled',
  'order_cancelled',
  'order_test',
  'order_fulfilled',
  'order_not_editable',
  'order_edited',
  'no_email_address',
  'offered_after_checkout',
  'order_tagged',
  'no_catalog',
  'all_out_of_stock',
  'no_price_in_currency',
  'funnel_disabled',
  'ab_not_assigned',
  'targeting_failed',
  'no_available_step',
]);

export function surfaceName(words: Words, surface: string): string {
  return KNOWN_SURFACES.has(surface) ? words.t(`surface.${surface}`) : surface;
}

/** A reason the locale files word: a clause ("no funnel is set up…"); null when only the engine's English sentence exists. */
export function reasonClause(words: Words, reason: NoOfferReason): string | null {
  if (!KNOWN_REASONS.has(reason.code)) return null;
  return words.t(`reason.${reason.code}`, { funnel: reason.funnelName ? `"${reason.funnelName}"` : words.t('aFunnel') });
}

/** One event: when, where, what, how much, and the funnel. Kinds the locale files lack use the backend's English line. */
export function eventLine(words: Words, event: OrderTimelineEvent): { when: string; what: string } {
  const when = words.dateTime(event.at);
  if (!KNOWN_KINDS.has(event.kind)) return { when, what: event.text };
  const parts = [surfaceName(words, event.surface), words.t(event.opened ? 'kind.opened' : `kind.${event.kind}`)];
  if (event.amountMinor !== null && event.currencyCode) parts.push(words.money(event.amountMinor / 100, event.currencyCode));
  if (event.funnelName) parts.push(event.funnelName);
  return { when, what: parts.join(' · ') };
}

/** One surface's decision as a sentence: what was offered, or why nothing was. */
export function decisionLine(words: Words, decision: OrderTimelineDecision): string {
  const surface = surfaceName(words, decision.surface);
  if (decision.outcome === 'offer' || !decision.reason) {
    return words.t('decision.offer', { surface, funnel: decision.funnelName ? `"${decision.funnelName}"` : words.t('aFunnel') });
  }
  const clause = reasonClause(words, decision.reason);
  if (clause === null) return words.t('decision.noOfferMessage', { surface, reason: decision.reason.message });
  return words.t(decision.outcome === 'holdout' ? 'decision.holdout' : 'decision.noOffer', { surface, reason: clause });
}

/** Encore made no offer: no decision offered anything and nothing but decisions was recorded. */
export function madeNoOffer(timeline: OrderTimelineResponse): boolean {
  return timeline.decisions.every((d) => d.outcome !== 'offer') && timeline.events.every((e) => e.kind === 'decided');
}

/** "Encore made no offer on this order: <reason>", with the first surface's reason. */
export function noOfferLine(words: Words, timeline: OrderTimelineResponse): string {
  const reason = timeline.decisions.find((d) => d.reason)?.reason;
  if (!reason) return words.t('empty', { reason: words.t('notDecided') });
  const clause = reasonClause(words, reason);
  return clause === null ? words.t('emptyMessage', { reason: reason.message }) : words.t('empty', { reason: clause });
}
