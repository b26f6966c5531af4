// `db.sql` (db/client.ts), the driver-level path the hot statements use, on both providers: what it writes Prisma
// reads back the same (DateTime, JSON, integers) and the other way round, a batch is one transaction, unique
// violations are recognised, and on SQLite its own connection (a worker thread) and Prisma's write the same file at
// the same time without SQLITE_BUSY, also while a Prisma transaction holds the write lock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../test/support/databases.js';
import { databaseCases } from '../../../test/support/jobs.js';
import { type Db, isUniqueViolation, openDatabase } from '../db/client.js';

describe.each(databaseCases)('db.sql on %s', (provider, createDatabase) => {
  let database: TestDatabase;
  let db: Db;
  let shopId: string;
  const p = (index: number) => db.sql.placeholder(index);
  const json = (index: number) => (provider === 'postgresql' ? `${p(index)}::jsonb` : p(index));

  beforeAll(async () => {
    database = await createDatabase();
    db = database.db;
    shopId = (await db.prisma.shop.create({ data: { domain: 'sql.myshopify.com' } })).id;
  });
  afterAll(async () => database?.drop());

  const insertProfile = (customerId: string, at: Date, tags: string[] = ['vip']) =>
    db.sql.execute(
      `INSERT INTO "CustomerProfile" ("shopId", "customerId", "ordersCount", "tags", "purchasedProductIds", "updatedAt")
       VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${json(4)}, ${json(5)}, ${p(6)})`,
      [shopId, customerId, 2, JSON.stringify(tags), '[]', at],
    );

  it('when it writes a row, then Prisma reads the same values, and it reads what Prisma wrote', async () => {
    const at = new Date('2026-11-23T12:34:56.789Z');
    expect(await insertProfile('c-1', at)).toBe(1);
    const read = await db.prisma.customerProfile.findUnique({ where: { shopId_customerId: { shopId, customerId: 'c-1' } } });
    expect(read).toMatchObject({ ordersCount: 2, tags: ['vip'], purchasedProductIds: [], updatedAt: at });

    await db.prisma.customerProfile.create({
      data: { shopId, customerId: 'c-2', ordersCount: 5, tags: ['a', 'b'], purchasedProductIds: ['p'] },
    });
    const rows = await db.sql.query<{ ordersCount: unknown; tags: unknown; updatedAt: unknown }>(
      `SELECT "ordersCount", "tags", "updatedAt" FROM "CustomerProfile" WHERE "shopId" = ${p(1)} AND "customerId" = ${p(2)}`,
      [shopId, 'c-2'],
    );
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]!.ordersCount)).toBe(5);
    const tags = rows[0]!.tags;
    expect(typeof tags === 'string' ? JSON.parse(tags) : tags).toEqual(['a', 'b']);
    const updatedAt = rows[0]!.updatedAt;
    expect(Math.abs((updatedAt instanceof Date ? updatedAt : new Date(String(updatedAt))).getTime() - Date.now())).toBeLessThan(60_000);

    // Comparisons with a Date parameter work against rows Prisma wrote.
    const later = await db.sql.query(
      `SELECT "customerId" FROM "CustomerProfile" WHERE "shopId" = ${p(1)} AND "updatedAt" > ${p(2)} ORDER BY "customerId"`,
      [shopId, at],
    );
    expect(later.map((row) => row.customerId)).toEqual(['c-2']);
  });

  it('when a statement breaks a unique key, then the error is a unique violation', async () => {
    await insertProfile('c-dup', new Date());
    const error = await insertProfile('c-dup', new Date()).catch((caught: unknown) => caught);
    expect(isUniqueViolation(error)).toBe(true);
  });

  it("when a batch fails part-way, then none of it is stored; otherwise all of it is, with each statement's rows", async () => {
    const insert = (customerId: string) => ({
      sql: `INSERT INTO "CustomerProfile" ("shopId", "customerId", "updatedAt") VALUES (${p(1)}, ${p(2)}, ${p(3)}) RETURNING "customerId"`,
      params: [shopId, customerId, new Date()],
    });
    await expect(db.sql.batch([insert('b-1'), insert('c-1')])).rejects.toSatisfy(isUniqueViolation);
    expect(await db.prisma.customerProfile.count({ where: { shopId, customerId: 'b-1' } })).toBe(0);

    const results = await db.sql.batch([
      insert('b-2'),
      insert('b-3'),
      { sql: `SELECT COUNT(*) AS "n" FROM "CustomerProfile" WHERE "shopId" = ${p(1)} AND "customerId" LIKE 'b-%'`, params: [shopId] },
    ]);
    expect(results[0]).toEqual([{ customerId: 'b-2' }]);
    expect(results[1]).toEqual([{ customerId: 'b-3' }]);
    expect(Number(results[2]![0]!.n)).toBe(2);
  });

  it('when Prisma and db.sql (and a second instance) write at the same time, then every write lands', async () => {
    const other = await database.openAnother();
    const writes: Array<Promise<unknown>> = [];
    for (let i = 0; i < 60; i++) {
      writes.push(insertProfile(`w-sql-${i}`, new Date()));
      writes.push(db.prisma.customerProfile.create({ data: { shopId, customerId: `w-prisma-${i}` } }));
      writes.push(
        other.sql.execute(
          `INSERT INTO "CustomerProfile" ("shopId", "customerId", "updatedAt")
           VALUES (${other.sql.placeholder(1)}, ${other.sql.placeholder(2)}, ${other.sql.placeholder(3)})`,
          [shopId, `w-other-${i}`, new Date()],
        ),
      );
      if (i % 10 === 0) {
        writes.push(
          db.prisma.$transaction(async (tx) => {
            await tx.customerProfile.create({ data: { shopId, customerId: `w-tx-${i}-a` } });
            // Holds the write lock across event-loop turns while the other writers keep going.
            await new Promise((resolve) => setTimeout(resolve, 20));
            await tx.customerProfile.create({ data: { shopId, customerId: `w-tx-${i}-b` } });
          }),
        );
      }
    }
    await Promise.all(writes);
    const count = (prefix: string) => db.prisma.customerProfile.count({ where: { shopId, customerId: { startsWith: prefix } } });
    expect([await count('w-sql-'), await count('w-prisma-'), await count('w-other-'), await count('w-tx-')]).toEqual([60, 60, 60, 12]);
    // What one connection wrote, the others read at once.
    const seen = await other.sql.query(
      `SELECT COUNT(*) AS "n" FROM "CustomerProfile" WHERE "shopId" = ${other.sql.placeholder(1)} AND "customerId" LIKE 'w-%'`,
      [shopId],
    );
    expect(Number(seen[0]!.n)).toBe(192);
  });
});

describe('db.sql on an in-memory SQLite database', () => {
  it('when the database lives in memory, then statements run on the connection Prisma uses', async () => {
    const db = await openDatabase('file::memory:');
    try {
      await db.sql.execute('CREATE TABLE "T" ("x" INTEGER)');
      expect(await db.sql.execute('INSERT INTO "T" ("x") VALUES (?1)', [2])).toBe(1);
      expect(await db.prisma.$queryRawUnsafe('SELECT "x" FROM "T"')).toEqual([{ x: 2 }]);
      expect(
        await db.sql.batch([{ sql: 'INSERT INTO "T" ("x") VALUES (?1)', params: [3] }, { sql: 'SELECT COUNT(*) AS "n" FROM "T"' }]),
      ).toEqual([[], [{ n: 2 }]]);
    } finally {
      await db.close();
    }
  });
});
