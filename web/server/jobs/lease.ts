// The lease protocol, the only part of the queue that needs care with concurrency.
//
// claimNextJob takes one due job in ONE statement, so two workers (threads, processes or app instances) can never
// take the same job: PostgreSQL locks the chosen row with FOR UPDATE SKIP LOCKED (a racing claimer skips it and
// takes the next), SQLite runs each write statement under its single writer lock. A job is due when it is queued
// and runAt has come, or when it is running but its lease (lockedUntil) has passed: its worker died or hung.
//
// Every later write about a claimed job is fenced on the claim token: it only applies while lockedBy still holds
// this claim's token, so a worker whose lease expired (and whose job was taken over) cannot overwrite the new
// owner's outcome.
import { randomUUID } from 'node:crypto';
import type { Db, SqlValue } from '../db/client.js';
import { sqlDialect } from '../db/sql-dialect.js';
import { decodeSqlRow, toJobRecord } from './records.js';
import type { JobPayload, JobRecord, JobStatus } from './types.js';

export interface Claim {
  /** The job as it was right after the claim: status running, attempts already counting this run. */
  job: JobRecord;
  /** Unique per claim (not per worker), stored in lockedBy. */
  token: string;
}

export interface ClaimOptions {
  workerId: string;
  leaseMs: number;
  now: Date;
  /** Only claim from these queues; all queues when omitted. */
  queues?: readonly string[];
}

function claimStatement(db: Db, queueCount: number): string {
  const { p, skipLocked } = sqlDialect(db);
  const queueFilter = queueCount > 0 ? `AND "queue" IN (${Array.from({ length: queueCount }, (_, i) => p(4 + i)).join(', ')})` : '';
  // The first due job of each kind (queued and due, or running with its lease run out), each found by the
  // ("status", "runAt", "id") index already in claim order, then the earlier of the two. One condition with an OR
  // made both databases collect and sort every due job for each claim: thousands of renewals due at the same
  // minute made each claim slower by their number.
  return `WITH "due" AS (
  SELECT "id", "runAt" FROM "Job"
  WHERE "status" = 'queued' AND "runAt" <= ${p(3)} ${queueFilter}
  ORDER BY "runAt" ASC, "id" ASC
  LIMIT 1
  ${skipLocked}
), "expired" AS (
  SELECT "id", "runAt" FROM "Job"
  WHERE "status" = 'running' AND "lockedUntil" < ${p(3)} ${queueFilter}
  ORDER BY "runAt" ASC, "id" ASC
  LIMIT 1
  ${skipLocked}
)
UPDATE "Job"
SET "status" = 'running', "lockedBy" = ${p(1)}, "lockedUntil" = ${p(2)}, "attempts" = "attempts" + 1, "updatedAt" = ${p(3)}
WHERE "id" = (
  SELECT "id" FROM (SELECT "id", "runAt" FROM "due" UNION ALL SELECT "id", "runAt" FROM "expired") AS "candidates"
  ORDER BY "runAt" ASC, "id" ASC
  LIMIT 1
)
RETURNING *`;
}

export async function claimNextJob(db: Db, options: ClaimOptions): Promise<Claim | null> {
  const { workerId, leaseMs, now, queues = [] } = options;
  const token = `${workerId}:${randomUUID()}`;
  const lockedUntil = new Date(now.getTime() + leaseMs);
  const rows = await db.sql.query(claimStatement(db, queues.length), [token, lockedUntil, now, ...queues]);
  const row = rows[0];
  return row ? { job: toJobRecord(decodeSqlRow(db, row)), token } : null;
}

/** The columns a fenced write may set (`result` is JSON). */
interface FencedColumns {
  status?: JobStatus;
  result?: JobPayload;
  runAt?: Date;
  lastError?: string | null;
  lockedBy?: null;
  lockedUntil?: Date | null;
  finishedAt?: Date;
  updatedAt: Date;
}

/**
 * One plain UPDATE that applies only while this claim holds the job. Not Prisma's updateMany: with the pg driver
 * adapter it wraps itself in a transaction, which was seen to stall idle after BEGIN when writes about one job
 * raced (a heartbeat and a cancel).
 *
 * The lease statements go through `db.sql` (the driver, without Prisma's per-query work): on SQLite they commit
 * on the writer thread with the webhook intake's writes, instead of a second connection writing the file from the
 * event loop, where waiting for the write lock (busy_timeout) would stall every request.
 */
async function fencedUpdate(db: Db, claim: Claim, columns: FencedColumns): Promise<boolean> {
  const { p, json } = sqlDialect(db);
  const params: SqlValue[] = [];
  const assignments: string[] = [];
  for (const [column, value] of Object.entries(columns) as Array<[keyof FencedColumns, unknown]>) {
    if (value === undefined) continue;
    const isJson = column === 'result';
    params.push(isJson ? JSON.stringify(value) : (value as SqlValue));
    assignments.push(`"${column}" = ${isJson ? json(params.length) : p(params.length)}`);
  }
  params.push(claim.job.id, claim.token);
  const changed = await db.sql.execute(
    `UPDATE "Job" SET ${assignments.join(', ')}
     WHERE "id" = ${p(params.length - 1)} AND "lockedBy" = ${p(params.length)} AND "status" = 'running'`,
    params,
  );
  return changed === 1;
}

/** Pushes lockedUntil to now + leaseMs. False when the lease is no longer ours. */
export function extendLease(db: Db, claim: Claim, leaseMs: number, now: Date): Promise<boolean> {
  return fencedUpdate(db, claim, { lockedUntil: new Date(now.getTime() + leaseMs), updatedAt: now });
}

/** Marks the job succeeded. False (and nothing written) when the lease is no longer ours. */
export function completeClaim(db: Db, claim: Claim, result: JobPayload | undefined, now: Date): Promise<boolean> {
  return fencedUpdate(db, claim, {
    status: 'succeeded' satisfies JobStatus,
    ...(result === undefined ? {} : { result }),
    lastError: null,
    lockedBy: null,
    lockedUntil: null,
    finishedAt: now,
    updatedAt: now,
  });
}

/** Puts the job back in the queue for another attempt at runAt. False when the lease is no longer ours. */
export function rescheduleClaim(db: Db, claim: Claim, runAt: Date, lastError: string, now: Date): Promise<boolean> {
  return fencedUpdate(db, claim, {
    status: 'queued' satisfies JobStatus,
    runAt,
    lastError,
    lockedBy: null,
    lockedUntil: null,
    updatedAt: now,
  });
}

/** Ends the job without success. False when the lease is no longer ours. */
export function finishClaim(
  db: Db,
  claim: Claim,
  status: Extract<JobStatus, 'failed' | 'dead'>,
  lastError: string,
  now: Date,
): Promise<boolean> {
  return fencedUpdate(db, claim, { status, lastError, lockedBy: null, lockedUntil: null, finishedAt: now, updatedAt: now });
}
