// The three mandatory privacy webhooks. Encore stores, per customer: the profile its order webhooks keep (order
// count, tags, products bought), ledger events and decisions (customer id), email offers (email address),
// subscription contracts, and for a while the webhook bodies themselves (retention.ts). Requests are answered from
// these tables only.
import type { Db } from '../db/client.js';
import type { JsonValue } from '../jobs/index.js';
import { findShop } from '../shops/index.js';
import type { TopicHandler } from '../webhooks/index.js';
import { eraseWebhookBodies } from './retention.js';

interface CustomerPayload {
  shop_domain?: string;
  customer?: { id?: number | string; email?: string | null };
  orders_requested?: (number | string)[];
  orders_to_redact?: (number | string)[];
  data_request?: { id?: number | string };
}

export const customerGid = (id: number | string) => (String(id).startsWith('gid://') ? String(id) : `gid://shopify/Customer/${id}`);
export const orderGid = (id: number | string) => (String(id).startsWith('gid://') ? String(id) : `gid://shopify/Order/${id}`);

const sameId = (a: unknown, b: number | string) => a !== undefined && a !== null && String(a) === String(b);

/** Whether a stored webhook body (an order, a customer…) is about the customer or one of the orders to redact. */
function aboutCustomer(
  stored: unknown,
  customerId: number | string | undefined,
  email: string | undefined,
  orders: readonly (number | string)[] | undefined,
): boolean {
  if (typeof stored !== 'object' || stored === null) return false;
  const body = stored as { id?: unknown; email?: unknown; admin_graphql_api_id?: unknown; customer?: { id?: unknown; email?: unknown } };
  if (customerId !== undefined) {
    if (sameId(body.customer?.id, customerId)) return true;
    if (body.admin_graphql_api_id === customerGid(customerId)) return true;
  }
  if (email && (body.email === email || body.customer?.email === email)) return true;
  return (orders ?? []).some((order) => sameId(body.id, order) || body.admin_graphql_api_id === orderGid(order));
}

async function shopIdOf(db: Db, domain: string): Promise<string | null> {
  return (await findShop(db, { domain }))?.id ?? null;
}

/** What Encore holds about one customer of one shop. */
export async function customerDataReport(db: Db, shopDomain: string, customerId: string, email: string | null) {
  const shopId = await shopIdOf(db, shopDomain);
  if (!shopId) return { shop: shopDomain, customerId, profile: null, offerEvents: [], emailOffers: [], subscriptionContracts: [] };
  const [profile, offerEvents, emailOffers, subscriptionContracts] = await Promise.all([
    db.prisma.customerProfile.findUnique({
      where: { shopId_customerId: { shopId, customerId } },
      select: { ordersCount: true, tags: true, purchasedProductIds: true, updatedAt: true },
    }),
    db.prisma.offerEvent.findMany({
      where: { shopId, customerId },
      select: {
        orderKey: true,
        surface: true,
        kind: true,
        variantId: true,
        quantity: true,
        amountMinor: true,
        currencyCode: true,
        occurredAt: true,
      },
      orderBy: { occurredAt: 'asc' },
    }),
    db.prisma.emailOffer.findMany({
      where: { shopId, OR: [{ customerId }, ...(email ? [{ email }] : [])] },
      select: { orderId: true, email: true, status: true, sentAt: true, createdAt: true },
    }),
    db.prisma.subscriptionContract.findMany({
      where: { shopId, customerId },
      select: { shopifyId: true, status: true, nextBillingDate: true, createdAt: true },
    }),
  ]);
  return { shop: shopDomain, customerId, profile, offerEvents, emailOffers, subscriptionContracts };
}

export function complianceHandlers(db: Db): Record<string, TopicHandler> {
  return {
    'customers/data_request': async (event, log) => {
      const body = event.body as CustomerPayload;
      if (body.customer?.id === undefined) throw new Error('customers/data_request without customer.id');
      const report = await customerDataReport(db, event.shop, customerGid(body.customer.id), body.customer.email ?? null);
      // The report is the job's result, which the merchant reads through the jobs API (README); the log says only
      // that it was produced.
      log.info(
        {
          dataRequestId: body.data_request?.id,
          profile: report.profile !== null,
          offerEvents: report.offerEvents.length,
          emailOffers: report.emailOffers.length,
          subscriptionContracts: report.subscriptionContracts.length,
        },
        'customer data request answered',
      );
      return { dataRequestId: body.data_request?.id ?? null, report: JSON.parse(JSON.stringify(report)) as JsonValue };
    },

    'customers/redact': async (event, log) => {
      const body = event.body as CustomerPayload;
      if (body.customer?.id === undefined) throw new Error('customers/redact without customer.id');
      const shopId = await shopIdOf(db, event.shop);
      if (!shopId) return;
      const customerId = customerGid(body.customer.id);
      const orderIds = (body.orders_to_redact ?? []).map(orderGid);
      const email = body.customer.email ?? undefined;
      await db.prisma.$transaction([
        db.prisma.offerEvent.updateMany({ where: { shopId, customerId }, data: { customerId: null } }),
        db.prisma.customerProfile.deleteMany({ where: { shopId, customerId } }),
        db.prisma.offerDecision.deleteMany({ where: { shopId, orderKey: { in: orderIds } } }),
        db.prisma.emailOffer.updateMany({
          where: { shopId, OR: [{ customerId }, ...(email ? [{ email }] : []), { orderId: { in: orderIds } }] },
          data: { email: 'redacted@invalid', customerId: null },
        }),
        // Subscription notices sent to the customer: the address and the bodies (which name the customer's items).
        ...(email
          ? [db.prisma.emailNotice.updateMany({ where: { shopId, to: email }, data: { to: 'redacted@invalid', html: '', text: '' } })]
          : []),
      ]);
      await eraseWebhookBodies(db, event.shop, (stored) => aboutCustomer(stored, body.customer?.id, email, body.orders_to_redact), log);
      log.info({ orders: orderIds.length }, 'customer data redacted');
    },

    'shop/redact': async (event, log) => {
      const shopId = await shopIdOf(db, event.shop);
      await db.prisma.$transaction([
        ...(shopId
          ? [
              db.prisma.offerEvent.deleteMany({ where: { shopId } }),
              db.prisma.offerDecision.deleteMany({ where: { shopId } }),
              db.prisma.orderEdit.deleteMany({ where: { shopId } }),
              db.prisma.offerRoute.deleteMany({ where: { shopId } }),
              db.prisma.emailOffer.deleteMany({ where: { shopId } }),
              db.prisma.emailNotice.deleteMany({ where: { shopId } }),
              db.prisma.emailNoticeTemplate.deleteMany({ where: { shopId } }),
              db.prisma.orderLock.deleteMany({ where: { shopId } }),
              db.prisma.billingAttempt.deleteMany({ where: { shopId } }),
              db.prisma.subscriptionContract.deleteMany({ where: { shopId } }),
              db.prisma.catalogSnapshot.deleteMany({ where: { shopId } }),
              db.prisma.customerProfile.deleteMany({ where: { shopId } }),
              db.prisma.postPurchaseChangeset.deleteMany({ where: { shopId } }),
              db.prisma.checkoutDiscountCode.deleteMany({ where: { shopId } }),
              db.prisma.shop.delete({ where: { id: shopId } }),
            ]
          : []),
        db.prisma.session.deleteMany({ where: { shop: event.shop } }),
        // Every job of the shop but the ones running (this one among them): they finish on their own rows.
        db.prisma.job.deleteMany({ where: { shopDomain: event.shop, status: { not: 'running' } } }),
      ]);
      log.info('shop data erased');
    },
  };
}
