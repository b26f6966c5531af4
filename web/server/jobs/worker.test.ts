import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { TestDatabase } from '../../../test/support/databases.js';
import { captureLogs, databaseCases, gate, waitFor } from '../../../test/support/jobs.js';
import { ManualClock } from '../clock.js';
import { silentLogger } from '../logger.js';
import { exponentialBackoff } from './backoff.js';
import { defineJobHandler } from './define.js';
import { RetriableJobError, TerminalJobError } from './errors.js';
import { createJobQueue, type JobQueue } from './queue.js';
import type { JobContext, JobHandlers, JsonValue } from './types.js';
import { createWorker, type WorkerDeps } from './worker.js';

describe.each(databaseCases)('job worker on %s', (_provider, createDatabase) => {
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

  function workerWith(handlers: JobHandlers, options: Partial<WorkerDeps> = {}) {
    // No jitter, so the schedule is exact: 5 s, 10 s, 20 s, …
    const backoff = exponentialBackoff({ baseMs: 5_000, maxMs: 3_600_000, random: () => 0 });
    return createWorker({ db: database.db, handlers, clock, logger: silentLogger(), backoff, ...options });
  }

  it('when a due job runs, then its handler gets the payload once and the job succeeds with the result', async () => {
    const calls: Array<{ payload: JsonValue; attempt: number }> = [];
    const { job } = await queue.enqueue('greet', { name: 'Ada' }, { shopDomain: 'demo.myshopify.com' });
    const worker = workerWith({
      greet: async (payload, ctx) => {
        calls.push({ payload, attempt: ctx.attempt });
        return { greeted: true };
      },
    });

    expect(await worker.runDue()).toBe(1);
    expect(await worker.runDue()).toBe(0);
    expect(calls).toEqual([{ payload: { name: 'Ada' }, attempt: 1 }]);
    const done = await queue.get(job.id);
    expect(done).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      result: { greeted: true },
      lockedBy: null,
      lockedUntil: null,
      lastError: null,
    });
    expect(done?.finishedAt?.toISOString()).toBe('2026-11-23T12:00:00.000Z');
  });

  it('when runAt is in the future, then the job is not claimed until the clock reaches it', async () => {
    const runs: string[] = [];
    await queue.enqueue('remind', {}, { delayMs: 10 * 60_000 });
    const worker = workerWith({ remind: async () => void runs.push(clock.now().toISOString()) });

    expect(await worker.runDue()).toBe(0);
    clock.advance(10 * 60_000 - 1);
    expect(await worker.runDue()).toBe(0);
    clock.advance(1);
    expect(await worker.runDue()).toBe(1);
    expect(runs).toEqual(['2026-11-23T12:10:00.000Z']);
  });

  it('when a handler keeps failing, then it is retried after 5 s, 10 s, 20 s and ends dead after maxAttempts', async () => {
    let calls = 0;
    const { job } = await queue.enqueue('flaky', {}, { maxAttempts: 4 });
    const worker = workerWith({
      flaky: async () => {
        calls += 1;
        throw new Error(`upstream 503 on call ${calls}`);
      },
    });

    for (const expectedDelayMs of [5_000, 10_000, 20_000]) {
      const failedAt = clock.now().getTime();
      expect(await worker.runDue()).toBe(1);
      const queued = await queue.get(job.id);
      expect(queued?.status).toBe('queued');
      expect(queued?.runAt.getTime()).toBe(failedAt + expectedDelayMs);
      clock.advance(expectedDelayMs - 1);
      expect(await worker.runDue()).toBe(0);
      clock.advance(1);
    }
    expect(await worker.runDue()).toBe(1);

    expect(calls).toBe(4);
    expect(await queue.get(job.id)).toMatchObject({
      status: 'dead',
      attempts: 4,
      lastError: 'Error: upstream 503 on call 4',
      lockedBy: null,
    });
    clock.advance(86_400_000);
    expect(await worker.runDue()).toBe(0);
  });

  it('when a handler throws TerminalJobError, then the job fails at once without a retry', async () => {
    let calls = 0;
    const { job } = await queue.enqueue('charge', {});
    const worker = workerWith({
      charge: async () => {
        calls += 1;
        throw new TerminalJobError('contract was cancelled');
      },
    });

    await worker.runDue();
    clock.advance(86_400_000);
    await worker.runDue();

    expect(calls).toBe(1);
    expect(await queue.get(job.id)).toMatchObject({ status: 'failed', attempts: 1, lastError: 'TerminalJobError: contract was cancelled' });
  });

  it('when a handler throws RetriableJobError with retryAfterMs, then the next attempt waits exactly that long', async () => {
    let calls = 0;
    const { job } = await queue.enqueue('sync', {});
    const worker = workerWith({
      sync: async () => {
        calls += 1;
        if (calls === 1) throw new RetriableJobError('throttled', 2_000);
        return 'synced';
      },
    });

    await worker.runDue();
    expect((await queue.get(job.id))?.runAt.toISOString()).toBe('2026-11-23T12:00:02.000Z');
    clock.advance(2_000);
    await worker.runDue();

    expect(await queue.get(job.id)).toMatchObject({ status: 'succeeded', attempts: 2, result: 'synced', lastError: null });
  });

  it('when no handler is registered for the job name, then the job fails with a clear message and is not retried', async () => {
    const { job } = await queue.enqueue('no.such.job', {});
    const worker = workerWith({ toString: async () => 'inherited names are not handlers' });

    await worker.runDue();
    clock.advance(86_400_000);
    await worker.runDue();

    expect(await queue.get(job.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'No handler registered for job name "no.such.job"',
    });
    const inherited = (await queue.enqueue('hasOwnProperty', {})).job;
    await worker.runDue();
    expect((await queue.get(inherited.id))?.lastError).toBe('No handler registered for job name "hasOwnProperty"');
  });

  it('when an error message carries a credential, then lastError keeps the message but neither the credential nor a stack', async () => {
    const { job } = await queue.enqueue('leaky', {}, { maxAttempts: 1 });
    const worker = workerWith({
      leaky: async () => {
        throw new Error('401 with X-Shopify-Access-Token shpat_0123456789abcdef and Authorization: Bearer abc.def.ghi');
      },
    });

    await worker.runDue();

    const lastError = (await queue.get(job.id))?.lastError ?? '';
    expect(lastError).toContain('401 with X-Shopify-Access-Token');
    expect(lastError).not.toContain('shpat_0123456789abcdef');
    expect(lastError).not.toContain('abc.def.ghi');
    expect(lastError).not.toMatch(/\n\s+at /);
  });

  it('when a payload does not match the handler schema, then the job fails terminally naming the field', async () => {
    const seen: number[] = [];
    const handlers = {
      'order.tag': defineJobHandler(z.object({ orderId: z.number().int() }), async ({ orderId }) => {
        seen.push(orderId);
      }),
    };
    const good = (await queue.enqueue('order.tag', { orderId: 7 })).job;
    const bad = (await queue.enqueue('order.tag', { orderId: 'seven' })).job;

    await workerWith(handlers).runDue();

    expect(seen).toEqual([7]);
    expect((await queue.get(good.id))?.status).toBe('succeeded');
    const failed = await queue.get(bad.id);
    expect(failed?.status).toBe('failed');
    expect(failed?.lastError).toMatch(/^TerminalJobError: Invalid payload for job "order\.tag": orderId: /);
  });

  it('when jobs run, then every log line about a job carries jobId, jobName, attempt and shopDomain', async () => {
    const { logger, lines } = captureLogs();
    const ok = (await queue.enqueue('ok', {}, { shopDomain: 'demo.myshopify.com' })).job;
    const bad = (await queue.enqueue('bad', {}, { shopDomain: 'demo.myshopify.com' })).job;

    await workerWith(
      {
        ok: async (_payload, ctx) => void ctx.logger.info('inside the handler'),
        bad: async () => {
          throw new Error('nope');
        },
      },
      { logger, workerId: 'worker-1' },
    ).runDue();

    const about = (id: string) => lines.filter((line) => line.jobId === id);
    expect(about(ok.id).map((l) => l.msg)).toEqual(['job started', 'inside the handler', 'job succeeded']);
    expect(about(bad.id).map((l) => l.msg)).toEqual(['job started', 'job attempt failed; retry scheduled']);
    for (const line of [...about(ok.id), ...about(bad.id)]) {
      expect(line).toMatchObject({ jobName: expect.any(String), attempt: 1, shopDomain: 'demo.myshopify.com', workerId: 'worker-1' });
    }
    expect(about(bad.id)[1]).toMatchObject({ level: 40, error: 'Error: nope', retryAt: '2026-11-23T12:00:05.000Z' });
  });

  it('when a handler outlives its lease, then heartbeats extend it and another worker cannot take the job', async () => {
    const otherWorker = createWorker({
      db: await database.openAnother(),
      handlers: { slow: async () => 'stolen' },
      clock,
      logger: silentLogger(),
    });
    let claimsByOther = -1;
    const { job } = await queue.enqueue('slow', {});
    const worker = workerWith(
      {
        slow: async (_payload, ctx: JobContext) => {
          const claimedAt = clock.now().getTime();
          clock.advance(20_000);
          // The timer heartbeat moves the lease to (now + 30 s) on the clock.
          await waitFor(async () => ((await queue.get(ctx.job.id))?.lockedUntil?.getTime() ?? 0) >= claimedAt + 50_000, 'a heartbeat');
          clock.advance(20_000); // 40 s after the claim: the first lease would have expired by now
          claimsByOther = await otherWorker.runDue();
          return 'finished by its owner';
        },
      },
      { leaseMs: 30_000, heartbeatIntervalMs: 10 },
    );

    await worker.runDue();

    expect(claimsByOther).toBe(0);
    expect(await queue.get(job.id)).toMatchObject({ status: 'succeeded', attempts: 1, result: 'finished by its owner' });
  });

  it('when the worker is started, then it runs jobs enqueued later, and stop() waits for the job in progress', async () => {
    const release = gate();
    const started: string[] = [];
    const worker = workerWith(
      {
        hold: async (payload) => {
          started.push(String(payload));
          if (payload === 'first') await release.promise;
        },
      },
      { pollIntervalMs: 10 },
    );
    worker.start();
    const first = (await queue.enqueue('hold', 'first')).job;
    await waitFor(() => started.length === 1, 'the first job to start');

    let stopped = false;
    const stopping = worker.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(stopped).toBe(false);
    expect((await queue.get(first.id))?.status).toBe('running');

    release.open();
    await stopping;
    expect((await queue.get(first.id))?.status).toBe('succeeded');

    const second = (await queue.enqueue('hold', 'second')).job;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(started).toEqual(['first']);
    expect((await queue.get(second.id))?.status).toBe('queued');
  });

  it('when concurrency is 3, then up to three jobs of one worker run at the same time', async () => {
    let running = 0;
    let peak = 0;
    // Each job holds its slot until three run at once (or 10 s pass): the peak does not depend on how fast claims
    // come back on a loaded machine.
    let threeRunning!: () => void;
    const three = new Promise<void>((resolve) => (threeRunning = resolve));
    for (let i = 0; i < 6; i += 1) await queue.enqueue('overlap', { i });
    const worker = workerWith(
      {
        overlap: async () => {
          running += 1;
          peak = Math.max(peak, running);
          if (running === 3) threeRunning();
          await Promise.race([three, new Promise((resolve) => setTimeout(resolve, 10_000))]);
          running -= 1;
        },
      },
      { concurrency: 3 },
    );

    expect(await worker.runDue()).toBe(6);
    expect(peak).toBe(3);
  });

  it('when whenIdle holds (the process is busy serving requests), then no job is claimed until it lets go', async () => {
    const { job } = await queue.enqueue('later', {});
    const idle = gate();
    let asked = 0;
    const worker = workerWith(
      { later: async () => undefined },
      {
        whenIdle: () => {
          asked += 1;
          return idle.promise;
        },
      },
    );
    const run = worker.runDue();
    await waitFor(() => asked > 0, 'the worker to ask whether the process is idle');
    expect((await queue.get(job.id))?.status).toBe('queued');
    idle.open();
    expect(await run).toBe(1);
    expect((await queue.get(job.id))?.status).toBe('succeeded');
  });

  it('when a worker only serves some queues, then jobs of other queues stay queued', async () => {
    const emailJob = (await queue.enqueue('work', {}, { queue: 'email' })).job;
    const billingJob = (await queue.enqueue('work', {}, { queue: 'billing' })).job;

    const ran = await workerWith({ work: async () => undefined }, { queues: ['email'] }).runDue();

    expect(ran).toBe(1);
    expect((await queue.get(emailJob.id))?.status).toBe('succeeded');
    expect((await queue.get(billingJob.id))?.status).toBe('queued');
  });
});
