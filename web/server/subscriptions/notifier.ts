// The notices a subscriber is owed: the renewal reminder before each charge, and the request to confirm a payment
// (3-D Secure) when a renewal was challenged. Sending goes through SubscriptionNotifier; the implementation here is
// a plain text + HTML message through nodemailer. When the email module (Liquid templates, languages, the shop's
// SMTP) lands, it implements this interface instead.
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../logger.js';

export interface NoticeBase {
  shop: string;
  to: string;
  /** The signed self-service link. */
  manageUrl: string;
  contractId: string;
}

export interface RenewalReminder extends NoticeBase {
  chargeDate: Date;
  amount: string;
  currencyCode: string;
  items: string[];
}

export interface PaymentActionRequired extends NoticeBase {
  /** Where the customer confirms the payment (the attempt's nextActionUrl); null when Shopify gave none. */
  actionUrl: string | null;
}

export interface SubscriptionNotifier {
  renewalReminder(notice: RenewalReminder): Promise<void>;
  paymentActionRequired(notice: PaymentActionRequired): Promise<void>;
}

export interface MailNotifierOptions {
  transport: Transporter;
  from: string;
  logger: Logger;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function message(lines: string[], link: { url: string; label: string }[]) {
  const text = [...lines, '', ...link.map((l) => `${l.label}: ${l.url}`)].join('\n');
  const html = `<!doctype html><html><body style="font-family:sans-serif">${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}${link
    .map((l) => `<p><a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a></p>`)
    .join('')}</body></html>`;
  return { text, html };
}

export function createMailNotifier(options: MailNotifierOptions): SubscriptionNotifier {
  const send = async (to: string, subject: string, body: { text: string; html: string }, context: Record<string, string>) => {
    await options.transport.sendMail({ from: options.from, to, subject, ...body });
    options.logger.info({ ...context, notice: subject }, 'subscription notice sent');
  };
  return {
    async renewalReminder(notice) {
      const date = notice.chargeDate.toISOString().slice(0, 10);
      const body = message(
        [
          `Your subscription renews on ${date}: ${notice.items.join(', ')}.`,
          `You will be charged ${notice.amount} ${notice.currencyCode} (plus taxes, if any).`,
          'You can skip this delivery, change its date or frequency, pause or cancel before then.',
        ],
        [{ url: notice.manageUrl, label: 'Manage your subscription' }],
      );
      await send(notice.to, `Your subscription renews on ${date}`, body, { shop: notice.shop, contractId: notice.contractId });
    },
    async paymentActionRequired(notice) {
      const links = [
        ...(notice.actionUrl ? [{ url: notice.actionUrl, label: 'Confirm the payment' }] : []),
        { url: notice.manageUrl, label: 'Manage your subscription' },
      ];
      const body = message(['Your bank asks you to confirm the payment for your subscription renewal.'], links);
      await send(notice.to, 'Please confirm your subscription payment', body, { shop: notice.shop, contractId: notice.contractId });
    },
  };
}

/**
 * SMTP_URL (smtp://user:pass@host:587) sends for real; without it (the demo, development) each message is built in
 * full and logged instead of sent (nodemailer's JSON transport), so nothing is silently lost without a trace.
 */
export function defaultNotifier(env: NodeJS.ProcessEnv, logger: Logger): SubscriptionNotifier {
  const transport = env.SMTP_URL ? nodemailer.createTransport(env.SMTP_URL) : nodemailer.createTransport({ jsonTransport: true });
  return createMailNotifier({ transport, from: env.SMTP_FROM ?? 'subscriptions@encore.invalid', logger });
}
