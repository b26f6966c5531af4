// What the order-edit flow is given: real collaborators in the app and in tests (databases, the emulator, a clock).
import type { Clock } from '../clock.js';
import type { Db } from '../db/client.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Ledger } from '../ledger/index.js';
import type { Logger } from '../logger.js';
import type { AdminClient } from '../shopify/admin-client.js';
import type { LockOptions } from './lock.js';
import type { Repository } from './repository.js';
import type { OfferRouting } from './route-accept.js';

export interface OrderEditDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  ledger: Pick<Ledger, 'recordEvent'>;
  jobs: Pick<JobQueue, 'enqueue' | 'retryNow'>;
  adminFor(shop: string): Promise<AdminClient>;
  repo: Repository;
  lock: LockOptions;
  /** Where an accepted offer goes when the order cannot be edited (subscriptions/ wires it); absent: checkout link. */
  routing?: OfferRouting;
}

/** Job names of this module (their handlers: jobs.ts). */
export const ACCEPT_JOB = 'order-edit.accept';
export const SETTLE_JOB = 'order-edit.settle';
export const CLOSE_JOB = 'order-edit.close';
export const WINDOW_END_JOB = 'order-edit.window-end';
export const MARK_READY_JOB = 'order-edit.mark-ready';
export const HOLD_UNTIL_READY_JOB = 'order-edit.hold-until-ready';

/** Removal never comes sooner than this after an accept, whatever the offer window says. */
export const MIN_PAY_WINDOW_MS = 15 * 60_000;
/** Attempts for jobs that must outlast a Shopify outage (12 attempts span about 1.2 to 2.4 hours: docs/jobs.md). */
export const PERSISTENT_JOB_ATTEMPTS = 12;

/**
 * Asks for the order to be marked safe to fulfil if no window is open any more. One job per (order, trigger): each
 * event that may close the last window (paid, removed, expired, the check after orders/create) gets its own check.
 */
export async function enqueueMarkReady(
  deps: Pick<OrderEditDeps, 'jobs'>,
  shop: { id: string; domain: string },
  orderId: string,
  trigger: string,
  runAt?: Date,
): Promise<void> {
  await deps.jobs.enqueue(
    MARK_READY_JOB,
    { shopId: shop.id, orderId },
    {
      idempotencyKey: `${MARK_READY_JOB}:${shop.id}:${orderId}:${trigger}`,
      shopDomain: shop.domain,
      maxAttempts: PERSISTENT_JOB_ATTEMPTS,
      ...(runAt ? { runAt } : {}),
    },
  );
}
