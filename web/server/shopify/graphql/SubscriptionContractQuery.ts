import type {
  SubscriptionContractQuery as SubscriptionContractData,
  SubscriptionContractQueryVariables as SubscriptionContractVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { SubscriptionContractFieldsFragment } from './SubscriptionContractFieldsFragment.js';

export type { SubscriptionContractLineNode } from './SubscriptionContractFieldsFragment.js';
export type { SubscriptionContractData, SubscriptionContractVariables };

/** One contract with what renewals need: status, schedule, currency and the lines (a contract has few). */
export const SubscriptionContractQuery = defineOperation(
  `#graphql
  query SubscriptionContract($id: ID!) {
    subscriptionContract(id: $id) { ...SubscriptionContractFields }
  }
`,
  [SubscriptionContractFieldsFragment],
);
