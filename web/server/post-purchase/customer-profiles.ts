// What Encore knows about a customer without asking Shopify: earlier orders, tags and products bought, kept in
// CustomerProfile from orders/create webhooks and read by the offer endpoint for targeting (new vs returning,
// customer tags, "bought before").
import { BoundedCache } from '../bounded-cache.js';
import type { Clock } from '../clock.js';
import { isUniqueViolation, type Db, type Prisma } from '../db/client.js';
import type { Logger } from '../logger.js';
import { jsonColumn, sqlDialect } from '../db/sql-dialect.js';
import { installedShop } from '../shops/index.js';
import type { TopicHandler, WebhookEvent } from '../webhooks/process.js';
import type { CustomerProfileFacts } from './purchase.js';
import type { AdminClient } from '../shopify/admin-client.js';
import { CustomerProfileQuery } from '../shopify/graphql/CustomerProfileQuery.js';

/** Products remembered per customer (most recent first); enough for "bought before" on any real shop. */
export const MAX_REMEMBERED_PRODUCTS = 500;

export async function readCustomerProfile(db: Db, shopId: string, customerId: string): Promise<CustomerProfileFacts | null> {
  const sql = sqlDialect(db);
  const rows = await db.sql.query<{ ordersCount: unknown; tags: unknown; purchasedProductIds: unknown }>(
    `SELECT "ordersCount", "tags", "purchasedProductIds" FROM "CustomerProfile" WHERE "shopId" = ${sql.p(1)} AND "customerId" = ${sql.p(2)}`,
    [shopId, customerId],
  );
  const row = rows[0];
  if (!row) return null;
  return { ordersCount: Number(row.ordersCount), tags: stringList(jsonColumn(row.tags)), purchasedProductIds: stringList(jsonColumn(row.purchasedProductIds)) };
}

export interface CustomerProfileReader {
  get(shopId: string, customerId: string): Promise<CustomerProfileFacts | null>;
}

/** Profiles change once per order (orders/create), so the offer endpoint may use a copy up to a minute old. */
export const CUSTOMER_PROFILE_TTL_MS = 60_000;
const MAX_CACHED_PROFILES = 50_000;

export function createCustomerProfileReader(deps: { db: Db; clock: Clock; ttlMs?: number }): CustomerProfileReader {
  const ttlMs = deps.ttlMs ?? CUSTOMER_PROFILE_TTL_MS;
  // null (no profile yet) is cached too: a first-time customer is the common case.
  const cache = new BoundedCache<string, CustomerProfileFacts | null>({ maxEntries: MAX_CACHED_PROFILES, ttlMs, clock: deps.clock });
  return {
    async get(shopId, customerId) {
      const key = `${shopId}\u0000${customerId}`;
      const cached = cache.get(key);
      if (cached !== undefined) return cached;
      const readAt = deps.clock.now();
      const profile = await readCustomerProfile(deps.db, shopId, customerId);
      cache.set(key, profile, readAt);
      return profile;
    },
  };
}

interface OrderPayload {
  cancelled_at?: string | null;
  customer?: { id?: number | string | null } | null;
  line_items?: Array<{ product_id?: number | string | null }> | null;
}

export interface CustomerProfileDeps {
  db: Db;
  adminFor(shop: string): Promise<AdminClient>;
}

/**
 * orders/create: remembers the order's products and refreshes the customer's tags and order count from the Admin
 * API (order webhooks have carried no customer tags since 2025-01). Shopify's count includes orders placed before
 * Encore was installed and this one, so a returning customer is known as such from the first order Encore sees,
 * and a delivery that comes twice (Shopify may send an event under two event ids) cannot count an order twice.
 */
export function customerProfileOrderHandler(deps: CustomerProfileDeps): TopicHandler {
  return async (event: WebhookEvent, log: Logger) => {
    const order = (event.body ?? {}) as OrderPayload;
    const rawCustomer = order.customer?.id;
    if (rawCustomer === null || rawCustomer === undefined || order.cancelled_at || !/^\d+$/.test(String(rawCustomer))) return;
    const shop = await installedShop(deps.db, { domain: event.shop });
    if (!shop) {
      log.info('orders/create for a shop that is not installed; customer profile not updated');
      return;
    }
    const customerId = `gid://shopify/Customer/${String(rawCustomer)}`;
    const admin = await deps.adminFor(event.shop);
    const { customer } = await admin.request(CustomerProfileQuery, { id: customerId });
    if (!customer) {
      log.info({ customerId }, 'customer of the order no longer exists; profile not updated');
      return;
    }
    const productIds = [
      ...new Set(
        (order.line_items ?? [])
          .map((line) => line.product_id)
          .filter((id): id is number | string => id !== null && id !== undefined && /^\d+$/.test(String(id)))
          .map((id) => `gid://shopify/Product/${String(id)}`),
      ),
    ];
    const ordersCount = Number(customer.numberOfOrders);
    await upsertProfile(deps.db, shop.id, customerId, {
      tags: customer.tags,
      productIds,
      ordersCount: Number.isSafeInteger(ordersCount) ? ordersCount : 1,
    });
    log.debug({ customerId, products: productIds.length }, 'customer profile updated');
  };
}

interface ProfileUpdate {
  tags: string[];
  productIds: string[];
  /** Shopify's count at the time of reading; a stored higher count (a later read that finished first) is kept. */
  ordersCount: number;
}

async function upsertProfile(db: Db, shopId: string, customerId: string, update: ProfileUpdate): Promise<void> {
  const key = { shopId_customerId: { shopId, customerId } };
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await db.prisma.customerProfile.findUnique({ where: key });
    const purchased = [...new Set([...update.productIds, ...stringList(existing?.purchasedProductIds)])].slice(0, MAX_REMEMBERED_PRODUCTS);
    const data = { tags: update.tags as unknown as Prisma.InputJsonValue, purchasedProductIds: purchased as unknown as Prisma.InputJsonValue };
    if (existing) {
      // Guarded on the row we read, so two orders of one customer processed at once both leave their products.
      const { count } = await db.prisma.customerProfile.updateMany({
        where: { shopId, customerId, updatedAt: existing.updatedAt },
        data: { ...data, ordersCount: Math.max(existing.ordersCount, update.ordersCount) },
      });
      if (count === 1) return;
      continue;
    }
    try {
      await db.prisma.customerProfile.create({ data: { shopId, customerId, ordersCount: update.ordersCount, ...data } });
      return;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new Error(`customer profile ${customerId} kept changing while being updated; the job will retry`);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
