// The SQL migrations of both providers cover schema.prisma exactly, and apply cleanly and idempotently.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, migrationNames } from '../web/server/db/migrate.js';
import { type TestDatabase, testDatabases } from './support/databases.js';

const root = path.resolve(import.meta.dirname, '..');

describe('database migrations', () => {
  it('are in step with prisma/schema.prisma for SQLite and PostgreSQL', () => {
    const output = execFileSync(process.execPath, ['scripts/prisma-migration.mjs', '--check'], { cwd: root, encoding: 'utf8' });
    expect(output).toContain('in step');
  });

  it('exist under the same names for both providers', () => {
    expect(migrationNames('postgresql')).toEqual(migrationNames('sqlite'));
  });

  describe.each(Object.entries(testDatabases))('on %s', (_name, create) => {
    let database: TestDatabase | undefined;
    afterEach(async () => {
      await database?.drop();
      database = undefined;
    });

    it('apply once: a second run and a concurrent instance apply nothing', async () => {
      database = await create(); // already migrated once by the helper
      const other = await database.openAnother();
      const [first, second] = await Promise.all([migrate(database.db), migrate(other)]);
      expect(first.applied).toEqual([]);
      expect(second.applied).toEqual([]);
      expect(second.alreadyApplied).toEqual(migrationNames(database.db.provider));
    });

    it('enforce the idempotency keys (a duplicate ledger event is refused)', async () => {
      database = await create();
      const { prisma } = database.db;
      const shop = await prisma.shop.create({ data: { domain: 'dup.myshopify.com' } });
      const event = { shopId: shop.id, orderKey: 'o1', surface: 'email', kind: 'accepted', idempotencyKey: 'email:o1:accept' };
      await prisma.offerEvent.create({ data: event });
      await expect(prisma.offerEvent.create({ data: event })).rejects.toMatchObject({ code: 'P2002' });
    });
  });
});
