// Puts a contract's next piece of work in the job queue: the renewal on its billing date (or the next dunning
// retry), and the renewal reminder before it. Job keys carry the contract, cycle, attempt and due time, so asking
// twice queues once, and a contract moved to another date gets a new job while the old one finds it moved and stops.
import type { Prisma } from '../db/client.js';
import { installedShop } from '../shops/index.js';
import type { SubscriptionDeps } from './deps.js';
import { addDays, reminderJobKey, renewalJobKey } from './schedule.js';
import { readSubscriptionSettings } from './settings.js';

export const RENEW_JOB = 'subscriptions.renew';
export const REMIND_JOB = 'subscriptions.remind';

export interface RenewPayload {
  contractId: string;
  cycle: number;
  attempt: number;
  due: string;
}

export type ContractRecord = Prisma.SubscriptionContractGetPayload<Record<string, never>>;
export type AttemptRecord = Prisma.BillingAttemptGetPayload<Record<string, never>>;

type ContractRow = Pick<
  ContractRecord,
  'id' | 'shopId' | 'status' | 'nextBillingDate' | 'currentCycle' | 'failedAttempts' | 'dunningState' | 'nextRetryAt'
>;

async function shopDomainOf(deps: Pick<SubscriptionDeps, 'db'>, shopId: string): Promise<string | null> {
  return (await installedShop(deps.db, { id: shopId }))?.domain ?? null;
}

export async function enqueueRenewal(
  deps: Pick<SubscriptionDeps, 'jobs'>,
  shopDomain: string,
  payload: { contractId: string; cycle: number; attempt: number; due: Date },
): Promise<void> {
  await deps.jobs.enqueue(
    RENEW_JOB,
    { contractId: payload.contractId, cycle: payload.cycle, attempt: payload.attempt, due: payload.due.toISOString() },
    {
      runAt: payload.due,
      idempotencyKey: renewalJobKey(payload.contractId, payload.cycle, payload.attempt, payload.due),
      shopDomain,
      maxAttempts: 12,
    },
  );
}

/** Queues what the contract needs next; nothing for a contract that is not active or has no billing date. */
export async function scheduleCycle(deps: Pick<SubscriptionDeps, 'db' | 'jobs' | 'clock'>, contract: ContractRow): Promise<void> {
  if (contract.status !== 'ACTIVE' || !contract.nextBillingDate) return;
  if (contract.dunningState === 'exhausted' || contract.dunningState === 'awaiting_customer') return;
  const shopDomain = await shopDomainOf(deps, contract.shopId);
  if (!shopDomain) return;
  if (contract.failedAttempts > 0 && contract.nextRetryAt) {
    await enqueueRenewal(deps, shopDomain, {
      contractId: contract.id,
      cycle: contract.currentCycle,
      attempt: contract.failedAttempts + 1,
      due: contract.nextRetryAt,
    });
    return;
  }
  const due = contract.nextBillingDate;
  await enqueueRenewal(deps, shopDomain, { contractId: contract.id, cycle: contract.currentCycle, attempt: 1, due });
  const { reminderDays } = await readSubscriptionSettings(deps.db, contract.shopId);
  const now = deps.clock.now();
  if (reminderDays === 0 || due.getTime() <= now.getTime()) return;
  const remindAt = addDays(due, -reminderDays);
  await deps.jobs.enqueue(
    REMIND_JOB,
    { contractId: contract.id, cycle: contract.currentCycle, due: due.toISOString() },
    {
      runAt: remindAt.getTime() > now.getTime() ? remindAt : now,
      idempotencyKey: reminderJobKey(contract.id, contract.currentCycle, due),
      shopDomain,
    },
  );
}
