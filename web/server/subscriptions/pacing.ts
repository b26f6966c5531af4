// Thousands of renewals due at the same minute, paced by the shop's Admin API budget without running each one to
// learn it must wait: the first renewal the budget cannot pay now gives every other due renewal of the shop its
// slot (AdminBudget.reserve, in queue order) and moves each job's runAt to that slot in a few statements. Each job
// is then claimed once, at its slot, which is already paid for. The slots are in the queue, so a worker that
// restarts keeps them; the reservations themselves are in this process's budget (see budget.ts).
import { deferQueuedJobs, dueQueuedJobs } from '../jobs/index.js';
import type { Logger } from '../logger.js';
import type { SubscriptionDeps } from './deps.js';
import { RENEW_JOB, type RenewPayload } from './scheduling.js';

/** Due renewals given slots per pass; a bigger burst is paced again by the first of the rest that must wait. */
const PACE_BATCH = 5_000;

/** The budget's name for one renewal attempt: the same whether the job reserves it or the pacing of its burst does. */
export function renewalBudgetKey(payload: Pick<RenewPayload, 'contractId' | 'cycle' | 'attempt'>): string {
  return `renew:${payload.contractId}:${payload.cycle}:${payload.attempt}`;
}

function isRenewPayload(value: unknown): value is RenewPayload {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return typeof p.contractId === 'string' && Number.isInteger(p.cycle) && Number.isInteger(p.attempt) && typeof p.due === 'string';
}

/**
 * Gives the shop's due, queued renewals their budget slots and moves them there. Resolves with how many moved.
 * `cost` is the points one attempt reserves.
 */
export async function paceDueRenewals(
  deps: Pick<SubscriptionDeps, 'db' | 'clock' | 'budget'>,
  shopDomain: string,
  cost: number,
  log: Logger,
): Promise<number> {
  const now = deps.clock.now();
  const due = await dueQueuedJobs(deps.db, { name: RENEW_JOB, shopDomain, now, limit: PACE_BATCH });
  const moves: Array<{ id: string; runAt: Date }> = [];
  for (const job of due) {
    if (!isRenewPayload(job.payload)) continue;
    const slot = deps.budget.reserve(shopDomain, renewalBudgetKey(job.payload), cost, now);
    if (slot.getTime() > now.getTime()) moves.push({ id: job.id, runAt: slot });
  }
  if (moves.length === 0) return 0;
  const moved = await deferQueuedJobs(deps.db, moves, now);
  log.info(
    { shopDomain, paced: moved, firstSlot: moves[0]?.runAt, lastSlot: moves[moves.length - 1]?.runAt, costPerAttempt: cost },
    'due renewals wait in the queue for their Admin API budget slots',
  );
  return moved;
}
