import { type GraphQLSchema, parse, validate } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSubscriptionChoice } from '../selling-plans.js';
import { storefrontQuery, storefrontSchema } from '../test-support/storefront.js';
import { VariantSellingPlansQuery } from './VariantSellingPlansQuery.js';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await storefrontSchema();
});

const variantId = 'gid://shopify/ProductVariant/101';

describe('VariantSellingPlansQuery', () => {
  it("when validated against Shopify's Storefront 2026-07 schema, then it has no errors", () => {
    expect(validate(schema, parse(VariantSellingPlansQuery)).map((error) => error.message)).toEqual([]);
  });

  it('when executed, then subscription plans come back with their savings, best first, and pre-orders are left out', async () => {
    const query = storefrontQuery(schema, [
      {
        id: variantId,
        price: '20.00',
        plans: [
          { id: 'gid://shopify/SellingPlan/1', name: 'Every month', price: '18.00', compareAtPrice: '20.00' },
          { id: 'gid://shopify/SellingPlan/2', name: 'Every 2 weeks', price: '17.00', compareAtPrice: '20.00' },
          { id: 'gid://shopify/SellingPlan/3', name: 'Pre-order', price: '20.00', compareAtPrice: '20.00', recurringDeliveries: false },
        ],
      },
    ]);
    const choice = await loadSubscriptionChoice(query, { variantId, country: 'FR', language: 'FR' });
    expect(choice).toEqual({
      requiresSellingPlan: false,
      plans: [
        { id: 'gid://shopify/SellingPlan/2', name: 'Every 2 weeks', perDeliveryAmount: 17, savingsPercent: 15 },
        { id: 'gid://shopify/SellingPlan/1', name: 'Every month', perDeliveryAmount: 18, savingsPercent: 10 },
      ],
    });
  });

  it('when the variant is unknown or the API answers with errors, then there is no choice', async () => {
    const query = storefrontQuery(schema, [], ['gid://shopify/ProductVariant/500']);
    expect(await loadSubscriptionChoice(query, { variantId })).toBeNull();
    expect(await loadSubscriptionChoice(query, { variantId: 'gid://shopify/ProductVariant/500' })).toBeNull();
    expect(await loadSubscriptionChoice(query, { variantId: 'gid://shopify/ProductVariant/500', language: 'EN' })).toBeNull();
    expect(await loadSubscriptionChoice(async () => Promise.reject(new Error('offline')), { variantId })).toBeNull();
  });

  it('when the language is not a Storefront LanguageCode, then the refused query is asked again without it, plans come back', async () => {
    const query = storefrontQuery(schema, [
      {
        id: variantId,
        price: '20.00',
        plans: [{ id: 'gid://shopify/SellingPlan/1', name: 'Every month', price: '18.00', compareAtPrice: '20.00' }],
      },
    ]);
    // The real schema refuses the value itself: the whole query fails.
    expect((await query(VariantSellingPlansQuery, { variables: { variantId, language: 'EN_US' } })).errors).toEqual([
      expect.objectContaining({ message: expect.stringContaining('LanguageCode') }),
    ]);
    const choice = await loadSubscriptionChoice(query, { variantId, language: 'EN_US' });
    expect(choice?.plans.map((plan) => plan.name)).toEqual(['Every month']);
  });
});
