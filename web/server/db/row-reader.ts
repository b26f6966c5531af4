// Checked readers for the columns of a raw SQL row (`db.sql` or a RETURNING clause), for the hot paths that skip
// Prisma's model API: a column of the wrong type is a TypeError naming the table and column, never a silent
// `undefined` passed on. Dates come back as text on SQLite and as Date on PostgreSQL; both are accepted.
import type { SqlRow } from './client.js';

export interface RowReader {
  text(row: SqlRow, key: string): string;
  optionalText(row: SqlRow, key: string): string | null;
  integer(row: SqlRow, key: string): number;
  optionalInteger(row: SqlRow, key: string): number | null;
  date(row: SqlRow, key: string): Date;
  optionalDate(row: SqlRow, key: string): Date | null;
}

/** Readers whose errors say `<table> row: <column> is not …`. */
export function rowReader(table: string): RowReader {
  const absent = (value: unknown) => value === null || value === undefined;
  const reader: RowReader = {
    text(row, key) {
      const value = row[key];
      if (typeof value !== 'string') throw new TypeError(`${table} row: ${key} is not a string`);
      return value;
    },
    optionalText: (row, key) => (absent(row[key]) ? null : reader.text(row, key)),
    integer(row, key) {
      const value = row[key];
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'bigint') return Number(value);
      throw new TypeError(`${table} row: ${key} is not an integer`);
    },
    optionalInteger: (row, key) => (absent(row[key]) ? null : reader.integer(row, key)),
    date(row, key) {
      const value = row[key];
      const parsed = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : null;
      if (!parsed || Number.isNaN(parsed.getTime())) throw new TypeError(`${table} row: ${key} is not a date`);
      return parsed;
    },
    optionalDate: (row, key) => (absent(row[key]) ? null : reader.date(row, key)),
  };
  return reader;
}
