// subscription_contracts/create: Shopify created a contract by itself (a checkout with a selling-plan line, or a
// post-purchase add_subscription Encore signed). The webhook carries the contract's id and policies; the lines
// and the next billing date are read once from the Admin API, and the row is stored for renewals.

import { type Db, isUniqueViolation, type Prisma } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { AdminClient } from '../shopify/admin-client.js';
import {
  type SubscriptionContractData,
  type SubscriptionContractLineNode,
  SubscriptionContractQuery,
} from '../shopify/graphql/SubscriptionContractQuery.js';
import { installedShop } from '../shops/index.js';
import type { TopicHandler, WebhookEvent } from '../webhooks/index.js';

export interface ContractIngestDeps {
  db: Db;
  adminFor(shop: string): Promise<AdminClient>;
}

interface ContractPayload {
  admin_graphql_api_id?: string;
  id?: number | string;
}

/** A contract line as stored in SubscriptionContract.lines: the Admin API's line, as read. */
export type StoredContractLine = SubscriptionContractLineNode;

export function subscriptionContractCreateHandler(deps: ContractIngestDeps): TopicHandler {
  return async (event: WebhookEvent, log: Logger) => {
    const payload = (event.body ?? {}) as ContractPayload;
    const contractGid =
      payload.admin_graphql_api_id ?? (payload.id !== undefined ? `gid://shopify/SubscriptionContract/${String(payload.id)}` : null);
    if (!contractGid || !/^gid:\/\/shopify\/SubscriptionContract\/\d+$/.test(contractGid)) {
      log.warn('subscription_contracts/create without a contract id; ignored');
      return;
    }
    const shop = await installedShop(deps.db, { domain: event.shop });
    if (!shop) {
      log.info({ contractId: contractGid }, 'contract for a shop that is not installed; not stored');
      return;
    }
    const admin = await deps.adminFor(event.shop);
    const { subscriptionContract: contract } = await admin.request(SubscriptionContractQuery, { id: contractGid });
    if (!contract) {
      // Not ours (another app's plan) or already gone: nothing to bill.
      log.info({ contractId: contractGid }, 'contract not readable by this app; not stored');
      return;
    }
    const stored = await storeContract(deps.db, shop.id, contract);
    log.info({ contractId: contractGid, outcome: stored }, 'subscription contract stored');
  };
}

type Contract = NonNullable<SubscriptionContractData['subscriptionContract']>;

/** Inserts the contract, or updates it when this read is newer than the stored one. Idempotent. */
export async function storeContract(db: Db, shopId: string, contract: Contract): Promise<'created' | 'updated' | 'unchanged'> {
  const updatedAt = new Date(contract.updatedAt);
  const lines: StoredContractLine[] = contract.lines.nodes.map((line) => ({ ...line, currentPrice: { ...line.currentPrice } }));
  const fields = {
    customerId: contract.customer?.id ?? null,
    status: contract.status,
    currencyCode: contract.currencyCode,
    billingInterval: contract.billingPolicy.interval,
    billingCount: contract.billingPolicy.intervalCount,
    nextBillingDate: contract.nextBillingDate ? new Date(contract.nextBillingDate) : null,
    originOrderId: contract.originOrder?.id ?? null,
    lines: lines as unknown as Prisma.InputJsonValue,
    lastPaymentStatus: contract.lastPaymentStatus,
    shopifyUpdatedAt: updatedAt,
  };
  const key = { shopId_shopifyId: { shopId, shopifyId: contract.id } };
  const existing = await db.prisma.subscriptionContract.findUnique({ where: key, select: { shopifyUpdatedAt: true } });
  if (!existing) {
    try {
      await db.prisma.subscriptionContract.create({ data: { shopId, shopifyId: contract.id, ...fields } });
      return 'created';
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  const { count } = await db.prisma.subscriptionContract.updateMany({
    where: { shopId, shopifyId: contract.id, OR: [{ shopifyUpdatedAt: null }, { shopifyUpdatedAt: { lt: updatedAt } }] },
    data: fields,
  });
  return count > 0 ? 'updated' : 'unchanged';
}
