// What the public offer page answers: the signed link checked, the offer's state read, a page model chosen and
// rendered. GET changes nothing but the ledger's "opened" (once per order); POST accepts. Every refusal is a page
// in the shopper's language with the status that says what happened, never an error dump.
import { emailLedgerKeys, verifyOfferLink } from '../email/index.js';
import { LOCALES, type Locale } from '../offers/index.js';
import { type AcceptOutcome, acceptOffer, type RefusalReason } from './accept.js';
import type { OrderEditDeps } from './deps.js';
import { issueFormNonce, verifyFormNonce } from './form-nonce.js';
import { localeFromAcceptLanguage, type PageMessages, say } from './messages.js';
import { type EmailOfferSnapshot, parseChoiceValue, readOfferSnapshot } from './offer-snapshot.local.js';
import { type MessageModel, messagesFor, type OfferFormModel, renderPage } from './page.js';
import type { EditRecord, OfferRecord } from './repository.js';
import { acceptSubscription, isSubscriptionChoice, type RouteOutcome, routeAccept, routeOf } from './route-accept.js';

export type PageAnswer = { kind: 'html'; status: number; html: string } | { kind: 'redirect'; location: string };

export interface RequestFacts {
  acceptLanguage: string | undefined;
  /** The page's own path (where the form posts and "back to the offer" links go). */
  path: string;
  /** The POST came from this site (Origin / Sec-Fetch-Site). */
  sameOrigin: boolean;
}

export interface AcceptForm {
  nonce?: unknown;
  variant?: unknown;
  quantity?: unknown;
}

export interface OfferPageDeps extends OrderEditDeps {
  /** The app secret: verifies offer links and signs form nonces. */
  secret: string;
}

type Resolved = { ok: true; offer: OfferRecord; locale: Locale; snapshot: EmailOfferSnapshot | null } | { ok: false; answer: PageAnswer };

const html = (status: number, model: MessageModel | OfferFormModel): PageAnswer => ({ kind: 'html', status, html: renderPage(model) });

function message(
  locale: Locale,
  status: number,
  title: string,
  body: string,
  link: MessageModel['link'] = null,
  refresh?: number,
): PageAnswer {
  return html(status, { kind: 'message', locale, title, body, link, ...(refresh ? { refreshSeconds: refresh } : {}) });
}

function localeOf(offer: OfferRecord, snapshot: EmailOfferSnapshot | null): Locale {
  const wanted = snapshot?.locale ?? offer.locale.toLowerCase().split('-')[0];
  return (LOCALES as readonly string[]).includes(wanted ?? '') ? (wanted as Locale) : 'en';
}

function refusalPage(locale: Locale, reason: RefusalReason, path: string): PageAnswer {
  const m = messagesFor(locale);
  const back = { href: path, text: m.backToOffer };
  switch (reason) {
    case 'expired':
      return message(locale, 410, m.expiredTitle, m.expiredBody);
    case 'gone':
      return message(locale, 410, m.goneTitle, m.goneBody);
    case 'order_cancelled':
      return message(locale, 410, m.orderChangedTitle, m.orderCancelledBody);
    case 'order_fulfilled':
      return message(locale, 410, m.orderChangedTitle, m.orderFulfilledBody);
    case 'not_editable':
      return message(locale, 409, m.orderChangedTitle, m.notEditableBody);
    case 'sold_out':
      return message(locale, 409, m.soldOutTitle, m.soldOutBody, back);
    case 'invalid_choice':
      return message(locale, 422, m.invalidChoiceTitle, m.invalidChoiceBody, back);
    case 'unavailable':
      return message(locale, 409, m.unavailableTitle, m.unavailableBody);
  }
}

function acceptedPage(locale: Locale, paymentUrl: string | null): PageAnswer {
  const m = messagesFor(locale);
  return message(locale, 200, m.acceptedTitle, m.acceptedBody, paymentUrl ? { href: paymentUrl, text: m.payNow, primary: true } : null);
}

/** The delivery date as the shopper reads it: a long date in the offer's language and the shop's time zone. */
function deliveryDateText(locale: Locale, date: Date, timeZone: string | null): string {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: timeZone ?? 'UTC' }).format(date);
  } catch {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
  }
}

/** Where an accept the order could not take went: the next delivery of the shopper's contract, or a checkout link. */
function routedPage(locale: Locale, outcome: RouteOutcome, offer: OfferRecord, path: string): PageAnswer {
  const m = messagesFor(locale);
  switch (outcome.kind) {
    case 'next_shipment':
      return message(
        locale,
        200,
        m.nextShipmentTitle,
        say(m.nextShipmentBody, { date: deliveryDateText(locale, outcome.deliveryDate, offer.shopTimezone) }),
      );
    case 'contract_created':
      return message(
        locale,
        200,
        m.subscribedTitle,
        say(m.subscribedBody, { date: deliveryDateText(locale, outcome.firstDelivery, offer.shopTimezone) }),
      );
    case 'checkout_link': {
      const [title, body] = outcome.subscription ? [m.subscribeCheckoutTitle, m.subscribeCheckoutBody] : [m.checkoutTitle, m.checkoutBody];
      return message(locale, 200, title, body, { href: outcome.url, text: m.checkoutButton, primary: true });
    }
    case 'busy':
      return processingPage(locale, 202, path);
    case 'unavailable':
      return message(locale, 503, m.unavailableTitle, m.unavailableBody, { href: path, text: m.backToOffer });
  }
}

function processingPage(locale: Locale, status: number, path: string): PageAnswer {
  const m = messagesFor(locale);
  return message(locale, status, m.processingTitle, m.processingBody, { href: path, text: m.backToOffer }, 5);
}

/** The page for an offer that is no longer open to a fresh accept, or null when it is. */
function stateAnswer(locale: Locale, offer: OfferRecord, edit: EditRecord | null, now: Date, path: string): PageAnswer | null {
  const m = messagesFor(locale);
  if (edit?.status === 'committed') return acceptedPage(locale, edit.paymentUrl);
  if (edit?.status === 'paid' || offer.status === 'paid') return message(locale, 200, m.paidTitle, m.paidBody);
  if (edit?.status === 'pending') return processingPage(locale, 200, path);
  if (edit?.status === 'removed' || ['removed', 'cancelled', 'failed'].includes(offer.status)) return refusalPage(locale, 'gone', path);
  if (offer.status === 'expired' || now.getTime() >= offer.expiresAt.getTime()) return refusalPage(locale, 'expired', path);
  return null;
}

function noticeOf(m: PageMessages, reason: RefusalReason): { title: string; body: string } {
  if (reason === 'sold_out') return { title: m.soldOutTitle, body: m.soldOutBody };
  if (reason === 'invalid_choice') return { title: m.invalidChoiceTitle, body: m.invalidChoiceBody };
  return { title: m.unavailableTitle, body: m.unavailableBody };
}

export function createOfferPages(deps: OfferPageDeps) {
  async function resolve(token: string, facts: RequestFacts): Promise<Resolved> {
    const now = deps.clock.now();
    const verdict = verifyOfferLink(token, deps.secret, now);
    const fallback = localeFromAcceptLanguage(facts.acceptLanguage);
    const invalid = (status: number): Resolved => {
      const m = messagesFor(fallback);
      return { ok: false, answer: message(fallback, status, m.invalidTitle, m.invalidBody) };
    };
    if (!verdict.ok && verdict.reason === 'malformed') return invalid(400);
    if (!verdict.ok && verdict.reason !== 'expired') return invalid(403);
    const claims = verdict.ok ? verdict.claims : verdict.reason === 'expired' ? verdict.claims : null;
    const offer = claims ? await deps.repo.offer(claims.subject) : null;
    if (!claims || !offer || offer.shopDomain !== claims.shop) return invalid(404);
    const snapshot = readOfferSnapshot(offer.offer);
    const locale = localeOf(offer, snapshot);
    if (!verdict.ok) {
      // The link's time is over; an accepted offer can still be paid until its own window closes.
      const edit = await deps.repo.editOfOffer(offer.shopId, offer.id);
      const answer = edit && ['committed', 'paid'].includes(edit.status) ? stateAnswer(locale, offer, edit, now, facts.path) : null;
      return { ok: false, answer: answer ?? refusalPage(locale, 'expired', facts.path) };
    }
    return { ok: true, offer, locale, snapshot };
  }

  function form(
    resolved: { offer: OfferRecord; locale: Locale; snapshot: EmailOfferSnapshot },
    facts: RequestFacts,
    extra: Partial<OfferFormModel> = {},
  ) {
    const now = deps.clock.now();
    return {
      kind: 'offer' as const,
      locale: resolved.locale,
      snapshot: resolved.snapshot,
      action: facts.path,
      nonce: issueFormNonce(deps.secret, resolved.offer.id, now),
      endsAt: resolved.offer.expiresAt,
      now,
      timeZone: resolved.offer.shopTimezone,
      soldOut: new Set<string>(),
      selected: null,
      notice: null,
      ...extra,
    };
  }

  async function recordOpened(offer: OfferRecord, snapshot: EmailOfferSnapshot): Promise<void> {
    await deps.ledger.recordEvent({
      shopId: offer.shopId,
      orderKey: offer.orderId,
      customerId: offer.customerId,
      surface: 'email',
      // The email module's convention (email/ledger-keys.ts): an open is a `shown` event marked `detail.opened`;
      // the frequency cap counts one impression per order and surface.
      kind: 'shown',
      funnelId: snapshot.funnelId,
      stepId: snapshot.stepId,
      offerId: snapshot.offerId,
      arm: snapshot.arm,
      idempotencyKey: emailLedgerKeys.opened(offer.orderId),
      detail: { opened: true },
    });
  }

  async function show(token: string, facts: RequestFacts): Promise<PageAnswer> {
    const resolved = await resolve(token, facts);
    if (!resolved.ok) return resolved.answer;
    const { offer, locale, snapshot } = resolved;
    const routed = await routeOf(deps, offer.id);
    if (routed) return routedPage(locale, routed, offer, facts.path);
    const edit = await deps.repo.editOfOffer(offer.shopId, offer.id);
    const state = stateAnswer(locale, offer, edit, deps.clock.now(), facts.path);
    if (state) return state;
    if (!snapshot) return refusalPage(locale, 'unavailable', facts.path);
    await recordOpened(offer, snapshot);
    const failedNotice =
      edit?.status === 'failed' ? noticeOf(messagesFor(locale), (edit.error?.split(':')[0] ?? '') as RefusalReason) : null;
    const soldOut =
      edit?.status === 'failed' && edit.error?.startsWith('sold_out') && edit.variantId ? new Set([edit.variantId]) : new Set<string>();
    return html(200, form({ offer, locale, snapshot }, facts, { notice: failedNotice, soldOut }));
  }

  async function accept(token: string, body: AcceptForm, facts: RequestFacts): Promise<PageAnswer> {
    const resolved = await resolve(token, facts);
    if (!resolved.ok) return resolved.answer;
    const { offer, locale, snapshot } = resolved;
    const m = messagesFor(locale);
    if (!facts.sameOrigin || !verifyFormNonce(deps.secret, offer.id, body.nonce, deps.clock.now())) {
      return message(locale, 403, m.formExpiredTitle, m.formExpiredBody, { href: facts.path, text: m.backToOffer, primary: true });
    }
    const variantId = typeof body.variant === 'string' ? body.variant.slice(0, 200) : '';
    const quantity = typeof body.quantity === 'string' && /^\d{1,4}$/.test(body.quantity) ? Number(body.quantity) : Number.NaN;
    const routed = await routeOf(deps, offer.id);
    if (routed) return routedPage(locale, routed, offer, facts.path);
    if (isSubscriptionChoice(offer, variantId)) {
      const subscribed = await acceptSubscription(deps, offer, { variantId, quantity });
      if (subscribed.kind !== 'refused') return routedPage(locale, subscribed, offer, facts.path);
      if (subscribed.reason === 'invalid_choice' && snapshot) {
        const selected = Number.isSafeInteger(quantity) ? { variantId, quantity } : null;
        return html(422, form({ offer, locale, snapshot }, facts, { notice: noticeOf(m, 'invalid_choice'), selected }));
      }
      return refusalPage(locale, subscribed.reason, facts.path);
    }
    // A one-time choice: the plain variant id (a `@<option>` suffix only ever names a subscription option).
    const oneTime = { variantId: parseChoiceValue(variantId).variantId, quantity };
    const outcome: AcceptOutcome = await acceptOffer(deps, offer, oneTime);
    // The order can no longer take it (fulfilled in the meantime, or not editable): the shopper's contract's next
    // delivery, or a checkout link (route-accept.ts). The choice was validated before the edit was tried.
    if (outcome.kind === 'refused' && (outcome.reason === 'order_fulfilled' || outcome.reason === 'not_editable'))
      return routedPage(locale, await routeAccept(deps, offer, oneTime), offer, facts.path);
    switch (outcome.kind) {
      case 'accepted':
        return outcome.paymentUrl ? { kind: 'redirect', location: outcome.paymentUrl } : acceptedPage(locale, null);
      case 'paid':
        return message(locale, 200, m.paidTitle, m.paidBody);
      case 'processing':
        return processingPage(locale, 202, facts.path);
      case 'refused': {
        if (snapshot && (outcome.reason === 'invalid_choice' || outcome.reason === 'sold_out')) {
          const status = outcome.reason === 'sold_out' ? 409 : 422;
          const soldOut = new Set(outcome.reason === 'sold_out' ? [variantId] : []);
          const selected = outcome.reason === 'invalid_choice' && Number.isSafeInteger(quantity) ? { variantId, quantity } : null;
          return html(status, form({ offer, locale, snapshot }, facts, { notice: noticeOf(m, outcome.reason), soldOut, selected }));
        }
        return refusalPage(locale, outcome.reason, facts.path);
      }
    }
  }

  /** Whatever fails unexpectedly (the database down...) is a page saying nothing happened, never a stack trace. */
  const guarded =
    <A extends unknown[]>(handler: (...args: A) => Promise<PageAnswer>) =>
    async (...args: A): Promise<PageAnswer> => {
      try {
        return await handler(...args);
      } catch (error) {
        deps.logger.error({ error: error instanceof Error ? error.message : String(error) }, 'offer page failed');
        const facts = args.find((a): a is RequestFacts => typeof a === 'object' && a !== null && 'path' in a);
        const locale = localeFromAcceptLanguage(facts?.acceptLanguage);
        const m = messagesFor(locale);
        return message(locale, 503, m.unavailableTitle, m.unavailableBody, facts ? { href: facts.path, text: m.backToOffer } : null);
      }
    };

  return { show: guarded(show), accept: guarded(accept) };
}

export type OfferPages = ReturnType<typeof createOfferPages>;
