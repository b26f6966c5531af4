// Which orders may get an email offer, reason by reason (pure: the order as the Admin API reads it).
import { describe, expect, it } from 'vitest';
import type { EmailOrderNode } from '../shopify/graphql/EmailOrderQuery.js';
import { type EligibilityFacts, ineligibility } from './eligibility.js';
import { DEFAULT_EMAIL_SETTINGS } from './settings.js';

function order(overrides: Partial<EmailOrderNode> = {}): EmailOrderNode {
  return {
    id: 'gid://shopify/Order/1',
    name: '#1001',
    email: 'shopper@example.com',
    test: false,
    cancelledAt: null,
    closedAt: null,
    edited: false,
    merchantEditable: true,
    merchantEditableErrors: [],
    displayFulfillmentStatus: 'UNFULFILLED',
    customerLocale: 'en',
    tags: [],
    sourceName: 'web',
    presentmentCurrencyCode: 'USD',
    currencyCode: 'USD',
    createdAt: '2026-11-23T12:00:00Z',
    customer: { id: 'gid://shopify/Customer/1', firstName: 'Ada' },
    shippingAddress: { countryCodeV2: 'US' },
    subtotalPriceSet: { shopMoney: { amount: '10.00', currencyCode: 'USD' }, presentmentMoney: { amount: '10.00', currencyCode: 'USD' } },
    lineItems: { nodes: [], pageInfo: { hasNextPage: false } },
    ...overrides,
  } as EmailOrderNode;
}

const facts = (o: EmailOrderNode, extra: Partial<EligibilityFacts> = {}): EligibilityFacts => ({
  order: o,
  settings: DEFAULT_EMAIL_SETTINGS,
  postPurchase: null,
  moment: 'order_created',
  ...extra,
});
const reasons = (f: EligibilityFacts) => ineligibility(f).map((entry) => entry.reason);

describe('email eligibility', () => {
  it('when the order is paid, unfulfilled, editable and has an address, then nothing stops the email', () => {
    expect(ineligibility(facts(order()))).toEqual([]);
  });

  it.each([
    ['cancelled', { cancelledAt: '2026-11-23T12:01:00Z', merchantEditable: false }, 'order_cancelled'],
    ['a test order', { test: true }, 'order_test'],
    ['fulfilled', { displayFulfillmentStatus: 'FULFILLED' }, 'order_fulfilled'],
    ['partly fulfilled', { displayFulfillmentStatus: 'PARTIALLY_FULFILLED' }, 'order_fulfilled'],
    [
      'not editable by Shopify',
      { merchantEditable: false, merchantEditableErrors: ['Orders with duties cannot be edited.'] },
      'order_not_editable',
    ],
    ['without an email address', { email: null }, 'no_email_address'],
  ] as const)('when the order is %s, then it is skipped with that reason', (_what, overrides, reason) => {
    expect(reasons(facts(order(overrides as Partial<EmailOrderNode>)))).toEqual([reason]);
  });

  it("when Shopify says why the order cannot be edited, then the trace repeats Shopify's reasons", () => {
    const [entry] = ineligibility(
      facts(order({ merchantEditable: false, merchantEditableErrors: ['Orders with duties cannot be edited.'] })),
    );
    expect(entry!.message).toContain('Orders with duties cannot be edited.');
  });

  it('when the shopper answered the post-purchase page, then the email does not offer again', () => {
    expect(reasons(facts(order(), { postPurchase: 'declined' }))).toEqual(['offered_after_checkout']);
    expect(reasons(facts(order(), { postPurchase: 'accepted' }))).toEqual(['offered_after_checkout']);
  });

  it('when the order carries a tag the merchant listed, in any case, then it is skipped', () => {
    const settings = { ...DEFAULT_EMAIL_SETTINGS, skipOrderTags: ['OtherApp-Upsell'] };
    expect(reasons(facts(order({ tags: ['vip', 'otherapp-upsell'] }), { settings }))).toEqual(['order_tagged']);
  });

  it('when email offers are off, then every order is skipped', () => {
    expect(reasons(facts(order(), { settings: { ...DEFAULT_EMAIL_SETTINGS, enabled: false } }))).toEqual(['email_disabled']);
  });

  it('when the merchant edited the order before the send, then the re-check skips it (an edit at creation does not count)', () => {
    expect(reasons(facts(order({ edited: true }), { moment: 'before_send' }))).toEqual(['order_edited']);
    expect(reasons(facts(order({ edited: true })))).toEqual([]);
  });

  it('when several reasons apply, then each is reported', () => {
    expect(reasons(facts(order({ test: true, email: null, displayFulfillmentStatus: 'FULFILLED' })))).toEqual([
      'order_test',
      'order_fulfilled',
      'no_email_address',
    ]);
  });
});
