import { AttributeFieldsFragment } from './AttributeFieldsFragment.js';
import type { SubscriptionBillingCycleFieldsFragment as Fields } from './generated/admin.generated.js';
import { defineFragment } from './operation.js';

export type SubscriptionBillingCycleFields = Fields;

/**
 * One billing cycle of a contract: its index, when it is billed, whether it was billed already, and, once edited,
 * its own lines (the `editedContract`; the contract's lines are unchanged by a cycle edit). The custom attributes
 * let Encore recognise a line it added before (an accept retried after a crash).
 */
export const SubscriptionBillingCycleFieldsFragment = defineFragment(
  `#graphql
  fragment SubscriptionBillingCycleFields on SubscriptionBillingCycle {
    cycleIndex
    billingAttemptExpectedDate
    status
    skipped
    edited
    editedContract {
      lines(first: 50) { nodes { id variantId quantity customAttributes { ...AttributeFields } } }
    }
  }
`,
  [AttributeFieldsFragment],
);
