// Post-purchase one-click funnels: purchase-token verification, the offer / sign / events endpoints, and the
// webhook topics this feature consumes. See README.md.
import type { AppContext } from '../context.js';
import type { JobHandlers } from '../jobs/types.js';
import type { TopicHandlers } from '../webhooks/index.js';
import { type CustomerProfileDeps, customerProfileJobHandlers, customerProfileOrderHandler } from './customer-profiles.js';

export { buildChange, type ChangesetSigner, createChangesetSigner, type SignedChangeset } from './changeset.js';
export { CUSTOMER_PROFILE_REFRESH_JOB, customerProfileOrderHandler, readCustomerProfile } from './customer-profiles.js';
export { funnelView } from './funnel-view.js';
export { type PostPurchaseCollaborators, postPurchaseDeps, postPurchaseRouter } from './routes.js';
export { createPostPurchaseService, type PostPurchaseDeps, PostPurchaseRefusedError, type PostPurchaseService } from './service.js';
export { freeSubscriptionShipping, type SubscriptionShippingPolicy, type SubscriptionShippingQuery } from './subscription-shipping.js';
export {
  createPurchaseTokenVerifier,
  InvalidPurchaseTokenError,
  MAX_PURCHASE_TOKEN_AGE_SECONDS,
  type PurchaseClaims,
  type PurchaseTokenVerifier,
} from './token.js';
export type * from './wire.js';

/**
 * Webhook topics of this feature (the contracts Shopify creates from an add_subscription are stored by
 * subscriptions/, with every other contract), for start.ts to merge into its TopicHandlers. `orders/create` may also be
 * wanted by other features: compose the handlers (run each) rather than letting one key overwrite another.
 */
export function postPurchaseTopicHandlers(ctx: Pick<AppContext, 'db' | 'adminFor' | 'jobs' | 'clock'>): TopicHandlers {
  return {
    'orders/create': customerProfileOrderHandler(profileDeps(ctx)),
  };
}

/** Background jobs of this feature, for start.ts to merge into its JobHandlers. */
export function postPurchaseJobHandlers(ctx: Pick<AppContext, 'db' | 'adminFor' | 'jobs' | 'clock'>): JobHandlers {
  return customerProfileJobHandlers(profileDeps(ctx));
}

function profileDeps(ctx: Pick<AppContext, 'db' | 'adminFor' | 'jobs' | 'clock'>): CustomerProfileDeps {
  return { db: ctx.db, jobs: ctx.jobs, clock: ctx.clock, adminFor: (shop) => ctx.adminFor(shop) };
}
