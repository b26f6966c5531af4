import type {
  SubscriptionDraftLineAddMutation as SubscriptionDraftLineAddData,
  SubscriptionDraftLineAddMutationVariables as SubscriptionDraftLineAddVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { SubscriptionDraftUserErrorFieldsFragment } from './SubscriptionDraftUserErrorFieldsFragment.js';

export type { SubscriptionDraftLineAddData, SubscriptionDraftLineAddVariables };

/** Adds a line to a draft (a contract's or one billing cycle's). */
export const SubscriptionDraftLineAddMutation = defineOperation(
  `#graphql
  mutation SubscriptionDraftLineAdd($draftId: ID!, $input: SubscriptionLineInput!) {
    subscriptionDraftLineAdd(draftId: $draftId, input: $input) {
      lineAdded { id }
      userErrors { ...SubscriptionDraftUserErrorFields }
    }
  }
`,
  [SubscriptionDraftUserErrorFieldsFragment],
);
