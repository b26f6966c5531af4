import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../test/support/databases.js';
import { databaseCases } from '../../../test/support/jobs.js';
import { ManualClock } from '../clock.js';
import { silentLogger } from '../logger.js';
import { TerminalJobError } from './errors.js';
import { CANCELLED_MESSAGE, createJobQueue, insertJobsStatement, type JobQueue } from './queue.js';
import type { JobHandlers } from './types.js';
import { createWorker } from './worker.js';

describe.each(databaseCases)('job queue on %s', (_provider, createDatabase) => {
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

  function workerWith(handlers: JobHandlers) {
    return createWorker({ db: database.db, handlers, clock, logger: silentLogger(), backoff: () => 60_000 });
  }

  it('when a job is enqueued, then it is stored queued with its options and readable by id', async () => {
    const { job, created } = await queue.enqueue(
      'email.send',
      { orderId: 'gid://shopify/Order/1', lines: [1, 2], note: null },
      { shopDomain: 'demo.myshopify.com', maxAttempts: 3, queue: 'email', idempotencyKey: 'email:demo:1' },
    );

    expect(created).toBe(true);
    expect(job).toMatchObject({
      name: 'email.send',
      status: 'queued',
      queue: 'email',
      attempts: 0,
      maxAttempts: 3,
      shopDomain: 'demo.myshopify.com',
      idempotencyKey: 'email:demo:1',
      lockedBy: null,
      result: null,
    });
    expect(job.runAt.toISOString()).toBe('2026-11-23T12:00:00.000Z');
    expect(await queue.get(job.id)).toEqual(job);
    expect((await queue.get(job.id))?.payload).toEqual({ orderId: 'gid://shopify/Order/1', lines: [1, 2], note: null });
  });

  it('when delayMs or runAt is given, then runAt follows it on the queue clock', async () => {
    const delayed = await queue.enqueue('a', {}, { delayMs: 10 * 60_000 });
    const scheduled = await queue.enqueue('b', {}, { runAt: new Date('2026-12-01T00:00:00Z') });

    expect(delayed.job.runAt.toISOString()).toBe('2026-11-23T12:10:00.000Z');
    expect(scheduled.job.runAt.toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('when the same idempotency key is enqueued again, then the first job comes back and no second job exists', async () => {
    const first = await queue.enqueue('billing.attempt', { cycle: 1 }, { idempotencyKey: 'contract-9:1' });
    const second = await queue.enqueue('billing.attempt', { cycle: 1, again: true }, { idempotencyKey: 'contract-9:1' });

    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.job.id).toBe(first.job.id);
    expect(second.job.payload).toEqual({ cycle: 1 });
    expect((await queue.list()).jobs).toHaveLength(1);
  });

  it('when two app instances enqueue the same key at the same moment, then exactly one job is created and all callers get it', async () => {
    const otherInstance = createJobQueue({ db: await database.openAnother(), clock, logger: silentLogger() });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 === 0 ? queue : otherInstance).enqueue('email.send', { i }, { idempotencyKey: 'order-77' }),
      ),
    );

    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.job.id)).size).toBe(1);
    expect((await queue.counts()).queued).toBe(1);
  });

  it('when enqueue options are invalid, then it rejects and writes nothing', async () => {
    await expect(queue.enqueue('', {})).rejects.toThrow(/name/);
    await expect(queue.enqueue('a', {}, { maxAttempts: 0 })).rejects.toThrow(/maxAttempts/);
    await expect(queue.enqueue('a', {}, { delayMs: -1 })).rejects.toThrow(/delayMs/);
    await expect(queue.enqueue('a', {}, { delayMs: 1, runAt: clock.now() })).rejects.toThrow(/not both/);
    await expect(queue.enqueue('a', {}, { runAt: new Date('nonsense') })).rejects.toThrow(/runAt/);
    await expect(queue.enqueue('a', {}, { idempotencyKey: '' })).rejects.toThrow(/idempotencyKey/);

    expect((await queue.list()).jobs).toEqual([]);
  });

  it('when jobs are inserted in the transaction of the rows they are about, then they exist exactly when those rows do', async () => {
    const { db } = database;
    const p = (index: number) => db.sql.placeholder(index);
    const shop = await db.prisma.shop.create({ data: { domain: 'jobs-beside.myshopify.com' } });
    // Two "rows": the first exists, the second never will.
    const jobs = [
      {
        name: 'shop.sync',
        payload: { shopId: shop.id },
        options: { idempotencyKey: `sync:${shop.id}`, shopDomain: shop.domain, delayMs: 1_000 },
        guardId: shop.id,
      },
      { name: 'shop.sync', payload: { shopId: 'gone' }, options: { idempotencyKey: 'sync:gone' }, guardId: 'gone' },
    ];
    const insert = insertJobsStatement(db, jobs, { now: clock.now(), onlyIfRowExists: { table: 'Shop', column: 'id' } });
    await db.sql.batch([{ sql: `UPDATE "Shop" SET "name" = ${p(1)} WHERE "id" = ${p(2)}`, params: ['touched', shop.id] }, insert]);

    const stored = await queue.list({ name: 'shop.sync' });
    expect(stored.jobs).toHaveLength(1);
    expect(stored.jobs[0]).toMatchObject({
      status: 'queued',
      payload: { shopId: shop.id },
      idempotencyKey: `sync:${shop.id}`,
      shopDomain: shop.domain,
      attempts: 0,
      maxAttempts: 8,
      queue: 'default',
      runAt: new Date(clock.now().getTime() + 1_000),
    });
    // The same key again inserts nothing, as enqueue would return the first job.
    await db.sql.batch([insertJobsStatement(db, jobs.slice(0, 1), { now: clock.now(), onlyIfRowExists: { table: 'Shop', column: 'id' } })]);
    expect((await queue.list({ name: 'shop.sync' })).jobs).toHaveLength(1);

    // A transaction that fails leaves no job behind.
    const failing = [
      {
        sql: `INSERT INTO "Shop" ("id", "domain", "updatedAt", "createdAt", "installedAt")
              VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(3)}, ${p(3)})`,
        params: ['dup', shop.domain, clock.now()],
      },
    ];
    const lonely = insertJobsStatement(db, [{ name: 'shop.other', payload: {}, options: {} }], { now: clock.now() });
    await expect(db.sql.batch([lonely, ...failing])).rejects.toThrow();
    expect((await queue.list({ name: 'shop.other' })).jobs).toEqual([]);

    clock.advance(1_000);
    let ran = 0;
    const worker = workerWith({
      'shop.sync': async () => {
        ran += 1;
      },
    });
    expect(await worker.runDue()).toBe(1);
    expect(ran).toBe(1);
  });

  it('when jobs are listed, then filters apply, newest come first and the cursor walks every page once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      clock.advance(1_000);
      const shopDomain = i % 2 === 0 ? 'a.myshopify.com' : 'b.myshopify.com';
      ids.push((await queue.enqueue(i < 5 ? 'email.send' : 'billing.attempt', { i }, { shopDomain })).job.id);
    }

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await queue.list({ limit: 3, ...(cursor ? { cursor } : {}) });
      expect(page.jobs.length).toBeLessThanOrEqual(3);
      seen.push(...page.jobs.map((j) => j.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());

    const shopA = await queue.list({ shopDomain: 'a.myshopify.com' });
    expect(shopA.jobs.map((j) => j.payload)).toEqual([{ i: 6 }, { i: 4 }, { i: 2 }, { i: 0 }]);
    expect(shopA.nextCursor).toBeNull();
    expect((await queue.list({ name: 'billing.attempt' })).jobs.map((j) => j.payload)).toEqual([{ i: 6 }, { i: 5 }]);
    expect((await queue.list({ status: ['succeeded', 'dead'] })).jobs).toEqual([]);
    expect((await queue.list({ status: 'queued', name: 'email.send', shopDomain: 'b.myshopify.com' })).jobs).toHaveLength(2);
  });

  it('when jobs end in different states, then counts reports every status, per shop if asked', async () => {
    await queue.enqueue('ok', {}, { shopDomain: 'a.myshopify.com' });
    await queue.enqueue('boom', {}, { shopDomain: 'a.myshopify.com' });
    await queue.enqueue('ok', {}, { shopDomain: 'b.myshopify.com' });
    await queue.enqueue('ok', {}, { shopDomain: 'a.myshopify.com', delayMs: 60_000 });
    await workerWith({
      ok: async () => undefined,
      boom: async () => {
        throw new TerminalJobError('no');
      },
    }).runDue();

    expect(await queue.counts()).toEqual({ queued: 1, running: 0, succeeded: 2, failed: 1, dead: 0 });
    expect(await queue.counts({ shopDomain: 'a.myshopify.com' })).toEqual({ queued: 1, running: 0, succeeded: 1, failed: 1, dead: 0 });
  });

  it('when a queued job is cancelled, then it ends failed as cancelled and never runs', async () => {
    const { job } = await queue.enqueue('email.send', {}, { shopDomain: 'a.myshopify.com' });
    let runs = 0;

    const cancelled = await queue.cancel(job.id);
    await workerWith({
      'email.send': async () => {
        runs += 1;
      },
    }).runDue();

    expect(cancelled).toMatchObject({ ok: true, job: { status: 'failed', lastError: CANCELLED_MESSAGE } });
    expect(runs).toBe(0);
    expect(await queue.cancel(job.id)).toEqual({ ok: false, reason: 'not_allowed', status: 'failed' });
    expect(await queue.cancel('no-such-job')).toEqual({ ok: false, reason: 'not_found' });
  });

  it("when an admin action names another shop's job, then it is not found and nothing changes", async () => {
    const { job } = await queue.enqueue('email.send', {}, { shopDomain: 'a.myshopify.com' });

    expect(await queue.get(job.id, { shopDomain: 'b.myshopify.com' })).toBeNull();
    expect(await queue.cancel(job.id, { shopDomain: 'b.myshopify.com' })).toEqual({ ok: false, reason: 'not_found' });
    expect(await queue.retryNow(job.id, { shopDomain: 'b.myshopify.com' })).toEqual({ ok: false, reason: 'not_found' });
    expect((await queue.get(job.id))?.status).toBe('queued');
  });

  it('when a dead job is retried now, then it is queued at once with a fresh attempt budget and can succeed', async () => {
    const { job } = await queue.enqueue('flaky', {}, { maxAttempts: 1 });
    let shouldFail = true;
    const worker = workerWith({
      flaky: async () => {
        if (shouldFail) throw new Error('Shopify was down');
        return { ok: true };
      },
    });
    await worker.runDue();
    expect((await queue.get(job.id))?.status).toBe('dead');

    const retried = await queue.retryNow(job.id);
    shouldFail = false;
    await worker.runDue();

    expect(retried).toMatchObject({ ok: true, job: { status: 'queued', attempts: 0, finishedAt: null } });
    if (retried.ok) expect(retried.job.runAt.getTime()).toBe(clock.now().getTime());
    expect(await queue.get(job.id)).toMatchObject({ status: 'succeeded', attempts: 1, result: { ok: true } });
  });

  it('when a job scheduled for later is retried now, then it becomes due now; a succeeded job cannot be retried', async () => {
    const later = (await queue.enqueue('later', {}, { delayMs: 3_600_000 })).job;
    const retried = await queue.retryNow(later.id);
    const ran = await workerWith({ later: async () => 'done' }).runDue();

    expect(retried.ok).toBe(true);
    expect(ran).toBe(1);
    expect(await queue.retryNow(later.id)).toEqual({ ok: false, reason: 'not_allowed', status: 'succeeded' });
  });

  it('when old finished jobs are pruned, then only finished jobs older than the date go', async () => {
    await queue.enqueue('ok', {}, { idempotencyKey: 'old' });
    await workerWith({ ok: async () => undefined }).runDue();
    clock.advance(86_400_000);
    await queue.enqueue('ok', {}, { idempotencyKey: 'recent' });
    await workerWith({ ok: async () => undefined }).runDue();
    await queue.enqueue('ok', {}, { delayMs: 1 });

    const removed = await queue.prune({ finishedBefore: new Date(clock.now().getTime() - 1_000) });

    expect(removed).toBe(1);
    expect(await queue.counts()).toEqual({ queued: 1, running: 0, succeeded: 1, failed: 0, dead: 0 });
    expect((await queue.enqueue('ok', {}, { idempotencyKey: 'old' })).created).toBe(true);
  });
});
