// Every GraphQL document in the repository, validated against the schema it targets: Shopify's real Admin schema
// for the backend, the real Storefront schema for the checkout extension. A document is any template literal that
// starts with `#graphql` (the tag editors and Shopify's codegen use).
import fs from 'node:fs';
import path from 'node:path';
import { parse, validate, type GraphQLSchema } from 'graphql';
import { describe, expect, it, beforeAll } from 'vitest';
import { ensureSchemas, loadSchema } from './emulator/schema/fetch.js';

const root = path.resolve(import.meta.dirname, '..');
const SOURCE_DIRS = ['web', 'extensions'];
const SKIP = /(node_modules|dist|generated|\.test\.tsx?$)/;

interface FoundDocument {
  file: string;
  line: number;
  source: string;
  target: 'admin' | 'storefront';
}

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (SKIP.test(full)) return [];
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|js|jsx|mjs)$/.test(entry.name) ? [full] : [];
  });
}

function findDocuments(): FoundDocument[] {
  const found: FoundDocument[] = [];
  for (const file of SOURCE_DIRS.flatMap((d) => sourceFiles(path.join(root, d)))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(/`#graphql([\s\S]*?)`/g)) {
      const relative = path.relative(root, file);
      found.push({
        file: relative,
        line: text.slice(0, match.index).split('\n').length,
        source: match[1] ?? '',
        target: relative.startsWith(`extensions${path.sep}checkout-upsell`) ? 'storefront' : 'admin',
      });
    }
  }
  return found;
}

const documents = findDocuments();
let schemas: Record<FoundDocument['target'], GraphQLSchema>;

beforeAll(async () => {
  await ensureSchemas();
  schemas = { admin: loadSchema('admin'), storefront: loadSchema('storefront') };
});

describe('GraphQL documents in the repository', () => {
  it('finds the documents to check', () => {
    expect(documents.length).toBeGreaterThan(0);
  });

  it.each(documents.map((d) => [`${d.file}:${d.line}`, d] as const))('%s is valid against its schema', (_name, doc) => {
    expect(doc.source, 'documents must not interpolate ${…}: keep them static so they can be validated').not.toContain('${');
    const errors = validate(schemas[doc.target], parse(doc.source)).map((e) => e.message);
    expect(errors).toEqual([]);
  });
});
