// `npm run graphql:codegen`: TypeScript types for every Admin API document in web/server/shopify/graphql/, from
// Shopify's real schema, offline (run by postinstall and before every typecheck).
// 1. Writes the Admin schema as introspection JSON where .graphqlrc.ts reads it, from the project's own schema
//    cache (test/emulator/schema/fetch.ts: fetched once with `npm pack`, checksum verified). With that file in
//    place the codegen preset never asks shopify.dev for it.
// 2. Runs graphql-codegen, unless nothing it reads changed since the last run (schema, documents, config, codegen
//    versions): `--force` runs it anyway.

import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ADMIN_DOCUMENTS_DIR, ADMIN_SCHEMA_FILE, GENERATED_DIR } from '../.graphqlrc.js';
import { ensureSchemas, schemaPath } from '../test/emulator/schema/fetch.js';

const root = path.resolve(import.meta.dirname, '..');
const inputsFile = path.join(root, GENERATED_DIR, '.codegen-inputs');
const outputs = ['admin.types.d.ts', 'admin.generated.d.ts'].map((name) => path.join(root, GENERATED_DIR, name));

function writeIfChanged(file: string, content: Buffer): void {
  if (fs.existsSync(file) && content.equals(fs.readFileSync(file))) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, content);
  fs.renameSync(temp, file);
}

/** A digest of everything the generated files depend on. */
function inputsDigest(schema: Buffer): string {
  const hash = crypto.createHash('sha256').update(schema);
  const documentsDir = path.join(root, ADMIN_DOCUMENTS_DIR);
  for (const name of fs
    .readdirSync(documentsDir)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    hash.update(name).update(fs.readFileSync(path.join(documentsDir, name)));
  }
  hash.update(fs.readFileSync(path.join(root, '.graphqlrc.ts')));
  for (const pkg of ['@shopify/api-codegen-preset', '@graphql-codegen/cli']) {
    hash.update(fs.readFileSync(path.join(root, 'node_modules', pkg, 'package.json')));
  }
  return hash.digest('hex');
}

await ensureSchemas();
const schema = zlib.gunzipSync(fs.readFileSync(schemaPath('admin')));
writeIfChanged(ADMIN_SCHEMA_FILE, schema);

const digest = inputsDigest(schema);
const upToDate =
  !process.argv.includes('--force') &&
  outputs.every((file) => fs.existsSync(file)) &&
  fs.existsSync(inputsFile) &&
  fs.readFileSync(inputsFile, 'utf8') === digest;
if (!upToDate) {
  fs.rmSync(inputsFile, { force: true });
  const run = spawnSync(path.join(root, 'node_modules/.bin/graphql-codegen'), ['--config', '.graphqlrc.ts', '--errors-only'], {
    cwd: root,
    // Its progress lines go to stdout; what went wrong goes to stderr.
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (run.status !== 0) {
    console.error('graphql-codegen failed: a document in web/server/shopify/graphql/ is not valid against the schema (see above).');
    process.exit(run.status ?? 1);
  }
  fs.writeFileSync(inputsFile, digest);
}
