import { describe, expect, it } from 'vitest';
import {
  catalogOf,
  collectionGid,
  customer,
  line,
  order,
  planGid,
  product,
  productGid,
  variantGid,
} from '../../../test/support/engine-fixtures.js';
import type { OrderSnapshot } from './context.js';
import { type TargetingCondition, TargetingSchema } from './definitions.js';
import { buildOrderFacts, compileTargeting, guaranteesNoSubscription } from './targeting.js';

const catalog = catalogOf([product(1, { title: 'Beans' }), product(2, { title: 'Grinder' })]);

/** An order: product 1 (tagged, typed, by a vendor, in collection 7), 25.00, shipped to DE, paid in EUR, in fr-CA. */
const subject: OrderSnapshot = order({
  lines: [
    line(1, {
      unitPriceMinor: 2500,
      collectionIds: [collectionGid(7)],
      tags: ['Coffee', 'Single-Origin'],
      vendor: 'Northwind',
      productType: 'Beans',
    }),
  ],
  subtotal: { shopMinor: 2500, presentmentMinor: 2300 },
  presentmentCurrency: 'EUR',
  tags: ['Upsell-Done'],
  shippingCountry: 'de',
  salesChannel: 'Online_Store',
});
const facts = buildOrderFacts({
  order: subject,
  customer: customer({ previousOrderCount: 3, tags: ['VIP'] }),
  locale: 'fr-CA',
});
const guestFacts = buildOrderFacts({ order: subject, customer: null, locale: 'en' });

const matches = (condition: unknown, on = facts) =>
  compileTargeting(TargetingSchema.parse({ conditions: [condition] }), catalog).evaluate(on) === null;

describe('targeting conditions', () => {
  it.each([
    [{ type: 'subtotal', minMinor: 2500 }, true],
    [{ type: 'subtotal', minMinor: 2501 }, false],
    [{ type: 'subtotal', maxMinor: 2500 }, false], // the maximum is exclusive
    [{ type: 'subtotal', minMinor: 1000, maxMinor: 3000 }, true],
    [{ type: 'products', productIds: [productGid(1), productGid(2)] }, true],
    [{ type: 'products', productIds: [productGid(2)] }, false],
    [{ type: 'products', productIds: [productGid(1)], negate: true }, false],
    [{ type: 'variants', variantIds: [variantGid(1)] }, true],
    [{ type: 'variants', variantIds: [variantGid(2)] }, false],
    [{ type: 'collections', collectionIds: [collectionGid(7)] }, true],
    [{ type: 'collections', collectionIds: [collectionGid(8)] }, false],
    [{ type: 'productTags', tags: ['single-origin'] }, true], // tags match case-insensitively
    [{ type: 'productTags', tags: ['decaf'] }, false],
    [{ type: 'productTags', tags: ['decaf'], negate: true }, true],
    [{ type: 'vendors', vendors: ['NORTHWIND'] }, true],
    [{ type: 'vendors', vendors: ['Alpine'] }, false],
    [{ type: 'productTypes', productTypes: ['beans'] }, true],
    [{ type: 'productTypes', productTypes: ['Tea'] }, false],
    [{ type: 'customerStatus', status: 'returning' }, true],
    [{ type: 'customerStatus', status: 'new' }, false],
    [{ type: 'orderCount', min: 3 }, true],
    [{ type: 'orderCount', min: 1, max: 2 }, false],
    [{ type: 'customerTags', tags: ['vip'] }, true],
    [{ type: 'customerTags', tags: ['wholesale'] }, false],
    [{ type: 'orderTags', tags: ['upsell-done'] }, true], // chain after another app's tag
    [{ type: 'orderTags', tags: ['upsell-done'], negate: true }, false],
    [{ type: 'shippingCountry', countries: ['DE', 'AT'] }, true],
    [{ type: 'shippingCountry', countries: ['US'] }, false],
    [{ type: 'currency', currencies: ['EUR'] }, true],
    [{ type: 'currency', currencies: ['USD'] }, false],
    [{ type: 'locale', locales: ['fr'] }, true], // a language matches its regional variants
    [{ type: 'locale', locales: ['fr-CA'] }, true],
    [{ type: 'locale', locales: ['fr-FR'] }, false],
    [{ type: 'salesChannel', channels: ['online_store'] }, true],
    [{ type: 'salesChannel', channels: ['pos'] }, false],
    [{ type: 'hasSubscription', value: false }, true],
    [{ type: 'hasSubscription', value: true }, false],
  ])('when the condition is %o, then it matches: %s', (condition, expected) => {
    expect(matches(condition)).toBe(expected);
  });

  it('when the shopper is a guest, then they count as a new customer without tags', () => {
    expect(matches({ type: 'customerStatus', status: 'new' }, guestFacts)).toBe(true);
    expect(matches({ type: 'customerTags', tags: ['vip'] }, guestFacts)).toBe(false);
  });

  it('when a line is on a selling plan, then the order contains a subscription', () => {
    const withPlan = buildOrderFacts({
      order: order({ lines: [line(1, { sellingPlanId: planGid(1) })] }),
      customer: null,
      locale: 'en',
    });
    expect(matches({ type: 'hasSubscription', value: true }, withPlan)).toBe(true);
  });
});

describe('ANY / ALL groups', () => {
  const vip: TargetingCondition = { type: 'customerTags', tags: ['vip'], negate: false };
  const us = { type: 'shippingCountry', countries: ['US'], negate: false } as const;
  const big = { type: 'subtotal', minMinor: 10_000, maxMinor: null } as const;

  it.each([
    ['all', [vip, us], false],
    ['any', [vip, us], true],
    ['any', [us, big], false],
    ['all', [vip, { type: 'group', match: 'any', conditions: [us, big] }], false],
    ['all', [vip, { type: 'group', match: 'any', conditions: [us, { type: 'currency', currencies: ['EUR'], negate: false }] }], true],
    ['any', [us, { type: 'group', match: 'all', conditions: [vip, { type: 'productTags', tags: ['coffee'], negate: false }] }], true],
    ['all', [], true],
  ] as const)('when %s of %o must hold, then it matches: %s', (match, conditions, expected) => {
    expect(compileTargeting(TargetingSchema.parse({ match, conditions }), catalog).evaluate(facts) === null).toBe(expected);
  });

  it('when targeting fails, then the message names the condition in the merchant language, with product names', () => {
    const miss = compileTargeting(
      TargetingSchema.parse({
        conditions: [{ type: 'products', productIds: [productGid(2), productGid(1)], negate: true }],
      }),
      catalog,
    ).evaluate(facts);
    expect(miss).toEqual({
      field: 'targeting.conditions.0',
      message: 'Targeting not met: the order must not contain "Grinder" nor "Beans".',
    });
    const anyMiss = compileTargeting(TargetingSchema.parse({ match: 'any', conditions: [us, big] }), catalog).evaluate(facts);
    expect(anyMiss?.message).toBe(
      'Targeting not met: at least one of these must hold: the order must ship to "US"; or the order subtotal must be at least $100.00.',
    );
  });
});

describe('static checks used by the validator', () => {
  it.each([
    [{ conditions: [{ type: 'hasSubscription', value: false }] }, true],
    [{ conditions: [{ type: 'hasSubscription', value: true }] }, false],
    [{ conditions: [] }, false],
    [
      {
        match: 'any',
        conditions: [
          { type: 'hasSubscription', value: false },
          { type: 'subtotal', minMinor: 1 },
        ],
      },
      false,
    ],
    [
      {
        conditions: [
          { type: 'subtotal', minMinor: 1 },
          { type: 'group', match: 'all', conditions: [{ type: 'hasSubscription', value: false }] },
        ],
      },
      true,
    ],
  ])('when targeting is %o, then it guarantees no subscription in the order: %s', (targeting, expected) => {
    expect(guaranteesNoSubscription(TargetingSchema.parse(targeting))).toBe(expected);
  });
});
