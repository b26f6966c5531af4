// The rows the order-edit flow reads and writes: the email offer (owned by the email module; here only its status
// moves on), its shop, the OrderEdit record and the OrderReady mark.
import type { Clock } from '../clock.js';
import { type Db, isUniqueViolation, type Prisma } from '../db/client.js';
import { toGid } from '../offers/index.js';
import { installedShop } from '../shops/index.js';

export interface OfferRecord {
  id: string;
  shopId: string;
  shopDomain: string;
  shopTimezone: string | null;
  shopCurrency: string;
  /** Order GID. */
  orderId: string;
  customerId: string | null;
  locale: string;
  status: string;
  offer: unknown;
  expiresAt: Date;
  sentAt: Date | null;
}

export const EDIT_STATUSES = ['pending', 'committed', 'paid', 'removed', 'failed'] as const;
export type EditStatus = (typeof EDIT_STATUSES)[number];

export interface HoldRef {
  fulfillmentOrderId: string;
  holdId: string;
}

export interface EditRecord {
  id: string;
  shopId: string;
  orderId: string;
  emailOfferId: string | null;
  status: EditStatus;
  variantId: string | null;
  quantity: number | null;
  baseLineItemIds: string[] | null;
  addedLineItemIds: string[];
  holds: HoldRef[];
  amountMinor: number | null;
  currencyCode: string | null;
  paymentUrl: string | null;
  committedAt: Date | null;
  removeAfter: Date | null;
  error: string | null;
}

/** EmailOffer.orderId may hold the numeric id or the GID; everything here speaks GIDs. */
export function orderGid(orderId: string): string {
  return /^\d+$/.test(orderId) ? toGid('Order', orderId) : orderId;
}

/** The edit of an email offer: one per offer, whatever the clicks. */
export function editKeyOf(emailOfferId: string): string {
  return `email-offer:${emailOfferId}`;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

function holdsOf(value: unknown): HoldRef[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((h) =>
    h && typeof h === 'object' && typeof h.fulfillmentOrderId === 'string' && typeof h.holdId === 'string'
      ? [{ fulfillmentOrderId: h.fulfillmentOrderId, holdId: h.holdId }]
      : [],
  );
}

type EditRow = Awaited<ReturnType<Db['prisma']['orderEdit']['findFirstOrThrow']>>;

function toEdit(row: EditRow): EditRecord {
  return {
    id: row.id,
    shopId: row.shopId,
    orderId: row.orderId,
    emailOfferId: row.emailOfferId,
    status: (EDIT_STATUSES as readonly string[]).includes(row.status) ? (row.status as EditStatus) : 'failed',
    variantId: row.variantId,
    quantity: row.quantity,
    baseLineItemIds: row.baseLineItemIds === null ? null : strings(row.baseLineItemIds),
    addedLineItemIds: strings(row.addedLineItemIds),
    holds: holdsOf(row.holds),
    amountMinor: row.amountMinor,
    currencyCode: row.currencyCode,
    paymentUrl: row.paymentUrl,
    committedAt: row.committedAt,
    removeAfter: row.removeAfter,
    error: row.error,
  };
}

export interface CommittedFacts {
  addedLineItemIds: string[];
  amountMinor: number | null;
  currencyCode: string | null;
  paymentUrl: string | null;
  committedAt: Date;
  removeAfter: Date;
}

export function createRepository(db: Db, clock: Clock) {
  const { prisma } = db;
  return {
    async offer(emailOfferId: string): Promise<OfferRecord | null> {
      const row = await prisma.emailOffer.findUnique({ where: { id: emailOfferId } });
      if (!row) return null;
      // An uninstalled shop's offers cannot be accepted (no token to edit with): as if gone.
      const shop = await installedShop(db, { id: row.shopId });
      if (!shop) return null;
      return {
        id: row.id,
        shopId: row.shopId,
        shopDomain: shop.domain,
        shopTimezone: shop.ianaTimezone,
        shopCurrency: shop.currencyCode,
        orderId: orderGid(row.orderId),
        customerId: row.customerId,
        locale: row.locale,
        status: row.status,
        offer: row.offer,
        expiresAt: row.expiresAt,
        sentAt: row.sentAt,
      };
    },

    /** Moves the offer to `status` only from one of `from` (so a late step never undoes a later one). */
    async setOfferStatus(emailOfferId: string, status: string, from: readonly string[]): Promise<void> {
      await prisma.emailOffer.updateMany({ where: { id: emailOfferId, status: { in: [...from] } }, data: { status } });
    },

    async edit(id: string): Promise<EditRecord | null> {
      const row = await prisma.orderEdit.findUnique({ where: { id } });
      return row ? toEdit(row) : null;
    },

    async editOfOffer(shopId: string, emailOfferId: string): Promise<EditRecord | null> {
      const row = await prisma.orderEdit.findUnique({
        where: { shopId_idempotencyKey: { shopId, idempotencyKey: editKeyOf(emailOfferId) } },
      });
      return row ? toEdit(row) : null;
    },

    /**
     * The offer's edit with the shopper's choice: created pending, or the existing one. A failed one (nothing was
     * committed: sold out, say) starts again with the new choice; any other keeps the choice it was made with.
     */
    async claimEdit(offer: OfferRecord, choice: { variantId: string; quantity: number }): Promise<EditRecord> {
      const key = editKeyOf(offer.id);
      try {
        const row = await prisma.orderEdit.create({
          data: { shopId: offer.shopId, orderId: offer.orderId, emailOfferId: offer.id, idempotencyKey: key, status: 'pending', ...choice },
        });
        return toEdit(row);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      await prisma.orderEdit.updateMany({
        where: { shopId: offer.shopId, idempotencyKey: key, status: 'failed' },
        data: { status: 'pending', error: null, baseLineItemIds: db.jsonNull, ...choice },
      });
      const row = await prisma.orderEdit.findUniqueOrThrow({
        where: { shopId_idempotencyKey: { shopId: offer.shopId, idempotencyKey: key } },
      });
      return toEdit(row);
    },

    /** The order's lines before the edit; written once, before anything is committed. */
    async saveBaseLines(editId: string, lineItemIds: string[]): Promise<void> {
      await prisma.orderEdit.updateMany({
        where: { id: editId, status: 'pending' },
        data: { baseLineItemIds: lineItemIds as unknown as Prisma.InputJsonValue },
      });
    },

    async markCommitted(editId: string, facts: CommittedFacts): Promise<void> {
      await prisma.orderEdit.updateMany({
        where: { id: editId, status: 'pending' },
        data: {
          status: 'committed',
          addedLineItemIds: facts.addedLineItemIds as unknown as Prisma.InputJsonValue,
          amountMinor: facts.amountMinor,
          currencyCode: facts.currencyCode,
          paymentUrl: facts.paymentUrl,
          committedAt: facts.committedAt,
          removeAfter: facts.removeAfter,
        },
      });
    },

    async saveHolds(editId: string, holds: HoldRef[]): Promise<void> {
      await prisma.orderEdit.update({ where: { id: editId }, data: { holds: holds as unknown as Prisma.InputJsonValue } });
    },

    async markFailed(editId: string, reason: string): Promise<void> {
      await prisma.orderEdit.updateMany({
        where: { id: editId, status: 'pending' },
        data: { status: 'failed', error: reason.slice(0, 500) },
      });
    },

    /** committed -> paid | removed; false when it had already moved on. */
    async settle(editId: string, status: 'paid' | 'removed'): Promise<boolean> {
      const { count } = await prisma.orderEdit.updateMany({
        where: { id: editId, status: 'committed' },
        data: { status, settledAt: clock.now() },
      });
      return count === 1;
    },

    async committedEditsOfOrder(shopId: string, orderId: string): Promise<EditRecord[]> {
      const rows = await prisma.orderEdit.findMany({ where: { shopId, orderId: orderGid(orderId), status: 'committed' } });
      return rows.map(toEdit);
    },

    /** Is any offer window still open on the order? (an offer not yet over, an edit not yet paid or removed) */
    async openWindows(shopId: string, orderId: string): Promise<{ offers: number; edits: number }> {
      const gid = orderGid(orderId);
      const legacy = gid.replace(/^gid:\/\/shopify\/Order\//, '');
      const offers = await prisma.emailOffer.count({
        where: { shopId, orderId: { in: [gid, legacy] }, status: { in: ['scheduled', 'sent', 'accepted'] } },
      });
      const edits = await prisma.orderEdit.count({ where: { shopId, orderId: gid, status: { in: ['pending', 'committed'] } } });
      return { offers, edits };
    },

    async markedReady(shopId: string, orderId: string): Promise<boolean> {
      return (await prisma.orderReady.findUnique({ where: { shopId_orderId: { shopId, orderId: orderGid(orderId) } } })) !== null;
    },

    async recordReady(shopId: string, orderId: string): Promise<void> {
      try {
        await prisma.orderReady.create({ data: { shopId, orderId: orderGid(orderId), markedAt: clock.now() } });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    },

    async shopByDomain(domain: string): Promise<{ id: string; domain: string } | null> {
      return installedShop(db, { domain });
    },

    async shopById(id: string): Promise<{ id: string; domain: string } | null> {
      return installedShop(db, { id });
    },
  };
}

export type Repository = ReturnType<typeof createRepository>;
