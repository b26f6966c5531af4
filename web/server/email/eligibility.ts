// Is this order one Encore may email an offer for? Pure: the order as the Admin API reads it, the shop's email
// settings and what the post-purchase page did for the order. Every reason that applies is returned (the merchant
// reads them in the order's decision trace), in the order a person would check them.
import type { TraceEntry } from '../offers/index.js';
import type { EmailOrderNode } from '../shopify/graphql/EmailOrderQuery.js';
import type { EmailSettings } from './settings.js';

/** When the check runs: when the order arrives, or again right before sending. */
export type EligibilityMoment = 'order_created' | 'before_send';

export interface EligibilityFacts {
  order: EmailOrderNode;
  settings: Pick<EmailSettings, 'enabled' | 'skipOrderTags'>;
  /** What the shopper answered on the post-purchase page of this purchase, if anything. */
  postPurchase: 'accepted' | 'declined' | null;
  moment: EligibilityMoment;
}

function skip(reason: TraceEntry['reason'], message: string): TraceEntry {
  return { funnelId: null, outcome: 'dropped', reason, message };
}

/** The reasons this order gets no email; empty when it may get one. */
export function ineligibility(facts: EligibilityFacts): TraceEntry[] {
  const { order, settings } = facts;
  const reasons: TraceEntry[] = [];
  if (!settings.enabled) reasons.push(skip('email_disabled', 'Email offers are turned off in the email settings.'));
  if (order.cancelledAt) reasons.push(skip('order_cancelled', `The order was cancelled (${order.cancelledAt}).`));
  if (order.test && facts.moment === 'order_created') reasons.push(skip('order_test', 'It is a test order.'));
  if (order.displayFulfillmentStatus === 'FULFILLED' || order.displayFulfillmentStatus === 'PARTIALLY_FULFILLED') {
    reasons.push(
      skip(
        'order_fulfilled',
        `The order is ${order.displayFulfillmentStatus === 'FULFILLED' ? 'fulfilled' : 'partly fulfilled'}: ` +
          'an added item would ship on its own.',
      ),
    );
  }
  // Only reported when no reason above explains it already (a cancelled order is not editable either).
  if (!order.merchantEditable && !order.cancelledAt) {
    const why = order.merchantEditableErrors.length > 0 ? order.merchantEditableErrors.join(' ') : 'Shopify gives no reason.';
    reasons.push(skip('order_not_editable', `Shopify does not let this order be edited: ${why}`));
  }
  if (order.edited && facts.moment === 'before_send') {
    reasons.push(skip('order_edited', 'The order was edited after it was placed; Encore leaves it as the merchant made it.'));
  }
  if (!order.email) reasons.push(skip('no_email_address', 'The order has no email address.'));
  if (facts.postPurchase) {
    reasons.push(
      skip(
        'offered_after_checkout',
        `The shopper already ${facts.postPurchase} an offer on the post-purchase page of this order; Encore does not offer again.`,
      ),
    );
  }
  const skipTags = new Set(settings.skipOrderTags.map((tag) => tag.toLowerCase()));
  const tagged = order.tags.filter((tag) => skipTags.has(tag.toLowerCase()));
  if (tagged.length > 0) reasons.push(skip('order_tagged', `The order is tagged ${tagged.map((t) => `"${t}"`).join(', ')}.`));
  return reasons;
}
