import type {
  SubscriptionContractUpdateMutation as SubscriptionContractUpdateData,
  SubscriptionContractUpdateMutationVariables as SubscriptionContractUpdateVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { SubscriptionDraftUserErrorFieldsFragment } from './SubscriptionDraftUserErrorFieldsFragment.js';

export type { SubscriptionContractUpdateData, SubscriptionContractUpdateVariables };

/** Opens a draft of an existing contract: the first step of changing its terms (then draft update, then commit). */
export const SubscriptionContractUpdateMutation = defineOperation(
  `#graphql
  mutation SubscriptionContractUpdate($id: ID!) {
    subscriptionContractUpdate(contractId: $id) {
      draft { id }
      userErrors { ...SubscriptionDraftUserErrorFields }
    }
  }
`,
  [SubscriptionDraftUserErrorFieldsFragment],
);
