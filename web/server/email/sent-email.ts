// The email offer Encore sent for an order, as other folders need it (the order block in Shopify's admin): subject,
// when SMTP accepted it, its language. Never the address or the body.
import type { Db } from '../db/client.js';

export interface SentOfferEmail {
  subject: string;
  /** ISO 8601: when SMTP accepted the message. */
  sentAt: string;
  locale: string;
}

/** The last email of the order's offer that SMTP accepted; null when none was sent (scheduled, cancelled, failed). */
export async function sentOfferEmail(db: Db, shopId: string, orderId: string): Promise<SentOfferEmail | null> {
  const message = await db.prisma.emailMessage.findFirst({
    where: { shopId, orderId, status: 'sent', sentAt: { not: null } },
    orderBy: { sentAt: 'desc' },
    select: { subject: true, sentAt: true, locale: true },
  });
  if (!message?.sentAt) return null;
  return { subject: message.subject, sentAt: message.sentAt.toISOString(), locale: message.locale };
}
