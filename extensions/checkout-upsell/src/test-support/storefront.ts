// Answers `shopify.query` by executing the extension's query against Shopify's real Storefront schema over
// fixture objects: the response has exactly the shape Shopify's schema gives that document (aliases, unions,
// nullability), and a document the schema rejects fails the test instead of passing against a hand-made mock.
import { type GraphQLFieldResolver, type GraphQLSchema, graphql } from 'graphql';
import { ensureSchemas, loadSchema } from '../../../../test/emulator/schema/fetch.js';
import { STOREFRONT_API_VERSION } from '../graphql/VariantSellingPlansQuery.js';

export async function storefrontSchema(): Promise<GraphQLSchema> {
  await ensureSchemas(STOREFRONT_API_VERSION);
  return loadSchema('storefront', STOREFRONT_API_VERSION);
}

export interface PlanFixture {
  id: string;
  name: string;
  recurringDeliveries?: boolean;
  /** Per unit, first phase. */
  price: string;
  compareAtPrice: string;
}

export interface VariantFixture {
  id: string;
  price: string;
  requiresSellingPlan?: boolean;
  plans: PlanFixture[];
}

const money = (amount: string) => ({ amount, currencyCode: 'EUR' });

function variantNode(fixture: VariantFixture) {
  return {
    __typename: 'ProductVariant',
    id: fixture.id,
    price: money(fixture.price),
    product: { __typename: 'Product', requiresSellingPlan: fixture.requiresSellingPlan ?? false },
    sellingPlanAllocations: {
      nodes: fixture.plans.map((plan) => ({
        sellingPlan: {
          id: plan.id,
          name: plan.name,
          recurringDeliveries: plan.recurringDeliveries ?? true,
          priceAdjustments: [],
        },
        priceAdjustments: [
          { price: money(plan.price), compareAtPrice: money(plan.compareAtPrice), perDeliveryPrice: money(plan.price), unitPrice: null },
        ],
      })),
    },
  };
}

/**
 * A `shopify.query` implementation over the given variants. `broken` variants make the resolver throw, which
 * the real executor turns into a GraphQL error response, like a Storefront API failure.
 */
export function storefrontQuery(schema: GraphQLSchema, variants: VariantFixture[], broken: string[] = []) {
  const byId = new Map(variants.map((variant) => [variant.id, variantNode(variant)]));
  const fieldResolver: GraphQLFieldResolver<unknown, unknown, Record<string, unknown>> = (source, args, _context, info) => {
    if (info.parentType === schema.getQueryType() && info.fieldName === 'node') {
      const id = String(args.id);
      if (broken.includes(id)) throw new Error('Internal error. Looks like something went wrong on our end.');
      return byId.get(id) ?? null;
    }
    return (source as Record<string, unknown>)[info.fieldName];
  };
  // Generic in Data like `shopify.query` itself.
  return async <Data = unknown>(query: string, options?: { variables?: Record<string, unknown>; version?: string }) => {
    const result = await graphql({
      schema,
      source: query,
      variableValues: options?.variables ?? {},
      fieldResolver,
      typeResolver: (value) => (value as { __typename: string }).__typename,
    });
    // Plain JSON, as it would arrive over the wire.
    return JSON.parse(JSON.stringify(result)) as { data?: Data; errors?: unknown[] };
  };
}
