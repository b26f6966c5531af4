// Step 2 of the email flow, `delayMinutes` after the order: re-check the order (cancelled? fulfilled? edited? still
// editable?) and the stock, render the template and send - at most one email per order, whatever the retries.
//
// SMTP has no idempotency key, so the guarantee is "at most once", kept by writing first and sending second:
// 1. one transaction records the EmailMessage as `sending` (unique per EmailOffer) and moves the EmailOffer from
//    `scheduled` to `sent` (so the link works as soon as the email lands);
// 2. the message goes to SMTP;
// 3. the EmailMessage becomes `sent` with the server's answer.
// A failure the SMTP server answered before taking the data (connection refused, 4xx) undoes step 1 and the job
// retries. A 5xx marks it `failed`. A crash, or a lost answer after the data went, leaves `sending`: the next run
// (after SENDING_GRACE_MS) marks it `unconfirmed` and never sends again - the email most likely arrived, and a
// second one is the worse mistake. An `unconfirmed` email was at worst never delivered; the merchant sees it so.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isUniqueViolation, type Prisma } from '../db/client.js';
import { RetriableJobError, TerminalJobError } from '../jobs/errors.js';
import type { JsonValue } from '../jobs/types.js';
import type { Logger } from '../logger.js';
import type { TraceEntry } from '../offers/index.js';
import { type EmailProductStockData, EmailProductStockQuery } from '../shopify/graphql/EmailProductStockQuery.js';
import { shopifyJobError } from '../shopify/job-errors.js';
import {
  adminOrRetry,
  type EmailFlowDeps,
  type EmailShop,
  fetchOrder,
  installedEmailShop,
  postPurchaseAnswer,
  purchaseKeys,
} from './deps.js';
import { ineligibility } from './eligibility.js';
import { emailLedgerKeys } from './ledger-keys.js';
import { offerPageUrl, signOfferLink } from './offer-link.js';
import { type OfferSnapshot, parseOfferSnapshot } from './offer-snapshot.js';
import { type StockLevel, withStock } from './order-facts.js';
import { type EmailRenderInput, type RenderedEmail, renderEmail } from './render.js';
import type { EmailSettings } from './settings.js';
import { shippedTemplate } from './shipped-templates.js';
import { EmailSendError } from './transport.js';

export const SendPayloadSchema = z.object({ emailOfferId: z.string().min(1) });

/** Variants read per offered product (Shopify allows up to 2,048 per product; offers show far fewer). */
const STOCK_VARIANTS_READ = 100;

/** How long a `sending` record is taken for an attempt still under way before it is reconciled as unconfirmed. */
export const SENDING_GRACE_MS = 2 * 60_000;

type OfferRow = NonNullable<Awaited<ReturnType<EmailFlowDeps['db']['prisma']['emailOffer']['findUnique']>>>;
type MessageRow = NonNullable<Awaited<ReturnType<EmailFlowDeps['db']['prisma']['emailMessage']['findUnique']>>>;

async function cancel(deps: EmailFlowDeps, offer: OfferRow, reasons: TraceEntry[], log: Logger): Promise<JsonValue> {
  await deps.db.prisma.emailOffer.updateMany({
    where: { id: offer.id, status: 'scheduled' },
    data: { status: 'cancelled', sendOutcome: { reasons } as unknown as Prisma.InputJsonValue },
  });
  log.info({ emailOfferId: offer.id, reasons: reasons.map((r) => r.reason) }, 'email offer cancelled at send time');
  return { cancelled: reasons.map((r) => r.reason) };
}

/** Stock of the offered variants now: unlimited when untracked or sold when out of stock; absent when gone. */
async function stockOf(deps: EmailFlowDeps, shop: EmailShop, snapshot: OfferSnapshot): Promise<Map<string, StockLevel>> {
  const admin = await adminOrRetry(deps, shop.domain);
  const stock = new Map<string, StockLevel>();
  for (const productId of new Set(snapshot.products.map((product) => product.productId))) {
    let product: EmailProductStockData['product'];
    try {
      ({ product } = await admin.request(EmailProductStockQuery, { id: productId, first: STOCK_VARIANTS_READ }));
    } catch (error) {
      throw shopifyJobError(error);
    }
    if (product?.status !== 'ACTIVE') continue;
    for (const variant of product.variants.nodes) {
      const unlimited = variant.inventoryPolicy === 'CONTINUE' || !variant.inventoryItem.tracked;
      stock.set(variant.id, { available: unlimited ? null : Math.max(0, variant.inventoryQuantity ?? 0) });
    }
  }
  return stock;
}

/**
 * The frequency cap again at send time: two orders of one customer decided minutes apart were both under the cap
 * then (nothing was sent yet); whichever is sent second sees the first.
 */
async function frequencyCapped(deps: EmailFlowDeps, offer: OfferRow): Promise<TraceEntry | null> {
  if (!offer.customerId) return null;
  const { frequencyCap } = await deps.settings.get(offer.shopId);
  if (!frequencyCap) return null;
  const facts = await deps.ledger.factsFor({
    shopId: offer.shopId,
    orderKey: offer.orderId,
    customerId: offer.customerId,
    now: deps.clock.now(),
    settings: { frequencyCap },
  });
  const others = facts.recentImpressions.filter((impression) => impression.orderKey !== offer.orderId).length;
  if (others < frequencyCap.maxOffers) return null;
  const limit = `${frequencyCap.maxOffers} in ${frequencyCap.windowHours} hours`;
  const offers = `${others} offer${others === 1 ? '' : 's'}`;
  const message = `The customer was shown ${offers} since this email was scheduled (the limit is ${limit}).`;
  return { funnelId: null, outcome: 'dropped', reason: 'frequency_capped', message };
}

/** The re-check: the reasons not to send now, and the snapshot with what went out of stock dropped. */
async function recheck(
  deps: EmailFlowDeps,
  shop: EmailShop,
  offer: OfferRow,
  snapshot: OfferSnapshot,
  settings: EmailSettings,
): Promise<{ reasons: TraceEntry[]; snapshot: OfferSnapshot | null; firstName: string | null; orderName: string }> {
  const order = await fetchOrder(await adminOrRetry(deps, shop.domain), offer.orderId);
  if (!order) {
    const gone: TraceEntry = { funnelId: null, outcome: 'dropped', reason: 'order_cancelled', message: 'Shopify no longer has the order.' };
    return { reasons: [gone], snapshot: null, firstName: null, orderName: '' };
  }
  const postPurchase = await postPurchaseAnswer(deps, shop.id, purchaseKeys(order.id, null));
  const reasons = ineligibility({ order, settings, postPurchase, moment: 'before_send' });
  const capped = await frequencyCapped(deps, offer);
  if (capped) reasons.push(capped);
  if (reasons.length > 0) return { reasons, snapshot: null, firstName: null, orderName: order.name };
  const { snapshot: fresh, dropped } = withStock(snapshot, await stockOf(deps, shop, snapshot));
  if (!fresh || (dropped.length > 0 && snapshot.whenOutOfStock === 'skip')) {
    const message = fresh
      ? `Went out of stock since the order: ${dropped.join(', ')}; the funnel sends no email then.`
      : 'Every offered product went out of stock since the order.';
    return {
      reasons: [{ funnelId: snapshot.funnelId, outcome: 'dropped', reason: 'all_out_of_stock', message }],
      snapshot: null,
      firstName: null,
      orderName: order.name,
    };
  }
  return { reasons: [], snapshot: fresh, firstName: order.customer?.firstName ?? null, orderName: order.name };
}

export function renderInputFor(
  deps: Pick<EmailFlowDeps, 'config'>,
  shop: EmailShop,
  settings: EmailSettings,
  parts: { snapshot: OfferSnapshot; emailOfferId: string; expiresAt: Date; firstName: string | null; orderId: string; orderName: string },
): EmailRenderInput {
  const token = signOfferLink({ shop: shop.domain, emailOfferId: parts.emailOfferId, expiresAt: parts.expiresAt }, deps.config.apiSecret);
  return {
    snapshot: parts.snapshot,
    shop: { name: shop.name, logoUrl: settings.brand.logoUrl, colors: settings.brand },
    customer: { firstName: parts.firstName },
    order: { id: parts.orderId, name: parts.orderName },
    offerUrl: offerPageUrl(deps.config.appUrl, token),
    windowMinutes: settings.windowMinutes,
  };
}

/** The shop's template for the locale; if it fails to render (it was checked when saved), the shipped one. */
export async function renderForShop(deps: EmailFlowDeps, shopId: string, input: EmailRenderInput, log: Logger): Promise<RenderedEmail> {
  const template = await deps.templates.get(shopId, input.snapshot.locale);
  const rendered = await renderEmail(template, input);
  if (rendered.ok) return rendered.email;
  log.error({ part: rendered.part, problem: rendered.problem }, 'saved email template failed to render; sending the shipped one');
  const fallback = await renderEmail(shippedTemplate(input.snapshot.locale), input);
  if (!fallback.ok)
    throw new TerminalJobError(`The shipped ${input.snapshot.locale} template failed to render: ${fallback.problem.message}`);
  return fallback.email;
}

/** A previous attempt left a record: finish its bookkeeping, never send again. */
async function reconcile(deps: EmailFlowDeps, offer: OfferRow, message: MessageRow, log: Logger): Promise<JsonValue> {
  if (message.status !== 'sending') return { already: message.status };
  const age = deps.clock.now().getTime() - message.sendingAt.getTime();
  if (age < SENDING_GRACE_MS) throw new RetriableJobError('An attempt to send this email may still be under way.', SENDING_GRACE_MS - age);
  await deps.db.prisma.emailMessage.updateMany({
    where: { id: message.id, status: 'sending' },
    data: { status: 'unconfirmed', error: 'The attempt ended before the SMTP server confirmed the message; not sent again.' },
  });
  await recordShown(deps, offer, { messageId: message.messageId, unconfirmed: true }, message.sendingAt);
  log.warn({ emailOfferId: offer.id, messageId: message.messageId }, 'email send not confirmed by SMTP; not sending again');
  return { unconfirmed: true };
}

async function recordShown(deps: EmailFlowDeps, offer: OfferRow, detail: Record<string, JsonValue>, at: Date): Promise<void> {
  const snapshot = parseOfferSnapshot(offer.offer);
  await deps.ledger.recordEvent({
    shopId: offer.shopId,
    orderKey: offer.orderId,
    customerId: offer.customerId,
    surface: 'email',
    kind: 'shown',
    funnelId: offer.funnelId,
    stepId: offer.stepId,
    offerId: snapshot?.offerId ?? null,
    arm: snapshot?.arm ?? null,
    idempotencyKey: emailLedgerKeys.sent(offer.orderId),
    detail: { emailOfferId: offer.id, ...detail },
    occurredAt: at,
  });
}

/** Step 1 of the protocol: the `sending` record and the offer's window, in one transaction; false if another attempt has it. */
async function claim(
  deps: EmailFlowDeps,
  offer: OfferRow,
  email: RenderedEmail,
  from: string,
  fields: { snapshot: OfferSnapshot; messageId: string; now: Date; expiresAt: Date },
) {
  try {
    return await deps.db.prisma.$transaction(async (tx) => {
      const moved = await tx.emailOffer.updateMany({
        where: { id: offer.id, status: 'scheduled' },
        data: {
          status: 'sent',
          sentAt: fields.now,
          expiresAt: fields.expiresAt,
          offer: fields.snapshot as unknown as Prisma.InputJsonValue,
        },
      });
      if (moved.count !== 1) throw new ClaimLost();
      return tx.emailMessage.create({
        data: {
          shopId: offer.shopId,
          emailOfferId: offer.id,
          orderId: offer.orderId,
          to: offer.email,
          from,
          subject: email.subject,
          preheader: email.preheader,
          html: email.html,
          text: email.text,
          locale: email.locale,
          messageId: fields.messageId,
          status: 'sending',
          sendingAt: fields.now,
        },
      });
    });
  } catch (error) {
    if (error instanceof ClaimLost || isUniqueViolation(error)) return null;
    throw error;
  }
}

class ClaimLost extends Error {}

/** Steps 2 and 3: SMTP, then the record of what it answered. */
async function deliver(
  deps: EmailFlowDeps,
  offer: OfferRow,
  message: MessageRow,
  settings: EmailSettings,
  shop: EmailShop,
  log: Logger,
): Promise<JsonValue> {
  const transport = deps.transport!;
  try {
    const sent = await transport.send({
      from: { name: settings.senderName ?? shop.name, address: deps.config.emailFrom! },
      to: message.to,
      replyTo: settings.replyTo,
      subject: message.subject,
      html: message.html,
      text: message.text,
      messageId: message.messageId,
      headers: { 'X-Encore-Email-Offer': offer.id },
    });
    await deps.db.prisma.emailMessage.update({
      where: { id: message.id },
      data: { status: 'sent', sentAt: message.sendingAt, smtpResponse: sent.response.slice(0, 500) },
    });
    await recordShown(deps, { ...offer, status: 'sent' }, { messageId: message.messageId }, message.sendingAt);
    log.info({ emailOfferId: offer.id, messageId: message.messageId }, 'email offer sent');
    return { sent: true, messageId: message.messageId };
  } catch (error) {
    if (!(error instanceof EmailSendError) || error.kind === 'unknown')
      throw error instanceof EmailSendError ? new RetriableJobError(error.message, SENDING_GRACE_MS) : error;
    if (error.kind === 'rejected') {
      await deps.db.prisma.$transaction([
        deps.db.prisma.emailMessage.update({ where: { id: message.id }, data: { status: 'failed', error: error.message } }),
        deps.db.prisma.emailOffer.update({ where: { id: offer.id }, data: { status: 'failed', sendOutcome: { smtp: error.message } } }),
      ]);
      log.warn({ emailOfferId: offer.id, code: error.responseCode }, 'SMTP refused the email offer for good');
      return { failed: error.message };
    }
    // Not accepted: undo the claim, so the retry starts afresh.
    await deps.db.prisma.$transaction([
      deps.db.prisma.emailMessage.delete({ where: { id: message.id } }),
      deps.db.prisma.emailOffer.update({ where: { id: offer.id }, data: { status: 'scheduled', sentAt: null } }),
    ]);
    throw new RetriableJobError(`SMTP did not accept the email: ${error.message}`);
  }
}

/** The send job. */
export async function sendEmailOffer(deps: EmailFlowDeps, emailOfferId: string, log: Logger): Promise<JsonValue> {
  const offer = await deps.db.prisma.emailOffer.findUnique({ where: { id: emailOfferId } });
  if (!offer) return { skipped: 'no_offer' };
  const previous = await deps.db.prisma.emailMessage.findUnique({ where: { emailOfferId } });
  if (previous) return reconcile(deps, offer, previous, log);
  if (offer.status !== 'scheduled') return { skipped: offer.status };
  const shop = await installedEmailShop(deps.db, { id: offer.shopId });
  if (!shop)
    return cancel(
      deps,
      offer,
      [{ funnelId: null, outcome: 'dropped', reason: 'email_disabled', message: 'The app was uninstalled.' }],
      log,
    );
  if (!deps.transport || !deps.config.emailFrom)
    throw new RetriableJobError('SMTP_URL and EMAIL_FROM are not set; the email waits.', 10 * 60_000);
  const snapshot = parseOfferSnapshot(offer.offer);
  if (!snapshot) throw new TerminalJobError(`EmailOffer ${offer.id} holds no readable offer snapshot.`);
  const settings = await deps.emailSettings.get(shop.id);
  const checked = await recheck(deps, shop, offer, snapshot, settings);
  if (!checked.snapshot) return cancel(deps, offer, checked.reasons, log);

  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + settings.windowMinutes * 60_000);
  const input = renderInputFor(deps, shop, settings, {
    ...checked,
    snapshot: checked.snapshot,
    emailOfferId: offer.id,
    expiresAt,
    orderId: offer.orderId,
  });
  const email = await renderForShop(deps, shop.id, input, log);
  const messageId = `<${offer.id}.${randomUUID().slice(0, 8)}@${deps.config.emailFrom.split('@')[1] ?? 'encore.invalid'}>`;
  const from = `${settings.senderName ?? shop.name} <${deps.config.emailFrom}>`;
  const message = await claim(deps, offer, email, from, { snapshot: checked.snapshot, messageId, now, expiresAt });
  if (!message) {
    const current = await deps.db.prisma.emailMessage.findUnique({ where: { emailOfferId } });
    return current ? reconcile(deps, offer, current, log) : { skipped: 'claimed_elsewhere' };
  }
  return deliver(deps, offer, message, settings, shop, log);
}
