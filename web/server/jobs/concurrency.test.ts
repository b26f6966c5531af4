// Several app instances on one database: no job runs twice at once, and a job whose worker died runs again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../test/support/databases.js';
import { captureLogs, databaseCases, gate, waitFor } from '../../../test/support/jobs.js';
import { ManualClock } from '../clock.js';
import { silentLogger } from '../logger.js';
import { LeaseLostError } from './errors.js';
import { claimNextJob, completeClaim, extendLease, finishClaim, rescheduleClaim } from './lease.js';
import { createJobQueue, type JobQueue } from './queue.js';
import { createWorker } from './worker.js';

const JOB_COUNT = 200;

describe.each(databaseCases)('job queue with several instances on %s', (provider, createDatabase) => {
  let database: TestDatabase;
  let clock: ManualClock;
  let queue: JobQueue;

  beforeEach(async () => {
    database = await createDatabase();
    clock = new ManualClock('2026-11-23T12:00:00Z');
    queue = createJobQueue({ db: database.db, clock, logger: silentLogger() });
  });

  afterEach(async () => {
    await database.drop();
  });

  it(`when two app instances race over ${JOB_COUNT} jobs, then every job runs exactly once and none is left`, async () => {
    const instanceB = await database.openAnother();
    for (let i = 0; i < JOB_COUNT; i += 1) await queue.enqueue('count', { i });
    const executions = new Map<string, string[]>();
    // No job finishes until both instances have started one, so they really compete for the same rows however the
    // machine schedules them (a loaded machine could otherwise let one instance drain the queue alone).
    const started = new Set<string>();
    let bothStarted!: () => void;
    const competing = new Promise<void>((resolve) => (bothStarted = resolve));
    const handlerFor = (instance: string) => ({
      count: async (_payload: unknown, ctx: { job: { id: string } }) => {
        executions.set(ctx.job.id, [...(executions.get(ctx.job.id) ?? []), instance]);
        started.add(instance);
        if (started.size === 2) bothStarted();
        await Promise.race([competing, new Promise((resolve) => setTimeout(resolve, 15_000))]);
        // Yield so the other instance's claims interleave with this job's run.
        await new Promise((resolve) => setImmediate(resolve));
      },
    });
    const concurrency = provider === 'postgresql' ? 4 : 2;
    const workerA = createWorker({ db: database.db, handlers: handlerFor('A'), workerId: 'A', concurrency, clock, logger: silentLogger() });
    const workerB = createWorker({ db: instanceB, handlers: handlerFor('B'), workerId: 'B', concurrency, clock, logger: silentLogger() });

    const [ranByA, ranByB] = await Promise.all([workerA.runDue(), workerB.runDue()]);

    expect(executions.size).toBe(JOB_COUNT);
    expect([...executions.values()].filter((runs) => runs.length !== 1)).toEqual([]);
    expect(ranByA + ranByB).toBe(JOB_COUNT);
    // Both instances really competed for the same rows.
    expect(ranByA).toBeGreaterThan(0);
    expect(ranByB).toBeGreaterThan(0);
    expect(await queue.counts()).toEqual({ queued: 0, running: 0, succeeded: JOB_COUNT, failed: 0, dead: 0 });
  });

  it('when claims race directly, then no job is handed to two claimers', async () => {
    const instanceB = await database.openAnother();
    for (let i = 0; i < 40; i += 1) await queue.enqueue('claim', { i });

    const claims = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        claimNextJob(i % 2 ? instanceB : database.db, { workerId: `w${i}`, leaseMs: 30_000, now: clock.now() }),
      ),
    );

    const claimedIds = claims.flatMap((claim) => (claim ? [claim.job.id] : []));
    expect(claimedIds).toHaveLength(40);
    expect(new Set(claimedIds).size).toBe(40);
    expect(new Set(claims.flatMap((claim) => (claim ? [claim.token] : []))).size).toBe(40);
  });

  it('when a worker dies holding a job, then after its lease another instance runs it, and its late writes are refused', async () => {
    const instanceB = await database.openAnother();
    const { job } = await queue.enqueue('charge', { contract: 9 }, { shopDomain: 'demo.myshopify.com' });
    const crashed = await claimNextJob(database.db, { workerId: 'crashed', leaseMs: 30_000, now: clock.now() });
    if (!crashed) throw new Error('expected the job to be claimable');
    expect(crashed.job).toMatchObject({ id: job.id, status: 'running', attempts: 1 });
    const survivorRunning = gate();
    const survivorMayFinish = gate();
    const runs: number[] = [];
    const survivor = createWorker({
      db: instanceB,
      handlers: {
        charge: async (_payload, ctx) => {
          runs.push(ctx.attempt);
          survivorRunning.open();
          await survivorMayFinish.promise;
          return { by: 'survivor' };
        },
      },
      workerId: 'survivor',
      leaseMs: 30_000,
      heartbeatIntervalMs: 29_000,
      clock,
      logger: silentLogger(),
    });

    clock.advance(29_999);
    expect(await survivor.runDue()).toBe(0);
    clock.advance(2);
    const survivorRun = survivor.runDue();
    await survivorRunning.promise;

    // The crashed worker wakes up while the new owner is mid-run: every write it tries is refused.
    const late = clock.now();
    expect(await completeClaim(database.db, crashed, { by: 'crashed worker' }, late)).toBe(false);
    expect(await rescheduleClaim(database.db, crashed, late, 'late failure', late)).toBe(false);
    expect(await finishClaim(database.db, crashed, 'dead', 'late failure', late)).toBe(false);
    expect(await extendLease(database.db, crashed, 3_600_000, late)).toBe(false);
    const midRun = await queue.get(job.id);
    expect(midRun).toMatchObject({ status: 'running', attempts: 2, result: null, lastError: null });
    expect(midRun?.lockedBy).toMatch(/^survivor:/);
    expect(midRun?.lockedUntil?.getTime()).toBe(late.getTime() + 30_000); // the survivor's lease, untouched

    survivorMayFinish.open();
    expect(await survivorRun).toBe(1);

    expect(runs).toEqual([2]);
    const finished = await queue.get(job.id);
    expect(finished).toMatchObject({ status: 'succeeded', attempts: 2, lockedBy: null, result: { by: 'survivor' } });
    expect(await completeClaim(database.db, crashed, { by: 'crashed worker' }, clock.now())).toBe(false);
    expect(await queue.get(job.id)).toEqual(finished);
  });

  it('when a slow worker loses its lease to another, then its signal aborts, its heartbeat throws, its outcome is discarded', async () => {
    const instanceB = await database.openAnother();
    const { job } = await queue.enqueue('export', {});
    const slowStarted = gate();
    const letSlowFinish = gate();
    const observed: { aborted?: boolean; heartbeatError?: unknown } = {};
    const { logger, lines } = captureLogs();
    const slow = createWorker({
      db: database.db,
      handlers: {
        export: async (_payload, ctx) => {
          slowStarted.open();
          await letSlowFinish.promise;
          observed.heartbeatError = await ctx.heartbeat().then(
            () => null,
            (error: unknown) => error,
          );
          observed.aborted = ctx.signal.aborted;
          return { by: 'slow' };
        },
      },
      workerId: 'slow',
      leaseMs: 60_000,
      heartbeatIntervalMs: 59_000, // never fires during the test: the lease is left to expire
      clock,
      logger,
    });
    const fast = createWorker({
      db: instanceB,
      handlers: { export: async () => ({ by: 'fast' }) },
      workerId: 'fast',
      leaseMs: 60_000,
      clock,
      logger: silentLogger(),
    });

    const slowRun = slow.runDue();
    await slowStarted.promise;
    clock.advance(60_001);
    expect(await fast.runDue()).toBe(1);
    letSlowFinish.open();
    await slowRun;

    expect(observed.heartbeatError).toBeInstanceOf(LeaseLostError);
    expect(observed.aborted).toBe(true);
    expect(await queue.get(job.id)).toMatchObject({ status: 'succeeded', attempts: 2, result: { by: 'fast' } });
    expect(lines.some((line) => line.jobId === job.id && line.msg === 'job outcome discarded: this worker no longer holds the lease')).toBe(
      true,
    );
  });

  it('when a running job is cancelled, then the handler learns it at its next heartbeat and cannot undo the cancellation', async () => {
    const { job } = await queue.enqueue('long', {});
    const started = gate();
    let aborted = false;
    const worker = createWorker({
      db: database.db,
      handlers: {
        long: async (_payload, ctx) => {
          started.open();
          await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
          aborted = true;
          return 'should not be stored';
        },
      },
      leaseMs: 30_000,
      heartbeatIntervalMs: 10,
      clock,
      logger: silentLogger(),
    });

    const run = worker.runDue();
    await started.promise;
    expect((await queue.cancel(job.id)).ok).toBe(true);
    await run;

    expect(aborted).toBe(true);
    expect(await queue.get(job.id)).toMatchObject({ status: 'failed', lastError: 'Cancelled', result: null });
  });

  it('when the worker died during the last allowed attempt, then the job is dead instead of running again', async () => {
    const { job } = await queue.enqueue('poison', {}, { maxAttempts: 2 });
    let runs = 0;
    const worker = createWorker({
      db: database.db,
      handlers: {
        poison: async () => {
          runs += 1;
        },
      },
      leaseMs: 30_000,
      clock,
      logger: silentLogger(),
    });
    for (let crash = 0; crash < 2; crash += 1) {
      expect(await claimNextJob(database.db, { workerId: 'doomed', leaseMs: 30_000, now: clock.now() })).not.toBeNull();
      clock.advance(30_001);
    }

    expect(await worker.runDue()).toBe(1);

    expect(runs).toBe(0);
    expect(await queue.get(job.id)).toMatchObject({
      status: 'dead',
      attempts: 3,
      lastError: 'Worker lease expired during the last of 2 attempts; not retried',
    });
  });

  it('when workers run in the background on two instances, then a burst of jobs is drained once each', async () => {
    const instanceB = await database.openAnother();
    const executions = new Map<string, number>();
    const handlers = {
      tick: async (_payload: unknown, ctx: { job: { id: string } }) =>
        void executions.set(ctx.job.id, (executions.get(ctx.job.id) ?? 0) + 1),
    };
    const workers = [database.db, instanceB].map((db) =>
      createWorker({ db, handlers, pollIntervalMs: 5, concurrency: 2, clock, logger: silentLogger() }),
    );
    for (const worker of workers) worker.start();
    try {
      for (let i = 0; i < 30; i += 1) await queue.enqueue('tick', { i });
      await waitFor(async () => (await queue.counts()).succeeded === 30, 'all jobs to finish');
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
    }

    expect(executions.size).toBe(30);
    expect([...executions.values()].every((count) => count === 1)).toBe(true);
  });
});
