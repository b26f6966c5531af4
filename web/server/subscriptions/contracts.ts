// Contracts, complete and current. subscription_contracts/create|update name a contract; it is read from the
// Admin API (lines, prices, delivery, payment method, next billing date, status) and stored, newest read wins.
// Reconciliation reads every contract of the shop page by page (paced by the shop's budget) and stores each the
// same way, so a missed or late webhook is repaired. Storing a contract (re)schedules its next renewal.
import { isUniqueViolation, type Prisma } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { SubscriptionContractFields } from '../shopify/graphql/SubscriptionContractFieldsFragment.js';
import { SubscriptionContractQuery } from '../shopify/graphql/SubscriptionContractQuery.js';
import { SubscriptionContractsPageQuery } from '../shopify/graphql/SubscriptionContractsPageQuery.js';
import { installedShop } from '../shops/index.js';
import type { TopicHandler, WebhookEvent } from '../webhooks/index.js';
import type { SubscriptionDeps } from './deps.js';
import { requestPlanGroupImport } from './plan-import.js';
import { toMinor } from './schedule.js';
import { scheduleCycle } from './scheduling.js';

export type StoredContractLine = SubscriptionContractFields['lines']['nodes'][number];
export type StoreOutcome = 'created' | 'updated' | 'unchanged';

const CONTRACT_GID = /^gid:\/\/shopify\/SubscriptionContract\/\d+$/;

interface ContractPayload {
  admin_graphql_api_id?: string;
  id?: number | string;
}

export function contractGidOf(body: unknown): string | null {
  const payload = (body ?? {}) as ContractPayload;
  const gid =
    typeof payload.admin_graphql_api_id === 'string'
      ? payload.admin_graphql_api_id
      : payload.id !== undefined
        ? `gid://shopify/SubscriptionContract/${String(payload.id)}`
        : null;
  return gid && CONTRACT_GID.test(gid) ? gid : null;
}

/** subscription_contracts/create and /update: read the contract named in the payload and store it. */
export function contractWebhookHandler(deps: SubscriptionDeps): TopicHandler {
  return async (event: WebhookEvent, log: Logger) => {
    const contractGid = contractGidOf(event.body);
    if (!contractGid) {
      log.warn('contract webhook without a contract id; ignored');
      return;
    }
    const shop = await installedShop(deps.db, { domain: event.shop });
    if (!shop) {
      log.info({ contractId: contractGid }, 'contract for a shop that is not installed; not stored');
      return;
    }
    const outcome = await refreshContract(deps, shop, contractGid);
    log.info({ contractId: contractGid, outcome }, 'subscription contract stored');
  };
}

/** Reads one contract from Shopify and stores it; `not_found` when this app cannot read it (another app's, or gone). */
export async function refreshContract(
  deps: SubscriptionDeps,
  shop: { id: string; domain: string },
  contractGid: string,
): Promise<StoreOutcome | 'not_found'> {
  const admin = await deps.adminFor(shop.domain);
  const { subscriptionContract: contract } = await admin.request(SubscriptionContractQuery, { id: contractGid });
  deps.budget.observe(shop.domain, admin.lastCost(), deps.clock.now());
  if (!contract) return 'not_found';
  return storeContract(deps, shop.id, contract);
}

function fieldsOf(contract: SubscriptionContractFields) {
  const lines: StoredContractLine[] = contract.lines.nodes.map((line) => ({ ...line, currentPrice: { ...line.currentPrice } }));
  return {
    customerId: contract.customer?.id ?? null,
    customerEmail: contract.customer?.email ?? null,
    customerLocale: contract.customer?.locale ?? null,
    status: contract.status,
    currencyCode: contract.currencyCode,
    billingInterval: contract.billingPolicy.interval,
    billingCount: contract.billingPolicy.intervalCount,
    deliveryInterval: contract.deliveryPolicy.interval,
    deliveryCount: contract.deliveryPolicy.intervalCount,
    deliveryPriceMinor: contract.deliveryPrice ? toMinor(contract.deliveryPrice.amount) : 0,
    paymentMethodId: contract.customerPaymentMethod?.id ?? null,
    nextBillingDate: contract.nextBillingDate ? new Date(contract.nextBillingDate) : null,
    originOrderId: contract.originOrder?.id ?? null,
    lines: lines as unknown as Prisma.InputJsonValue,
    lastPaymentStatus: contract.lastPaymentStatus,
    shopifyUpdatedAt: new Date(contract.updatedAt),
  };
}

/**
 * Inserts the contract, or updates it when this read is newer than the stored one (out-of-order webhooks and
 * reconciliation never overwrite a newer state with an older one; a read as new as the stored one is taken).
 * Idempotent. Schedules its next renewal.
 */
export async function storeContract(
  deps: Pick<SubscriptionDeps, 'db' | 'jobs' | 'clock'>,
  shopId: string,
  contract: SubscriptionContractFields,
  options: { origin?: 'shopify' | 'encore' } = {},
): Promise<StoreOutcome> {
  const { db } = deps;
  const fields = fieldsOf(contract);
  const key = { shopId_shopifyId: { shopId, shopifyId: contract.id } };
  const existing = await db.prisma.subscriptionContract.findUnique({ where: key, select: { id: true } });
  let outcome: StoreOutcome | null = null;
  if (!existing) {
    try {
      await db.prisma.subscriptionContract.create({
        data: { shopId, shopifyId: contract.id, ...fields, ...(options.origin ? { origin: options.origin } : {}) },
      });
      outcome = 'created';
    } catch (error) {
      if (!isUniqueViolation(error) && (error as { code?: unknown }).code !== 'P2002') throw error;
    }
  }
  if (!outcome) {
    const { count } = await db.prisma.subscriptionContract.updateMany({
      where: { shopId, shopifyId: contract.id, OR: [{ shopifyUpdatedAt: null }, { shopifyUpdatedAt: { lte: fields.shopifyUpdatedAt } }] },
      data: fields,
    });
    outcome = count > 0 ? 'updated' : 'unchanged';
  }
  if (outcome !== 'unchanged') {
    const row = await db.prisma.subscriptionContract.findUniqueOrThrow({ where: key });
    await scheduleCycle(deps, row);
  }
  return outcome;
}

export const RECONCILE_JOB = 'subscriptions.reconcile';
/** How often every contract of a shop is read again. */
export const RECONCILE_EVERY_MS = 24 * 3_600_000;
const PAGE_COST = 500;

/** Queues the shop's reconciliation (at most one per shop and day, whoever asks). */
export async function requestReconciliation(
  deps: Pick<SubscriptionDeps, 'jobs' | 'clock'>,
  shopDomain: string,
  at?: Date,
): Promise<string> {
  const runAt = at ?? deps.clock.now();
  const day = Math.floor(runAt.getTime() / RECONCILE_EVERY_MS);
  const { job } = await deps.jobs.enqueue(
    RECONCILE_JOB,
    { shop: shopDomain, after: null, run: `${shopDomain}:${day}` },
    { runAt, idempotencyKey: `${RECONCILE_JOB}:${shopDomain}:${day}`, shopDomain, maxAttempts: 12 },
  );
  return job.id;
}

/**
 * One page of reconciliation; the next page is the next job (so a page waits for the budget without holding a
 * worker), and the last page queues tomorrow's run.
 */
export async function reconcilePage(
  deps: SubscriptionDeps,
  payload: { shop: string; after: string | null; run: string },
): Promise<{ stored: Record<StoreOutcome, number>; next: string | null; waitMs?: number }> {
  const shop = await installedShop(deps.db, { domain: payload.shop });
  const stored: Record<StoreOutcome, number> = { created: 0, updated: 0, unchanged: 0 };
  if (!shop) return { stored, next: null };
  // Each run also reads the app's selling plan groups and imports those Encore does not have (plan-import.ts).
  if (payload.after === null) await requestPlanGroupImport(deps, shop.domain, payload.run);
  const pageKey = `${RECONCILE_JOB}:${payload.run}:${payload.after ?? 'first'}`;
  const grant = deps.budget.take(shop.domain, pageKey, PAGE_COST, deps.clock.now());
  if (grant.waitMs > 0) return { stored, next: null, waitMs: grant.waitMs };
  const admin = await deps.adminFor(shop.domain);
  const { subscriptionContracts } = await admin.request(SubscriptionContractsPageQuery, { after: payload.after });
  deps.budget.observe(shop.domain, admin.lastCost(), deps.clock.now());
  for (const contract of subscriptionContracts.nodes) stored[await storeContract(deps, shop.id, contract)] += 1;
  const { hasNextPage, endCursor } = subscriptionContracts.pageInfo;
  if (hasNextPage && endCursor) {
    await deps.jobs.enqueue(
      RECONCILE_JOB,
      { shop: shop.domain, after: endCursor, run: payload.run },
      { idempotencyKey: `${RECONCILE_JOB}:${payload.run}:${endCursor}`, shopDomain: shop.domain, maxAttempts: 12 },
    );
    return { stored, next: endCursor };
  }
  await requestReconciliation(deps, shop.domain, new Date(deps.clock.now().getTime() + RECONCILE_EVERY_MS));
  return { stored, next: null };
}
