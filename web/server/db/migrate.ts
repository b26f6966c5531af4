// Applies prisma/migrations/<provider>/*/migration.sql in order, each once, each in a transaction, recorded in
// _encore_migrations. On PostgreSQL an advisory lock makes concurrent starts of several instances safe.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './client.js';
import { sqlDialect } from './sql-dialect.js';

const migrationsRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../prisma/migrations');
const ADVISORY_LOCK_KEY = 727_001; // arbitrary, constant: "Encore migrations"

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

export function migrationNames(provider: Db['provider']): string[] {
  const dir = path.join(migrationsRoot, provider);
  return fs
    .readdirSync(dir)
    .filter((name) => fs.existsSync(path.join(dir, name, 'migration.sql')))
    .sort();
}

function statements(sql: string): string[] {
  // Prisma's generated SQL has one statement per block and no semicolons inside literals.
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((s) =>
      s
        .split('\n')
        .filter((line) => !line.trim().startsWith('--'))
        .join('\n')
        .trim(),
    )
    .filter(Boolean);
}

export async function migrate(db: Db): Promise<MigrationResult> {
  const { prisma, provider } = db;
  const run = async (): Promise<MigrationResult> => {
    await prisma.$executeRawUnsafe('CREATE TABLE IF NOT EXISTS "_encore_migrations" ("name" TEXT PRIMARY KEY, "appliedAt" TEXT NOT NULL)');
    const done = new Set((await prisma.$queryRawUnsafe<{ name: string }[]>('SELECT "name" FROM "_encore_migrations"')).map((r) => r.name));
    const result: MigrationResult = { applied: [], alreadyApplied: [] };
    for (const name of migrationNames(provider)) {
      if (done.has(name)) {
        result.alreadyApplied.push(name);
        continue;
      }
      const sql = fs.readFileSync(path.join(migrationsRoot, provider, name, 'migration.sql'), 'utf8');
      await prisma.$transaction(async (tx) => {
        for (const statement of statements(sql)) await tx.$executeRawUnsafe(statement);
        const { p } = sqlDialect(db);
        await tx.$executeRawUnsafe(
          `INSERT INTO "_encore_migrations" ("name", "appliedAt") VALUES (${p(1)}, ${p(2)})`,
          name,
          new Date().toISOString(),
        );
      });
      result.applied.push(name);
    }
    return result;
  };
  if (provider !== 'postgresql') return run();
  // The advisory lock is held on a dedicated connection for the whole run: Prisma's pool may use any of its
  // connections for the work, so a lock taken through Prisma could be released under us.
  return withPgMigrationLock(db, run);
}

async function withPgMigrationLock<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK_KEY]);
    return await fn();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
