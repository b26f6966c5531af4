import type {
  OrderEditAddVariantMutation as OrderEditAddVariantData,
  OrderEditAddVariantMutationVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { StagedLineFieldsFragment } from './StagedLineFieldsFragment.js';
import { UserErrorFieldsFragment } from './UserErrorFieldsFragment.js';

export type { OrderEditAddVariantData };
export type OrderEditAddVariantVariables = OrderEditAddVariantMutationVariables;

/**
 * Stages the offered variant as a new line. `allowDuplicates: true`: the shopper may already have bought the same
 * variant, and the offer's discount and a later removal must touch only the added units, on their own line.
 */
export const OrderEditAddVariantMutation = defineOperation(
  `#graphql
  mutation OrderEditAddVariant($id: ID!, $variantId: ID!, $quantity: Int!) {
    orderEditAddVariant(id: $id, variantId: $variantId, quantity: $quantity, allowDuplicates: true) {
      calculatedLineItem { ...StagedLineFields }
      userErrors { ...UserErrorFields }
    }
  }
`,
  [StagedLineFieldsFragment, UserErrorFieldsFragment],
);
