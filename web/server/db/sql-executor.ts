// `db.sql`: plain statements straight to the driver, for the few hot paths where Prisma's per-query work dominates
// (see SqlExecutor). SQLite: a writer connection in a worker thread plus a query-only reader on the event loop;
// PostgreSQL: the pool Prisma's adapter uses.

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Client as LibsqlClient } from '@libsql/client';
import pg from 'pg';
import { BoundedCache } from '../bounded-cache.js';
import type { DbProvider } from './client.js';

/** A statement parameter. JSON goes as text (cast with `::jsonb` on PostgreSQL); Dates are stored as Prisma stores them. */
export type SqlValue = string | number | bigint | boolean | null | Date;

/**
 * A result row as the driver returns it: JSON columns are text on SQLite and parsed on PostgreSQL; DateTime columns
 * are text on SQLite and Date on PostgreSQL; integers are numbers on SQLite, BigInt columns strings on PostgreSQL.
 */
export type SqlRow = Record<string, unknown>;

/**
 * Statements on the same database as `prisma`, straight through the driver. Placeholders are the provider's own:
 * `?1, ?2, …` on SQLite, `$1, $2, …` on PostgreSQL (`placeholder(n)` gives the right one).
 *
 * SQLite (a database file): a connection of its own in a worker thread (WAL, busy_timeout, foreign_keys, cached
 * prepared statements), because the SQLite driver is synchronous and a commit waits for fsync (~1.3 ms on the
 * benchmark machine's disk): on Prisma's connection that wait would stall the event loop. Prisma's connection and
 * this one are two writers on one file, as two app processes would be; WAL and busy_timeout on both (kept on
 * Prisma's after its transactions, see BusyTimeoutLibsqlClient) make either wait for the other's short write
 * instead of failing; this one waits in its own thread, so a Prisma transaction holding the lock is never stalled.
 * SELECTs run on a third, query-only connection on the event loop (a WAL read neither waits for fsync nor takes
 * a lock a writer holds). An in-memory database (`file::memory:`) uses Prisma's connection instead.
 *
 * PostgreSQL: the pg Pool Prisma's adapter uses.
 *
 * Each statement (or batch) is its own transaction: committed, and durable, when the promise resolves.
 */
export interface SqlExecutor {
  readonly provider: DbProvider;
  /** The n-th (1-based) parameter placeholder. */
  placeholder(index: number): string;
  /** Rows of a statement (SELECT, or INSERT/UPDATE ... RETURNING). */
  query<Row extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** Rows changed by a statement. */
  execute(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Several statements in one transaction (one commit): the rows of each, in order; all or nothing. */
  batch(statements: ReadonlyArray<SqlStatement>): Promise<SqlRow[][]>;
}

export interface SqlStatement {
  sql: string;
  params?: readonly SqlValue[];
}

/** `sql` on Prisma's own connection: only for an in-memory database, which no other connection can open. */
export function sqliteExecutor(client: LibsqlClient): SqlExecutor {
  const args = (params: readonly SqlValue[]) => params.map(sqliteValue);
  return {
    provider: 'sqlite',
    placeholder: (index) => `?${index}`,
    async query<Row extends SqlRow = SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
      return (await client.execute({ sql, args: args(params) })).rows as unknown as Row[];
    },
    async execute(sql, params = []) {
      return (await client.execute({ sql, args: args(params) })).rowsAffected;
    },
    async batch(statements) {
      const results = await client.batch(
        statements.map((statement) => ({ sql: statement.sql, args: args(statement.params ?? []) })),
        'write',
      );
      return results.map((result) => result.rows as unknown as SqlRow[]);
    },
  };
}

/** As Prisma's libSQL adapter binds values (its default `iso8601` timestamp format), so both read each other's rows. */
function sqliteValue(value: SqlValue): string | number | bigint | null {
  if (value instanceof Date) return value.toISOString().replace('Z', '+00:00');
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL: the pool Prisma's adapter uses.

/** Prisma's DateTime columns are `timestamp(3)` (no time zone) holding UTC; pg's default parser would read local time. */
const TIMESTAMP_OID = 1114;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMP_OID && format !== 'binary'
      ? (value: string) => new Date(`${value.replace(' ', 'T')}Z`)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** The file of a `file:` URL, or null for an in-memory database. */
export function sqliteFilePath(url: string): string | null {
  let rest = url.slice('file:'.length);
  const query = rest.indexOf('?');
  if (query >= 0) rest = rest.slice(0, query);
  if (rest.startsWith('//')) {
    // file://localhost/abs or file:///abs
    const slash = rest.indexOf('/', 2);
    rest = slash < 0 ? '' : rest.slice(slash);
  }
  if (rest === '' || rest.includes(':memory:') || url.includes('mode=memory')) return null;
  return decodeURIComponent(rest);
}

// The writer thread's protocol (its code is sqlite-writer.worker.cjs, type-checked against these types).
export type WorkerResults = Array<{ rows: SqlRow[]; changes: number }> | DriverResult[];
export type WorkerError = { message: string; code?: string; rawCode?: number };
/** A statement as the thread receives it. */
export type WireStatement = { sql: string; args: ReadonlyArray<string | number | bigint | null | Uint8Array> };
export type WireStatements = { statements: WireStatement[]; transaction: boolean; driver: boolean };
/** What the thread receives: statements, a script, a rollback, a group commit, or close. */
export type WorkerRequest = { id: number } & (
  | WireStatements
  | { script: string }
  | { rollback: true }
  | { group: WireStatements[] }
  | { close: true }
);

export interface WorkerReply {
  id: number;
  ok: boolean;
  results?: WorkerResults;
  /** A group's: one per message, in order. */
  outcomes?: Array<{ ok: boolean; results?: WorkerResults; error?: WorkerError }>;
  error?: WorkerError;
}

/** A value bound to a driver statement (Prisma's adapter binds these; see client.ts). */
export type DriverValue = string | number | bigint | null | Uint8Array;

/** A statement's outcome as @libsql/client's ResultSet carries it for Prisma: array rows, BigInt integers. */
export interface DriverResult {
  columns: string[];
  /** Declared column types, '' where none. */
  columnTypes: string[];
  rows: DriverValue[][];
  rowsAffected: number;
  lastInsertRowid: bigint | undefined;
}

/** A transaction that holds the writer connection until commit or rollback (see SqliteWorkerExecutor.begin). */
export interface WriterTransaction {
  execute(sql: string, args: readonly DriverValue[]): Promise<DriverResult>;
  script(sql: string): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  readonly ended: boolean;
}

type StatementsMessage = {
  statements: ReadonlyArray<{ sql: string; params?: readonly SqlValue[] | readonly DriverValue[] }>;
  transaction: boolean;
  driver: boolean;
};
type WorkerMessage = StatementsMessage | { script: string } | { rollback: true };

/** Statements that may share a transaction with others (group commit); anything else (PRAGMA, VACUUM, …) goes alone. */
const GROUPABLE = /^\s*(?:INSERT|UPDATE|DELETE|REPLACE|SELECT|WITH)\b/i;
/** Messages written in one group commit at most. */
const MAX_GROUP = 256;

/** An error from the SQLite worker, with SQLite's code (e.g. SQLITE_CONSTRAINT_UNIQUE) as `code`. */
export class SqliteStatementError extends Error {
  override name = 'SqliteStatementError';
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly rawCode: number | undefined,
  ) {
    super(message);
  }
}

export class SqliteWorkerExecutor implements SqlExecutor {
  readonly provider = 'sqlite' as const;
  private worker: Worker | null = null;
  private started: Promise<void> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (reply: WorkerReply) => void; reject: (error: unknown) => void }>();
  private closing = false;
  /** SELECTs run here, on the event loop: a WAL read takes no lock a writer holds and never waits for fsync. */
  private reader: SqliteReader | null = null;
  /** Transactions begun and not yet ended; while there are any, other statements wait for `transactionsEnded`. */
  private openTransactions = 0;
  private transactionsEnded: Promise<void> = Promise.resolve();
  /** Messages waiting for the group commit in flight to finish; they go together as the next group. */
  private outbox: Array<{ message: StatementsMessage; resolve: (results: WorkerResults) => void; reject: (error: unknown) => void }> = [];
  private groupInFlight = false;

  constructor(private readonly path: string) {}

  placeholder(index: number): string {
    return `?${index}`;
  }

  ready(): Promise<void> {
    if (!this.started) this.started = this.start();
    return this.started;
  }

  async query<Row extends SqlRow = SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    if (this.reader && READ_ONLY.test(sql)) return this.reader.all(sql, params) as Row[];
    const reply = (await this.send({ statements: [{ sql, params }], transaction: false, driver: false })) as Array<{ rows: SqlRow[] }>;
    return reply[0]!.rows as Row[];
  }

  async execute(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    const reply = (await this.send({ statements: [{ sql, params }], transaction: false, driver: false })) as Array<{ changes: number }>;
    return reply[0]!.changes;
  }

  async batch(statements: ReadonlyArray<SqlStatement>): Promise<SqlRow[][]> {
    return ((await this.send({ statements, transaction: true, driver: false })) as Array<{ rows: SqlRow[] }>).map((result) => result.rows);
  }

  // --- For Prisma's connection (client.ts): its writes go through this one writer connection too, so that a
  // single connection writes the file and no write waits for the lock on the event loop.

  /** One statement, committed on its own. */
  async driverExecute(sql: string, args: readonly DriverValue[]): Promise<DriverResult> {
    return ((await this.send({ statements: [{ sql, params: args }], transaction: false, driver: true })) as DriverResult[])[0]!;
  }

  /** Several statements in one transaction, as one message. */
  driverBatch(statements: ReadonlyArray<{ sql: string; args: readonly DriverValue[] }>): Promise<DriverResult[]> {
    return this.send({
      statements: statements.map(({ sql, args }) => ({ sql, params: args })),
      transaction: true,
      driver: true,
    }) as Promise<DriverResult[]>;
  }

  /** A script of statements (sqlite3_exec). */
  async driverScript(sql: string): Promise<void> {
    await this.send({ script: sql });
  }

  /**
   * Begins a transaction (BEGIN IMMEDIATE: the write lock at once, so it can never fail half way for want of
   * it) on the writer connection and holds the connection until commit or rollback: every other statement sent
   * meanwhile waits, as it would wait for SQLite's lock, but in a queue instead of busy_timeout sleeps. Prisma
   * ends its transactions itself (on error, and after its transaction timeout), which releases the connection.
   */
  async begin(): Promise<WriterTransaction> {
    const earlier = this.transactionsEnded;
    let release!: () => void;
    this.openTransactions += 1;
    this.transactionsEnded = new Promise<void>((resolve) => {
      release = () => {
        this.openTransactions -= 1;
        resolve();
        this.flush();
      };
    });
    await earlier;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      release();
    };
    const inTransaction = async (message: WorkerMessage) => {
      if (ended) throw new SqliteStatementError('The transaction has ended', 'TRANSACTION_CLOSED', undefined);
      return this.send(message, true);
    };
    try {
      await inTransaction({ statements: [{ sql: 'BEGIN IMMEDIATE' }], transaction: false, driver: true });
    } catch (error) {
      end();
      throw error;
    }
    return {
      get ended() {
        return ended;
      },
      execute: async (sql, args) =>
        ((await inTransaction({ statements: [{ sql, params: args }], transaction: false, driver: true })) as DriverResult[])[0]!,
      script: async (sql) => void (await inTransaction({ script: sql })),
      commit: async () => {
        try {
          await inTransaction({ statements: [{ sql: 'COMMIT' }], transaction: false, driver: true });
        } catch (error) {
          await this.send({ rollback: true }, true).catch(() => undefined);
          throw error;
        } finally {
          end();
        }
      },
      rollback: async () => {
        if (ended) return;
        try {
          await this.send({ rollback: true }, true);
        } finally {
          end();
        }
      },
    };
  }

  async close(): Promise<void> {
    this.reader?.close();
    this.reader = null;
    if (this.closing || !this.worker) return;
    this.closing = true;
    const worker = this.worker;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.ref();
    worker.postMessage({ id: -1, close: true });
    await exited;
  }

  private async start(): Promise<void> {
    const require = createRequire(import.meta.url);
    // libsql (better-sqlite3's API) is the native driver under @libsql/client; resolved from there.
    const libsql = createRequire(require.resolve('@libsql/client')).resolve('libsql');
    this.reader ??= new SqliteReader(require(libsql) as LibsqlDatabaseConstructor, this.path);
    const worker = new Worker(new URL('./sqlite-writer.worker.cjs', import.meta.url), { workerData: { path: this.path, libsql } });
    this.worker = worker;
    await new Promise<void>((resolve, reject) => {
      const onMessage = (reply: WorkerReply) => {
        if (reply.id !== 0) return;
        worker.off('error', reject);
        resolve();
      };
      worker.once('message', onMessage);
      worker.once('error', reject);
    });
    worker.on('message', (reply: WorkerReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      waiting.resolve(reply);
    });
    const fail = (error: unknown) => {
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
      // The next statement starts a new worker (unless the database is being closed).
      if (this.worker === worker) {
        this.worker = null;
        this.started = null;
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the SQLite worker stopped (exit code ${code})`)));
    worker.unref();
  }

  /**
   * Sends a message to the writer thread; `inTransaction` for the statements of the transaction holding it.
   * Statements sent while a group commit is being written wait and go together as the next group (one commit
   * for all of them); a statement that cannot share a transaction goes alone.
   */
  private async send(message: WorkerMessage, inTransaction = false): Promise<WorkerResults> {
    if (this.closing) throw new Error('The database is closed');
    if (!this.worker) await this.ready();
    if (!inTransaction && 'statements' in message && message.statements.every((statement) => GROUPABLE.test(statement.sql))) {
      return new Promise<WorkerResults>((resolve, reject) => {
        this.outbox.push({ message, resolve, reject });
        this.flush();
      });
    }
    // Outside a transaction, wait until none holds the connection; from here to postMessage nothing awaits, so
    // no transaction can begin in between and take this statement in.
    while (!inTransaction && this.openTransactions > 0) await this.transactionsEnded;
    const reply = await this.post(message);
    if (!reply.ok) throw workerError(reply.error);
    return reply.results!;
  }

  /** Sends the waiting messages as one group, unless a group is being written or a transaction holds the writer. */
  private flush(): void {
    if (this.groupInFlight || this.openTransactions > 0 || this.outbox.length === 0) return;
    if (!this.worker) {
      // The writer thread stopped (it is restarted on demand): start it, or fail what waits for it.
      const waiting = () => this.outbox.splice(0);
      if (this.closing) for (const entry of waiting()) entry.reject(new Error('The database is closed'));
      else
        this.ready().then(
          () => this.flush(),
          (error: unknown) => {
            for (const entry of waiting()) entry.reject(error);
          },
        );
      return;
    }
    const group = this.outbox.splice(0, MAX_GROUP);
    this.groupInFlight = true;
    // One message alone needs no group transaction: it is written as it would be without grouping.
    const sent = group.length === 1 ? this.post(group[0]!.message) : this.post({ group: group.map((entry) => entry.message) });
    sent
      .then(
        (reply) => {
          if (!reply.ok) {
            for (const entry of group) entry.reject(workerError(reply.error));
            return;
          }
          if (group.length === 1) {
            group[0]!.resolve(reply.results!);
            return;
          }
          reply.outcomes!.forEach((outcome, index) => {
            if (outcome.ok) group[index]!.resolve(outcome.results!);
            else group[index]!.reject(workerError(outcome.error));
          });
        },
        (error: unknown) => {
          for (const entry of group) entry.reject(error);
        },
      )
      .finally(() => {
        this.groupInFlight = false;
        this.flush();
      });
  }

  private post(message: WorkerMessage | { group: StatementsMessage[] }): Promise<WorkerReply> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('the SQLite worker is not running'));
    const id = this.nextId++;
    const encode = (statements: StatementsMessage) => ({
      ...statements,
      statements: statements.statements.map((statement) => ({ sql: statement.sql, args: (statement.params ?? []).map(toSqlite) })),
    });
    return new Promise<WorkerReply>((resolve, reject) => {
      if (this.pending.size === 0) worker.ref();
      this.pending.set(id, { resolve, reject });
      if ('group' in message) worker.postMessage({ id, group: message.group.map(encode) });
      else worker.postMessage('statements' in message ? { ...encode(message), id } : { ...message, id });
    });
  }
}

function workerError(error: WorkerError | undefined): SqliteStatementError {
  return new SqliteStatementError(error?.message ?? 'SQLite statement failed', error?.code, error?.rawCode);
}

function toSqlite(value: SqlValue | DriverValue): string | number | bigint | null | Uint8Array {
  return value instanceof Uint8Array ? value : sqliteValue(value);
}

/** A statement that only reads (and so may go to the reader connection). */
const READ_ONLY = /^\s*SELECT\b/i;

/** The parts of the `libsql` package's Database (better-sqlite3's API) used here. */
interface LibsqlStatement {
  all(params: ReadonlyArray<string | number | bigint | null>): SqlRow[];
}
interface LibsqlDatabase {
  prepare(sql: string): LibsqlStatement;
  close(): void;
}
type LibsqlDatabaseConstructor = new (path: string) => LibsqlDatabase;

/** A query-only connection on the event loop, statements prepared once. */
class SqliteReader {
  private readonly db: LibsqlDatabase;
  private readonly statements = new BoundedCache<string, LibsqlStatement>({ maxEntries: 500 });

  constructor(Database: LibsqlDatabaseConstructor, path: string) {
    this.db = new Database(path);
    this.db.prepare('PRAGMA busy_timeout = 5000').all([]);
    this.db.prepare('PRAGMA query_only = ON').all([]);
  }

  all(sql: string, params: readonly SqlValue[]): SqlRow[] {
    let statement = this.statements.get(sql);
    if (!statement) {
      try {
        statement = this.db.prepare(sql);
      } catch (error) {
        throw asSqliteError(error);
      }
      this.statements.set(sql, statement);
    }
    try {
      return statement.all(params.map(sqliteValue));
    } catch (error) {
      throw asSqliteError(error);
    }
  }

  close(): void {
    this.db.close();
  }
}

function asSqliteError(error: unknown): SqliteStatementError {
  const { message, code, rawCode } = error as { message?: unknown; code?: unknown; rawCode?: unknown };
  return new SqliteStatementError(
    String(message),
    typeof code === 'string' ? code : undefined,
    typeof rawCode === 'number' ? rawCode : undefined,
  );
}

export function postgresExecutor(pool: pg.Pool): SqlExecutor {
  // Dates as ISO text: PostgreSQL reads the UTC wall time into `timestamp(3)` (as Prisma writes it), whatever the
  // process's time zone (pg would send local time).
  const values = (params: readonly SqlValue[]) => params.map((value) => (value instanceof Date ? value.toISOString() : value));
  return {
    provider: 'postgresql',
    placeholder: (index) => `$${index}`,
    async query<Row extends SqlRow = SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
      return (await pool.query<Row>({ text: sql, values: values(params), types: pgTypes })).rows;
    },
    async execute(sql, params = []) {
      return (await pool.query({ text: sql, values: values(params), types: pgTypes })).rowCount ?? 0;
    },
    async batch(statements) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const results: SqlRow[][] = [];
        for (const statement of statements) {
          results.push((await client.query<SqlRow>({ text: statement.sql, values: values(statement.params ?? []), types: pgTypes })).rows);
        }
        await client.query('COMMIT');
        return results;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw error;
      } finally {
        // A connection that could not even roll back is dropped, not reused.
        client.release(broken ? true : undefined);
      }
    },
  };
}
