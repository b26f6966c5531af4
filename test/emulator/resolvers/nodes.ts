// Global lookups by GID: QueryRoot.node / nodes and any field typed as an interface over records (Metafield.owner).

import { type Args, argString, argStrings, type ResolverContext, typed, typeNameOf } from '../graphql/resolver-kit.js';
import { parseGid } from '../store/ids.js';
import { orderReadable } from '../store/orders.js';
import type { OrderRecord } from '../store/records.js';
import type { ShopStore } from '../store/shop-store.js';

/** The record behind a GID, tagged with its GraphQL type, or null when this shop has no such object. */
export function findNode(store: ShopStore, id: string): object | null {
  const parsed = parseGid(id);
  if (!parsed) return null;
  const numeric = Number(parsed.id);
  const tag = <T extends object>(value: T | undefined, type: string): T | null => (value ? typed(value, type) : null);
  switch (parsed.type) {
    case 'Product':
      return tag(store.products.get(numeric), 'Product');
    case 'ProductVariant':
      return tag(store.variants.get(numeric), 'ProductVariant');
    case 'Collection':
      return tag(store.collections.get(numeric), 'Collection');
    case 'Customer':
      return tag(store.customers.get(numeric), 'Customer');
    case 'Order':
      return tag(store.orders.get(numeric), 'Order');
    case 'SellingPlanGroup':
      return tag(store.sellingPlanGroups.get(numeric), 'SellingPlanGroup');
    case 'SellingPlan':
      return tag(store.sellingPlans.get(numeric), 'SellingPlan');
    case 'SubscriptionContract':
      return tag(store.contracts.get(numeric), 'SubscriptionContract');
    case 'SubscriptionDraft':
      return tag(store.drafts.get(numeric), 'SubscriptionDraft');
    case 'SubscriptionBillingAttempt':
      return tag(store.billingAttempts.get(numeric), 'SubscriptionBillingAttempt');
    case 'FulfillmentOrder':
      return tag(store.fulfillmentOrders.get(numeric), 'FulfillmentOrder');
    case 'CalculatedOrder':
      return tag(store.calculatedOrders.get(numeric), 'CalculatedOrder');
    case 'CustomerPaymentMethod':
      return tag(store.paymentMethods.get(parsed.id), 'CustomerPaymentMethod');
    case 'DiscountCodeNode':
      return tag(store.discounts.get(numeric), 'DiscountCodeNode');
    case 'WebhookSubscription':
      return tag(store.webhookSubscriptions.get(numeric), 'WebhookSubscription');
    case 'Shop':
      return id === store.shopGid ? typed({ store }, 'Shop') : null;
    case 'AppInstallation':
      return id === store.appInstallationGid ? typed({ store }, 'AppInstallation') : null;
    default:
      return null;
  }
}

/** findNode, minus what this request may not read (an order outside the 60-day window without read_all_orders). */
function readableNode(ctx: ResolverContext, id: string): object | null {
  const found = findNode(ctx.store, id);
  if (found && typeNameOf(found) === 'Order' && !orderReadable(found as OrderRecord, ctx.store.now(), ctx.scopes)) return null;
  return found;
}

export const nodeResolvers = {
  QueryRoot: {
    node: (_s: unknown, args: Args, ctx: ResolverContext) => readableNode(ctx, argString(args, 'id') ?? ''),
    nodes: (_s: unknown, args: Args, ctx: ResolverContext) => argStrings(args, 'ids').map((id) => readableNode(ctx, id)),
  },
};
