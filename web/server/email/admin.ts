// The merchant's side of email offers, behind the routes: settings, templates, previews, a test send, the emails of
// an order and the email analytics. Routes parse and authenticate; everything here takes parsed values.
import { randomUUID } from 'node:crypto';
import { AppError, NotFoundError, UnprocessableError } from '../errors.js';
import type { LedgerEvent } from '../ledger/index.js';
import type { Locale } from '../offers/index.js';
import { type EmailFlowDeps, type EmailShop, installedEmailShop, localeOf } from './deps.js';
import { EMAIL_OPENED_KEY_PREFIX } from './ledger-keys.js';
import { parseOfferSnapshot } from './offer-snapshot.js';
import { orderRenderInput, type PreviewSource, sampleRenderInput } from './preview.js';
import { type RenderedEmail, renderEmail } from './render.js';
import type { EmailSettings } from './settings.js';
import { liquidRefusal, type TemplateInput, TemplateInputSchema, templateProblems } from './templates.js';
import { EmailSendError } from './transport.js';

export interface PreviewRequest {
  /** "demo", or an order id (GID or number); absent: the shop's latest order. */
  order?: string | undefined;
  locale?: Locale | undefined;
  /** An unsaved template to preview; absent: the shop's saved (or shipped) one. */
  template?: TemplateInput | undefined;
}

export interface EmailAdmin {
  shop(shopId: string): Promise<{ shop: EmailShop; settings: EmailSettings }>;
  preview(shopId: string, request: PreviewRequest): Promise<{ email: RenderedEmail; source: PreviewSource }>;
  testSend(shopId: string, request: { to: string; locale?: Locale | undefined }): Promise<{ messageId: string; response: string }>;
  orderEmails(shopId: string, orderId: string): Promise<unknown>;
  /** The emails sent (or tried), newest first, without their bodies; `before` pages by the previous page's last id. */
  messages(shopId: string, page: { limit: number; before?: string | undefined; status?: string | undefined }): Promise<EmailMessagePage>;
  /** One email as it was sent: subject, preheader, HTML and text. */
  message(shopId: string, id: string): Promise<SentEmail>;
  analytics(shopId: string, range: { from: Date; to: Date }): Promise<EmailAnalytics>;
}

export interface EmailAnalytics {
  from: string;
  to: string;
  /** Emails SMTP accepted; `unconfirmed`: an attempt ended before SMTP answered (never re-sent). */
  sent: number;
  unconfirmed: number;
  failed: number;
  /** Scheduled emails the re-check stopped (cancelled, fulfilled, out of stock…). */
  cancelled: number;
  /** Offer pages opened (recorded by the offer page), accepts, payments and removals, from the ledger. */
  opened: number;
  accepted: number;
  paid: number;
  removed: number;
  /** Balance paid for accepted email offers, shop currency, minor units (unpaid items are removed, never counted). */
  revenueKeptMinor: number;
  currencyCode: string;
}

export interface SentEmailSummary {
  id: string;
  orderId: string;
  to: string;
  subject: string;
  locale: string;
  status: string;
  sendingAt: string;
  sentAt: string | null;
  error: string | null;
}

export interface SentEmail extends SentEmailSummary {
  from: string;
  preheader: string;
  html: string;
  text: string;
  messageId: string;
  smtpResponse: string | null;
}

export interface EmailMessagePage {
  messages: SentEmailSummary[];
  /** Pass as `before` for the next page; null on the last one. */
  next: string | null;
}

type MessageRow = NonNullable<Awaited<ReturnType<EmailFlowDeps['db']['prisma']['emailMessage']['findFirst']>>>;

function messageSummary(m: MessageRow): SentEmailSummary {
  return {
    id: m.id,
    orderId: m.orderId,
    to: m.to,
    subject: m.subject,
    locale: m.locale,
    status: m.status,
    sendingAt: m.sendingAt.toISOString(),
    sentAt: m.sentAt?.toISOString() ?? null,
    error: m.error,
  };
}

export function orderGid(value: string): string | null {
  if (/^\d{1,20}$/.test(value)) return `gid://shopify/Order/${value}`;
  return /^gid:\/\/shopify\/Order\/\d{1,20}$/.test(value) ? value : null;
}

export function createEmailAdmin(deps: EmailFlowDeps): EmailAdmin {
  const shopOf = async (shopId: string) => {
    const shop = await installedEmailShop(deps.db, { id: shopId });
    if (!shop) throw new NotFoundError('This store is not installed; open the app from the Shopify admin.');
    return { shop, settings: await deps.emailSettings.get(shopId) };
  };

  const preview: EmailAdmin['preview'] = async (shopId, request) => {
    const { shop, settings } = await shopOf(shopId);
    let input = sampleRenderInput(deps, shop, settings, request.locale ?? localeOf(null, shop.primaryLocale), deps.clock.now());
    let source: PreviewSource = { source: 'demo', orderId: null, engineOffer: null };
    if (request.order !== 'demo') {
      const id = request.order === undefined ? null : orderGid(request.order);
      if (request.order !== undefined && !id)
        throw new UnprocessableError('Name an order by its id.', [
          { field: 'order', message: 'Use "demo", an order number id or gid://shopify/Order/…' },
        ]);
      const real = await orderRenderInput(deps, shop, settings, id, request.locale ?? null);
      if (!real && id) throw new NotFoundError(`Shopify has no order ${request.order} for this store.`);
      if (real) ({ input, source } = real);
    }
    const template = request.template
      ? TemplateInputSchema.parse(request.template)
      : await deps.templates.get(shopId, input.snapshot.locale);
    const problems = await templateProblems(template, input);
    if (problems.length > 0) throw liquidRefusal(problems, 'The template has a Liquid error.');
    const rendered = await renderEmail(template, input);
    if (!rendered.ok)
      throw new UnprocessableError('The template did not render.', [{ field: rendered.part, message: rendered.problem.message }]);
    return { email: rendered.email, source };
  };

  return {
    shop: shopOf,
    preview,
    async testSend(shopId, request) {
      if (!deps.transport || !deps.config.emailFrom) {
        throw new AppError(409, 'smtp_not_configured', 'Email sending is not set up: set SMTP_URL and EMAIL_FROM.');
      }
      const { shop, settings } = await shopOf(shopId);
      const { email } = await preview(shopId, { order: 'demo', locale: request.locale });
      try {
        return await deps.transport.send({
          from: { name: settings.senderName ?? shop.name, address: deps.config.emailFrom },
          to: request.to,
          replyTo: settings.replyTo,
          subject: `[Test] ${email.subject}`,
          html: email.html,
          text: email.text,
          messageId: `<test.${randomUUID()}@${deps.config.emailFrom.split('@')[1] ?? 'encore.invalid'}>`,
        });
      } catch (error) {
        if (error instanceof EmailSendError)
          throw new AppError(502, 'smtp_refused', `The SMTP server did not take the test email: ${error.message}`);
        throw error;
      }
    },
    async orderEmails(shopId, orderId) {
      const offer = await deps.db.prisma.emailOffer.findUnique({ where: { shopId_orderId: { shopId, orderId } } });
      const decision = await deps.db.prisma.offerDecision.findUnique({
        where: { shopId_surface_orderKey: { shopId, surface: 'email', orderKey: orderId } },
      });
      if (!offer && !decision) throw new NotFoundError(`No email offer was considered for order ${orderId}.`);
      const messages = offer ? await deps.db.prisma.emailMessage.findMany({ where: { emailOfferId: offer.id } }) : [];
      const events: LedgerEvent[] = await deps.ledger.eventsForOrder(shopId, orderId);
      return {
        orderId,
        decision: decision
          ? { outcome: decision.outcome, funnelId: decision.funnelId, trace: (decision.trace as { trace?: unknown }).trace ?? [] }
          : null,
        offer: offer
          ? {
              id: offer.id,
              status: offer.status,
              email: offer.email,
              locale: offer.locale,
              scheduledFor: offer.scheduledFor.toISOString(),
              sentAt: offer.sentAt?.toISOString() ?? null,
              expiresAt: offer.expiresAt.toISOString(),
              sendOutcome: offer.sendOutcome,
              snapshot: parseOfferSnapshot(offer.offer),
            }
          : null,
        emails: messages.map((m) => ({
          status: m.status,
          to: m.to,
          from: m.from,
          subject: m.subject,
          preheader: m.preheader,
          html: m.html,
          text: m.text,
          locale: m.locale,
          messageId: m.messageId,
          sentAt: m.sentAt?.toISOString() ?? null,
          smtpResponse: m.smtpResponse,
          error: m.error,
        })),
        outcome: events
          .filter((e) => e.surface === 'email')
          .map((e) => ({ kind: e.kind, at: e.occurredAt, amountMinor: e.amountMinor, currencyCode: e.currencyCode })),
      };
    },
    async messages(shopId, page) {
      const rows = await deps.db.prisma.emailMessage.findMany({
        where: { shopId, ...(page.status ? { status: page.status } : {}) },
        orderBy: [{ sendingAt: 'desc' }, { id: 'desc' }],
        take: page.limit + 1,
        ...(page.before ? { cursor: { id: page.before }, skip: 1 } : {}),
      });
      const shown = rows.slice(0, page.limit);
      return { messages: shown.map(messageSummary), next: rows.length > page.limit ? (shown.at(-1)?.id ?? null) : null };
    },
    async message(shopId, id) {
      const m = await deps.db.prisma.emailMessage.findFirst({ where: { id, shopId } });
      if (!m) throw new NotFoundError(`No email ${id} was sent by this store.`);
      return {
        ...messageSummary(m),
        from: m.from,
        preheader: m.preheader,
        html: m.html,
        text: m.text,
        messageId: m.messageId,
        smtpResponse: m.smtpResponse,
      };
    },
    async analytics(shopId, range) {
      const { shop } = await shopOf(shopId);
      const inRange = { gte: range.from, lt: range.to };
      const [messages, cancelled, events] = await Promise.all([
        deps.db.prisma.emailMessage.groupBy({ by: ['status'], where: { shopId, sendingAt: inRange }, _count: { _all: true } }),
        deps.db.prisma.emailOffer.count({ where: { shopId, status: 'cancelled', scheduledFor: inRange } }),
        deps.db.prisma.offerEvent.findMany({
          where: { shopId, surface: 'email', occurredAt: inRange, kind: { in: ['shown', 'accepted', 'paid', 'removed'] } },
          select: { kind: true, idempotencyKey: true, amountMinor: true, currencyCode: true },
        }),
      ]);
      const count = (status: string) => messages.find((m) => m.status === status)?._count._all ?? 0;
      const kind = (k: string) => events.filter((e) => e.kind === k);
      const inShopCurrency = (k: string) =>
        kind(k)
          .filter((e) => e.currencyCode === shop.currencyCode)
          .reduce((sum, e) => sum + (e.amountMinor ?? 0), 0);
      return {
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        sent: count('sent'),
        unconfirmed: count('unconfirmed'),
        failed: count('failed'),
        cancelled,
        opened: kind('shown').filter((e) => e.idempotencyKey.startsWith(EMAIL_OPENED_KEY_PREFIX)).length,
        accepted: kind('accepted').length,
        paid: kind('paid').length,
        removed: kind('removed').length,
        revenueKeptMinor: inShopCurrency('paid') - inShopCurrency('removed'),
        currencyCode: shop.currencyCode,
      };
    },
  };
}
