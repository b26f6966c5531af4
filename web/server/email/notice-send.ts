// Sends one notice (a subscription email) through the email module: the shop's template for the customer's
// language (else the shop's primary language), the shop's sender name, reply-to and brand, EMAIL_FROM and SMTP_URL.
// At most once per (shop, kind, dedupeKey), by the offer email's rule: the EmailNotice row is claimed BEFORE the
// SMTP send; a server that did not take the message undoes the claim (the job retries); a 5xx is final ("failed");
// a send that ended without an answer is "unconfirmed" and never sent again.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import { type Db, isUniqueViolation } from '../db/client.js';
import { RetriableJobError } from '../jobs/index.js';
import type { Logger } from '../logger.js';
import { installedEmailShop, localeOf } from './deps.js';
import { type NoticeData, type NoticeTemplateStore, renderNotice } from './notice-render.js';
import { type NoticeKind, shippedNoticeTemplate } from './notice-templates.js';
import type { EmailSettingsStore } from './settings.js';
import { EmailSendError, type EmailTransport } from './transport.js';

export interface NoticeRequest {
  shopId: string;
  kind: NoticeKind;
  /** With the kind, what makes the notice unique (for subscriptions: `<contract row id>:<cycle>`). */
  dedupeKey: string;
  to: string;
  /** The customer's language as Shopify has it ("fr", "fr-CA"); null: the shop's primary language. */
  locale: string | null;
  data: NoticeData;
}

export type NoticeOutcome =
  | { sent: true; noticeId: string; locale: string; messageId: string }
  | { sent: false; reason: 'already_sent' | 'smtp_not_configured' | 'shop_not_installed' | 'rejected' | 'unconfirmed'; status?: string };

export interface NoticeSender {
  send(request: NoticeRequest, log: Logger): Promise<NoticeOutcome>;
}

export interface NoticeSenderDeps {
  db: Db;
  clock: Clock;
  emailSettings: EmailSettingsStore;
  noticeTemplates: NoticeTemplateStore;
  transport: EmailTransport | null;
  emailFrom: string | null;
}

async function renderFor(
  deps: NoticeSenderDeps,
  request: NoticeRequest,
  shop: { id: string; name: string; primaryLocale: string },
  log: Logger,
) {
  const settings = await deps.emailSettings.get(shop.id);
  const locale = localeOf(request.locale, shop.primaryLocale);
  const input = {
    locale,
    shop: { name: shop.name, logoUrl: settings.brand.logoUrl, colors: settings.brand },
    data: request.data,
  };
  const template = await deps.noticeTemplates.get(shop.id, request.kind, locale);
  let rendered = await renderNotice(template, input, request.kind);
  if (!rendered.ok) {
    // Checked at save time; a template that still fails (a liquidjs change) gives way to the shipped one.
    log.error({ kind: request.kind, locale, part: rendered.part, problem: rendered.problem }, 'notice template failed; shipped one used');
    rendered = await renderNotice(shippedNoticeTemplate(request.kind, locale), input, request.kind);
  }
  if (!rendered.ok) throw new Error(`the shipped ${request.kind} template does not render: ${rendered.problem.message}`);
  return { email: rendered.email, settings };
}

export function createNoticeSender(deps: NoticeSenderDeps): NoticeSender {
  return {
    async send(request, parentLog) {
      const log = parentLog.child({ notice: request.kind, dedupeKey: request.dedupeKey });
      const key = { shopId_kind_dedupeKey: { shopId: request.shopId, kind: request.kind, dedupeKey: request.dedupeKey } };
      const existing = await deps.db.prisma.emailNotice.findUnique({ where: key, select: { status: true } });
      if (existing) return { sent: false, reason: 'already_sent', status: existing.status };
      if (!deps.transport || !deps.emailFrom) {
        log.warn('notice not sent: SMTP_URL and EMAIL_FROM are not both set');
        return { sent: false, reason: 'smtp_not_configured' };
      }
      const shop = await installedEmailShop(deps.db, { id: request.shopId });
      if (!shop) return { sent: false, reason: 'shop_not_installed' };
      const { email, settings } = await renderFor(deps, request, shop, log);
      const messageId = `<notice.${randomUUID()}@${deps.emailFrom.split('@')[1] ?? 'encore.invalid'}>`;
      const from = { name: settings.senderName ?? shop.name, address: deps.emailFrom };
      let noticeId: string;
      try {
        const row = await deps.db.prisma.emailNotice.create({
          data: {
            shopId: request.shopId,
            kind: request.kind,
            dedupeKey: request.dedupeKey,
            to: request.to,
            locale: email.locale,
            subject: email.subject,
            html: email.html,
            text: email.text,
            messageId,
            sendingAt: deps.clock.now(),
          },
        });
        noticeId = row.id;
      } catch (error) {
        if (isUniqueViolation(error) || (error as { code?: unknown }).code === 'P2002') return { sent: false, reason: 'already_sent' };
        throw error;
      }
      try {
        const sent = await deps.transport.send({
          from,
          to: request.to,
          replyTo: settings.replyTo,
          subject: email.subject,
          html: email.html,
          text: email.text,
          messageId,
        });
        await deps.db.prisma.emailNotice.update({
          where: { id: noticeId },
          data: { status: 'sent', sentAt: deps.clock.now(), smtpResponse: sent.response.slice(0, 500) },
        });
        log.info({ noticeId, locale: email.locale }, 'notice sent');
        return { sent: true, noticeId, locale: email.locale, messageId };
      } catch (error) {
        if (!(error instanceof EmailSendError)) throw error;
        if (error.kind === 'not_accepted') {
          await deps.db.prisma.emailNotice.delete({ where: { id: noticeId } });
          throw new RetriableJobError(`the SMTP server did not take the notice: ${error.message}`);
        }
        const status = error.kind === 'rejected' ? 'failed' : 'unconfirmed';
        await deps.db.prisma.emailNotice.update({ where: { id: noticeId }, data: { status, error: error.message.slice(0, 500) } });
        log.warn({ noticeId, status, error: error.message }, 'notice not confirmed by SMTP; never sent again');
        return { sent: false, reason: error.kind === 'rejected' ? 'rejected' : 'unconfirmed' };
      }
    },
  };
}
