import { defineOperation } from '../../shopify/graphql/operation.js';

export interface SubscriptionContractLineNode {
  id: string;
  productId: string | null;
  variantId: string | null;
  title: string;
  variantTitle: string | null;
  quantity: number;
  sellingPlanId: string | null;
  sellingPlanName: string | null;
  currentPrice: { amount: string; currencyCode: string };
}

export interface SubscriptionContractData {
  subscriptionContract: {
    id: string;
    status: 'ACTIVE' | 'PAUSED' | 'CANCELLED' | 'EXPIRED' | 'FAILED';
    currencyCode: string;
    nextBillingDate: string | null;
    updatedAt: string;
    lastPaymentStatus: string | null;
    billingPolicy: { interval: 'DAY' | 'WEEK' | 'MONTH' | 'YEAR'; intervalCount: number };
    customer: { id: string } | null;
    originOrder: { id: string } | null;
    lines: { nodes: SubscriptionContractLineNode[] };
  } | null;
}

export interface SubscriptionContractVariables {
  id: string;
}

/** One contract with what renewals need: status, schedule, currency and the lines (a contract has few). */
export const SubscriptionContractQuery = defineOperation<SubscriptionContractData, SubscriptionContractVariables>(`#graphql
  query SubscriptionContract($id: ID!) {
    subscriptionContract(id: $id) {
      id
      status
      currencyCode
      nextBillingDate
      updatedAt
      lastPaymentStatus
      billingPolicy { interval intervalCount }
      customer { id }
      originOrder { id }
      lines(first: 50) {
        nodes {
          id
          productId
          variantId
          title
          variantTitle
          quantity
          sellingPlanId
          sellingPlanName
          currentPrice { amount currencyCode }
        }
      }
    }
  }
`);
