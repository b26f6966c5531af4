// Access scopes on root fields, so an app that forgets a scope in shopify.app.toml fails here as it would on
// Shopify: "Access denied for products field. Required access: `read_products` access scope." with
// extensions {code: "ACCESS_DENIED", documentation, requiredAccess}. A write scope implies its read scope.
// Only the fields the emulator serves are listed; the scope per field follows Shopify's API reference.
import { EmulatorGraphqlError } from './errors.js';

const QUERY_SCOPES: Record<string, string[]> = {
  product: ['read_products'],
  products: ['read_products'],
  productVariant: ['read_products'],
  productVariants: ['read_products'],
  collection: ['read_products'],
  collections: ['read_products'],
  sellingPlanGroup: ['read_products'],
  sellingPlanGroups: ['read_products'],
  order: ['read_orders'],
  orders: ['read_orders'],
  fulfillmentOrder: ['read_merchant_managed_fulfillment_orders', 'read_third_party_fulfillment_orders', 'read_orders'],
  customer: ['read_customers'],
  customers: ['read_customers'],
  subscriptionContract: ['read_own_subscription_contracts'],
  subscriptionContracts: ['read_own_subscription_contracts'],
  subscriptionBillingAttempt: ['read_own_subscription_contracts'],
  subscriptionBillingAttempts: ['read_own_subscription_contracts'],
  subscriptionDraft: ['read_own_subscription_contracts'],
  codeDiscountNode: ['read_discounts'],
  codeDiscountNodeByCode: ['read_discounts'],
  codeDiscountNodes: ['read_discounts'],
  customerPaymentMethod: ['read_customer_payment_methods'],
};

const MUTATION_SCOPES: Record<string, string[]> = {
  productUpdate: ['write_products'],
  sellingPlanGroupCreate: ['write_products'],
  sellingPlanGroupUpdate: ['write_products'],
  sellingPlanGroupAddProducts: ['write_products'],
  sellingPlanGroupAddProductVariants: ['write_products'],
  orderInvoiceSend: ['write_orders'],
  orderMarkAsPaid: ['write_orders'],
  orderEditBegin: ['write_order_edits'],
  orderEditAddVariant: ['write_order_edits'],
  orderEditAddLineItemDiscount: ['write_order_edits'],
  orderEditSetQuantity: ['write_order_edits'],
  orderEditCommit: ['write_order_edits'],
  fulfillmentOrderHold: ['write_merchant_managed_fulfillment_orders', 'write_third_party_fulfillment_orders'],
  fulfillmentOrderReleaseHold: ['write_merchant_managed_fulfillment_orders', 'write_third_party_fulfillment_orders'],
  discountCodeBasicCreate: ['write_discounts'],
  discountCodeDeactivate: ['write_discounts'],
  discountCodeDelete: ['write_discounts'],
  subscriptionContractAtomicCreate: ['write_own_subscription_contracts'],
  subscriptionContractCreate: ['write_own_subscription_contracts'],
  subscriptionContractUpdate: ['write_own_subscription_contracts'],
  subscriptionDraftUpdate: ['write_own_subscription_contracts'],
  subscriptionDraftLineAdd: ['write_own_subscription_contracts'],
  subscriptionDraftLineUpdate: ['write_own_subscription_contracts'],
  subscriptionDraftLineRemove: ['write_own_subscription_contracts'],
  subscriptionDraftCommit: ['write_own_subscription_contracts'],
  subscriptionContractPause: ['write_own_subscription_contracts'],
  subscriptionContractActivate: ['write_own_subscription_contracts'],
  subscriptionContractCancel: ['write_own_subscription_contracts'],
  subscriptionContractSetNextBillingDate: ['write_own_subscription_contracts'],
  subscriptionBillingAttemptCreate: ['write_own_subscription_contracts'],
};

function satisfied(required: string, scopes: ReadonlySet<string>): boolean {
  if (scopes.has(required)) return true;
  return required.startsWith('read_') && scopes.has(`write_${required.slice(5)}`);
}

export function accessDenied(rootType: string, fieldName: string, scopes: ReadonlySet<string>): EmulatorGraphqlError | null {
  const needed = (rootType === 'Mutation' ? MUTATION_SCOPES : QUERY_SCOPES)[fieldName];
  if (!needed || needed.some((scope) => satisfied(scope, scopes))) return null;
  const requiredAccess = needed.length === 1 ? `\`${needed[0]}\` access scope.` : `${needed.map((s) => `\`${s}\``).join(' or ')} access scope.`;
  return new EmulatorGraphqlError(`Access denied for ${fieldName} field. Required access: ${requiredAccess}`, {
    code: 'ACCESS_DENIED',
    documentation: 'https://shopify.dev/api/usage/access-scopes',
    requiredAccess,
  });
}
