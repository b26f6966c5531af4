// Subscriptions Encore sells, kept alive: selling plan groups, contracts (webhooks + reconciliation), renewal
// billing that never charges twice, dunning, reminders and the shopper's self-service page, and the merchant API.
// One instance per app context, so every job and route of a process shares each shop's Admin API budget.
import type { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { emailNoticeSender } from '../email/index.js';
import { defineJobHandler, type JobHandlers, RetriableJobError } from '../jobs/index.js';
import { shopifyJobError } from '../shopify/job-errors.js';
import type { TopicHandlers } from '../webhooks/index.js';
import { ACTION_NOTICE_JOB, PAYMENT_UPDATE_JOB, sendPaymentUpdateEmail } from './actions.js';
import { POLL_JOB, pollAttempt, renew } from './billing.js';
import { AdminBudget } from './budget.js';
import { CHALLENGE_EXPIRY_JOB, expireChallenge } from './challenge-expiry.js';
import { contractWebhookHandler, RECONCILE_JOB, reconcilePage, requestReconciliation } from './contracts.js';
import type { SubscriptionDeps } from './deps.js';
import { selfServiceRouter } from './manage-page.js';
import type { QueuedNoticeKind as QueuedKind } from './notices.js';
import { NOTICE_JOB, QUEUED_NOTICE_KINDS, sendActionNotice, sendQueuedNotice, sendRenewalReminder } from './notices.js';
import { emailNotifier, type SubscriptionNotifier } from './notifier.js';
import { attemptWebhookHandler } from './outcomes.js';
import { IMPORT_PLAN_GROUPS_JOB, importPlanGroupsPage } from './plan-import.js';
import { subscriptionsAdminRouter } from './routes.js';
import {
  type ContractOfferRequest,
  type ContractOfferResult,
  createContractForOffer,
  type NextShipmentRequest,
  type NextShipmentResult,
  routeIntoNextShipment,
} from './routing.js';
import { REMIND_JOB, RENEW_JOB } from './scheduling.js';

export { classifyFailure, type DunningPolicy, decideAfterFailure } from './dunning.js';
export { managePageUrl, SUBSCRIPTION_MANAGE_PURPOSE, signManageLink, verifyManageLink } from './manage-link.js';
export { emailNotifier, type SubscriptionNotice, type SubscriptionNotifier } from './notifier.js';
export {
  type ContractOfferRequest,
  type ContractOfferResult,
  type NextShipmentRequest,
  type NextShipmentResult,
  OFFER_LINE_MARKER,
} from './routing.js';
export {
  ACTION_NOTICE_JOB,
  CHALLENGE_EXPIRY_JOB,
  IMPORT_PLAN_GROUPS_JOB,
  NOTICE_JOB,
  PAYMENT_UPDATE_JOB,
  POLL_JOB,
  RECONCILE_JOB,
  REMIND_JOB,
  RENEW_JOB,
  requestReconciliation,
};

export interface SubscriptionsModule {
  deps: SubscriptionDeps;
  /** Replaces how notices are sent (default: the email module's templates and SMTP; a test's recorder). */
  useNotifier(notifier: SubscriptionNotifier): void;
  /** Test seam: runs after Shopify accepted a billing attempt and before Encore records it. */
  onAttemptCreated(hook: ((contractId: string) => Promise<void>) | undefined): void;
}

type SubscriptionContext = Pick<AppContext, 'db' | 'clock' | 'logger' | 'jobs' | 'ledger' | 'config' | 'adminFor'>;
const instances = new WeakMap<object, SubscriptionsModule>();

export function subscriptionsFor(ctx: SubscriptionContext): SubscriptionsModule {
  const existing = instances.get(ctx);
  if (existing) return existing;
  const deps: SubscriptionDeps = {
    db: ctx.db,
    clock: ctx.clock,
    logger: ctx.logger.child({ component: 'subscriptions' }),
    jobs: ctx.jobs,
    ledger: ctx.ledger,
    adminFor: (shop) => ctx.adminFor(shop),
    budget: new AdminBudget(),
    notifier: emailNotifier(emailNoticeSender(ctx)),
    appUrl: ctx.config.appUrl,
    linkSecret: ctx.config.apiSecret,
  };
  const module: SubscriptionsModule = {
    deps,
    useNotifier: (notifier) => {
      deps.notifier = notifier;
    },
    onAttemptCreated: (hook) => {
      if (hook) deps.afterBillingAttemptCreated = hook;
      else delete deps.afterBillingAttemptCreated;
    },
  };
  instances.set(ctx, module);
  return module;
}

export function subscriptionTopicHandlers(ctx: SubscriptionContext): TopicHandlers {
  const { deps } = subscriptionsFor(ctx);
  const contracts = contractWebhookHandler(deps);
  return {
    'subscription_contracts/create': contracts,
    'subscription_contracts/update': contracts,
    'subscription_billing_attempts/success': attemptWebhookHandler(deps, 'success'),
    'subscription_billing_attempts/failure': attemptWebhookHandler(deps, 'failure'),
    'subscription_billing_attempts/challenged': attemptWebhookHandler(deps, 'challenged'),
  };
}

/** Shopify failures become job errors in one place; everything else is rethrown as it is. */
async function guarded<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw shopifyJobError(error);
  }
}

export function subscriptionJobHandlers(ctx: SubscriptionContext): JobHandlers {
  const { deps } = subscriptionsFor(ctx);
  const renewPayload = z.object({ contractId: z.string(), cycle: z.number().int(), attempt: z.number().int(), due: z.string() });
  return {
    [RENEW_JOB]: defineJobHandler(renewPayload, (payload, job) => guarded(async () => ({ ...(await renew(deps, payload, job.logger)) }))),
    [POLL_JOB]: defineJobHandler(z.object({ attemptId: z.string() }), (payload, job) =>
      guarded(() => pollAttempt(deps, payload.attemptId, job.logger)),
    ),
    [CHALLENGE_EXPIRY_JOB]: defineJobHandler(z.object({ attemptId: z.string() }), (payload, job) =>
      guarded(async () => ({ ...(await expireChallenge(deps, payload.attemptId, job.logger)) })),
    ),
    [REMIND_JOB]: defineJobHandler(z.object({ contractId: z.string(), cycle: z.number().int(), due: z.string() }), (payload, job) =>
      guarded(async () => ({ ...(await sendRenewalReminder(deps, payload, job.logger)) })),
    ),
    [ACTION_NOTICE_JOB]: defineJobHandler(
      z.object({ contractId: z.string(), cycle: z.number().int().optional(), actionUrl: z.string().nullable() }),
      (payload, job) => guarded(async () => ({ ...(await sendActionNotice(deps, payload, job.logger)) })),
    ),
    [NOTICE_JOB]: defineJobHandler(
      z.object({
        contractId: z.string(),
        cycle: z.number().int(),
        kind: z.enum(QUEUED_NOTICE_KINDS as [QueuedKind, ...QueuedKind[]]),
        cardUpdateRequested: z.boolean().optional(),
      }),
      (payload, job) => guarded(async () => ({ ...(await sendQueuedNotice(deps, payload, job.logger)) })),
    ),
    [PAYMENT_UPDATE_JOB]: defineJobHandler(z.object({ contractId: z.string(), cycle: z.number().int() }), (payload, job) =>
      guarded(async () => ({ ...(await sendPaymentUpdateEmail(deps, payload.contractId, job.logger)) })),
    ),
    [IMPORT_PLAN_GROUPS_JOB]: defineJobHandler(
      z.object({ shop: z.string(), after: z.string().nullable(), run: z.string() }),
      (payload, job) =>
        guarded(async () => {
          const page = await importPlanGroupsPage(deps, payload, job.logger);
          if (page.waitMs) throw new RetriableJobError(`waiting for ${payload.shop}'s Admin API budget`, page.waitMs);
          return { imported: page.imported, refreshed: page.refreshed, next: page.next };
        }),
    ),
    [RECONCILE_JOB]: defineJobHandler(z.object({ shop: z.string(), after: z.string().nullable(), run: z.string() }), (payload) =>
      guarded(async () => {
        const page = await reconcilePage(deps, payload);
        if (page.waitMs) throw new RetriableJobError(`waiting for ${payload.shop}'s Admin API budget`, page.waitMs);
        return { stored: page.stored, next: page.next };
      }),
    ),
  };
}

/** The merchant API (mount under /api/admin, after session-token auth). */
export function subscriptionsAdmin(ctx: SubscriptionContext): Router {
  return subscriptionsAdminRouter(subscriptionsFor(ctx).deps);
}

/** The shopper's self-service page (public; the signed link is the credential). */
export function subscriptionsSelfService(ctx: SubscriptionContext): Router {
  return selfServiceRouter(subscriptionsFor(ctx).deps);
}

/** Called when a shop installs: its contracts are read once, then every day. */
export async function onSubscriptionShopInstalled(ctx: SubscriptionContext, shopDomain: string): Promise<void> {
  await requestReconciliation(subscriptionsFor(ctx).deps, shopDomain);
}

/**
 * Smart routing for accepted email offers the original order can no longer take (issue 12, point 6): the item joins
 * the next billing cycle of the customer's ACTIVE contract, once; and a subscription offered by email becomes a
 * contract Encore creates (routing.ts). The order-edit module calls them.
 */
export function subscriptionRouting(ctx: SubscriptionContext): {
  routeIntoNextShipment(request: NextShipmentRequest): Promise<NextShipmentResult>;
  createContractForOffer(request: ContractOfferRequest): Promise<ContractOfferResult>;
} {
  const { deps } = subscriptionsFor(ctx);
  return {
    routeIntoNextShipment: (request) => routeIntoNextShipment(deps, request),
    createContractForOffer: (request) => createContractForOffer(deps, request),
  };
}
