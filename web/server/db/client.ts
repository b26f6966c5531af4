// Opens the database named by DATABASE_URL: SQLite (file:…) by default, PostgreSQL (postgres://…) for several
// instances. Both providers are generated from one schema, so their clients have the same model API; the rest
// of the code sees one `Db` type.
import {
  createClient,
  type InStatement,
  type InValue,
  type Client as LibsqlClient,
  type Config as LibsqlConfig,
  type ResultSet,
  type Row,
  type Transaction,
  type TransactionMode,
} from '@libsql/client';
import { PrismaLibSQL } from '@prisma/adapter-libsql';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient as PostgresClient, Prisma as PostgresPrisma } from './generated/postgresql/index.js';
import { Prisma, PrismaClient as SqliteClient } from './generated/sqlite/index.js';
import {
  type DriverResult,
  type DriverValue,
  postgresExecutor,
  type SqlExecutor,
  SqliteWorkerExecutor,
  sqliteExecutor,
  sqliteFilePath,
  type WriterTransaction,
} from './sql-executor.js';

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
  throw new DatabaseUrlError(`DATABASE_URL must start with "file:" (SQLite) or "postgresql://" (PostgreSQL); got "${url.split(':')[0]}:…"`);
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
  const file = sqliteFilePath(url);
  let writer: SqliteWorkerExecutor | null = file === null ? null : new SqliteWorkerExecutor(file);
  // Should the writer not start (no native driver in this environment?), everything uses Prisma's connection.
  if (writer) {
    await writer.ready().catch((error: unknown) => {
      writer = null;
      const reason = error instanceof Error ? error.message : String(error);
      process.emitWarning(
        `SQLite writer thread did not start (${reason}); hot statements use Prisma's connection`,
        'EncoreDatabaseWarning',
      );
    });
  }
  const shared = new PrismaSqliteClient(createClient({ url }), writer);
  const prisma = new SqliteClient({ adapter: new SharedPrismaLibSQL(url, shared), errorFormat: 'minimal' });
  // WAL lets readers run beside the writer; busy_timeout makes a writer wait for another's lock instead of failing.
  await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await shared.inner.execute(BUSY_TIMEOUT);
  await prisma.$queryRawUnsafe('PRAGMA foreign_keys = ON');
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await prisma.$disconnect();
    await writer?.close();
  };
  return { prisma, provider, url, jsonNull: Prisma.JsonNull, sql: writer ?? sqliteExecutor(shared), close };
}

// ---------------------------------------------------------------------------------------------------------------
// SQLite: Prisma's @libsql/client connection for reads, the writer thread for writes.
//
// SQLite lets one connection write at a time. When two connections of this process wrote the file (Prisma's on
// the event loop, `db.sql`'s writer thread), a Prisma write that met the other's lock slept in busy_timeout on
// the event loop - every request waited with it, for up to 100 ms per retry, and under a steady stream of writes
// (the webhook intake's group commits, the job worker) for seconds. So Prisma's writes go to the writer thread
// too: one connection writes the file, in its own thread, in order; Prisma's SELECTs stay on its connection on
// the event loop (a WAL read neither takes a lock nor waits for fsync). A Prisma transaction holds the writer
// connection from BEGIN to COMMIT (reads inside it included, so it sees its own writes); other writes queue
// behind it, as they would wait for SQLite's lock.
//
// Without a writer thread (an in-memory database, or the native driver missing) Prisma's connection does
// everything, as @libsql/client does: it runs a transaction on the current connection and opens a fresh one
// for what follows, without the PRAGMAs set at open, so the fresh connection gets busy_timeout before its first
// statement (another process may write the same file).

const BUSY_TIMEOUT = 'PRAGMA busy_timeout = 5000';
const READ_ONLY = /^\s*SELECT\b/i;

class PrismaSqliteClient implements LibsqlClient {
  /** Set when a transaction took the current connection: the next one needs busy_timeout. */
  private fresh = false;
  constructor(
    readonly inner: LibsqlClient,
    private readonly writer: SqliteWorkerExecutor | null,
  ) {}

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
  async execute(stmt: InStatement): Promise<ResultSet> {
    const { sql, args } = statementOf(stmt);
    if (this.writer && !READ_ONLY.test(sql)) return resultSet(await this.writer.driverExecute(sql, args));
    await this.prepare();
    return this.inner.execute(stmt);
  }
  async batch(stmts: InStatement[], mode?: TransactionMode): Promise<ResultSet[]> {
    if (this.writer) return (await this.writer.driverBatch(stmts.map(statementOf))).map(resultSet);
    await this.prepare();
    return this.inner.batch(stmts, mode);
  }
  async executeMultiple(sql: string): Promise<void> {
    if (this.writer) return this.writer.driverScript(sql);
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
    if (this.writer) return new WriterTransactionClient(await this.writer.begin());
    await this.prepare();
    const transaction = await this.inner.transaction(mode);
    this.fresh = true;
    return transaction;
  }
}

/** @libsql/client's Transaction over a transaction that holds the writer connection. */
class WriterTransactionClient implements Transaction {
  constructor(private readonly transaction: WriterTransaction) {}
  get closed(): boolean {
    return this.transaction.ended;
  }
  async execute(stmt: InStatement): Promise<ResultSet> {
    const { sql, args } = statementOf(stmt);
    return resultSet(await this.transaction.execute(sql, args));
  }
  async batch(stmts: InStatement[]): Promise<ResultSet[]> {
    const results: ResultSet[] = [];
    for (const stmt of stmts) results.push(await this.execute(stmt));
    return results;
  }
  executeMultiple(sql: string): Promise<void> {
    return this.transaction.script(sql);
  }
  commit(): Promise<void> {
    return this.transaction.commit();
  }
  rollback(): Promise<void> {
    return this.transaction.rollback();
  }
  close(): void {
    void this.transaction.rollback();
  }
}

/** A statement's SQL and positional arguments, converted as @libsql/client converts them (its default intMode). */
function statementOf(stmt: InStatement): { sql: string; args: DriverValue[] } {
  if (typeof stmt === 'string') return { sql: stmt, args: [] };
  if (stmt.args !== undefined && !Array.isArray(stmt.args)) throw new TypeError('SQLite writer: named arguments are not supported');
  return { sql: stmt.sql, args: (stmt.args ?? []).map(driverValue) };
}

const MIN_INT64 = -9223372036854775808n;
const MAX_INT64 = 9223372036854775807n;

function driverValue(value: InValue): DriverValue {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('Only finite numbers (not Infinity or NaN) can be passed as arguments');
    return value;
  }
  if (typeof value === 'bigint') {
    if (value < MIN_INT64 || value > MAX_INT64)
      throw new RangeError('bigint is too large to be represented as a 64-bit integer and passed as argument');
    return value;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (value instanceof Date) return value.valueOf();
  if (value === undefined) throw new TypeError('undefined cannot be passed as argument to the database');
  return value;
}

/** A ResultSet as @libsql/client builds it: integers as numbers (RangeError beyond 2^53), blobs as ArrayBuffers. */
function resultSet(result: DriverResult): ResultSet {
  const rows = result.rows.map((values) => {
    const row = values.map((value) => {
      if (typeof value === 'bigint') {
        if (value < BigInt(Number.MIN_SAFE_INTEGER) || value > BigInt(Number.MAX_SAFE_INTEGER)) {
          throw new RangeError('Received integer which cannot be safely represented as a JavaScript number');
        }
        return Number(value);
      }
      if (value instanceof Uint8Array) return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength);
      return value;
    });
    // By index only: Prisma's adapter, this client's one user, reads rows so (@libsql/client also names them).
    return row as unknown as Row;
  });
  return {
    columns: result.columns,
    columnTypes: result.columnTypes,
    rows,
    rowsAffected: result.rowsAffected,
    lastInsertRowid: result.lastInsertRowid,
    toJSON: () => ({
      columns: result.columns,
      columnTypes: result.columnTypes,
      rows: result.rows,
      rowsAffected: result.rowsAffected,
      lastInsertRowid: result.lastInsertRowid?.toString(),
    }),
  };
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
