// The consumer side: claim due jobs under a lease, run their handlers, and settle each outcome (succeeded, retry
// later, failed, dead), every write fenced on the claim token. Safe to run in several processes or app instances
// at once; see lease.ts for why.

import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { type Clock, systemClock } from '../clock.js';
import type { Db } from '../db/client.js';
import { createLogger, type Logger } from '../logger.js';
import { type BackoffPolicy, defaultBackoff } from './backoff.js';
import { describeJobError, LeaseLostError, RetriableJobError, TerminalJobError } from './errors.js';
import { type Claim, claimNextJob, completeClaim, extendLease, finishClaim, rescheduleClaim } from './lease.js';
import type { JobContext, JobHandlers, JobPayload, JsonValue } from './types.js';

export const DEFAULT_LEASE_MS = 30_000;
export const DEFAULT_POLL_INTERVAL_MS = 1_000;

export interface WorkerDeps {
  db: Db;
  handlers: JobHandlers;
  /** Shows up in lockedBy and in logs. Default: host:pid:random. */
  workerId?: string;
  /** How long a claim is valid without a heartbeat. Default 30 s. */
  leaseMs?: number;
  /** How often a running job's lease is extended. Default leaseMs / 3. */
  heartbeatIntervalMs?: number;
  /** Pause between polls when start()ed and nothing is due. Default 1 s. */
  pollIntervalMs?: number;
  /** Jobs run at the same time by this worker. Default 1. */
  concurrency?: number;
  /** Only run jobs from these queues. Default: every queue. */
  queues?: readonly string[];
  clock?: Clock;
  logger?: Logger;
  backoff?: BackoffPolicy;
  /**
   * Awaited before each claim: the worker takes the next job only once this resolves. The app passes "the event
   * loop has caught up" (event-loop-lag.ts), so that requests served by the same process come first.
   */
  whenIdle?: () => Promise<void>;
}

export interface Worker {
  readonly id: string;
  /** Polls in the background until stop(). */
  start(): void;
  /** Stops claiming; resolves once the jobs already running have finished and been recorded. */
  stop(): Promise<void>;
  /** Claims and runs every job due now (up to `concurrency` at a time); resolves with how many ran. */
  runDue(): Promise<number>;
}

type Outcome = 'succeeded' | 'retry_scheduled' | 'failed' | 'dead';

function defaultWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

// Stack frames help debugging; the first line repeats the message, which may carry data we do not want in logs.
function framesOf(error: unknown): string | undefined {
  return error instanceof Error ? error.stack?.split('\n').slice(1).join('\n') : undefined;
}

// biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing is the common case
function asResult(value: JsonValue | void): JobPayload | undefined {
  return value === undefined || value === null ? undefined : value;
}

export function createWorker(deps: WorkerDeps): Worker {
  const { db, handlers } = deps;
  const id = deps.workerId ?? defaultWorkerId();
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const heartbeatIntervalMs = deps.heartbeatIntervalMs ?? Math.floor(leaseMs / 3);
  const pollIntervalMs = deps.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const concurrency = deps.concurrency ?? 1;
  const clock = deps.clock ?? systemClock;
  const backoff = deps.backoff ?? defaultBackoff;
  const logger = (deps.logger ?? createLogger()).child({ component: 'jobs', workerId: id });

  if (!(leaseMs > 0)) throw new RangeError('createWorker: leaseMs must be > 0');
  if (!(heartbeatIntervalMs > 0 && heartbeatIntervalMs < leaseMs)) {
    throw new RangeError('createWorker: heartbeatIntervalMs must be > 0 and shorter than leaseMs');
  }
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) throw new RangeError('createWorker: concurrency must be an integer >= 1');

  let stopping = false;
  let pollLoop: Promise<void> | null = null;
  let wakeFromSleep: (() => void) | null = null;
  const activeRuns = new Set<Promise<number>>();

  /** Keeps the lease alive while a handler runs; aborts `controller` as soon as the lease is found lost. */
  function keepLease(claim: Claim, log: Logger, controller: AbortController) {
    let settled = false;
    let lost = false;
    const heartbeat = async (): Promise<void> => {
      if (lost) throw new LeaseLostError(claim.job.id);
      if (settled) return;
      const held = await extendLease(db, claim, leaseMs, clock.now());
      if (!held && !settled) {
        lost = true;
        log.warn('job lease lost: it expired and was claimed again, or the job was cancelled');
        controller.abort(new LeaseLostError(claim.job.id));
        throw new LeaseLostError(claim.job.id);
      }
    };
    let beating: Promise<void> = Promise.resolve();
    const timer = setInterval(() => {
      beating = heartbeat().catch((error: unknown) => {
        if (!(error instanceof LeaseLostError)) log.warn({ error: describeJobError(error) }, 'job heartbeat failed; will retry');
      });
    }, heartbeatIntervalMs);
    return {
      heartbeat,
      /** Stops the heartbeats; resolves once the last one has finished, so no lease query outlives the job. */
      settle(): Promise<void> {
        settled = true;
        clearInterval(timer);
        return beating;
      },
    };
  }

  async function settleFailure(claim: Claim, error: unknown, log: Logger): Promise<[Outcome, boolean]> {
    const { job } = claim;
    const message = describeJobError(error);
    const now = clock.now();
    const errorFields = { error: message, frames: framesOf(error) };
    if (error instanceof TerminalJobError) {
      log.error(errorFields, 'job failed with a terminal error; not retrying');
      return ['failed', await finishClaim(db, claim, 'failed', message, now)];
    }
    if (job.attempts >= job.maxAttempts) {
      log.error(errorFields, `job is dead after ${job.attempts} attempts`);
      return ['dead', await finishClaim(db, claim, 'dead', message, now)];
    }
    const delayMs =
      error instanceof RetriableJobError && error.retryAfterMs !== undefined ? Math.max(0, error.retryAfterMs) : backoff(job.attempts);
    const retryAt = new Date(now.getTime() + delayMs);
    // A RetriableJobError is an expected wait (Shopify throttled or briefly away): one quiet line. Anything else is
    // unexpected and keeps its stack.
    if (error instanceof RetriableJobError) log.info({ error: message, retryAt }, 'job will retry later');
    else log.warn({ ...errorFields, retryAt }, 'job attempt failed; retry scheduled');
    return ['retry_scheduled', await rescheduleClaim(db, claim, retryAt, message, now)];
  }

  async function execute(claim: Claim, log: Logger): Promise<[Outcome, boolean]> {
    const { job } = claim;
    const now = clock.now();
    // The previous holder of this job's lease died during its last allowed attempt. A job that keeps killing its
    // worker must not be run forever.
    if (job.attempts > job.maxAttempts) {
      const message = `Worker lease expired during the last of ${job.maxAttempts} attempts; not retried`;
      log.error(message);
      return ['dead', await finishClaim(db, claim, 'dead', message, now)];
    }
    const handler = Object.hasOwn(handlers, job.name) ? handlers[job.name] : undefined;
    if (!handler) {
      const message = `No handler registered for job name "${job.name}"`;
      log.error(message);
      return ['failed', await finishClaim(db, claim, 'failed', message, now)];
    }
    const controller = new AbortController();
    const lease = keepLease(claim, log, controller);
    const context: JobContext = { job, attempt: job.attempts, logger: log, signal: controller.signal, heartbeat: lease.heartbeat };
    // biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing is the common case
    let value: JsonValue | void;
    try {
      value = await handler(job.payload, context);
    } catch (error) {
      await lease.settle();
      return settleFailure(claim, error, log);
    }
    await lease.settle();
    return ['succeeded', await completeClaim(db, claim, asResult(value), clock.now())];
  }

  async function runClaim(claim: Claim): Promise<void> {
    const { job } = claim;
    const log = logger.child({ jobId: job.id, jobName: job.name, attempt: job.attempts, shopDomain: job.shopDomain, queue: job.queue });
    const startedAt = Date.now();
    log.debug('job started');
    try {
      const [outcome, recorded] = await execute(claim, log);
      const durationMs = Date.now() - startedAt;
      if (!recorded) log.warn({ outcome, durationMs }, 'job outcome discarded: this worker no longer holds the lease');
      else if (outcome === 'succeeded') log.info({ durationMs }, 'job succeeded');
    } catch (error) {
      // Recording the outcome failed (database unreachable?): the lease will expire and the job will run again.
      log.error({ error: describeJobError(error), frames: framesOf(error) }, 'job outcome could not be recorded');
    }
  }

  async function drain(): Promise<number> {
    let ran = 0;
    const slot = async () => {
      while (!stopping) {
        if (deps.whenIdle) await deps.whenIdle();
        if (stopping) return;
        const claim = await claimNextJob(db, { workerId: id, leaseMs, now: clock.now(), queues: deps.queues });
        if (!claim) return;
        ran += 1;
        await runClaim(claim);
      }
    };
    const slots = await Promise.allSettled(Array.from({ length: concurrency }, slot));
    const failure = slots.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;
    return ran;
  }

  function runDue(): Promise<number> {
    const run = drain();
    activeRuns.add(run);
    const forget = () => activeRuns.delete(run);
    run.then(forget, forget);
    return run;
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        wakeFromSleep = null;
        resolve();
      }, ms);
      wakeFromSleep = () => {
        clearTimeout(timer);
        wakeFromSleep = null;
        resolve();
      };
    });
  }

  return {
    id,
    runDue,

    start() {
      if (pollLoop) return;
      stopping = false;
      logger.info({ leaseMs, concurrency, queues: deps.queues ?? 'all' }, 'job worker started');
      pollLoop = (async () => {
        while (!stopping) {
          try {
            await runDue();
          } catch (error) {
            logger.error({ error: describeJobError(error), frames: framesOf(error) }, 'job polling failed; will retry');
          }
          if (!stopping) await sleep(pollIntervalMs);
        }
      })();
    },

    async stop() {
      stopping = true;
      wakeFromSleep?.();
      await pollLoop;
      await Promise.allSettled([...activeRuns]);
      pollLoop = null;
      logger.info('job worker stopped');
    },
  };
}
