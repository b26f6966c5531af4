// Every GraphQL document in the repository, validated against the schema it targets: Shopify's real Admin schema
// for the backend, the real Storefront schema for the checkout extension. A document is any template literal that
// starts with `#graphql` (the tag editors and Shopify's codegen use).
import { parse, validate, type GraphQLSchema } from 'graphql';
import { describe, expect, it, beforeAll } from 'vitest';
import { ensureSchemas, loadSchema } from './emulator/schema/fetch.js';
import { findGraphqlDocuments, type FoundDocument } from './support/graphql-documents.js';

const documents = findGraphqlDocuments();
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
