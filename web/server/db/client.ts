// Opens the database named by DATABASE_URL: SQLite (file:…) by default, PostgreSQL (postgres://…) for several
// instances. Both providers are generated from one schema, so their clients have the same model API; the rest
// of the code sees one `Db` type.
import { PrismaLibSQL } from '@prisma/adapter-libsql';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient, Prisma } from './generated/sqlite/index.js';
import { PrismaClient as PostgresClient, Prisma as PostgresPrisma } from './generated/postgresql/index.js';

export type PrismaDb = SqliteClient;
export type DbProvider = 'sqlite' | 'postgresql';
export { Prisma };

export interface Db {
  readonly prisma: PrismaDb;
  readonly provider: DbProvider;
  readonly url: string;
  /** Prisma's JSON null sentinel of this provider's client (the two clients' sentinels are not interchangeable). */
  readonly jsonNull: typeof Prisma.JsonNull;
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
    const prisma = new PostgresClient({ adapter: new PrismaPg({ connectionString: url }), errorFormat: 'minimal' }) as unknown as PrismaDb;
    const jsonNull = PostgresPrisma.JsonNull as unknown as typeof Prisma.JsonNull;
    return { prisma, provider, url, jsonNull, close: () => prisma.$disconnect() };
  }
  const prisma = new SqliteClient({ adapter: new PrismaLibSQL({ url }), errorFormat: 'minimal' });
  // WAL lets readers run beside the writer; busy_timeout makes concurrent writers wait instead of failing.
  await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await prisma.$queryRawUnsafe('PRAGMA busy_timeout = 5000');
  await prisma.$queryRawUnsafe('PRAGMA foreign_keys = ON');
  return { prisma, provider, url, jsonNull: Prisma.JsonNull, close: () => prisma.$disconnect() };
}

/**
 * True when `error` is a unique-constraint violation (Prisma P2002) — how idempotency keys say "already done".
 * Checked by code, not instanceof: each provider's client has its own error classes.
 */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}
