// Storefront API 2026-07, run with `shopify.query` (needs the api_access capability). Validated against
// Shopify's real Storefront schema in VariantSellingPlansQuery.test.ts.
// @inContext makes prices come in the buyer's market currency and plan names in the buyer's language.

export const STOREFRONT_API_VERSION = '2026-07';

export const VariantSellingPlansQuery = `#graphql
query VariantSellingPlans($variantId: ID!, $country: CountryCode, $language: LanguageCode)
@inContext(country: $country, language: $language) {
  node(id: $variantId) {
    ... on ProductVariant {
      product {
        requiresSellingPlan
      }
      sellingPlanAllocations(first: 10) {
        nodes {
          sellingPlan {
            id
            name
            recurringDeliveries
          }
          priceAdjustments {
            price {
              amount
            }
            compareAtPrice {
              amount
            }
            perDeliveryPrice {
              amount
            }
          }
        }
      }
    }
  }
}`;

// A type alias, not an interface, so it fits the `Record<string, unknown>` variables of `shopify.query`.
export type VariantSellingPlansVariables = {
  variantId: string;
  country?: string;
  language?: string;
};

/** `Decimal` scalars arrive as strings. */
interface Amount {
  amount: string;
}

export interface VariantSellingPlansData {
  /** `null` for an unknown id; `{}` if the id is not a variant. */
  node: {
    product?: { requiresSellingPlan: boolean };
    sellingPlanAllocations?: {
      nodes: Array<{
        sellingPlan: { id: string; name: string; recurringDeliveries: boolean };
        priceAdjustments: Array<{ price: Amount; compareAtPrice: Amount; perDeliveryPrice: Amount }>;
      }>;
    };
  } | null;
}
