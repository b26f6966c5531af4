// The shapes shared by the queue (enqueue, read, admin actions) and the worker (claim, run, settle).
import type { Logger } from '../logger.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A payload is any JSON value except a bare null (send `{}` when there is nothing to say). */
export type JobPayload = Exclude<JsonValue, null>;

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'dead'] as const;
/**
 * queued: waiting for runAt. running: claimed by a worker whose lease runs until lockedUntil.
 * succeeded: done. failed: stopped for good without exhausting retries (terminal error, unknown name, cancelled).
 * dead: every attempt failed (or the worker died on the last one).
 */
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface JobRecord {
  id: string;
  queue: string;
  name: string;
  payload: JsonValue;
  status: JobStatus;
  runAt: Date;
  /** Attempts started so far, including the one running now. */
  attempts: number;
  maxAttempts: number;
  idempotencyKey: string | null;
  shopDomain: string | null;
  /** Claim token of the worker holding the lease: "<workerId>:<uuid>". */
  lockedBy: string | null;
  lockedUntil: Date | null;
  /** Message of the last failure (never a stack), with credential-like strings redacted. */
  lastError: string | null;
  result: JsonValue | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

export interface JobContext {
  job: JobRecord;
  /** 1 on the first run, 2 on the first retry, … */
  attempt: number;
  /** Child logger carrying jobId, jobName, attempt, shopDomain. */
  logger: Logger;
  /** Aborted when this worker lost the lease (another worker may now run the job): stop and return. */
  signal: AbortSignal;
  /** Extends the lease now. Throws LeaseLostError when the lease is gone. Runs on a timer anyway. */
  heartbeat(): Promise<void>;
}

/**
 * Runs one job. Delivery is at-least-once, so a handler must be idempotent: use idempotency keys for the side
 * effects (Shopify billing attempts, emails) and check state before acting.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing is the common case
export type JobHandler = (payload: JsonValue, ctx: JobContext) => Promise<JsonValue | void>;

export type JobHandlers = Readonly<Record<string, JobHandler>>;
