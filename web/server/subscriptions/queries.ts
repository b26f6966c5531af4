// What the merchant reads: contracts (filtered by status, searched by customer), each with its billing history and
// dunning state; upcoming renewals with the revenue they forecast.
import type { Db } from '../db/client.js';
import { NotFoundError } from '../errors.js';
import { installedShop } from '../shops/index.js';
import type { StoredContractLine } from './contracts.js';
import { cycleAmountMinor } from './schedule.js';
import type { ContractRecord } from './scheduling.js';

export interface ContractFilter {
  status?: string;
  /** Part of the customer's email, or their customer GID. */
  customer?: string;
  limit: number;
  cursor?: string;
}

function summary(contract: ContractRecord) {
  const lines = contract.lines as unknown as StoredContractLine[];
  return {
    id: contract.id,
    shopifyId: contract.shopifyId,
    status: contract.status,
    customerId: contract.customerId,
    customerEmail: contract.customerEmail,
    currencyCode: contract.currencyCode,
    billing: { interval: contract.billingInterval, intervalCount: contract.billingCount },
    delivery: { interval: contract.deliveryInterval, intervalCount: contract.deliveryCount },
    nextBillingDate: contract.nextBillingDate,
    cycle: contract.currentCycle,
    amountMinor: cycleAmountMinor(lines, contract.deliveryPriceMinor),
    lines: lines.map((l) => ({
      title: l.title,
      variantTitle: l.variantTitle,
      quantity: l.quantity,
      price: l.currentPrice.amount,
      sellingPlanId: l.sellingPlanId,
      sellingPlanName: l.sellingPlanName,
    })),
    dunning: {
      state: contract.dunningState,
      failedAttempts: contract.failedAttempts,
      nextRetryAt: contract.nextRetryAt,
      lastErrorCode: contract.lastErrorCode,
    },
    lastBilledAt: contract.lastBilledAt,
    origin: contract.origin,
  };
}

export type ContractSummary = ReturnType<typeof summary>;

export async function listContracts(db: Db, shopId: string, filter: ContractFilter) {
  const customer = filter.customer?.trim();
  const rows = await db.prisma.subscriptionContract.findMany({
    where: {
      shopId,
      ...(filter.status ? { status: filter.status } : {}),
      ...(customer
        ? customer.startsWith('gid://')
          ? { customerId: customer }
          : { customerEmail: { contains: customer.toLowerCase() } }
        : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: filter.limit + 1,
    ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, filter.limit);
  return { contracts: page.map(summary), nextCursor: rows.length > filter.limit ? (page.at(-1)?.id ?? null) : null };
}

export async function contractDetail(db: Db, shopId: string, id: string) {
  const contract = await db.prisma.subscriptionContract.findFirst({ where: { id, shopId }, include: { billingAttempts: true } });
  if (!contract) throw new NotFoundError(`No subscription contract ${id} in this shop.`);
  const attempts = [...contract.billingAttempts].sort((a, b) => a.cycleIndex - b.cycleIndex || a.attemptNumber - b.attemptNumber);
  return {
    ...summary(contract),
    billingHistory: attempts.map((a) => ({
      cycle: a.cycleIndex,
      attempt: a.attemptNumber,
      status: a.status,
      idempotencyKey: a.idempotencyKey,
      amountMinor: a.amountMinor,
      orderId: a.orderId,
      errorCode: a.errorCode,
      errorMessage: a.errorMessage,
      dunningAction: a.dunningAction,
      nextActionUrl: a.nextActionUrl,
      scheduledFor: a.scheduledFor,
      completedAt: a.completedAt,
    })),
  };
}

/** Active contracts due in the next `days` days, soonest first, with what they should bring in per currency. */
export async function upcomingRenewals(db: Db, shopId: string, now: Date, days: number) {
  const until = new Date(now.getTime() + days * 86_400_000);
  const rows = await db.prisma.subscriptionContract.findMany({
    where: { shopId, status: 'ACTIVE', nextBillingDate: { lte: until } },
    orderBy: { nextBillingDate: 'asc' },
    take: 1000,
  });
  const forecast: Record<string, number> = {};
  const renewals = rows.map((row) => {
    const item = summary(row);
    forecast[row.currencyCode] = (forecast[row.currencyCode] ?? 0) + item.amountMinor;
    return {
      id: item.id,
      shopifyId: item.shopifyId,
      nextBillingDate: item.nextBillingDate,
      amountMinor: item.amountMinor,
      currencyCode: item.currencyCode,
      customerEmail: item.customerEmail,
      dunning: item.dunning,
    };
  });
  return {
    from: now,
    until,
    count: renewals.length,
    forecast: Object.entries(forecast).map(([currencyCode, amountMinor]) => ({ currencyCode, amountMinor })),
    renewals,
  };
}

/** The contract a self-service link names, when its shop still has the app installed. */
export async function managedContract(db: Db, shopDomain: string, contractId: string) {
  const shop = await installedShop(db, { domain: shopDomain });
  if (!shop) return null;
  const contract = await db.prisma.subscriptionContract.findFirst({ where: { id: contractId, shopId: shop.id } });
  return contract ? { contract, shop: { id: shop.id, domain: shop.domain } } : null;
}
