// Access scopes on root fields, so an app that forgets a scope in shopify.app.toml fails here as it would on
// Shopify: "Access denied for products field. Required access: `read_products` access scope." with
// extensions {code: "ACCESS_DENIED", documentation, requiredAccess}. A write scope implies its read scope.
// Only the fields the emulator serves are listed; the scope per field follows Shopify's API reference
// ("Requires `read_locales` access scope or `read_markets_home` access scope." on shopLocales, and so on).
// test/app-scopes.test.ts reads these tables to check that shopify.app.toml asks for exactly what the app's
// operations and webhook topics need.
import { EmulatorGraphqlError } from './errors.js';

/** Root fields any installed app may read or call without a scope of its own. */
export const UNSCOPED_ROOT_FIELDS: ReadonlySet<string> = new Set([
  'shop',
  'currentAppInstallation',
  // Needs the owner's scope, except for app-owned metafields ($app namespace on the app installation), the only
  // kind Encore writes.
  'metafieldsSet',
]);

export const QUERY_SCOPES: Readonly<Record<string, readonly string[]>> = {
  shopLocales: ['read_locales', 'read_markets_home'],
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
  subscriptionBillingCycle: ['read_own_subscription_contracts'],
  codeDiscountNode: ['read_discounts'],
  codeDiscountNodeByCode: ['read_discounts'],
  codeDiscountNodes: ['read_discounts'],
  customerPaymentMethod: ['read_customer_payment_methods'],
};

export const MUTATION_SCOPES: Readonly<Record<string, readonly string[]>> = {
  productUpdate: ['write_products'],
  sellingPlanGroupCreate: ['write_products'],
  sellingPlanGroupUpdate: ['write_products'],
  sellingPlanGroupAddProducts: ['write_products'],
  sellingPlanGroupAddProductVariants: ['write_products'],
  sellingPlanGroupRemoveProducts: ['write_products'],
  sellingPlanGroupRemoveProductVariants: ['write_products'],
  sellingPlanGroupDelete: ['write_products'],
  // "Requires `write_customers` access scope." (shopify.dev, customerPaymentMethodSendUpdateEmail)
  customerPaymentMethodSendUpdateEmail: ['write_customers'],
  orderInvoiceSend: ['write_orders'],
  orderMarkAsPaid: ['write_orders'],
  orderEditBegin: ['write_order_edits'],
  orderEditAddVariant: ['write_order_edits'],
  orderEditAddLineItemDiscount: ['write_order_edits'],
  orderEditSetQuantity: ['write_order_edits'],
  orderEditCommit: ['write_order_edits'],
  tagsAdd: ['write_orders', 'write_products', 'write_customers'],
  tagsRemove: ['write_orders', 'write_products', 'write_customers'],
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
  subscriptionBillingCycleContractEdit: ['write_own_subscription_contracts'],
  subscriptionBillingCycleContractDraftCommit: ['write_own_subscription_contracts'],
};

/**
 * The scope a webhook topic needs (Shopify refuses a subscription without it). Compliance topics and
 * app/uninstalled need none.
 */
export const WEBHOOK_TOPIC_SCOPES: Readonly<Record<string, readonly string[]>> = {
  'app/uninstalled': [],
  'customers/data_request': [],
  'customers/redact': [],
  'shop/redact': [],
  'products/create': ['read_products'],
  'products/update': ['read_products'],
  'products/delete': ['read_products'],
  'orders/create': ['read_orders'],
  'orders/paid': ['read_orders'],
  'orders/updated': ['read_orders'],
  'orders/edited': ['read_orders'],
  'refunds/create': ['read_orders'],
  'subscription_contracts/create': ['read_own_subscription_contracts'],
  'subscription_contracts/update': ['read_own_subscription_contracts'],
  'subscription_billing_attempts/success': ['read_own_subscription_contracts'],
  'subscription_billing_attempts/failure': ['read_own_subscription_contracts'],
  'subscription_billing_attempts/challenged': ['read_own_subscription_contracts'],
};

/** True when `scopes` grants `required` (a write scope implies its read scope). */
export function grants(scopes: ReadonlySet<string>, required: string): boolean {
  return satisfied(required, scopes);
}

function satisfied(required: string, scopes: ReadonlySet<string>): boolean {
  if (scopes.has(required)) return true;
  return required.startsWith('read_') && scopes.has(`write_${required.slice(5)}`);
}

export function accessDenied(rootType: string, fieldName: string, scopes: ReadonlySet<string>): EmulatorGraphqlError | null {
  const needed = (rootType === 'Mutation' ? MUTATION_SCOPES : QUERY_SCOPES)[fieldName];
  if (!needed || needed.some((scope) => satisfied(scope, scopes))) return null;
  const requiredAccess =
    needed.length === 1 ? `\`${needed[0]}\` access scope.` : `${needed.map((s) => `\`${s}\``).join(' or ')} access scope.`;
  return new EmulatorGraphqlError(`Access denied for ${fieldName} field. Required access: ${requiredAccess}`, {
    code: 'ACCESS_DENIED',
    documentation: 'https://shopify.dev/api/usage/access-scopes',
    requiredAccess,
  });
}
