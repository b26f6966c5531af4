// Recording a webhook delivery and queuing its job, as ONE write. Shopify retries a delivery that was not answered
// 2xx; if the delivery row could exist without its job (written in two steps, the second failing), the retry
// would be answered "duplicate" and the event lost. So the delivery row (whose unique key is the dedupe key) and
// its job are inserted in one transaction: either both exist or neither does, and a retry after a failure is
// recorded afresh.
//
// Deliveries arriving together are group-committed (db/batcher.ts): one transaction, two multi-row statements,
// one commit for many deliveries, written through `db.sql` (on SQLite the writer thread, so the commit's fsync
// never waits on the event loop). The body is stored as the text that was signed, inside the job's JSON payload
// as a JSON string: text that was valid JSON (it parsed) holds no lone surrogate and no raw U+0000 once decoded
// from UTF-8, so both databases store any such body, whatever it contains (escaped "\u0000" or "\ud800", which
// PostgreSQL's jsonb refuses as values) and however deep it is nested (Prisma's serialiser gives up at about 130
// levels, JSON.stringify at about 10,000).
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import { createBatcher } from '../db/batcher.js';
import type { Db, SqlValue } from '../db/client.js';
import { sqlDialect } from '../db/sql-dialect.js';
import { insertJobsStatement, type NewJob } from '../jobs/queue.js';
import type { JobPayload } from '../jobs/types.js';

export const WEBHOOK_JOB = 'webhook.process';

/** Deliveries written per transaction; more wait for the next one. */
export const MAX_DELIVERIES_PER_BATCH = 64;

export interface NewDelivery {
  shopDomain: string;
  /** Shopify's spelling, lower case: orders/create. */
  topic: string;
  webhookId: string;
  eventId: string | null;
  apiVersion: string;
  triggeredAt: Date | null;
  /** The request body exactly as received (its HMAC was checked on this text). */
  rawBody: string;
}

export type RecordedDelivery = { duplicate: false; deliveryId: string } | { duplicate: true };

/** The job's payload. `rawBody` is parsed by the worker (process.ts). */
export interface WebhookJobPayload {
  deliveryId: string;
  topic: string;
  shop: string;
  apiVersion: string;
  triggeredAt: string | null;
  rawBody: string;
}

export interface DeliveryRecorder {
  /** Records the delivery and queues its job, or reports that the event was recorded before. */
  record(delivery: NewDelivery): Promise<RecordedDelivery>;
}

/** Shopify's advice: dedupe on the event id (the same for every delivery of one event), else the webhook id. */
export function dedupeKeyOf(delivery: Pick<NewDelivery, 'eventId' | 'webhookId'>): string {
  return delivery.eventId ?? delivery.webhookId;
}

/** `clock` is the app's: the jobs' run time and the delivery's receivedAt come from it, as enqueue's do. */
export function createDeliveryRecorder(db: Db, clock: Clock): DeliveryRecorder {
  const batched = createBatcher<NewDelivery, RecordedDelivery | { failed: unknown }>(
    async (items) => {
      try {
        return await writeDeliveries(db, clock.now(), items);
      } catch (error) {
        // One delivery the database refuses must not fail the deliveries that happened to share its batch:
        // write each alone, so only that one is answered with an error (and retried by Shopify).
        if (items.length === 1) throw error;
        const alone = await Promise.allSettled(items.map((item) => writeDeliveries(db, clock.now(), [item])));
        return alone.map((result) => (result.status === 'fulfilled' ? result.value[0]! : { failed: result.reason as unknown }));
      }
    },
    { maxBatch: MAX_DELIVERIES_PER_BATCH, maxInFlight: 2 },
  );
  return {
    async record(delivery) {
      const outcome = await batched(delivery);
      if ('failed' in outcome) throw outcome.failed;
      return outcome;
    },
  };
}

async function writeDeliveries(db: Db, now: Date, items: NewDelivery[]): Promise<RecordedDelivery[]> {
  const sql = sqlDialect(db);
  // Two deliveries of one event in the same batch: the first is written, the second is its duplicate.
  const keyOf = (item: NewDelivery) => `${item.shopDomain}\u0000${item.topic}\u0000${dedupeKeyOf(item)}`;
  const candidates = new Map<string, { item: NewDelivery; id: string }>();
  for (const item of items) if (!candidates.has(keyOf(item))) candidates.set(keyOf(item), { item, id: randomUUID() });

  const values: string[] = [];
  const params: SqlValue[] = [];
  const jobs: NewJob[] = [];
  for (const { item, id } of candidates.values()) {
    const at = params.length;
    values.push(`(${Array.from({ length: 9 }, (_, i) => sql.p(at + i + 1)).join(', ')}, 'received')`);
    params.push(id, item.shopDomain, item.topic, item.webhookId, item.eventId, dedupeKeyOf(item), item.apiVersion, item.triggeredAt, now);
    const payload: WebhookJobPayload = {
      deliveryId: id,
      topic: item.topic,
      shop: item.shopDomain,
      apiVersion: item.apiVersion,
      triggeredAt: item.triggeredAt?.toISOString() ?? null,
      rawBody: item.rawBody,
    };
    jobs.push({
      name: WEBHOOK_JOB,
      payload: payload as unknown as JobPayload,
      options: { idempotencyKey: `webhook:${id}`, shopDomain: item.shopDomain },
      guardId: id,
    });
  }
  const insertDeliveries = `INSERT INTO "WebhookDelivery"
  ("id", "shopDomain", "topic", "webhookId", "eventId", "dedupeKey", "apiVersion", "triggeredAt", "receivedAt", "status")
VALUES ${values.join(', ')}
ON CONFLICT ("shopDomain", "topic", "dedupeKey") DO NOTHING`;
  // Jobs only for the deliveries this write inserted (fresh ids): a duplicate gets none.
  let inserted: Array<Record<string, unknown>>;
  if (db.provider === 'postgresql') {
    // One statement is one transaction and one round trip: both INSERTs in a data-modifying WITH. Its parts see
    // the tables as they were before the statement, so the jobs' guard reads the deliveries' RETURNING rows.
    const insertJobs = insertJobsStatement(db, jobs, {
      now,
      onlyIfRowExists: { table: 'new_deliveries', column: 'id' },
      paramOffset: params.length,
    });
    inserted = await db.sql.query(
      `WITH "new_deliveries" AS (${insertDeliveries} RETURNING "id"), "new_jobs" AS (${insertJobs.sql}) SELECT "id" FROM "new_deliveries"`,
      [...params, ...(insertJobs.params ?? [])],
    );
  } else {
    // SQLite has no data-modifying WITH: two statements in one transaction, one message to the writer thread.
    const insertJobs = insertJobsStatement(db, jobs, { now, onlyIfRowExists: { table: 'WebhookDelivery', column: 'id' } });
    [inserted = []] = await db.sql.batch([{ sql: `${insertDeliveries} RETURNING "id"`, params }, insertJobs]);
  }
  const recorded = new Set(inserted.map((row) => String(row.id)));
  return items.map((item) => {
    const candidate = candidates.get(keyOf(item))!;
    return candidate.item === item && recorded.has(candidate.id) ? { duplicate: false, deliveryId: candidate.id } : { duplicate: true };
  });
}
