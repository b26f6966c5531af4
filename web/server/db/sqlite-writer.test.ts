// On a SQLite file, one connection writes: Prisma's writes and transactions go to the writer thread that `db.sql`
// uses, so no write waits for SQLite's lock on the event loop (busy_timeout sleeps there stalled every request),
// and Prisma still reads, writes and rolls back as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteTestDatabase, type TestDatabase } from '../../../test/support/databases.js';
import { type Db, isUniqueViolation } from './client.js';

describe('SQLite: Prisma writes through the writer thread', () => {
  let database: TestDatabase;
  let db: Db;
  let shopId: string;

  beforeAll(async () => {
    database = await createSqliteTestDatabase();
    db = database.db;
    shopId = (await db.prisma.shop.create({ data: { domain: 'writer.myshopify.com' } })).id;
  });
  afterAll(async () => database?.drop());

  /** A write transaction on the writer thread that holds SQLite's write lock for a while (it counts to 4 million). */
  const slowWrite = () =>
    db.sql.batch([
      { sql: `UPDATE "Shop" SET "name" = 'busy' WHERE "id" = ?1`, params: [shopId] },
      {
        sql: `WITH RECURSIVE "n"("i") AS (SELECT 1 UNION ALL SELECT "i" + 1 FROM "n" WHERE "i" < 4000000)
              SELECT count(*) AS "count" FROM "n"`,
      },
    ]);

  it('when Prisma writes while the writer thread holds the lock, then the event loop keeps turning and both writes land', async () => {
    // The longest the event loop went without running a 5 ms timer, while both writes were under way.
    let longestGap = 0;
    let lastTick = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - lastTick);
      lastTick = now;
    }, 5);
    const startedAt = performance.now();
    const slow = slowWrite().then(() => performance.now() - startedAt);
    // Let the slow transaction begin on the writer thread before Prisma writes.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const created = await db.prisma.customerProfile.create({
      data: { shopId, customerId: 'gid://shopify/Customer/1', ordersCount: 1, tags: [], purchasedProductIds: [] },
    });
    const slowMs = await slow;
    await new Promise((resolve) => setTimeout(resolve, 10));
    clearInterval(ticker);

    expect(created.ordersCount).toBe(1);
    expect(slowMs).toBeGreaterThan(200);
    // Before, Prisma's connection slept in busy_timeout on the event loop until the lock was released: the loop
    // stood still for about as long as the slow transaction ran.
    expect(longestGap).toBeLessThan(slowMs / 2);
    expect((await db.prisma.shop.findUniqueOrThrow({ where: { id: shopId } })).name).toBe('busy');
  });

  it('when Prisma runs a transaction, then its reads see its writes, a failure rolls it back, and db.sql writes wait for it', async () => {
    const customerId = 'gid://shopify/Customer/2';
    const order: string[] = [];
    let sqlWrite: Promise<number> | undefined;
    await db.prisma.$transaction(async (tx) => {
      await tx.customerProfile.create({ data: { shopId, customerId, ordersCount: 1, tags: ['a'], purchasedProductIds: [] } });
      // Sent while the transaction holds the writer: it is applied after the commit, not inside the transaction.
      sqlWrite = db.sql
        .execute(`UPDATE "CustomerProfile" SET "ordersCount" = "ordersCount" + 10 WHERE "customerId" = ?1`, [customerId])
        .then((changed) => {
          order.push('db.sql');
          return changed;
        });
      expect((await tx.customerProfile.findFirstOrThrow({ where: { customerId } })).ordersCount).toBe(1);
      await tx.customerProfile.update({ where: { shopId_customerId: { shopId, customerId } }, data: { ordersCount: 2 } });
      order.push('transaction');
    });
    expect(await sqlWrite).toBe(1);
    expect(order).toEqual(['transaction', 'db.sql']);
    expect((await db.prisma.customerProfile.findFirstOrThrow({ where: { customerId } })).ordersCount).toBe(12);

    const failed = await db.prisma
      .$transaction(async (tx) => {
        await tx.customerProfile.update({ where: { shopId_customerId: { shopId, customerId } }, data: { ordersCount: 99 } });
        await tx.customerProfile.create({ data: { shopId, customerId, ordersCount: 1, tags: [], purchasedProductIds: [] } });
      })
      .catch((error: unknown) => error);
    expect(isUniqueViolation(failed)).toBe(true);
    expect((await db.prisma.customerProfile.findFirstOrThrow({ where: { customerId } })).ordersCount).toBe(12);

    // The writer is free again: ordinary writes go through.
    await db.prisma.customerProfile.update({ where: { shopId_customerId: { shopId, customerId } }, data: { ordersCount: 13 } });
    expect((await db.prisma.customerProfile.findFirstOrThrow({ where: { customerId } })).ordersCount).toBe(13);
  });

  it('when writes arrive together (group commit), then each succeeds or fails on its own and a batch stays all or nothing', async () => {
    const columns = '"shopId", "customerId", "ordersCount", "tags", "purchasedProductIds", "updatedAt"';
    const insert = (customerId: string) =>
      db.sql.execute(`INSERT INTO "CustomerProfile" (${columns}) VALUES (?1, ?2, 1, '[]', '[]', ?3)`, [shopId, customerId, new Date()]);
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 20 }, (_, i) => insert(`group-${i}`)),
      insert('group-3'), // a duplicate of one sent in the same burst
      db.sql.batch([
        {
          sql: `INSERT INTO "CustomerProfile" (${columns}) VALUES (?1, 'group-batch', 1, '[]', '[]', ?2)`,
          params: [shopId, new Date()],
        },
        {
          sql: `INSERT INTO "CustomerProfile" (${columns}) VALUES (?1, 'group-0', 1, '[]', '[]', ?2)`,
          params: [shopId, new Date()],
        },
      ]),
      db.prisma.customerProfile.create({ data: { shopId, customerId: 'group-prisma', ordersCount: 1, tags: [], purchasedProductIds: [] } }),
    ]);
    expect(outcomes.slice(0, 20).every((outcome) => outcome.status === 'fulfilled')).toBe(true);
    const [duplicate, batch, prisma] = outcomes.slice(20);
    expect(duplicate?.status === 'rejected' && isUniqueViolation(duplicate.reason)).toBe(true);
    expect(batch?.status === 'rejected' && isUniqueViolation(batch.reason)).toBe(true);
    expect(prisma?.status).toBe('fulfilled');
    const stored = await db.prisma.customerProfile.findMany({
      where: { customerId: { startsWith: 'group-' } },
      select: { customerId: true },
    });
    expect(stored.map((row) => row.customerId).sort()).toEqual(
      [...Array.from({ length: 20 }, (_, i) => `group-${i}`), 'group-prisma'].sort(),
    );
  });

  it('when Prisma writes values of every kind, then it reads them back unchanged', async () => {
    const at = new Date('2026-12-04T10:11:12.345Z');
    const created = await db.prisma.job.create({
      data: {
        name: 'kinds',
        payload: { nested: [1, 'two', { three: null }], big: 2 ** 53 - 1 },
        runAt: at,
        attempts: 3,
        updatedAt: at,
        idempotencyKey: 'kinds-1',
      },
    });
    expect(created).toMatchObject({
      name: 'kinds',
      runAt: at,
      attempts: 3,
      payload: { nested: [1, 'two', { three: null }], big: 2 ** 53 - 1 },
    });
    const { count } = await db.prisma.job.updateMany({ where: { idempotencyKey: 'kinds-1' }, data: { attempts: { increment: 1 } } });
    expect(count).toBe(1);
    expect(await db.prisma.job.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ attempts: 4, runAt: at });
    expect(await db.prisma.$executeRawUnsafe(`DELETE FROM "Job" WHERE "id" = ?`, created.id)).toBe(1);
  });
});
