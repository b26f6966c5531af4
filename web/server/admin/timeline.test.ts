// An order's timeline in plain words: each event kind worded, and a decision's trace as "why" sentences.
import { describe, expect, it } from 'vitest';
import type { LedgerEvent, StoredDecision } from '../ledger/index.js';
import { explainDecision, orderTimeline } from './timeline.js';

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
