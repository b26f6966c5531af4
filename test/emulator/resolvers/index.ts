// All resolvers, merged by GraphQL type name. Root fields missing here answer "emulator: QueryRoot.x not
// implemented" rather than null.
import type { ResolverMap, TypeResolvers } from '../graphql/resolver-kit.js';
import { billingCycleResolvers } from './billing-cycles.js';
import { customerResolvers } from './customers.js';
import { discountResolvers } from './discounts.js';
import { metafieldResolvers } from './metafields.js';
import { nodeResolvers } from './nodes.js';
import { orderEditResolvers } from './order-edit.js';
import { orderResolvers } from './orders.js';
import { productResolvers } from './products.js';
import { sellingPlanResolvers } from './selling-plans.js';
import { shopResolvers } from './shop.js';
import { subscriptionResolvers } from './subscriptions.js';
import { webhookSubscriptionResolvers } from './webhook-subscriptions.js';

type Group = Record<string, Record<string, unknown>>;

function merge(groups: Group[]): ResolverMap {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const group of groups) {
    for (const [typeName, fields] of Object.entries(group)) {
      merged[typeName] ??= {};
      const target = merged[typeName];
      for (const [field, resolver] of Object.entries(fields)) {
        if (field in target) throw new Error(`emulator: two resolvers for ${typeName}.${field}`);
        target[field] = resolver;
      }
    }
  }
  return merged as Record<string, TypeResolvers<never>>;
}

export const resolvers: ResolverMap = merge([
  shopResolvers,
  productResolvers,
  sellingPlanResolvers,
  customerResolvers,
  orderResolvers,
  orderEditResolvers,
  subscriptionResolvers,
  billingCycleResolvers,
  discountResolvers,
  metafieldResolvers,
  webhookSubscriptionResolvers,
  nodeResolvers,
] as unknown as Group[]);
