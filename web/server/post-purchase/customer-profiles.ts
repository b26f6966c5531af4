// What Encore knows about a customer without asking Shopify: earlier orders, tags and products bought, kept in
// CustomerProfile from orders/create webhooks and read by the offer endpoint for targeting (new vs returning,
// customer tags, "bought before").
import type { Clock } from '../clock.js';
import { isUniqueViolation, type Db, type Prisma } from '../db/client.js';
import type { Logger } from '../logger.js';
import { jsonColumn, sqlDialect } from '../db/sql-dialect.js';
import type { TopicHandler, WebhookEvent } from '../webhooks/process.js';
import type { CustomerProfileFacts } from './purchase.js';

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
  const cache = new Map<string, { profile: CustomerProfileFacts | null; readAt: number }>();
  return {
    async get(shopId, customerId) {
      const key = `${shopId}\u0000${customerId}`;
      const now = deps.clock.now().getTime();
      const cached = cache.get(key);
      if (cached && now - cached.readAt < ttlMs) return cached.profile;
      const profile = await readCustomerProfile(deps.db, shopId, customerId);
      cache.delete(key);
      cache.set(key, { profile, readAt: now });
      if (cache.size > MAX_CACHED_PROFILES) cache.delete(cache.keys().next().value as string);
      return profile;
    },
  };
}

interface OrderPayload {
  cancelled_at?: string | null;
  customer?: { id?: number | string | null; tags?: string | null } | null;
  line_items?: Array<{ product_id?: number | string | null }> | null;
}

/**
 * orders/create: counts the order and remembers its products and the customer's tags. Shopify may deliver an
 * event twice under different event ids (the intake dedupes only identical ones); the product list is a set,
 * but the count would then be one too high, which at worst treats a second-time buyer as returning a little
 * early.
 */
export function customerProfileOrderHandler(deps: { db: Db }): TopicHandler {
  return async (event: WebhookEvent, log: Logger) => {
    const order = (event.body ?? {}) as OrderPayload;
    const rawCustomer = order.customer?.id;
    if (rawCustomer === null || rawCustomer === undefined || order.cancelled_at) return;
    const shop = await deps.db.prisma.shop.findUnique({ where: { domain: event.shop }, select: { id: true } });
    if (!shop) {
      log.info('orders/create for a shop without a record; customer profile not updated');
      return;
    }
    const customerId = `gid://shopify/Customer/${String(rawCustomer)}`;
    const tags = (order.customer?.tags ?? '')
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean);
    const productIds = [
      ...new Set(
        (order.line_items ?? [])
          .map((line) => line.product_id)
          .filter((id): id is number | string => id !== null && id !== undefined && /^\d+$/.test(String(id)))
          .map((id) => `gid://shopify/Product/${String(id)}`),
      ),
    ];
    await upsertProfile(deps.db, shop.id, customerId, tags, productIds);
    log.debug({ customerId, products: productIds.length }, 'customer profile updated');
  };
}

async function upsertProfile(db: Db, shopId: string, customerId: string, tags: string[], productIds: string[]): Promise<void> {
  const key = { shopId_customerId: { shopId, customerId } };
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await db.prisma.customerProfile.findUnique({ where: key });
    const purchased = [...new Set([...productIds, ...stringList(existing?.purchasedProductIds)])].slice(0, MAX_REMEMBERED_PRODUCTS);
    const data = { tags: tags as unknown as Prisma.InputJsonValue, purchasedProductIds: purchased as unknown as Prisma.InputJsonValue };
    if (existing) {
      // Guarded on the count we read, so two orders of one customer processed at once both count.
      const { count } = await db.prisma.customerProfile.updateMany({
        where: { shopId, customerId, ordersCount: existing.ordersCount },
        data: { ...data, ordersCount: existing.ordersCount + 1 },
      });
      if (count === 1) return;
      continue;
    }
    try {
      await db.prisma.customerProfile.create({ data: { shopId, customerId, ordersCount: 1, ...data } });
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
