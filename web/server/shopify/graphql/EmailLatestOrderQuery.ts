import type {
  EmailLatestOrderQuery as EmailLatestOrderData,
  EmailLatestOrderQueryVariables as EmailLatestOrderVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';

export type { EmailLatestOrderData, EmailLatestOrderVariables };

/** The shop's most recent order, for a template preview on real data when the merchant names none. */
export const EmailLatestOrderQuery = defineOperation(`#graphql
  query EmailLatestOrder {
    orders(first: 1, sortKey: CREATED_AT, reverse: true) { nodes { id } }
  }
`);
