// Turns a Job row (from the Prisma model API or from raw SQL RETURNING) into a JobRecord. Both drivers already
// decode dates and JSON in raw results; the coercions below keep that assumption checked rather than trusted.
import type { Db } from '../db/client.js';
import { rowReader } from '../db/row-reader.js';
import { JOB_STATUSES, type JobRecord, type JobStatus, type JsonValue } from './types.js';

type Row = Record<string, unknown>;

export function isJobStatus(value: unknown): value is JobStatus {
  return typeof value === 'string' && (JOB_STATUSES as readonly string[]).includes(value);
}

const { text, optionalText, integer, date, optionalDate } = rowReader('Job');

function json(row: Row, key: string): JsonValue {
  // Prisma hands JSON columns back already parsed, as JSON-compatible values.
  return (row[key] ?? null) as JsonValue;
}

export function toJobRecord(row: Row): JobRecord {
  const status = row.status;
  if (!isJobStatus(status)) throw new TypeError(`Job row: unknown status ${String(status)}`);
  return {
    id: text(row, 'id'),
    queue: text(row, 'queue'),
    name: text(row, 'name'),
    payload: json(row, 'payload'),
    status,
    runAt: date(row, 'runAt'),
    attempts: integer(row, 'attempts'),
    maxAttempts: integer(row, 'maxAttempts'),
    idempotencyKey: optionalText(row, 'idempotencyKey'),
    shopDomain: optionalText(row, 'shopDomain'),
    lockedBy: optionalText(row, 'lockedBy'),
    lockedUntil: optionalDate(row, 'lockedUntil'),
    lastError: optionalText(row, 'lastError'),
    result: json(row, 'result'),
    createdAt: date(row, 'createdAt'),
    updatedAt: date(row, 'updatedAt'),
    finishedAt: optionalDate(row, 'finishedAt'),
  };
}

/**
 * A Job row read through `db.sql` as Prisma would hand it back: SQLite returns JSON columns as text (PostgreSQL's
 * driver parses jsonb itself, and a jsonb string value must stay a string).
 */
export function decodeSqlRow(db: Pick<Db, 'provider'>, row: Row): Row {
  if (db.provider !== 'sqlite') return row;
  const parse = (value: unknown) => (typeof value === 'string' ? (JSON.parse(value) as unknown) : value);
  return { ...row, payload: parse(row.payload), result: parse(row.result) };
}
