// Writes a new migration for both providers: `npm run db:migration -- <name>`.
// Each migration folder holds the SQL of one provider; prisma/migrations/snapshots keeps the schema each
// migration leads to, so the next one is a diff between two schema files (no database needed).
// `--check` exits non-zero when schema.prisma has changes that no migration covers.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root, sqliteSchemaPath, toPostgres } from './prisma-schemas.mjs';

const migrationsDir = path.join(root, 'prisma/migrations');
const snapshotsDir = path.join(migrationsDir, 'snapshots');
const providers = ['sqlite', 'postgresql'];

function diff(provider, fromSchema, toSchema) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'encore-migration-'));
  const write = (name, text) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, provider === 'postgresql' ? toPostgres(text) : text);
    return file;
  };
  const args = [
    'node_modules/prisma/build/index.js',
    'migrate',
    'diff',
    '--script',
    ...(fromSchema ? ['--from-schema-datamodel', write('from.prisma', fromSchema)] : ['--from-empty']),
    '--to-schema-datamodel',
    write('to.prisma', toSchema),
  ];
  const run = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ENCORE_PRISMA_PROVIDER: provider },
  });
  fs.rmSync(tmp, { recursive: true, force: true });
  if (run.status !== 0) throw new Error(`prisma migrate diff (${provider}) failed:\n${run.stdout}${run.stderr}`);
  // Prisma 6.19 writes Json defaults unquoted for SQLite (`DEFAULT {}`), which SQLite cannot parse.
  return provider === 'sqlite' ? run.stdout.replace(/DEFAULT (\{\}|\[\])/g, "DEFAULT '$1'") : run.stdout;
}

const isEmpty = (sql) => sql.split('\n').every((line) => !line.trim() || line.startsWith('--'));

export function latestSnapshot() {
  if (!fs.existsSync(snapshotsDir)) return null;
  const files = fs
    .readdirSync(snapshotsDir)
    .filter((f) => f.endsWith('.prisma'))
    .sort();
  return files.length
    ? { name: files.at(-1).replace(/\.prisma$/, ''), text: fs.readFileSync(path.join(snapshotsDir, files.at(-1)), 'utf8') }
    : null;
}

export function pendingChanges() {
  const current = fs.readFileSync(sqliteSchemaPath, 'utf8');
  const last = latestSnapshot();
  return Object.fromEntries(providers.map((p) => [p, diff(p, last?.text ?? null, current)]));
}

const [flag] = process.argv.slice(2);
if (flag === '--check') {
  const pending = Object.entries(pendingChanges()).filter(([, sql]) => !isEmpty(sql));
  if (pending.length) {
    console.error(
      `schema.prisma has changes no migration covers (${pending.map(([p]) => p).join(', ')}). Run: npm run db:migration -- <name>`,
    );
    process.exit(1);
  }
  console.log('migrations are in step with schema.prisma');
} else if (flag && /^[a-z0-9_]+$/.test(flag)) {
  const current = fs.readFileSync(sqliteSchemaPath, 'utf8');
  const last = latestSnapshot();
  const number = String((last ? Number(last.name.slice(0, 4)) : 0) + 1).padStart(4, '0');
  const name = `${number}_${flag}`;
  const changes = pendingChanges();
  if (Object.values(changes).every(isEmpty)) {
    console.log('no changes: schema.prisma matches the latest migration');
    process.exit(0);
  }
  for (const provider of providers) {
    const dir = path.join(migrationsDir, provider, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'migration.sql'), changes[provider]);
  }
  fs.mkdirSync(snapshotsDir, { recursive: true });
  fs.writeFileSync(path.join(snapshotsDir, `${name}.prisma`), current);
  console.log(`wrote migration ${name} for ${providers.join(' and ')}`);
} else {
  console.error('usage: npm run db:migration -- <name_in_snake_case> | --check');
  process.exit(2);
}
