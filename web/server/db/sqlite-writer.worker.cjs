// @ts-check
// The SQLite writer thread (see sql-executor.ts, SqliteWorkerExecutor): one connection that does every write of the
// process, so no write waits for SQLite's lock on the event loop. Plain JavaScript, so the thread needs no TypeScript
// loader; type-checked against the protocol types of sql-executor.ts.
const { parentPort, workerData } = require('node:worker_threads');
const { LRUCache } = require('lru-cache');

/** @typedef {import('./sql-executor.js').WorkerRequest} WorkerRequest */
/** @typedef {import('./sql-executor.js').WorkerReply} WorkerReply */
/** @typedef {import('./sql-executor.js').WireStatement} WireStatement */
/** @typedef {import('./sql-executor.js').WireStatements} WireStatements */
/** @typedef {import('./sql-executor.js').WorkerResults} WorkerResults */
/** @typedef {import('./sql-executor.js').WorkerError} WorkerError */
/** @typedef {import('./sql-executor.js').DriverResult} DriverResult */
/** @typedef {import('./sql-executor.js').DriverValue} DriverValue */
/** @typedef {string | number | bigint | null | Buffer} BoundValue */

/**
 * The parts of the `libsql` package's Database (better-sqlite3's API) used here.
 * @typedef {{ name: string; type: string | null }} Column
 * @typedef {{
 *   reader: boolean;
 *   raw(on: boolean): void;
 *   safeIntegers(on: boolean): void;
 *   columns(): Column[];
 *   all(args: BoundValue[]): unknown[];
 *   run(args: BoundValue[]): { changes: number; lastInsertRowid: number | bigint };
 * }} Statement
 * @typedef {{ prepare(sql: string): Statement; exec(sql: string): void; close(): void; inTransaction: boolean }} Database
 */

if (!parentPort) throw new Error('sqlite-writer.worker.cjs runs as a worker thread');
const port = parentPort;
const { path, libsql } = /** @type {{ path: string; libsql: string }} */ (workerData);
/** @type {new (path: string) => Database} */
const Database = require(libsql);
const db = new Database(path);
db.prepare('PRAGMA journal_mode = WAL').all([]);
db.prepare('PRAGMA busy_timeout = 5000').all([]);
db.prepare('PRAGMA foreign_keys = ON').run([]);

/** Statements are prepared once and kept (500 at most, least recently used first out). */
/** @type {LRUCache<string, Statement>} */
const statements = new LRUCache({ max: 500 });

/** @param {string} sql */
function prepared(sql) {
  let statement = statements.get(sql);
  if (statement === undefined) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}

/** @param {WireStatement['args']} values @returns {BoundValue[]} */
function bound(values) {
  return values.map((value) =>
    value instanceof Uint8Array && !Buffer.isBuffer(value)
      ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
      : /** @type {BoundValue} */ (value),
  );
}

/** Rows as objects (db.sql). @param {WireStatement} statement */
function run(statement) {
  const stmt = prepared(statement.sql);
  if (stmt.reader) {
    stmt.raw(false);
    stmt.safeIntegers(false);
    return { rows: /** @type {Record<string, unknown>[]} */ (stmt.all(bound(statement.args))), changes: 0 };
  }
  return { rows: [], changes: stmt.run(bound(statement.args)).changes };
}

/**
 * Rows as arrays with column names and declared types, integers as BigInt: what @libsql/client hands Prisma.
 * @param {WireStatement} statement
 * @returns {DriverResult}
 */
function runForDriver(statement) {
  const stmt = prepared(statement.sql);
  if (stmt.reader) {
    stmt.raw(true);
    stmt.safeIntegers(true);
    const columns = stmt.columns();
    return {
      columns: columns.map((c) => c.name),
      columnTypes: columns.map((c) => c.type ?? ''),
      rows: /** @type {DriverValue[][]} */ (stmt.all(bound(statement.args))),
      rowsAffected: 0,
      lastInsertRowid: undefined,
    };
  }
  const info = stmt.run(bound(statement.args));
  return { columns: [], columnTypes: [], rows: [], rowsAffected: info.changes, lastInsertRowid: BigInt(info.lastInsertRowid) };
}

/** @param {WireStatements} message @returns {WorkerResults} */
function runAll(message) {
  return message.driver ? message.statements.map(runForDriver) : message.statements.map(run);
}

/** @param {unknown} error @returns {WorkerError} */
function errorOf(error) {
  const { message, code, rawCode } = /** @type {{ message?: unknown; code?: unknown; rawCode?: unknown }} */ (error ?? {});
  return { message: String(message), ...(typeof code === 'string' ? { code } : {}), ...(typeof rawCode === 'number' ? { rawCode } : {}) };
}

/** @param {WireStatements | { script: string } | { rollback: true }} message @returns {WorkerResults} */
function handle(message) {
  if ('script' in message) {
    db.exec(message.script);
    return [];
  }
  if ('rollback' in message) {
    // Ends a driver transaction; a statement that failed may already have rolled it back.
    if (db.inTransaction) db.exec('ROLLBACK');
    return [];
  }
  if (!message.transaction) return runAll(message);
  db.exec('BEGIN IMMEDIATE');
  try {
    const results = runAll(message);
    db.exec('COMMIT');
    return results;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/**
 * Group commit: messages sent separately while an earlier one was being written share one transaction, so one
 * commit (one fsync) for all of them. Each runs in a savepoint: one that fails is undone alone and answered with its
 * own error, the others commit.
 * @param {WireStatements[]} messages
 */
function handleGroup(messages) {
  db.exec('BEGIN IMMEDIATE');
  const outcomes = messages.map((message) => {
    db.exec('SAVEPOINT "grouped"');
    try {
      const results = runAll(message);
      db.exec('RELEASE "grouped"');
      return { ok: true, results };
    } catch (error) {
      db.exec('ROLLBACK TO "grouped"');
      db.exec('RELEASE "grouped"');
      return { ok: false, error: errorOf(error) };
    }
  });
  try {
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
  return outcomes;
}

/** @param {WorkerReply} reply */
function reply(reply) {
  port.postMessage(reply);
}

port.on('message', (/** @type {WorkerRequest} */ message) => {
  if ('close' in message) {
    db.close();
    reply({ id: message.id, ok: true, results: [] });
    port.close();
    return;
  }
  try {
    if ('group' in message) reply({ id: message.id, ok: true, outcomes: handleGroup(message.group) });
    else reply({ id: message.id, ok: true, results: handle(message) });
  } catch (error) {
    reply({ id: message.id, ok: false, error: errorOf(error) });
  }
});
reply({ id: 0, ok: true, results: [] });
