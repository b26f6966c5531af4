// Step 1 of the email flow: an order arrives (orders/create) -> is it eligible? -> what does the engine offer for the
// `email` surface? -> the decision is stored (with its trace) and, for an offer, an EmailOffer is created and its
// send job scheduled `delayMinutes` after the order. Each step is idempotent: one job per order (idempotency key),
// one decision per order and surface, one EmailOffer per order (unique keys), one send job per EmailOffer.
import { z } from 'zod';
import { isUniqueViolation, type Prisma } from '../db/client.js';
import { RetriableJobError } from '../jobs/errors.js';
import type { JsonValue } from '../jobs/types.js';
import type { Logger } from '../logger.js';
import { type Decision, decide, type TraceEntry } from '../offers/index.js';
import { readCustomerProfile } from '../post-purchase/index.js';
import type { EmailOrderNode } from '../shopify/graphql/EmailOrderQuery.js';
import type { TopicHandler } from '../webhooks/index.js';
import {
  adminOrRetry,
  DECIDE_JOB,
  type EmailFlowDeps,
  type EmailShop,
  engineInputs,
  fetchOrder,
  installedEmailShop,
  localeOf,
  noOfferDecision,
  postPurchaseAnswer,
  purchaseKeys,
  SEND_JOB,
  SURFACE,
} from './deps.js';
import { ineligibility } from './eligibility.js';
import type { OfferSnapshot } from './offer-snapshot.js';
import { customerSnapshotOf, orderSnapshotOf, snapshotOf } from './order-facts.js';

export const DecidePayloadSchema = z.object({
  shopDomain: z.string().min(1),
  orderId: z.string().regex(/^gid:\/\/shopify\/Order\/\d+$/),
  checkoutToken: z.string().min(1).max(255).nullable().default(null),
});
export type DecidePayload = z.output<typeof DecidePayloadSchema>;

interface OrderCreatedBody {
  id?: unknown;
  admin_graphql_api_id?: unknown;
  checkout_token?: unknown;
}

/**
 * orders/create: queues the decision for the order (no Shopify call here: the webhook is answered fast and a
 * retried or duplicated delivery finds the job already queued).
 */
export function emailOrderCreatedHandler(deps: EmailFlowDeps): TopicHandler {
  return async (event, log) => {
    if (!deps.transport) return;
    const body = (event.body ?? {}) as OrderCreatedBody;
    const legacyId = typeof body.id === 'number' || typeof body.id === 'string' ? String(body.id) : '';
    const orderId = typeof body.admin_graphql_api_id === 'string' ? body.admin_graphql_api_id : `gid://shopify/Order/${legacyId}`;
    if (!/^gid:\/\/shopify\/Order\/\d+$/.test(orderId)) {
      log.warn('orders/create without an order id; no email offer');
      return;
    }
    const checkoutToken = typeof body.checkout_token === 'string' && body.checkout_token.length <= 255 ? body.checkout_token : null;
    await deps.jobs.enqueue(
      DECIDE_JOB,
      { shopDomain: event.shop, orderId, checkoutToken },
      { idempotencyKey: `${DECIDE_JOB}:${event.shop}:${orderId}`, shopDomain: event.shop, maxAttempts: 10 },
    );
  };
}

async function recordSkip(deps: EmailFlowDeps, shop: EmailShop, orderId: string, locale: string, trace: TraceEntry[]): Promise<JsonValue> {
  const decision = noOfferDecision(orderId, deps.clock.now(), localeOf(locale, shop.primaryLocale), shop.currencyCode, trace);
  const stored = await deps.ledger.recordDecision(shop.id, decision);
  return { outcome: stored.decision.outcome, reasons: stored.decision.trace.map((entry) => entry.reason) };
}

/** What the funnel wants when products go out of stock before the email is sent (FunnelDefinition.whenOutOfStock). */
async function whenOutOfStockOf(deps: EmailFlowDeps, funnelId: string): Promise<OfferSnapshot['whenOutOfStock']> {
  const row = await deps.db.prisma.funnel.findUnique({ where: { id: funnelId }, select: { definition: true } });
  const value = (row?.definition as { whenOutOfStock?: unknown } | null)?.whenOutOfStock;
  return value === 'skip' ? 'skip' : 'send_remaining';
}

/** The engine's decision for an eligible order (the first stored one wins when two runs race). */
async function engineDecision(deps: EmailFlowDeps, shop: EmailShop, order: EmailOrderNode, keys: string[]): Promise<Decision | null> {
  const inputs = await engineInputs(deps, shop.id);
  if (!inputs) return null;
  const { catalog, funnels, settings } = inputs;
  const customerId = order.customer?.id ?? null;
  const [profile, ledger] = await Promise.all([
    customerId ? readCustomerProfile(deps.db, shop.id, customerId) : Promise.resolve(null),
    deps.ledger.factsFor({ shopId: shop.id, orderKey: order.id, relatedOrderKeys: keys, customerId, now: deps.clock.now(), settings }),
  ]);
  const decision = decide({
    surface: SURFACE,
    now: deps.clock.now(),
    order: orderSnapshotOf(order, catalog),
    customer: customerSnapshotOf(order, profile),
    locale: order.customerLocale ?? shop.primaryLocale,
    ledger,
    settings,
    catalog,
    funnels,
  });
  return (await deps.ledger.recordDecision(shop.id, decision, { customerId })).decision;
}

/** Creates the EmailOffer (or finds the one a concurrent run created) and queues its send job. */
async function schedule(deps: EmailFlowDeps, shop: EmailShop, order: EmailOrderNode, snapshot: OfferSnapshot): Promise<JsonValue> {
  const settings = await deps.emailSettings.get(shop.id);
  const now = deps.clock.now();
  const due = new Date(order.createdAt).getTime() + settings.delayMinutes * 60_000;
  const scheduledFor = new Date(Math.max(now.getTime(), Number.isFinite(due) ? due : now.getTime()));
  let offer: { id: string; scheduledFor: Date; status: string };
  try {
    offer = await deps.db.prisma.emailOffer.create({
      data: {
        shopId: shop.id,
        orderId: order.id,
        customerId: order.customer?.id ?? null,
        email: order.email ?? '',
        locale: snapshot.locale,
        status: 'scheduled',
        funnelId: snapshot.funnelId,
        stepId: snapshot.stepId,
        offer: snapshot as unknown as Prisma.InputJsonValue,
        scheduledFor,
        // Replaced at send time by sentAt + the window.
        expiresAt: new Date(scheduledFor.getTime() + settings.windowMinutes * 60_000),
      },
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    offer = await deps.db.prisma.emailOffer.findUniqueOrThrow({ where: { shopId_orderId: { shopId: shop.id, orderId: order.id } } });
  }
  await enqueueSend(deps, shop.domain, offer);
  return { outcome: 'offer', emailOfferId: offer.id, scheduledFor: offer.scheduledFor.toISOString() };
}

export async function enqueueSend(deps: Pick<EmailFlowDeps, 'jobs'>, shopDomain: string, offer: { id: string; scheduledFor: Date }) {
  await deps.jobs.enqueue(
    SEND_JOB,
    { emailOfferId: offer.id },
    { idempotencyKey: `${SEND_JOB}:${offer.id}`, shopDomain, runAt: offer.scheduledFor, maxAttempts: 12 },
  );
}

/** The decide job. */
export async function decideEmailOffer(deps: EmailFlowDeps, payload: DecidePayload, log: Logger): Promise<JsonValue> {
  const shop = await installedEmailShop(deps.db, { domain: payload.shopDomain });
  if (!shop) return { skipped: 'not_installed' };
  const existing = await deps.db.prisma.emailOffer.findUnique({ where: { shopId_orderId: { shopId: shop.id, orderId: payload.orderId } } });
  if (existing) {
    // A duplicate delivery, or a retry after a crash between the offer and its job: the job exists once.
    await enqueueSend(deps, shop.domain, existing);
    return { outcome: 'offer', emailOfferId: existing.id, duplicate: true };
  }
  const settings = await deps.emailSettings.get(shop.id);
  if (!settings.enabled) {
    return recordSkip(deps, shop, payload.orderId, shop.primaryLocale, ineligibilityDisabled());
  }
  const funnels = await deps.activeFunnels.get(shop.id, SURFACE);
  if (funnels && funnels.bySurface.email.length === 0) {
    // No Shopify call for a shop without email funnels.
    return recordSkip(deps, shop, payload.orderId, shop.primaryLocale, [
      { funnelId: null, outcome: 'dropped', reason: 'no_funnels_for_surface', message: 'The shop has no enabled email funnel.' },
    ]);
  }
  if (!(await deps.catalogFor(shop.id))) throw new RetriableJobError('The shop catalog is not loaded yet; deciding later.', 60_000);
  const order = await fetchOrder(await adminOrRetry(deps, shop.domain), payload.orderId);
  if (!order) return { skipped: 'order_not_found' };
  const keys = purchaseKeys(order.id, payload.checkoutToken);
  const reasons = ineligibility({ order, settings, postPurchase: await postPurchaseAnswer(deps, shop.id, keys), moment: 'order_created' });
  if (reasons.length > 0) return recordSkip(deps, shop, order.id, order.customerLocale ?? shop.primaryLocale, reasons);
  const decision = await engineDecision(deps, shop, order, keys);
  if (!decision) throw new RetriableJobError('The shop catalog is not loaded yet; deciding later.', 60_000);
  if (decision.outcome !== 'offer' || !decision.funnelId) return { outcome: decision.outcome };
  const snapshot = snapshotOf(decision, await whenOutOfStockOf(deps, decision.funnelId));
  if (!snapshot) {
    log.info({ orderId: order.id }, 'the offer has nothing an email can show; no email');
    return { outcome: 'offer', emailable: false };
  }
  const scheduled = await schedule(deps, shop, order, snapshot);
  log.info({ orderId: order.id, funnelId: snapshot.funnelId }, 'email offer scheduled');
  return scheduled;
}

function ineligibilityDisabled(): TraceEntry[] {
  return [{ funnelId: null, outcome: 'dropped', reason: 'email_disabled', message: 'Email offers are turned off in the email settings.' }];
}
