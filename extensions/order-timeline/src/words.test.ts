// The locale files against each other and against the words the block needs, and the fallbacks for what they do not
// word (a kind or a reason code added to the backend later): the backend's English sentence, never a raw key.
import { describe, expect, it } from 'vitest';
import type { OrderTimelineDecision, OrderTimelineEvent, OrderTimelineResponse } from './contract.js';
import { installFakeShopify, localeFiles, type Messages } from './test-support/fake-shopify.js';
import { decisionLine, eventLine, KNOWN_KINDS, KNOWN_REASONS, KNOWN_SURFACES, noOfferLine, type Words } from './words.js';

function flatten(messages: Messages, prefix = ''): Record<string, string> {
  return Object.fromEntries(
    Object.entries(messages).flatMap(([key, value]) =>
      typeof value === 'string' ? [[`${prefix}${key}`, value]] : Object.entries(flatten(value, `${prefix}${key}.`)),
    ),
  );
}
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('locales/*.json', () => {
  const files = Object.entries(localeFiles()).map(([name, messages]) => [name, flatten(messages)] as const);
  const [, english] = files.find(([name]) => name === 'en.default')!;

  it('has the five languages of the app, English as the default', () => {
    expect(files.map(([name]) => name).sort()).toEqual(['de', 'en.default', 'es', 'fr', 'sv']);
  });

  it.each(files)('%s has every key of the English file, with the same placeholders, and nothing else', (_name, messages) => {
    expect(Object.keys(messages).sort()).toEqual(Object.keys(english).sort());
    for (const [key, text] of Object.entries(messages)) {
      expect(text.trim(), key).not.toBe('');
      expect(placeholders(text), key).toEqual(placeholders(english[key]!));
    }
  });

  it('words every kind, surface and reason code the block knows', () => {
    for (const kind of [...KNOWN_KINDS, 'opened']) expect(english).toHaveProperty([`kind.${kind}`]);
    for (const surface of KNOWN_SURFACES) expect(english).toHaveProperty([`surface.${surface}`]);
    for (const reason of KNOWN_REASONS) expect(english).toHaveProperty([`reason.${reason}`]);
  });
});

describe('words for what the locale files do not know', () => {
  const shopify = installFakeShopify({ orderId: null, idToken: async () => null });
  const w: Words = {
    t: (key, replacements) => String(shopify.i18n.translate(key, replacements)),
    money: (amount, currency) => shopify.i18n.formatCurrency(amount, { currency }),
    dateTime: (iso) => shopify.i18n.formatDate(new Date(iso), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }),
  };
  const event = (fields: Partial<OrderTimelineEvent>): OrderTimelineEvent => ({
    id: 'e1',
    at: '2026-12-01T10:30:00.000Z',
    surface: 'checkout',
    kind: 'accepted',
    opened: false,
    funnelName: 'Coffee lovers',
    stepId: 'grinder',
    quantity: 1,
    amountMinor: 1250,
    currencyCode: 'EUR',
    text: 'Checkout: The shopper accepted step "grinder" (12.50 EUR).',
    ...fields,
  });
  const decision = (fields: Partial<OrderTimelineDecision>): OrderTimelineDecision => ({
    surface: 'post_purchase',
    decidedAt: '2026-12-01T10:30:00.000Z',
    outcome: 'no_offer',
    funnelName: null,
    reason: { code: 'targeting_failed', funnelName: 'Coffee lovers', message: '"Coffee lovers": the cart has no coffee.' },
    ...fields,
  });

  it('when the kind is known, then the line is built from data; when it is not, the backend’s English line is used', () => {
    expect(eventLine(w, event({}))).toEqual({ when: 'Dec 1, 2026, 10:30 AM', what: 'Checkout · Offer accepted · €12.50 · Coffee lovers' });
    expect(eventLine(w, event({ kind: 'routed', amountMinor: null, funnelName: null })).what).toBe('Checkout · Passed to another surface');
    expect(eventLine(w, event({ kind: 'paused', text: 'Subscription: paused.' })).what).toBe('Subscription: paused.');
    expect(eventLine(w, event({ surface: 'pos', amountMinor: null })).what).toBe('pos · Offer accepted · Coffee lovers');
  });

  it('when the reason code is known, then it is worded with the funnel; when it is not, the engine’s sentence is used', () => {
    expect(decisionLine(w, decision({}))).toBe(
      'Post-purchase: no offer, because the order did not match the targeting of "Coffee lovers".',
    );
    expect(decisionLine(w, decision({ reason: { code: 'targeting_failed', funnelName: null, message: 'x' } }))).toBe(
      'Post-purchase: no offer, because the order did not match the targeting of a funnel.',
    );
    const unknown = decision({ reason: { code: 'moon_phase', funnelName: null, message: 'The moon was full.' } });
    expect(decisionLine(w, unknown)).toBe('Post-purchase: no offer. The moon was full.');
    const timeline: OrderTimelineResponse = {
      orderId: 'gid://shopify/Order/1',
      orderKeys: ['gid://shopify/Order/1'],
      events: [],
      decisions: [unknown],
      email: null,
      links: { timeline: '/orders/x', email: null },
    };
    expect(noOfferLine(w, timeline)).toBe('Encore made no offer on this order. The moon was full.');
    expect(noOfferLine(w, { ...timeline, decisions: [] })).toBe(
      'Encore made no offer on this order: no offer surface looked at it yet (no funnel was running, or the order came before Encore).',
    );
    expect(decisionLine(w, decision({ outcome: 'holdout', reason: { code: 'holdout', funnelName: null, message: 'x' } }))).toBe(
      'Post-purchase: no offer, on purpose: the order is in the holdout group, which sees no offers so Encore can measure what offers add.',
    );
    expect(decisionLine(w, decision({ outcome: 'offer', funnelName: 'Coffee lovers', reason: null }))).toBe(
      'Post-purchase: offered "Coffee lovers".',
    );
  });
});
