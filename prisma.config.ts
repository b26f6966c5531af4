// Prisma CLI config. The CLI runs offline only with the JS engine and a driver adapter; it is used here for
// `generate` and `migrate diff` only. Migrations are applied by Encore's own runner (web/server/db/migrate.ts),
// because the schema engine cannot read PostgreSQL catalogs through adapter-pg 6.19.
// ENCORE_PRISMA_PROVIDER=postgresql points the CLI at the derived PostgreSQL schema.
import { defineConfig } from 'prisma/config';

const provider = process.env.ENCORE_PRISMA_PROVIDER === 'postgresql' ? 'postgresql' : 'sqlite';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: provider === 'postgresql' ? 'prisma/generated/postgresql.prisma' : 'prisma/schema.prisma',
  async adapter() {
    if (provider === 'postgresql') {
      const { PrismaPg } = await import('@prisma/adapter-pg');
      return new PrismaPg({ connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' });
    }
    const { PrismaLibSQL } = await import('@prisma/adapter-libsql');
    return new PrismaLibSQL({ url: ':memory:' });
  },
});
