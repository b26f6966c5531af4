// Real databases for tests: a fresh SQLite file, or a fresh PostgreSQL database on 127.0.0.1:5432 (trust auth),
// both migrated with the app's own runner. Each call gets its own database, so test files run in parallel.

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Db, openDatabase } from '../../web/server/db/client.js';
import { migrate } from '../../web/server/db/migrate.js';

export const POSTGRES_ADMIN_URL = process.env.ENCORE_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  db: Db;
  url: string;
  /** Opens another connection pool on the same database (a second app instance). */
  openAnother(): Promise<Db>;
  drop(): Promise<void>;
}

export async function createSqliteTestDatabase(): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'encore-test-'));
  const url = `file:${path.join(dir, 'test.db')}`;
  const db = await openDatabase(url);
  await migrate(db);
  const others: Db[] = [];
  return {
    db,
    url,
    async openAnother() {
      const other = await openDatabase(url);
      others.push(other);
      return other;
    },
    async drop() {
      await Promise.all([db, ...others].map((d) => d.close()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function createPostgresTestDatabase(): Promise<TestDatabase> {
  const name = `encore_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const db = await openDatabase(url.toString());
  await migrate(db);
  const others: Db[] = [];
  return {
    db,
    url: url.toString(),
    async openAnother() {
      const other = await openDatabase(url.toString());
      others.push(other);
      return other;
    },
    async drop() {
      await Promise.all([db, ...others].map((d) => d.close()));
      const cleanup = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export const testDatabases = {
  sqlite: createSqliteTestDatabase,
  postgresql: createPostgresTestDatabase,
} as const;
