// Webhook subscriptions created through the API (app-specific TOML subscriptions are emulator options instead).

import { ADMIN_API_VERSION } from '../../../web/server/shopify/api-version.js';
import {
  type Args,
  argObject,
  argString,
  argStrings,
  connectionArgs,
  pass,
  type ResolverContext,
  type TypeResolvers,
  userError,
} from '../graphql/resolver-kit.js';
import { connection } from '../store/connection.js';
import { gid, numericIdOf } from '../store/ids.js';
import type { WebhookSubscriptionRecord } from '../store/records.js';

// Resource names that contain underscores, longest first, so ORDERS_PAID -> orders/paid and
// SUBSCRIPTION_BILLING_ATTEMPTS_FAILURE -> subscription_billing_attempts/failure.
const RESOURCES = [
  'subscription_billing_cycle_edits',
  'subscription_billing_attempts',
  'subscription_billing_cycles',
  'subscription_contracts',
  'customer_payment_methods',
  'reverse_fulfillment_orders',
  'fulfillment_orders',
  'selling_plan_groups',
  'order_transactions',
  'app_subscriptions',
  'app_purchases_one_time',
  'inventory_levels',
  'inventory_items',
  'draft_orders',
  'customer_groups',
  'bulk_operations',
  'fulfillment_events',
];

export function topicFromEnum(value: string): string {
  const lower = value.toLowerCase();
  const resource = RESOURCES.find((r) => lower.startsWith(`${r}_`));
  if (resource) return `${resource}/${lower.slice(resource.length + 1)}`;
  const index = lower.indexOf('_');
  return index < 0 ? lower : `${lower.slice(0, index)}/${lower.slice(index + 1)}`;
}

export function enumFromTopic(topic: string): string {
  return topic.replace('/', '_').toUpperCase();
}

const WebhookSubscription: TypeResolvers<WebhookSubscriptionRecord> = {
  ...pass<WebhookSubscriptionRecord>('uri', 'format', 'includeFields', 'filter', 'name', 'createdAt', 'updatedAt'),
  id: (w) => gid('WebhookSubscription', w.id),
  legacyResourceId: (w) => String(w.id),
  topic: (w) => enumFromTopic(w.topic),
  callbackUrl: (w) => w.uri,
  endpoint: (w) => ({ __typename: 'WebhookHttpEndpoint', callbackUrl: w.uri }),
  apiVersion: () => ({ handle: ADMIN_API_VERSION, displayName: ADMIN_API_VERSION, supported: true }),
  metafieldNamespaces: () => [],
  metafields: () => [],
};

function validUri(uri: string): boolean {
  try {
    const url = new URL(uri);
    // Shopify requires HTTPS; the emulator also accepts http on loopback hosts so local tests can receive.
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));
  } catch {
    return false;
  }
}

export const webhookSubscriptionResolvers = {
  WebhookSubscription,
  QueryRoot: {
    webhookSubscription: (_s: unknown, args: Args, ctx: ResolverContext) =>
      ctx.store.webhookSubscriptions.get(numericIdOf(argString(args, 'id') ?? '', 'WebhookSubscription') ?? -1) ?? null,
    webhookSubscriptions: (_s: unknown, args: Args, ctx: ResolverContext) => {
      const topics = argStrings(args, 'topics').map(topicFromEnum);
      const uri = argString(args, 'uri') ?? argString(args, 'callbackUrl');
      const list = [...ctx.store.webhookSubscriptions.values()]
        .filter((w) => topics.length === 0 || topics.includes(w.topic))
        .filter((w) => !uri || w.uri === uri)
        .sort((a, b) => a.id - b.id);
      return connection(list, connectionArgs(args), (w) => w.id);
    },
  },
  Mutation: {
    webhookSubscriptionCreate: (_s: unknown, args: Args, ctx: ResolverContext) => {
      const topic = topicFromEnum(argString(args, 'topic') ?? '');
      const input = argObject(args, 'webhookSubscription') ?? {};
      const uri = argString(input, 'uri') ?? argString(input, 'callbackUrl') ?? '';
      if (!validUri(uri))
        return { webhookSubscription: null, userErrors: [userError(['webhookSubscription', 'callbackUrl'], 'Address is invalid')] };
      if ([...ctx.store.webhookSubscriptions.values()].some((w) => w.topic === topic && w.uri === uri)) {
        return {
          webhookSubscription: null,
          userErrors: [userError(['webhookSubscription', 'callbackUrl'], 'Address for this topic has already been taken')],
        };
      }
      const at = ctx.store.nowIso();
      const record: WebhookSubscriptionRecord = {
        id: ctx.store.newId(),
        topic,
        uri,
        format: (argString(input, 'format') as 'JSON' | 'XML' | null) ?? 'JSON',
        includeFields: argStrings(input, 'includeFields'),
        filter: argString(input, 'filter'),
        name: argString(input, 'name'),
        createdAt: at,
        updatedAt: at,
      };
      ctx.store.webhookSubscriptions.set(record.id, record);
      return { webhookSubscription: record, userErrors: [] };
    },
    webhookSubscriptionDelete: (_s: unknown, args: Args, ctx: ResolverContext) => {
      const id = numericIdOf(argString(args, 'id') ?? '', 'WebhookSubscription');
      if (id === null || !ctx.store.webhookSubscriptions.delete(id))
        return { deletedWebhookSubscriptionId: null, userErrors: [userError(['id'], 'Webhook subscription does not exist')] };
      return { deletedWebhookSubscriptionId: gid('WebhookSubscription', id), userErrors: [] };
    },
  },
};
