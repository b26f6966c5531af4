// The producer and admin side of the job queue: enqueue (deduplicated by idempotency key), read, count, cancel,
// retry. Running jobs is the worker's business (worker.ts).
import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '../clock.js';
import { type Db, isUniqueViolation, type SqlStatement, type SqlValue } from '../db/client.js';
import { sqlDialect } from '../db/sql-dialect.js';
import { createLogger, type Logger } from '../logger.js';
import { toJobRecord } from './records.js';
import { JOB_STATUSES, type JobPayload, type JobRecord, type JobStatus } from './types.js';

export const DEFAULT_QUEUE = 'default';
export const DEFAULT_MAX_ATTEMPTS = 8;
const MAX_PAGE_SIZE = 200;
const DEFAULT_PAGE_SIZE = 50;

export interface EnqueueOptions {
  /** Earliest time to run. Default: now. Give either runAt or delayMs. */
  runAt?: Date;
  delayMs?: number;
  /**
   * At most one job ever exists per key (finished jobs included, until pruned): a second enqueue with the same key
   * returns the first job, created=false. Put what makes the work unique in it, e.g. `email:${shop}:${orderId}`.
   */
  idempotencyKey?: string;
  /** Attempts before the job is dead. Default 8. */
  maxAttempts?: number;
  shopDomain?: string;
  queue?: string;
}

export interface EnqueueResult {
  job: JobRecord;
  /** False when a job with the same idempotency key already existed (and is returned instead). */
  created: boolean;
}

export interface ListJobsFilter {
  status?: JobStatus | readonly JobStatus[];
  name?: string;
  shopDomain?: string;
  queue?: string;
  /** Default 50, at most 200. */
  limit?: number;
  /** nextCursor of the previous page. */
  cursor?: string;
}

export interface JobPage {
  /** Newest first. */
  jobs: JobRecord[];
  nextCursor: string | null;
}

export type JobCounts = Record<JobStatus, number>;

/** Restricts a lookup or admin action to one shop's jobs (an admin page must never reach another shop's). */
export interface JobScope {
  shopDomain?: string;
}

export type JobActionResult =
  | { ok: true; job: JobRecord }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'not_allowed'; status: JobStatus };

export interface JobQueue {
  enqueue(name: string, payload: JobPayload, options?: EnqueueOptions): Promise<EnqueueResult>;
  get(id: string, scope?: JobScope): Promise<JobRecord | null>;
  list(filter?: ListJobsFilter): Promise<JobPage>;
  counts(filter?: { shopDomain?: string; queue?: string }): Promise<JobCounts>;
  /** Queued or running -> failed ("Cancelled"). A running handler is fenced out: its outcome is discarded. */
  cancel(id: string, scope?: JobScope): Promise<JobActionResult>;
  /** Dead or failed -> queued now with a fresh attempt budget; queued -> runAt now. */
  retryNow(id: string, scope?: JobScope): Promise<JobActionResult>;
  /** Deletes finished jobs (succeeded, failed, dead) that finished before the date. Their idempotency keys go too. */
  prune(options: { finishedBefore: Date }): Promise<number>;
}

/** A job for insertJobsStatement. */
export interface NewJob {
  name: string;
  payload: JobPayload;
  options?: EnqueueOptions;
  /** With insertJobsStatement's `onlyIfRowExists`: the id of the row this job needs. */
  guardId?: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The INSERT of `jobs` as one statement, to run in the same transaction as the writes the jobs are about
 * (`db.sql.batch([...writes, insertJobsStatement(...)])`): the jobs exist if and only if those writes committed,
 * so no crash or failure between "recorded" and "queued" can leave one without the other.
 *
 * With `onlyIfRowExists`, a job is inserted only if its `guardId` is in that table's column when the statement
 * runs: a batch that inserts rows with ON CONFLICT DO NOTHING (fresh ids) queues jobs for exactly the rows it
 * inserted (on PostgreSQL the table may be a WITH query's name, e.g. the RETURNING rows of that insert). As with
 * enqueue, a job whose idempotency key exists already is not inserted again.
 */
export function insertJobsStatement(
  db: Pick<Db, 'provider'>,
  jobs: readonly NewJob[],
  options: {
    now: Date;
    onlyIfRowExists?: { table: string; column: string };
    /** Parameters before this statement's, when it is put inside a larger one (its first placeholder is offset + 1). */
    paramOffset?: number;
  },
): SqlStatement {
  if (jobs.length === 0) throw new RangeError('insertJobsStatement: no jobs');
  const guard = options.onlyIfRowExists;
  if (guard && !(IDENTIFIER.test(guard.table) && IDENTIFIER.test(guard.column)))
    throw new TypeError('insertJobsStatement: table and column must be plain identifiers');
  const sql = sqlDialect(db);
  const params: SqlValue[] = [];
  const rows = jobs.map((job) => {
    const jobOptions = job.options ?? {};
    validateEnqueue(job.name, job.payload, jobOptions);
    if (guard && job.guardId === undefined)
      throw new TypeError(`insertJobsStatement(${job.name}): guardId is required with onlyIfRowExists`);
    const at = (options.paramOffset ?? 0) + params.length;
    const runAt = jobOptions.runAt ?? new Date(options.now.getTime() + (jobOptions.delayMs ?? 0));
    params.push(
      randomUUID(),
      jobOptions.queue ?? DEFAULT_QUEUE,
      job.name,
      JSON.stringify(job.payload),
      runAt,
      jobOptions.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      jobOptions.idempotencyKey ?? null,
      jobOptions.shopDomain ?? null,
      options.now,
      ...(guard ? [job.guardId!] : []),
    );
    const values = [
      sql.p(at + 1),
      sql.p(at + 2),
      sql.p(at + 3),
      sql.json(at + 4),
      sql.timestamp(at + 5),
      sql.integer(at + 6),
      sql.p(at + 7),
      sql.p(at + 8),
      sql.timestamp(at + 9),
    ];
    if (guard) values.push(sql.p(at + 10));
    return `(${values.join(', ')})`;
  });
  // VALUES columns are named column1, column2, … on both SQLite and PostgreSQL.
  const condition = guard ? `EXISTS (SELECT 1 FROM "${guard.table}" AS "guard" WHERE "guard"."${guard.column}" = "v"."column10")` : 'true';
  return {
    sql: `INSERT INTO "Job"
  ("id", "queue", "name", "payload", "status", "runAt", "attempts", "maxAttempts", "idempotencyKey", "shopDomain", "createdAt", "updatedAt")
SELECT "v"."column1", "v"."column2", "v"."column3", "v"."column4", 'queued', "v"."column5", 0,
  "v"."column6", "v"."column7", "v"."column8", "v"."column9", "v"."column9"
FROM (VALUES ${rows.join(', ')}) AS "v"
WHERE ${condition}
ON CONFLICT ("idempotencyKey") DO NOTHING`,
    params,
  };
}

export interface JobQueueDeps {
  db: Db;
  clock?: Clock;
  logger?: Logger;
}

export const CANCELLED_MESSAGE = 'Cancelled';

const FINISHED_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'dead'];

// client.ts's isUniqueViolation checks the SQLite client's error class, which the PostgreSQL client does not
// share; the Prisma error code is the same on both.
function isDuplicateKey(error: unknown): boolean {
  return isUniqueViolation(error) || (error instanceof Error && (error as { code?: unknown }).code === 'P2002');
}

function validateEnqueue(name: string, payload: JobPayload, options: EnqueueOptions): void {
  if (typeof name !== 'string' || name.trim() === '') throw new TypeError('enqueue: job name must be a non-empty string');
  if (payload === undefined || payload === null) {
    throw new TypeError(`enqueue(${name}): payload must be a JSON value, not ${String(payload)}`);
  }
  if (options.runAt !== undefined && options.delayMs !== undefined) {
    throw new TypeError(`enqueue(${name}): give runAt or delayMs, not both`);
  }
  if (options.runAt !== undefined && Number.isNaN(options.runAt.getTime())) {
    throw new TypeError(`enqueue(${name}): runAt is an invalid date`);
  }
  if (options.delayMs !== undefined && !(Number.isFinite(options.delayMs) && options.delayMs >= 0)) {
    throw new RangeError(`enqueue(${name}): delayMs must be a finite number >= 0`);
  }
  if (options.maxAttempts !== undefined && !(Number.isInteger(options.maxAttempts) && options.maxAttempts >= 1)) {
    throw new RangeError(`enqueue(${name}): maxAttempts must be an integer >= 1`);
  }
  if (options.idempotencyKey !== undefined && options.idempotencyKey === '') {
    throw new TypeError(`enqueue(${name}): idempotencyKey must not be empty`);
  }
}

export function createJobQueue(deps: JobQueueDeps): JobQueue {
  const { db } = deps;
  const clock = deps.clock ?? systemClock;
  const logger = (deps.logger ?? createLogger()).child({ component: 'jobs' });
  const jobs = db.prisma.job;

  async function findByKey(idempotencyKey: string): Promise<JobRecord | null> {
    const row = await jobs.findUnique({ where: { idempotencyKey } });
    return row ? toJobRecord(row) : null;
  }

  async function get(id: string, scope: JobScope = {}): Promise<JobRecord | null> {
    const row = await jobs.findUnique({ where: { id } });
    if (!row || (scope.shopDomain !== undefined && row.shopDomain !== scope.shopDomain)) return null;
    return toJobRecord(row);
  }

  async function outcomeOf(id: string, scope: JobScope, changed: boolean): Promise<JobActionResult> {
    const job = await get(id, scope);
    if (!job) return { ok: false, reason: 'not_found' };
    return changed ? { ok: true, job } : { ok: false, reason: 'not_allowed', status: job.status };
  }

  return {
    async enqueue(name, payload, options = {}) {
      validateEnqueue(name, payload, options);
      const { idempotencyKey } = options;
      if (idempotencyKey !== undefined) {
        const existing = await findByKey(idempotencyKey);
        if (existing) return { job: existing, created: false };
      }
      const now = clock.now();
      const runAt = options.runAt ?? new Date(now.getTime() + (options.delayMs ?? 0));
      try {
        const row = await jobs.create({
          data: {
            name,
            payload,
            queue: options.queue ?? DEFAULT_QUEUE,
            runAt,
            maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
            idempotencyKey: idempotencyKey ?? null,
            shopDomain: options.shopDomain ?? null,
            createdAt: now,
            updatedAt: now,
          },
        });
        const job = toJobRecord(row);
        logger.debug({ jobId: job.id, jobName: name, shopDomain: job.shopDomain, runAt }, 'job enqueued');
        return { job, created: true };
      } catch (error) {
        // Lost a race with a concurrent enqueue of the same key: theirs is the job.
        if (idempotencyKey !== undefined && isDuplicateKey(error)) {
          const existing = await findByKey(idempotencyKey);
          if (existing) return { job: existing, created: false };
        }
        throw error;
      }
    },

    get,

    async list(filter = {}) {
      const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(filter.limit ?? DEFAULT_PAGE_SIZE)));
      const statuses = filter.status === undefined ? undefined : typeof filter.status === 'string' ? [filter.status] : [...filter.status];
      const rows = await jobs.findMany({
        where: {
          ...(statuses ? { status: { in: statuses } } : {}),
          ...(filter.name !== undefined ? { name: filter.name } : {}),
          ...(filter.shopDomain !== undefined ? { shopDomain: filter.shopDomain } : {}),
          ...(filter.queue !== undefined ? { queue: filter.queue } : {}),
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit + 1,
        ...(filter.cursor !== undefined ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
      });
      const page = rows.slice(0, limit).map(toJobRecord);
      const nextCursor = rows.length > limit ? (page[page.length - 1]?.id ?? null) : null;
      return { jobs: page, nextCursor };
    },

    async counts(filter = {}) {
      const groups = await jobs.groupBy({
        by: ['status'],
        where: {
          ...(filter.shopDomain !== undefined ? { shopDomain: filter.shopDomain } : {}),
          ...(filter.queue !== undefined ? { queue: filter.queue } : {}),
        },
        _count: { _all: true },
      });
      const counts = Object.fromEntries(JOB_STATUSES.map((status) => [status, 0])) as JobCounts;
      for (const group of groups) {
        if ((JOB_STATUSES as readonly string[]).includes(group.status)) counts[group.status as JobStatus] = group._count._all;
      }
      return counts;
    },

    async cancel(id, scope = {}) {
      const now = clock.now();
      const shopFilter = scope.shopDomain !== undefined ? { shopDomain: scope.shopDomain } : {};
      const { count } = await jobs.updateMany({
        where: { id, status: { in: ['queued', 'running'] }, ...shopFilter },
        data: { status: 'failed', lastError: CANCELLED_MESSAGE, lockedBy: null, lockedUntil: null, finishedAt: now, updatedAt: now },
      });
      if (count === 1) logger.info({ jobId: id }, 'job cancelled');
      return outcomeOf(id, scope, count === 1);
    },

    async retryNow(id, scope = {}) {
      const now = clock.now();
      const shopFilter = scope.shopDomain !== undefined ? { shopDomain: scope.shopDomain } : {};
      const revived = await jobs.updateMany({
        where: { id, status: { in: ['failed', 'dead'] }, ...shopFilter },
        data: { status: 'queued', runAt: now, attempts: 0, lockedBy: null, lockedUntil: null, finishedAt: null, updatedAt: now },
      });
      const changed =
        revived.count === 1 ||
        (await jobs.updateMany({ where: { id, status: 'queued', ...shopFilter }, data: { runAt: now, updatedAt: now } })).count === 1;
      if (changed) logger.info({ jobId: id }, 'job retried by request');
      return outcomeOf(id, scope, changed);
    },

    async prune({ finishedBefore }) {
      const { count } = await jobs.deleteMany({
        where: { status: { in: [...FINISHED_STATUSES] }, finishedAt: { lt: finishedBefore } },
      });
      return count;
    },
  };
}
