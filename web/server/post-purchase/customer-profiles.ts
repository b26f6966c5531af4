// What Encore knows about a customer without asking Shopify: earlier orders, tags and products bought, kept in
// CustomerProfile from orders/create webhooks and read by the offer endpoint for targeting (new vs returning,
// customer tags, "bought before").

import { z } from 'zod';
import { BoundedCache } from '../bounded-cache.js';
import type { Clock } from '../clock.js';
import { type Db, isUniqueViolation, type Prisma } from '../db/client.js';
import { jsonColumn, sqlDialect } from '../db/sql-dialect.js';
import { defineJobHandler } from '../jobs/define.js';
import type { JobQueue } from '../jobs/queue.js';
import type { JobHandlers, JsonValue } from '../jobs/types.js';
import type { Logger } from '../logger.js';
import type { AdminClient } from '../shopify/admin-client.js';
import { type CustomerProfileData, CustomerProfileQuery } from '../shopify/graphql/CustomerProfileQuery.js';
import { shopifyJobError } from '../shopify/job-errors.js';
import { installedShop } from '../shops/index.js';
import type { TopicHandler, WebhookEvent } from '../webhooks/index.js';
import type { CustomerProfileFacts } from './purchase.js';

/** Products remembered per customer (most recent first); enough for "bought before" on any real shop. */
export const MAX_REMEMBERED_PRODUCTS = 500;

export async function readCustomerProfile(db: Db, shopId: string, customerId: string): Promise<CustomerProfileFacts | null> {
  const sql = sqlDialect(db);
  const rows = await db.sql.query<{ ordersCount: unknown; tags: unknown; purchasedProductIds: unknown }>(
    `SELECT "ordersCount", "tags", "purchasedProductIds" FROM "CustomerProfile"
     WHERE "shopId" = ${sql.p(1)} AND "customerId" = ${sql.p(2)}`,
    [shopId, customerId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    ordersCount: Number(row.ordersCount),
    tags: stringList(jsonColumn(row.tags)),
    purchasedProductIds: stringList(jsonColumn(row.purchasedProductIds)),
  };
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
  jobs: Pick<JobQueue, 'enqueue'>;
  clock: Clock;
  adminFor(shop: string): Promise<AdminClient>;
}

export const CUSTOMER_PROFILE_REFRESH_JOB = 'customer.profile.refresh';

/**
 * orders/create: counts the order and remembers its products, without calling Shopify (a flash sale must not spend
 * the Admin API budget per order). The customer's tags and Shopify's own order count - which includes orders placed
 * before Encore was installed - are read by a refresh job, at most once per customer and day: order webhooks have
 * carried no customer tags since API 2025-01 (shopify.dev changelog "New customer's webhook and changes to existing
 * customer's webhooks payload"). Shopify may deliver an event twice under two event ids; the count is then one too
 * high until the next refresh sets Shopify's.
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
    const productIds = [
      ...new Set(
        (order.line_items ?? [])
          .map((line) => line.product_id)
          .filter((id): id is number | string => id !== null && id !== undefined && /^\d+$/.test(String(id)))
          .map((id) => `gid://shopify/Product/${String(id)}`),
      ),
    ];
    await updateProfile(deps.db, shop.id, customerId, (existing) => ({
      productIds,
      ordersCount: (existing?.ordersCount ?? 0) + 1,
    }));
    const day = deps.clock.now().toISOString().slice(0, 10);
    await deps.jobs.enqueue(
      CUSTOMER_PROFILE_REFRESH_JOB,
      { shopDomain: shop.domain, customerId },
      { idempotencyKey: `${CUSTOMER_PROFILE_REFRESH_JOB}:${shop.id}:${customerId}:${day}`, shopDomain: shop.domain, maxAttempts: 5 },
    );
    log.debug({ customerId, products: productIds.length }, 'customer profile updated');
  };
}

const RefreshPayload = z.object({ shopDomain: z.string().min(1), customerId: z.string().regex(/^gid:\/\/shopify\/Customer\/\d+$/) });

/** Reads the customer's tags and order count from Shopify into their profile. */
export function customerProfileJobHandlers(deps: CustomerProfileDeps): JobHandlers {
  return {
    [CUSTOMER_PROFILE_REFRESH_JOB]: defineJobHandler(RefreshPayload, async ({ shopDomain, customerId }, job): Promise<JsonValue> => {
      const shop = await installedShop(deps.db, { domain: shopDomain });
      if (!shop) return { skipped: 'not_installed' };
      let customer: CustomerProfileData['customer'];
      try {
        ({ customer } = await (await deps.adminFor(shopDomain)).request(CustomerProfileQuery, { id: customerId }));
      } catch (error) {
        throw shopifyJobError(error);
      }
      if (!customer) {
        job.logger.info({ customerId }, 'customer no longer exists; profile left as it is');
        return { skipped: 'customer_gone' };
      }
      const shopifyCount = Number(customer.numberOfOrders);
      await updateProfile(deps.db, shop.id, customerId, (existing) => ({
        tags: customer.tags,
        productIds: [],
        ordersCount: Number.isSafeInteger(shopifyCount) ? shopifyCount : (existing?.ordersCount ?? 0),
      }));
      return { tags: customer.tags.length, ordersCount: shopifyCount };
    }),
  };
}

interface ProfileUpdate {
  /** Replaces the stored tags when given. */
  tags?: string[];
  /** Added to the products remembered. */
  productIds: string[];
  ordersCount: number;
}

type ProfileRow = NonNullable<Awaited<ReturnType<Db['prisma']['customerProfile']['findUnique']>>>;

/** Read, change, write - guarded on the row read, so two updates of one customer at once both land. */
async function updateProfile(
  db: Db,
  shopId: string,
  customerId: string,
  change: (existing: ProfileRow | null) => ProfileUpdate,
): Promise<void> {
  const key = { shopId_customerId: { shopId, customerId } };
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await db.prisma.customerProfile.findUnique({ where: key });
    const update = change(existing);
    const purchased = [...new Set([...update.productIds, ...stringList(existing?.purchasedProductIds)])].slice(0, MAX_REMEMBERED_PRODUCTS);
    const data = {
      ...(update.tags ? { tags: update.tags as unknown as Prisma.InputJsonValue } : {}),
      purchasedProductIds: purchased as unknown as Prisma.InputJsonValue,
      ordersCount: update.ordersCount,
    };
    if (existing) {
      const { count } = await db.prisma.customerProfile.updateMany({
        where: { shopId, customerId, ordersCount: existing.ordersCount, updatedAt: existing.updatedAt },
        data,
      });
      if (count === 1) return;
      continue;
    }
    try {
      await db.prisma.customerProfile.create({ data: { shopId, customerId, ...data } });
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
