// The email module's parts as start.ts and http/app.ts wire them: its collaborators from the app context, the
// webhook topic it consumes and its two jobs.
import type { AppContext } from '../context.js';
import { defineJobHandler } from '../jobs/define.js';
import type { JobHandlers } from '../jobs/types.js';
import { findShop } from '../shops/index.js';
import type { TopicHandlers } from '../webhooks/index.js';
import { DecidePayloadSchema, decideEmailOffer, emailOrderCreatedHandler } from './decide.js';
import { DECIDE_JOB, type EmailFlowDeps, SEND_JOB } from './deps.js';
import { createNoticeTemplateStore } from './notice-render.js';
import { createNoticeSender, type NoticeSender } from './notice-send.js';
import { SendPayloadSchema, sendEmailOffer } from './send.js';
import { createEmailSettingsStore } from './settings.js';
import { createTemplateStore } from './templates.js';
import { type EmailTransport, smtpTransport } from './transport.js';

export type EmailContext = Pick<
  AppContext,
  'db' | 'clock' | 'logger' | 'jobs' | 'ledger' | 'settings' | 'catalog' | 'funnels' | 'adminFor' | 'config'
>;

const transports = new WeakMap<object, EmailTransport | null>();

/** One SMTP transport per app config (SMTP_URL), null when it is not set. */
function transportFor(config: AppContext['config']): EmailTransport | null {
  if (!transports.has(config)) transports.set(config, config.smtpUrl ? smtpTransport(config.smtpUrl) : null);
  return transports.get(config) ?? null;
}

export function emailFlowDeps(ctx: EmailContext, overrides: { transport?: EmailTransport | null } = {}): EmailFlowDeps {
  return {
    db: ctx.db,
    clock: ctx.clock,
    logger: ctx.logger.child({ module: 'email' }),
    jobs: ctx.jobs,
    ledger: ctx.ledger,
    settings: ctx.settings,
    emailSettings: createEmailSettingsStore({ db: ctx.db, logger: ctx.logger }),
    templates: createTemplateStore(ctx.db),
    catalogFor: (shopId) => ctx.catalog.get(shopId),
    activeFunnels: ctx.funnels.activeFunnels,
    adminFor: (shop) => ctx.adminFor(shop),
    transport: overrides.transport !== undefined ? overrides.transport : transportFor(ctx.config),
    config: { appUrl: ctx.config.appUrl, apiSecret: ctx.config.apiSecret, emailFrom: ctx.config.emailFrom },
  };
}

/** What the notice sender needs of the app: the database, the clock and the SMTP configuration. */
export type NoticeContext = Pick<AppContext, 'db' | 'clock' | 'config' | 'logger'>;

/**
 * Sends notices (subscription emails) through this module's templates, languages, settings and SMTP transport (the
 * same transport as the offer email for the same config). `transport` replaces it (tests).
 */
export function emailNoticeSender(ctx: NoticeContext, overrides: { transport?: EmailTransport | null } = {}): NoticeSender {
  return createNoticeSender({
    db: ctx.db,
    clock: ctx.clock,
    emailSettings: createEmailSettingsStore({ db: ctx.db, logger: ctx.logger }),
    noticeTemplates: createNoticeTemplateStore(ctx.db),
    transport: overrides.transport !== undefined ? overrides.transport : transportFor(ctx.config),
    emailFrom: ctx.config.emailFrom,
  });
}

/** Webhook topics of this feature, for start.ts to compose with the others' (orders/create has several consumers). */
export function emailTopicHandlers(ctx: EmailContext): TopicHandlers {
  return { 'orders/create': emailOrderCreatedHandler(emailFlowDeps(ctx)) };
}

/**
 * What happens to an order after the email step, told to whoever follows it (the order-edit module: an offer's
 * window end, "safe to fulfil"). Called on every run of the jobs, so each hook must be idempotent.
 */
export interface EmailOfferLifecycle {
  /** The email went out: its offer window closes at `expiresAt`. */
  offerSent(offer: { id: string; shopDomain: string; expiresAt: Date }): Promise<void>;
  /** No email will go out for this order (not eligible, no offer, or dropped at the re-check). */
  noEmail(shop: { id: string; domain: string }, orderId: string): Promise<void>;
}

const NO_LIFECYCLE: EmailOfferLifecycle = { offerSent: async () => undefined, noEmail: async () => undefined };

/** The decide and send jobs. */
export function emailJobHandlers(
  ctx: EmailContext,
  overrides: { transport?: EmailTransport | null; lifecycle?: EmailOfferLifecycle } = {},
): JobHandlers {
  const deps = emailFlowDeps(ctx, overrides);
  const lifecycle = overrides.lifecycle ?? NO_LIFECYCLE;
  return {
    [DECIDE_JOB]: defineJobHandler(DecidePayloadSchema, async (payload, job) => {
      const result = await decideEmailOffer(deps, payload, job.logger.child({ shop: payload.shopDomain, orderId: payload.orderId }));
      const shop = await findShop(deps.db, { domain: payload.shopDomain });
      const offer =
        shop && (await deps.db.prisma.emailOffer.findUnique({ where: { shopId_orderId: { shopId: shop.id, orderId: payload.orderId } } }));
      if (shop && !offer) await lifecycle.noEmail(shop, payload.orderId);
      return result;
    }),
    [SEND_JOB]: defineJobHandler(SendPayloadSchema, async (payload, job) => {
      const result = await sendEmailOffer(deps, payload.emailOfferId, job.logger.child({ emailOfferId: payload.emailOfferId }));
      const offer = await deps.db.prisma.emailOffer.findUnique({ where: { id: payload.emailOfferId } });
      const shop = offer && (await findShop(deps.db, { id: offer.shopId }));
      if (offer && shop && offer.status === 'cancelled') await lifecycle.noEmail(shop, offer.orderId);
      else if (offer && shop && offer.sentAt)
        await lifecycle.offerSent({ id: offer.id, shopDomain: shop.domain, expiresAt: offer.expiresAt });
      return result;
    }),
  };
}
