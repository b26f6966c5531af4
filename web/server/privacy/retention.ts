// Encore keeps a webhook's body only as long as it needs it. A delivery's job holds the body as Shopify sent it
// (an order's customer, email and addresses) so that a failed attempt can run again; once the job has succeeded
// nothing reads it, so a daily job erases those bodies, and deletes finished jobs and delivery records that are
// older than anyone can use. customers/redact and shop/redact erase the bodies of their customer or shop at once.

import type { Clock } from '../clock.js';
import type { Db } from '../db/client.js';
import type { JobHandlers, JobQueue } from '../jobs/index.js';
import type { Logger } from '../logger.js';
import { WEBHOOK_JOB } from '../webhooks/index.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export const RETENTION = {
  /** A succeeded webhook job's body is erased this long after it finished. */
  webhookBodyMs: DAY_MS,
  /** Finished jobs (and with them their idempotency keys) are deleted this long after they finished. */
  finishedJobMs: 30 * DAY_MS,
  /**
   * Delivery records (ids and topics, no body) are deleted this long after they arrived; they dedupe Shopify's
   * retries, which stop 48 hours after the first attempt (shopify.dev, "Troubleshooting webhooks").
   */
  deliveryMs: 30 * DAY_MS,
} as const;

export const PRUNE_JOB = 'privacy.prune';

/** What a job's payload becomes once its body is erased. */
export const ERASED_PAYLOAD = { bodyErased: true } as const;

export interface PruneReport {
  bodiesErased: number;
  jobsDeleted: number;
  deliveriesDeleted: number;
}

export async function pruneStoredData(db: Db, jobs: JobQueue, now: Date): Promise<PruneReport> {
  const erased = await db.prisma.job.updateMany({
    where: {
      name: WEBHOOK_JOB,
      status: 'succeeded',
      finishedAt: { lt: new Date(now.getTime() - RETENTION.webhookBodyMs) },
      NOT: { payload: { equals: ERASED_PAYLOAD } },
    },
    data: { payload: ERASED_PAYLOAD },
  });
  const jobsDeleted = await jobs.prune({ finishedBefore: new Date(now.getTime() - RETENTION.finishedJobMs) });
  const deliveries = await db.prisma.webhookDelivery.deleteMany({
    where: { receivedAt: { lt: new Date(now.getTime() - RETENTION.deliveryMs) } },
  });
  return { bodiesErased: erased.count, jobsDeleted, deliveriesDeleted: deliveries.count };
}

function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Queues the pruning of the day after `now`'s (once per day, whatever the restarts: the key is the day). */
export async function schedulePruning(jobs: JobQueue, now: Date): Promise<void> {
  const tomorrow = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 3));
  await jobs.enqueue(PRUNE_JOB, {}, { runAt: tomorrow, idempotencyKey: `${PRUNE_JOB}:${dayOf(tomorrow)}`, maxAttempts: 3 });
}

export function retentionJobHandlers(deps: { db: Db; jobs: JobQueue; clock: Clock }): JobHandlers {
  return {
    [PRUNE_JOB]: async (_payload, ctx) => {
      const now = deps.clock.now();
      const report = await pruneStoredData(deps.db, deps.jobs, now);
      ctx.logger.info({ ...report }, 'stored data pruned');
      await schedulePruning(deps.jobs, now);
      return { ...report };
    },
  };
}

/**
 * Erases the stored bodies of a shop's webhook jobs that `concerns` says are about the one being redacted.
 * Queued and running jobs keep theirs: they still have to run (Shopify sends customers/redact ten days or more
 * after the request, so such a job is rare).
 */
export async function eraseWebhookBodies(db: Db, shopDomain: string, concerns: (body: unknown) => boolean, log: Logger): Promise<number> {
  const PAGE = 500;
  const ids: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await db.prisma.job.findMany({
      where: { name: WEBHOOK_JOB, shopDomain, status: { in: ['succeeded', 'failed', 'dead'] } },
      select: { id: true, payload: true },
      orderBy: { id: 'asc' },
      take: PAGE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    for (const job of page) if (concerns(storedBody(job.payload))) ids.push(job.id);
    if (page.length < PAGE) break;
    cursor = page[page.length - 1]!.id;
  }
  if (ids.length === 0) return 0;
  const { count } = await db.prisma.job.updateMany({ where: { id: { in: ids } }, data: { payload: ERASED_PAYLOAD } });
  log.info({ jobs: count }, 'stored webhook bodies erased');
  return count;
}

function storedBody(payload: unknown): unknown {
  if (typeof payload !== 'object' || payload === null) return null;
  const { rawBody, body } = payload as { rawBody?: unknown; body?: unknown };
  if (typeof rawBody !== 'string') return body ?? null;
  try {
    return JSON.parse(rawBody) as unknown;
  } catch {
    return null;
  }
}
