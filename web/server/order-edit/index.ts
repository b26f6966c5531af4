// Email offers that edit the original order, from the click in the email to a paid (or cleanly removed) line: the
// public offer page, the accept (one order edit), payment, the window's end, "safe to fulfil". See README.md.
import type { AppContext } from '../context.js';
import type { EmailOfferLifecycle } from '../email/index.js';
import type { JobHandlers } from '../jobs/types.js';
import { subscriptionRouting } from '../subscriptions/index.js';
import type { TopicHandlers } from '../webhooks/index.js';
import { enqueueMarkReady, type OrderEditDeps } from './deps.js';
import { orderEditJobHandlers, scheduleOfferWindowEnd } from './jobs.js';
import { DEFAULT_LOCK, type LockOptions } from './lock.js';
import { createOfferPages, type OfferPages } from './offer-page.js';
import { createRepository } from './repository.js';
import { offerPageRouter, orderEditAdminRouter } from './routes.js';
import { readOrderEditSettings, writeOrderEditSettings } from './settings.js';
import { orderEditTopicHandlers } from './webhooks.js';

export { type AcceptOutcome, acceptOffer, type RefusalReason } from './accept.js';
export {
  ACCEPT_JOB,
  CLOSE_JOB,
  enqueueMarkReady,
  HOLD_UNTIL_READY_JOB,
  MARK_READY_JOB,
  MIN_PAY_WINDOW_MS,
  type OrderEditDeps,
  SETTLE_JOB,
  WINDOW_END_JOB,
} from './deps.js';
export { scheduleOfferWindowEnd } from './jobs.js';
export { DEFAULT_LOCK, type LockOptions } from './lock.js';
export type { OfferPages, PageAnswer } from './offer-page.js';
export { type EmailOfferSnapshot, readOfferSnapshot } from './offer-snapshot.local.js';
export { markReadyIfSettled, UNTIL_READY_HOLD_HANDLE } from './ready.js';
export { cartPermalink, type OfferRouting, ROUTES, type Route, type RouteOutcome } from './route-accept.js';
export { DEFAULT_ORDER_EDIT_SETTINGS, type OrderEditSettings, OrderEditSettingsSchema } from './settings.js';
export { closeWindow, settleIfPaid } from './settle.js';

export type OrderEditContext = Pick<AppContext, 'db' | 'clock' | 'logger' | 'ledger' | 'jobs' | 'adminFor' | 'config'>;

export interface OrderEditModule {
  deps: OrderEditDeps;
  pages: OfferPages;
  topicHandlers: TopicHandlers;
  jobHandlers: JobHandlers;
  /** GET/POST /offers/email/:token — mount at /offers/email. */
  offerPageRouter(): ReturnType<typeof offerPageRouter>;
  /** GET/PUT /order-edit/settings — mount under /api/admin, after session-token auth. */
  adminRouter(): ReturnType<typeof orderEditAdminRouter>;
}

export function createOrderEditModule(ctx: OrderEditContext, options: { lock?: LockOptions } = {}): OrderEditModule {
  const deps: OrderEditDeps = {
    db: ctx.db,
    clock: ctx.clock,
    logger: ctx.logger.child({ module: 'order-edit' }),
    ledger: ctx.ledger,
    jobs: ctx.jobs,
    adminFor: (shop) => ctx.adminFor(shop),
    repo: createRepository(ctx.db, ctx.clock),
    lock: options.lock ?? DEFAULT_LOCK,
    routing: subscriptionRouting(ctx),
  };
  const pages = createOfferPages({ ...deps, secret: ctx.config.apiSecret });
  return {
    deps,
    pages,
    topicHandlers: orderEditTopicHandlers(deps),
    jobHandlers: orderEditJobHandlers(deps),
    offerPageRouter: () => offerPageRouter(pages, ctx.config.appUrl),
    adminRouter: () =>
      orderEditAdminRouter({
        read: (shopId) => readOrderEditSettings(ctx.db, shopId),
        write: (shopId, input) => writeOrderEditSettings(ctx.db, shopId, input),
      }),
  };
}

/**
 * What the email module tells this one: a sent offer's window end is scheduled (an offer nobody accepts then
 * expires), and an order that gets no email may become ready to fulfil at once.
 */
export function emailOfferLifecycle(deps: Pick<OrderEditDeps, 'jobs'>): EmailOfferLifecycle {
  return {
    offerSent: (offer) => scheduleOfferWindowEnd(deps, offer),
    noEmail: (shop, orderId) => enqueueMarkReady(deps, shop, orderId, 'no-email'),
  };
}
