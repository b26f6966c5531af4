// The notices a subscriber is owed, as one port: the renewal reminder before each charge, the request to confirm a
// payment (3-D Secure), a failed payment, and the confirmations of a pause, a cancellation or a skipped delivery.
// The implementation sends them through the email module (its Liquid templates per language, the shop's sender
// settings and brand, SMTP_URL / EMAIL_FROM), at most once per (contract, cycle, kind).
import type { NoticeKind, NoticeSender } from '../email/index.js';
import type { Logger } from '../logger.js';

export const SUBSCRIPTION_NOTICE_KINDS = [
  'renewal_reminder',
  'payment_action',
  'payment_failed',
  'paused',
  'cancelled',
  'skipped',
] as const;
export type SubscriptionNoticeKind = (typeof SUBSCRIPTION_NOTICE_KINDS)[number];

export interface SubscriptionNotice {
  kind: SubscriptionNoticeKind;
  shopId: string;
  /** The SubscriptionContract row id (with the cycle, what makes the notice unique). */
  contractId: string;
  /** gid://shopify/SubscriptionContract/…, for logs. */
  contractGid: string;
  cycle: number;
  to: string;
  /** The customer's language as Shopify has it; null: the shop's primary language. */
  locale: string | null;
  /** The signed self-service link. */
  manageUrl: string;
  items: { title: string; variantTitle: string | null; quantity: number }[];
  nextBillingDate: Date | null;
  amountMinor: number;
  currencyCode: string;
  /** Where the customer confirms the payment (the attempt's nextActionUrl); null when Shopify gave none. */
  actionUrl: string | null;
  retryDate: Date | null;
  /** Shopify was also asked to email the customer a card-update link. */
  cardUpdateRequested: boolean;
}

export interface NoticeResult {
  sent: boolean;
  reason?: string;
  locale?: string;
}

export interface SubscriptionNotifier {
  notify(notice: SubscriptionNotice, log: Logger): Promise<NoticeResult>;
}

/** The email module's template kind of each subscription notice. */
export function emailKindOf(kind: SubscriptionNoticeKind): NoticeKind {
  return `subscription_${kind}`;
}

export function emailNotifier(sender: NoticeSender): SubscriptionNotifier {
  return {
    async notify(notice, log) {
      const outcome = await sender.send(
        {
          shopId: notice.shopId,
          kind: emailKindOf(notice.kind),
          dedupeKey: `${notice.contractId}:${notice.cycle}`,
          to: notice.to,
          locale: notice.locale,
          data: {
            customer: { firstName: null },
            subscription: {
              manageUrl: notice.manageUrl,
              items: notice.items,
              nextBillingDate: notice.nextBillingDate,
              amountMinor: notice.amountMinor,
              currencyCode: notice.currencyCode,
              actionUrl: notice.actionUrl,
              retryDate: notice.retryDate,
              cardUpdateRequested: notice.cardUpdateRequested,
            },
          },
        },
        log.child({ contractId: notice.contractGid, cycle: notice.cycle }),
      );
      return outcome.sent ? { sent: true, locale: outcome.locale } : { sent: false, reason: outcome.reason };
    },
  };
}
