// Puts a contract's next piece of work in the job queue: the renewal on its billing date (or the next dunning
// retry), and the renewal reminder before it. Job keys carry the contract, cycle, attempt and due time, so asking
// twice queues once, and a contract moved to another date gets a new job while the old one finds it moved and stops.
import type { Prisma } from '../db/client.js';
import { insertJobsStatement, type NewJob } from '../jobs/index.js';
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

function renewalJob(shopDomain: string, payload: { contractId: string; cycle: number; attempt: number; due: Date }): NewJob {
  return {
    name: RENEW_JOB,
    payload: { contractId: payload.contractId, cycle: payload.cycle, attempt: payload.attempt, due: payload.due.toISOString() },
    options: {
      runAt: payload.due,
      idempotencyKey: renewalJobKey(payload.contractId, payload.cycle, payload.attempt, payload.due),
      shopDomain,
      maxAttempts: 12,
    },
  };
}

export async function enqueueRenewal(
  deps: Pick<SubscriptionDeps, 'jobs'>,
  shopDomain: string,
  payload: { contractId: string; cycle: number; attempt: number; due: Date },
): Promise<void> {
  const job = renewalJob(shopDomain, payload);
  await deps.jobs.enqueue(job.name, job.payload, job.options);
}

/** The jobs a contract needs next (the renewal or retry, and the reminder before a renewal); none when inactive. */
export function cycleJobs(contract: ContractRow, shopDomain: string, reminderDays: number, now: Date): NewJob[] {
  if (contract.status !== 'ACTIVE' || !contract.nextBillingDate) return [];
  if (contract.dunningState === 'exhausted' || contract.dunningState === 'awaiting_customer') return [];
  if (contract.failedAttempts > 0 && contract.nextRetryAt) {
    const retry = {
      contractId: contract.id,
      cycle: contract.currentCycle,
      attempt: contract.failedAttempts + 1,
      due: contract.nextRetryAt,
    };
    return [renewalJob(shopDomain, retry)];
  }
  const due = contract.nextBillingDate;
  const jobs = [renewalJob(shopDomain, { contractId: contract.id, cycle: contract.currentCycle, attempt: 1, due })];
  if (reminderDays === 0 || due.getTime() <= now.getTime()) return jobs;
  const remindAt = addDays(due, -reminderDays);
  jobs.push({
    name: REMIND_JOB,
    payload: { contractId: contract.id, cycle: contract.currentCycle, due: due.toISOString() },
    options: {
      runAt: remindAt.getTime() > now.getTime() ? remindAt : now,
      idempotencyKey: reminderJobKey(contract.id, contract.currentCycle, due),
      shopDomain,
    },
  });
  return jobs;
}

/**
 * Queues what the contract needs next; nothing for a contract that is not active or has no billing date. The jobs
 * go in with one INSERT (keys that exist already are kept), not an enqueue round trip per job: a renewal's outcome
 * schedules the next cycle, so this runs once per billed contract.
 */
export async function scheduleCycle(deps: Pick<SubscriptionDeps, 'db' | 'clock'>, contract: ContractRow): Promise<void> {
  if (cycleJobs(contract, '', 0, deps.clock.now()).length === 0) return;
  await scheduleCycles(deps, contract.shopId, [contract]);
}

/**
 * scheduleCycle when the caller has just read the shop's domain and reminder setting with the contract (a renewal's
 * outcome, rows.ts): the jobs' one INSERT, no reads.
 */
export async function scheduleCycleJobs(
  deps: Pick<SubscriptionDeps, 'db' | 'clock'>,
  contract: ContractRow,
  shopDomain: string,
  reminderDays: number,
): Promise<void> {
  const now = deps.clock.now();
  const jobs = cycleJobs(contract, shopDomain, reminderDays, now);
  if (jobs.length > 0) await deps.db.sql.batch([insertJobsStatement(deps.db, jobs, { now })]);
}

/** Jobs per statement when many contracts are scheduled at once (9 parameters each). */
const JOBS_PER_STATEMENT = 500;

/**
 * scheduleCycle for many contracts of one shop (an import, a reconciliation page): the shop and its settings read
 * once, and the jobs inserted a few hundred per statement instead of two round trips per job. Job keys are the same
 * as scheduleCycle's, so jobs that exist already are kept (ON CONFLICT DO NOTHING).
 */
export async function scheduleCycles(
  deps: Pick<SubscriptionDeps, 'db' | 'clock'>,
  shopId: string,
  contracts: readonly ContractRow[],
): Promise<number> {
  const shopDomain = await shopDomainOf(deps, shopId);
  if (!shopDomain) return 0;
  const { reminderDays } = await readSubscriptionSettings(deps.db, shopId);
  const now = deps.clock.now();
  const jobs = contracts.filter((c) => c.shopId === shopId).flatMap((c) => cycleJobs(c, shopDomain, reminderDays, now));
  for (let i = 0; i < jobs.length; i += JOBS_PER_STATEMENT) {
    await deps.db.sql.batch([insertJobsStatement(deps.db, jobs.slice(i, i + JOBS_PER_STATEMENT), { now })]);
  }
  return jobs.length;
}
