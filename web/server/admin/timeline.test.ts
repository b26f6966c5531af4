// An order's timeline in plain words: each event kind worded, and a decision's trace as "why" sentences.
import { describe, expect, it } from 'vitest';
import type { LedgerEvent, StoredDecision } from '../ledger/index.js';
import { explainDecision, noOfferReason, orderTimeline, orderTimelineView } from './timeline.js';

const names = new Map([['f1', 'Coffee lovers']]);

function event(kind: string, overrides: Partial<LedgerEvent> = {}): LedgerEvent {
  return {
    id: kind,
    orderKey: 'tok',
    customerId: null,
    surface: 'post_purchase',
    kind,
    funnelId: 'f1',
    stepId: 'grinder',
    offerId: 'grinder',
    variantId: null,
    quantity: null,
    amountMinor: null,
    currencyCode: null,
    arm: null,
    idempotencyKey: kind,
    detail: {},
    occurredAt: '2026-12-01T10:00:00.000Z',
    ...overrides,
  };
}

describe('the timeline of an order', () => {
  it('when events of every kind happened, then each reads as a sentence naming the surface, the step and the money', () => {
    const texts = orderTimeline(
      ['tok'],
      [
        event('decided', { detail: { outcome: 'offer' }, stepId: null }),
        event('shown'),
        event('accepted', { amountMinor: 2550, currencyCode: 'USD', quantity: 2 }),
        event('refunded', { amountMinor: 1275, currencyCode: 'USD', quantity: 1 }),
        event('declined', { surface: 'checkout', funnelId: 'gone' }),
        event('decided', { surface: 'email', arm: 'holdout', funnelId: 'f1', stepId: null, detail: { outcome: 'holdout' } }),
      ],
      [],
      names,
    ).entries.map((e) => e.text);
    expect(texts).toEqual([
      'Post-purchase: Encore chose "Coffee lovers".',
      'Post-purchase: The shopper saw step "grinder" of "Coffee lovers".',
      'Post-purchase: The shopper accepted 2 units of step "grinder" (25.50 USD).',
      'Post-purchase: The merchant refunded the line Encore added for step "grinder" (12.75 USD).',
      'Checkout: The shopper declined step "grinder"; no surface offers it again for this order.',
      'Email: Kept in the holdout group: no offer (would have seen "Coffee lovers").',
    ]);
  });

  it('when no offer was made, then the summary says so and the reasons are the trace’s own sentences, what was ruled out first', () => {
    const stored = {
      id: 'd1',
      surface: 'post_purchase',
      orderKey: 'tok',
      outcome: 'no_offer',
      funnelId: null,
      arm: null,
      createdAt: '2026-12-01T10:00:00.000Z',
      decision: {
        counterfactualFunnelId: null,
        trace: [
          { funnelId: 'f1', outcome: 'kept', reason: 'step_ready', message: 'Step "grinder" is ready.' },
          { funnelId: 'f1', outcome: 'dropped', reason: 'targeting_failed', message: 'The order is below the funnel’s minimum subtotal.' },
        ],
      },
    } as unknown as StoredDecision;
    expect(explainDecision(stored, names)).toMatchObject({
      summary: 'Post-purchase: no offer was made.',
      reasons: ['The order is below the funnel’s minimum subtotal.', 'Step "grinder" is ready.'],
    });
  });
});

type TraceLine = { funnelId: string | null; outcome: 'kept' | 'dropped'; reason: string; message: string };

function stored(outcome: StoredDecision['outcome'], trace: TraceLine[], counterfactualFunnelId: string | null = null): StoredDecision {
  return {
    id: 'd1',
    surface: 'checkout',
    orderKey: 'tok',
    outcome,
    funnelId: outcome === 'offer' ? 'f1' : null,
    arm: null,
    createdAt: '2026-12-01T10:00:00.000Z',
    decision: { counterfactualFunnelId, trace },
  } as unknown as StoredDecision;
}

const dropped = (reason: string, funnelId: string | null = null): TraceLine => ({
  funnelId,
  outcome: 'dropped',
  reason,
  message: `m:${reason}`,
});

describe('the one reason the order block shows for "no offer"', () => {
  it('when the whole decision was refused (no funnel, frequency cap, email off…), then that is the reason, before any funnel’s', () => {
    const reason = noOfferReason(stored('no_offer', [dropped('targeting_failed', 'f1'), dropped('frequency_capped')]), names);
    expect(reason).toEqual({ code: 'frequency_capped', funnelName: null, message: 'm:frequency_capped' });
  });

  it('when only funnels were passed over, then the most telling funnel reason wins, with the funnel’s name', () => {
    const trace = [dropped('funnel_disabled', 'f2'), dropped('targeting_failed', 'f1'), dropped('no_available_step', 'f1')];
    expect(noOfferReason(stored('no_offer', trace), names)).toEqual({
      code: 'no_available_step',
      funnelName: 'Coffee lovers',
      message: 'm:no_available_step',
    });
    expect(noOfferReason(stored('no_offer', [dropped('funnel_disabled', 'gone')]), names)?.funnelName).toBeNull();
  });

  it('when the order was held out, then the holdout entry is the reason even after "lower priority" lines; an offer has none', () => {
    const trace = [dropped('lower_priority'), dropped('holdout')];
    expect(noOfferReason(stored('holdout', trace, 'f1'), names)?.code).toBe('holdout');
    expect(noOfferReason(stored('offer', [dropped('lower_priority')]), names)).toBeNull();
  });

  it('when the trace holds nothing dropped, then the reason says so instead of being empty', () => {
    expect(noOfferReason(stored('no_offer', []), names)).toEqual({
      code: 'unknown',
      funnelName: null,
      message: 'The decision recorded no reason.',
    });
  });
});

describe('the order block’s answer', () => {
  it('when built, then events carry data for every language, the holdout names the funnel it would have shown, links use both keys', () => {
    const view = orderTimelineView({
      orderId: 'gid://shopify/Order/7',
      orderKeys: ['gid://shopify/Order/7', 'tok', 'tok'],
      events: [event('shown', { surface: 'email', detail: { opened: true } }), event('paid', { amountMinor: 900, currencyCode: 'EUR' })],
      decisions: [stored('holdout', [dropped('holdout')], 'f1')],
      names,
      email: null,
    });
    expect(view.orderKeys).toEqual(['gid://shopify/Order/7', 'tok']);
    expect(view.events.map(({ kind, opened, amountMinor, funnelName }) => ({ kind, opened, amountMinor, funnelName }))).toEqual([
      { kind: 'shown', opened: true, amountMinor: null, funnelName: 'Coffee lovers' },
      { kind: 'paid', opened: false, amountMinor: 900, funnelName: 'Coffee lovers' },
    ]);
    expect(view.decisions[0]).toMatchObject({ outcome: 'holdout', funnelName: 'Coffee lovers', reason: { code: 'holdout' } });
    expect(view.links).toEqual({ timeline: '/orders/gid%3A%2F%2Fshopify%2FOrder%2F7/tok', email: null });
  });
});
