// Database errors that a request's values cause, told apart from the ones that are our fault. The input guard
// (input-guard.ts) and each route's validation refuse such values first; this is the error handler's safety net,
// so a value that still slips through is a 400 the client can act on, never a 500.

/**
 * PostgreSQL SQLSTATEs raised by a parameter's value (https://www.postgresql.org/docs/current/errcodes-appendix.html),
 * with what they mean for the client. Class 22 codes that can only come from our own SQL or stored data (invalid
 * casts of columns, division by zero…) are deliberately absent: those stay 500s.
 */
const REFUSED_VALUES: ReadonlyMap<string, string> = new Map([
  ['22001', 'a text is longer than the database accepts'],
  ['22003', 'a number is out of range'],
  ['22007', 'a date or time is not valid'],
  ['22008', 'a date or time is out of range'],
  ['22021', 'a text contains a NUL character or bytes that are not UTF-8'],
  ['22P05', 'a text contains a character the database cannot store'],
  ['54001', 'a value is nested too deeply'],
]);

/** Prisma's own codes for a value the column cannot take (https://www.prisma.io/docs/orm/reference/error-reference). */
const PRISMA_REFUSED_VALUES: ReadonlyMap<string, string> = new Map([
  ['P2000', 'a text is longer than the database accepts'],
  ['P2020', 'a number is out of range'],
]);

const SQLSTATE = /^[0-9A-Z]{5}$/;

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
}

/**
 * The SQLSTATE of a PostgreSQL error, however it surfaced: from pg itself (`db.sql`), as Prisma's DriverAdapterError
 * (model queries: `cause.kind === 'postgres'`), or inside a P2010 raw-query error (`meta.driverAdapterError.cause`).
 */
export function postgresErrorCode(error: unknown): string | null {
  const top = record(error);
  const adapter = record(record(top?.meta)?.driverAdapterError);
  for (const candidate of [top, record(top?.cause), adapter, record(adapter?.cause)]) {
    if (!candidate || typeof candidate.code !== 'string' || !SQLSTATE.test(candidate.code)) continue;
    if (candidate.kind === 'postgres' || typeof candidate.severity === 'string') return candidate.code;
  }
  return null;
}

/** What the client should fix when the database refused one of the request's values, or null for any other error. */
export function valueRefusedByDatabase(error: unknown): string | null {
  const code = postgresErrorCode(error);
  if (code !== null) return REFUSED_VALUES.get(code) ?? null;
  // PrismaClientKnownRequestError: Prisma translated the driver's error into one of its own.
  const prisma = record(error);
  return prisma?.name === 'PrismaClientKnownRequestError' && typeof prisma.code === 'string'
    ? (PRISMA_REFUSED_VALUES.get(prisma.code) ?? null)
    : null;
}
