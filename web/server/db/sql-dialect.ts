// What differs between SQLite and PostgreSQL when statements are written by hand (the job lease, analytics, the
// post-purchase hot path, migrations): placeholders, casts, row locks, and how JSON and DateTime columns come back.
import type { DbProvider } from './client.js';

export interface SqlDialect {
  /** The n-th (1-based) parameter placeholder. */
  p(index: number): string;
  /** A JSON parameter given as text. */
  json(index: number): string;
  /** A DateTime parameter (typed, for places where the column does not give the type, e.g. VALUES lists). */
  timestamp(index: number): string;
  /** An integer parameter (typed, for the same places). */
  integer(index: number): string;
  /** Appended to a SELECT that claims rows: other transactions skip them instead of waiting ('' where writes are serial). */
  skipLocked: string;
}

const postgres: SqlDialect = {
  p: (index) => `$${index}`,
  json: (index) => `$${index}::jsonb`,
  timestamp: (index) => `$${index}::timestamp(3)`,
  integer: (index) => `$${index}::integer`,
  skipLocked: 'FOR UPDATE SKIP LOCKED',
};
// SQLite has one writer at a time, so a claim needs no row lock.
const sqlite: SqlDialect = {
  p: (index) => `?${index}`,
  json: (index) => `?${index}`,
  timestamp: (index) => `?${index}`,
  integer: (index) => `?${index}`,
  skipLocked: '',
};

export function sqlDialect(db: { provider: DbProvider }): SqlDialect {
  return db.provider === 'postgresql' ? postgres : sqlite;
}

/** JSON columns come back as text on SQLite and parsed on PostgreSQL; a string here is JSON text. */
export function jsonColumn(value: unknown): unknown {
  return typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
}

/** DateTime columns come back as text on SQLite and as Date on PostgreSQL. */
export function dateColumn(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}
