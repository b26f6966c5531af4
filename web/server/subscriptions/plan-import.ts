// Selling plan groups that exist in Shopify but not in Encore's store (created before Encore kept them, by the demo
// seed, or by a lost write) are imported by the reconciliation, page by page within the shop's Admin API budget, so
// their contracts get frequency changes on the self-service page and the merchant API lists them (origin
// "imported"). Groups Encore created stay as Encore stored them; imported ones are refreshed on each run.
import type { Prisma } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { SellingPlanNode } from '../shopify/graphql/SellingPlanFieldsFragment.js';
import { type SellingPlanGroupPageNode, SellingPlanGroupsPageQuery } from '../shopify/graphql/SellingPlanGroupsPageQuery.js';
import { installedShop } from '../shops/index.js';
import type { SubscriptionDeps } from './deps.js';
import type { StoredPlan } from './plans.js';

export const IMPORT_PLAN_GROUPS_JOB = 'subscriptions.import-plan-groups';
/** What one page may cost (4 groups of 31 plans, 25 products, 25 variants), reserved from the shop budget. */
const PAGE_COST = 700;

type PlanNode = SellingPlanNode & { options: string[] };

/** A Shopify plan in Encore's terms; null for plans that are not recurring subscriptions (pre-orders, try-before-you-buy). */
export function importedPlan(plan: PlanNode): StoredPlan | null {
  const billing = plan.billingPolicy.__typename === 'SellingPlanRecurringBillingPolicy' ? plan.billingPolicy : null;
  const delivery = plan.deliveryPolicy.__typename === 'SellingPlanRecurringDeliveryPolicy' ? plan.deliveryPolicy : null;
  if (!billing || !delivery) return null;
  const months = (interval: string, count: number) =>
    interval === 'YEAR' ? { interval: 'MONTH', count: count * 12 } : { interval, count };
  const every = months(delivery.interval, delivery.intervalCount);
  const bills = months(billing.interval, billing.intervalCount);
  if (!['DAY', 'WEEK', 'MONTH'].includes(every.interval)) return null;
  const prepaid = bills.interval === every.interval && bills.count % every.count === 0 ? bills.count / every.count : 1;
  const fixed = plan.pricingPolicies.find((p) => p.__typename === 'SellingPlanFixedPricingPolicy');
  const value = fixed && 'adjustmentValue' in fixed ? fixed.adjustmentValue : null;
  const percent = value?.__typename === 'SellingPlanPricingPolicyPercentageValue' ? value.percentage : null;
  const amount = value?.__typename === 'MoneyV2' ? String(value.amount) : null;
  const type = fixed && 'adjustmentType' in fixed ? fixed.adjustmentType : null;
  return {
    id: plan.id,
    name: plan.name,
    option: plan.options[0] ?? plan.name,
    interval: every.interval as StoredPlan['interval'],
    intervalCount: every.count,
    prepaidDeliveries: prepaid,
    discount:
      type === 'PERCENTAGE' && percent !== null && percent > 0
        ? { type: 'percentage', percent }
        : type === 'FIXED_AMOUNT' && amount !== null
          ? { type: 'fixed_amount', amount }
          : null,
    ...(type === 'PRICE' && amount !== null ? { price: amount } : {}),
  };
}

async function storeImported(
  deps: SubscriptionDeps,
  shopId: string,
  group: SellingPlanGroupPageNode,
): Promise<'imported' | 'refreshed' | 'kept'> {
  const plans = group.sellingPlans.nodes.flatMap((p) => importedPlan(p) ?? []);
  const existing = await deps.db.prisma.subscriptionPlanGroup.findUnique({ where: { shopId_shopifyId: { shopId, shopifyId: group.id } } });
  if (existing && existing.origin !== 'imported') return 'kept';
  const data = {
    name: group.name,
    merchantCode: group.merchantCode,
    description: group.description ?? null,
    plans: plans as unknown as Prisma.InputJsonValue,
    productIds: group.products.nodes.map((p) => p.id),
    variantIds: group.productVariants.nodes.map((v) => v.id),
    deletedAt: null,
  };
  if (existing) {
    await deps.db.prisma.subscriptionPlanGroup.update({ where: { id: existing.id }, data: { ...data, version: { increment: 1 } } });
    return 'refreshed';
  }
  await deps.db.prisma.subscriptionPlanGroup.upsert({
    where: { shopId_shopifyId: { shopId, shopifyId: group.id } },
    create: { shopId, shopifyId: group.id, origin: 'imported', ...data },
    update: {},
  });
  return 'imported';
}

/**
 * Queues the first page of a reconciliation run's plan group import (once per run), 10 minutes after the run starts:
 * the contract pages and any renewals due now come first in the shop's budget; the import is not urgent.
 */
export const IMPORT_DELAY_MS = 10 * 60_000;

export async function requestPlanGroupImport(
  deps: Pick<SubscriptionDeps, 'jobs' | 'clock'>,
  shopDomain: string,
  run: string,
): Promise<void> {
  await deps.jobs.enqueue(
    IMPORT_PLAN_GROUPS_JOB,
    { shop: shopDomain, after: null, run },
    {
      runAt: new Date(deps.clock.now().getTime() + IMPORT_DELAY_MS),
      idempotencyKey: `${IMPORT_PLAN_GROUPS_JOB}:${run}:first`,
      shopDomain,
      maxAttempts: 12,
    },
  );
}

/** One page: groups Encore does not have are stored as imported; the next page is the next job. */
export async function importPlanGroupsPage(
  deps: SubscriptionDeps,
  payload: { shop: string; after: string | null; run: string },
  log: Logger,
): Promise<{ imported: number; refreshed: number; next: string | null; waitMs?: number }> {
  const shop = await installedShop(deps.db, { domain: payload.shop });
  if (!shop) return { imported: 0, refreshed: 0, next: null };
  const grant = deps.budget.take(
    shop.domain,
    `${IMPORT_PLAN_GROUPS_JOB}:${payload.run}:${payload.after ?? 'first'}`,
    PAGE_COST,
    deps.clock.now(),
  );
  if (grant.waitMs > 0) return { imported: 0, refreshed: 0, next: null, waitMs: grant.waitMs };
  const admin = await deps.adminFor(shop.domain);
  const { sellingPlanGroups } = await admin.request(SellingPlanGroupsPageQuery, { after: payload.after });
  deps.budget.observe(shop.domain, admin.lastCost(), deps.clock.now());
  const counts = { imported: 0, refreshed: 0 };
  for (const group of sellingPlanGroups.nodes) {
    const outcome = await storeImported(deps, shop.id, group);
    if (outcome !== 'kept') counts[outcome] += 1;
  }
  const { hasNextPage, endCursor } = sellingPlanGroups.pageInfo;
  const next = hasNextPage && endCursor ? endCursor : null;
  if (next) {
    await deps.jobs.enqueue(
      IMPORT_PLAN_GROUPS_JOB,
      { shop: shop.domain, after: next, run: payload.run },
      { idempotencyKey: `${IMPORT_PLAN_GROUPS_JOB}:${payload.run}:${next}`, shopDomain: shop.domain, maxAttempts: 12 },
    );
  }
  log.info({ ...counts, next }, 'selling plan groups read from Shopify');
  return { ...counts, next };
}
