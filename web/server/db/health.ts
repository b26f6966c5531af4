// Whether the database answers, for GET /healthz: one round trip through Prisma's connection.
import type { Db, DbProvider } from './client.js';

export interface DatabaseHealth {
  provider: DbProvider;
  reachable: boolean;
}

export async function databaseHealth(db: Db): Promise<DatabaseHealth> {
  try {
    await db.prisma.$queryRawUnsafe('SELECT 1');
    return { provider: db.provider, reachable: true };
  } catch {
    return { provider: db.provider, reachable: false };
  }
}
