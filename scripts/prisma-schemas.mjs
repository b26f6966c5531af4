// Derives the PostgreSQL variant of prisma/schema.prisma. The two differ only in the datasource provider and
// the generated client's folder; everything else is one source.
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const sqliteSchemaPath = path.join(root, 'prisma/schema.prisma');
export const postgresSchemaPath = path.join(root, 'prisma/generated/postgresql.prisma');

export function toPostgres(schema) {
  const out = schema
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    // The CLI needs some url to generate offline; the adapter's connection string wins at runtime.
    .replace(/url\s*=\s*"file:[^"]*"/, 'url      = "postgresql://127.0.0.1:5432/postgres"')
    .replace(/output\s*=\s*"([^"]*)\/sqlite"/, 'output     = "$1/postgresql"');
  if (out === schema || !out.includes('provider = "postgresql"')) throw new Error('could not derive the PostgreSQL schema');
  // The derived file lives one folder deeper than the source: keep the output path pointing at the same place.
  return out.replace(/output\s*=\s*"\.\.\//, 'output     = "../../');
}

export function writePostgresSchema() {
  fs.mkdirSync(path.dirname(postgresSchemaPath), { recursive: true });
  fs.writeFileSync(
    postgresSchemaPath,
    '// GENERATED from prisma/schema.prisma by scripts/prisma-schemas.mjs; do not edit.\n' +
      toPostgres(fs.readFileSync(sqliteSchemaPath, 'utf8')),
  );
}
