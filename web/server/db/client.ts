// Opens the database named by DATABASE_URL: SQLite (file:…) by default, PostgreSQL (postgres://…) for several
// instances. Both providers are generated from one schema, so their clients have the same model API; the rest
// of the code sees one `Db` type.
import { createClient, type Client as LibsqlClient, type Config as LibsqlConfig, type InStatement, type ResultSet, type Transaction, type TransactionMode } from '@libsql/client';
import { PrismaLibSQL } from '@prisma/adapter-libsql';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient as SqliteClient, Prisma } from './generated/sqlite/index.js';
import { PrismaClient as PostgresClient, Prisma as PostgresPrisma } from './generated/postgresql/index.js';
import { postgresExecutor, SqliteWorkerExecutor, sqliteExecutor, sqliteFilePath, type SqlExecutor } from './sql-executor.js';

export type { SqlExecutor, SqlRow, SqlStatement, SqlValue } from './sql-executor.js';
export { SqliteStatementError } from './sql-executor.js';

export type PrismaDb = SqliteClient;
export type DbProvider = 'sqlite' | 'postgresql';
export { Prisma };

export interface Db {
  readonly prisma: PrismaDb;
  readonly provider: DbProvider;
  readonly url: string;
  /** Prisma's JSON null sentinel of this provider's client (the two clients' sentinels are not interchangeable). */
  readonly jsonNull: typeof Prisma.JsonNull;
  /**
   * Plain SQL on the driver, without Prisma's per-query work (about 0.03 ms of CPU per statement instead of
   * 0.15 ms through `$queryRawUnsafe` and 0.7-1 ms through the model API). For hot statements only; see SqlExecutor.
   */
  readonly sql: SqlExecutor;
  close(): Promise<void>;
}

export class DatabaseUrlError extends Error {
  override name = 'DatabaseUrlError';
}

export function providerOf(url: string): DbProvider {
  if (url.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgresql';
  throw new DatabaseUrlError(
    `DATABASE_URL must start with "file:" (SQLite) or "postgresql://" (PostgreSQL); got "${url.split(':')[0]}:…"`,
  );
}

export async function openDatabase(url: string): Promise<Db> {
  const provider = providerOf(url);
  if (provider === 'postgresql') {
    // One pool for Prisma's adapter and for `sql` (Prisma does not end a pool it was given; close() does).
    const pool = new pg.Pool({ connectionString: url });
    pool.on('error', () => {
      // An idle client lost its connection; the pool replaces it. (Prisma's adapter logs these itself.)
    });
    const prisma = new PostgresClient({ adapter: new PrismaPg(pool), errorFormat: 'minimal' }) as unknown as PrismaDb;
    const jsonNull = PostgresPrisma.JsonNull as unknown as typeof Prisma.JsonNull;
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await pool.end();
    };
    return { prisma, provider, url, jsonNull, sql: postgresExecutor(pool), close };
  }
  const shared = new BusyTimeoutLibsqlClient(createClient({ url }));
  const prisma = new SqliteClient({ adapter: new SharedPrismaLibSQL(url, shared), errorFormat: 'minimal' });
  // WAL lets readers run beside the writer; busy_timeout makes concurrent writers wait instead of failing.
  await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await prisma.$queryRawUnsafe(BUSY_TIMEOUT);
  await prisma.$queryRawUnsafe('PRAGMA foreign_keys = ON');
  const file = sqliteFilePath(url);
  let worker: SqliteWorkerExecutor | null = file === null ? null : new SqliteWorkerExecutor(file);
  // Should the worker not start (no native driver in this environment?), `sql` uses Prisma's connection instead.
  if (worker) {
    await worker.ready().catch((error: unknown) => {
      worker = null;
      process.emitWarning(`SQLite writer thread did not start (${error instanceof Error ? error.message : String(error)}); hot statements use Prisma's connection`, 'EncoreDatabaseWarning');
    });
  }
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await prisma.$disconnect();
    await worker?.close();
  };
  return { prisma, provider, url, jsonNull: Prisma.JsonNull, sql: worker ?? sqliteExecutor(shared), close };
}

// ---------------------------------------------------------------------------------------------------------------
// SQLite: Prisma's @libsql/client, keeping busy_timeout on every connection it uses.
//
// @libsql/client runs a transaction on the current connection and opens a fresh one for what follows, without the
// PRAGMAs set at open. Once `sql`'s connection writes the same file, a Prisma write without busy_timeout would fail
// with SQLITE_BUSY whenever it meets that connection's (short) write - and a statement that failed so stays "in
// progress" and breaks the next transaction's COMMIT on its connection. So the fresh connection gets busy_timeout
// before its first statement. (foreign_keys is left as @libsql/client leaves it, as before.)

const BUSY_TIMEOUT = 'PRAGMA busy_timeout = 5000';

class BusyTimeoutLibsqlClient implements LibsqlClient {
  /** Set when a transaction took the current connection: the next one needs busy_timeout. */
  private fresh = false;
  constructor(readonly inner: LibsqlClient) {}

  get closed(): boolean {
    return this.inner.closed;
  }
  get protocol(): string {
    return this.inner.protocol;
  }
  private prepare(): Promise<unknown> | null {
    if (!this.fresh) return null;
    this.fresh = false;
    return this.inner.execute(BUSY_TIMEOUT);
  }
  execute(stmt: InStatement): Promise<ResultSet> {
    const pending = this.prepare();
    return pending ? pending.then(() => this.inner.execute(stmt)) : this.inner.execute(stmt);
  }
  async batch(stmts: InStatement[], mode?: TransactionMode): Promise<ResultSet[]> {
    await this.prepare();
    return this.inner.batch(stmts, mode);
  }
  async executeMultiple(sql: string): Promise<void> {
    await this.prepare();
    return this.inner.executeMultiple(sql);
  }
  sync(): Promise<void> {
    return this.inner.sync();
  }
  close(): void {
    this.inner.close();
  }
  async transaction(mode?: TransactionMode): Promise<Transaction> {
    await this.prepare();
    const transaction = await this.inner.transaction(mode);
    this.fresh = true;
    return transaction;
  }
}

/** Prisma's libSQL adapter on the given client (a shadow database, used only by migrate dev, gets its own). */
class SharedPrismaLibSQL extends PrismaLibSQL {
  constructor(
    private readonly sharedUrl: string,
    private readonly shared: LibsqlClient,
  ) {
    super({ url: sharedUrl });
  }
  override createClient(config: LibsqlConfig): LibsqlClient {
    return config.url === this.sharedUrl ? this.shared : createClient(config);
  }
}

/**
 * True when `error` is a unique-constraint violation (Prisma P2002) — how idempotency keys say "already done".
 * Checked by code, not instanceof: each provider's client has its own error classes.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  // P2002 from Prisma; from `db.sql`: PostgreSQL's 23505, libSQL's extended SQLite codes.
  return code === 'P2002' || code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

