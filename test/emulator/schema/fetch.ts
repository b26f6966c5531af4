// Shopify's real Admin and Storefront GraphQL schemas, taken from the @shopify/dev-mcp tarball at a pinned
// version. The tarball is fetched with `npm pack` (never installed: its dependencies are the whole CLI),
// checked against the pinned integrity, and the two schema files are cached under .cache/shopify-schema.

import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import { ADMIN_API_VERSION } from '../../../web/server/shopify/api-version.js';

export const DEV_MCP_VERSION = '1.16.0';
// `npm view @shopify/dev-mcp@1.16.0 dist.integrity`
export const DEV_MCP_INTEGRITY = 'sha512-tqgRnK7sQhjew+htxtleTH23nXB5fZcsrhWgEkomsorGXvLOB2mh2upwZm8uzuTDNTZnqtLMe64yIwh6s2awtw==';

export type SchemaKind = 'admin' | 'storefront';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const schemaCacheDir = path.join(process.env.ENCORE_SCHEMA_CACHE ?? path.join(repoRoot, '.cache/shopify-schema'), DEV_MCP_VERSION);

function fileName(kind: SchemaKind, version: string): string {
  return kind === 'admin' ? `admin_${version}.json.gz` : `storefront-graphql_${version}.json.gz`;
}

export function schemaPath(kind: SchemaKind, version: string = ADMIN_API_VERSION): string {
  return path.join(schemaCacheDir, fileName(kind, version));
}

/** Fetches and caches the schemas if they are not cached yet. Safe to call from several processes at once. */
export async function ensureSchemas(version: string = ADMIN_API_VERSION): Promise<void> {
  const wanted: SchemaKind[] = ['admin', 'storefront'];
  if (wanted.every((kind) => fs.existsSync(schemaPath(kind, version)))) return;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'encore-dev-mcp-'));
  try {
    execFileSync('npm', ['pack', `@shopify/dev-mcp@${DEV_MCP_VERSION}`, '--pack-destination', work, '--silent'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const tarball = path.join(work, `shopify-dev-mcp-${DEV_MCP_VERSION}.tgz`);
    const actual = `sha512-${crypto.createHash('sha512').update(fs.readFileSync(tarball)).digest('base64')}`;
    if (actual !== DEV_MCP_INTEGRITY) {
      throw new Error(`@shopify/dev-mcp@${DEV_MCP_VERSION} tarball integrity mismatch: expected ${DEV_MCP_INTEGRITY}, got ${actual}`);
    }
    const members = wanted.map((kind) => `package/dist/data/${fileName(kind, version)}`);
    execFileSync('tar', ['-xzf', tarball, '-C', work, ...members]);
    fs.mkdirSync(schemaCacheDir, { recursive: true });
    for (const kind of wanted) {
      // Write then rename, so a concurrent reader never sees half a file.
      const target = schemaPath(kind, version);
      const temp = `${target}.${process.pid}.tmp`;
      fs.copyFileSync(path.join(work, 'package/dist/data', fileName(kind, version)), temp);
      fs.renameSync(temp, target);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const built = new Map<string, GraphQLSchema>();

/** The real schema, parsed once per process (about 0.3 s for Admin). Call ensureSchemas() first. */
export function loadSchema(kind: SchemaKind, version: string = ADMIN_API_VERSION): GraphQLSchema {
  const key = `${kind}:${version}`;
  const cached = built.get(key);
  if (cached) return cached;
  const file = schemaPath(kind, version);
  if (!fs.existsSync(file)) {
    throw new Error(`Shopify ${kind} schema ${version} is not cached at ${file}; run ensureSchemas() (npm run emulator does).`);
  }
  const json = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')) as { data: IntrospectionQuery };
  const schema = buildClientSchema(json.data);
  built.set(key, schema);
  return schema;
}
