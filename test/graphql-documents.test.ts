// Every GraphQL document in the repository, validated against the schema it targets: Shopify's real Admin schema
// for the backend, the real Storefront schema for the checkout extension. A document is any template literal that
// starts with `#graphql` (the tag editors and Shopify's codegen use); an operation is validated with the fragments
// it spreads, as it is sent. The Admin documents live in one place, web/server/shopify/graphql/, one operation or
// fragment per file, and a selection used twice is a fragment.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type GraphQLSchema, Kind, parse, print, type SelectionSetNode, TypeInfo, validate, visit, visitWithTypeInfo } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import codegenConfig, { ADMIN_SCHEMA_FILE } from '../.graphqlrc.js';
import type { GraphqlOperation } from '../web/server/shopify/graphql/operation.js';
import { ensureSchemas, loadSchema } from './emulator/schema/fetch.js';
import { type FoundDocument, findGraphqlDocuments, repoRoot, withFragments } from './support/graphql-documents.js';

const OPERATIONS_DIR = 'web/server/shopify/graphql';
const documents = findGraphqlDocuments();
const definitionsOf = (doc: FoundDocument) => parse(doc.source).definitions;
const isFragmentOnly = (doc: FoundDocument) => definitionsOf(doc).every((d) => d.kind === Kind.FRAGMENT_DEFINITION);
const operationDocuments = documents.filter((d) => !isFragmentOnly(d));
const fragmentDocuments = documents.filter(isFragmentOnly);

/** What shopify/graphql/ exports, as the Admin client gets it: operations with their fragments appended. */
async function exportedOperations(): Promise<{ file: string; operation: GraphqlOperation<unknown, unknown> }[]> {
  const dir = path.join(repoRoot, OPERATIONS_DIR);
  const files = fs.readdirSync(dir).filter((f) => /(Query|Mutation)\.ts$/.test(f));
  const found: { file: string; operation: GraphqlOperation<unknown, unknown> }[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(path.join(dir, file)).href)) as Record<string, unknown>;
    for (const value of Object.values(module)) {
      if (value && typeof value === 'object' && 'kind' in value && 'document' in value) {
        found.push({ file: `${OPERATIONS_DIR}/${file}`, operation: value as GraphqlOperation<unknown, unknown> });
      }
    }
  }
  return found;
}
const sent = await exportedOperations();

let schemas: Record<FoundDocument['target'], GraphQLSchema>;

beforeAll(async () => {
  await ensureSchemas();
  schemas = { admin: loadSchema('admin'), storefront: loadSchema('storefront') };
});

describe('GraphQL documents in the repository', () => {
  it('finds the documents to check', () => {
    expect(operationDocuments.length).toBeGreaterThan(0);
    expect(fragmentDocuments.length).toBeGreaterThan(0);
  });

  it.each(operationDocuments.map((d) => [`${d.file}:${d.line}`, d] as const))(
    '%s is valid against its schema, with the fragments it spreads',
    (_name, doc) => {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the message names the template syntax it forbids
      expect(doc.source, 'documents must not interpolate `${…}`: keep them static so they can be validated').not.toContain('${');
      const errors = validate(schemas[doc.target], parse(withFragments(doc, documents))).map((e) => e.message);
      expect(errors).toEqual([]);
    },
  );

  it.each(fragmentDocuments.map((d) => [`${d.file}:${d.line}`, d] as const))('%s is a fragment some operation spreads', (_name, doc) => {
    expect(doc.source).not.toContain('${');
    const names = definitionsOf(doc).flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [d.name.value] : []));
    const spreadSomewhere = (name: string) =>
      operationDocuments.some((op) => op.target === doc.target && new RegExp(`fragment ${name} on `).test(withFragments(op, documents)));
    expect(
      names.filter((name) => !spreadSomewhere(name)),
      'delete fragments no operation uses',
    ).toEqual([]);
  });

  it('keeps every Admin API document in web/server/shopify/graphql/, one operation or fragment per file, named after it', () => {
    const misplaced: string[] = [];
    const definitionsPerFile = new Map<string, string[]>();
    for (const doc of documents.filter((d) => d.target === 'admin')) {
      const file = doc.file.split(path.sep).join('/');
      if (path.posix.dirname(file) !== OPERATIONS_DIR) misplaced.push(file);
      for (const definition of definitionsOf(doc)) {
        const name =
          definition.kind === Kind.OPERATION_DEFINITION
            ? `${definition.name?.value}${definition.operation === 'mutation' ? 'Mutation' : 'Query'}`
            : definition.kind === Kind.FRAGMENT_DEFINITION
              ? `${definition.name.value}Fragment`
              : definition.kind;
        definitionsPerFile.set(file, [...(definitionsPerFile.get(file) ?? []), name]);
      }
    }
    expect(misplaced, 'move Admin API documents into web/server/shopify/graphql/ (only shopify/ talks to Shopify)').toEqual([]);
    const wrongFiles = [...definitionsPerFile].filter(
      ([file, names]) => names.length !== 1 || `${names[0]}.ts` !== path.posix.basename(file),
    );
    expect(wrongFiles, 'one operation or fragment per file, in <Name>Query.ts, <Name>Mutation.ts or <Name>Fragment.ts').toEqual([]);
  });

  it('selects no group of two or more fields twice on the same type: a repeated selection is a fragment', () => {
    const seen = new Map<string, string[]>();
    for (const doc of documents) {
      const typeInfo = new TypeInfo(schemas[doc.target]);
      visit(
        parse(doc.source),
        visitWithTypeInfo(typeInfo, {
          SelectionSet(node) {
            if (leafFields(node) < 2) return;
            const key = `${typeInfo.getParentType()?.name} ${print(node)}`;
            seen.set(key, [...(seen.get(key) ?? []), `${doc.file}:${doc.line}`]);
          },
        }),
      );
    }
    const repeated = [...seen]
      .filter(([, places]) => places.length > 1)
      .map(([key, places]) => `${key.replace(/\s+/g, ' ')} in ${places.join(', ')}`);
    expect(repeated).toEqual([]);
  });
});

describe('Admin API operations as the Admin client sends them', () => {
  it('finds every operation file', () => {
    expect(sent.length).toBe(operationDocuments.filter((d) => d.target === 'admin').length);
  });

  it.each(sent.map((s) => [`${s.file} (${s.operation.name})`, s.operation] as const))(
    '%s: the operation and the fragments appended to it are valid, each fragment once',
    (_name, operation) => {
      const ast = parse(operation.document);
      expect(validate(schemas.admin, ast).map((e) => e.message)).toEqual([]);
      const definitions = ast.definitions.map((d) => ('name' in d ? d.name?.value : undefined));
      expect(new Set(definitions).size).toBe(definitions.length);
    },
  );
});

describe('GraphQL codegen config (.graphqlrc.ts)', () => {
  it('reads the schema from the file written from the schema cache, never from shopify.dev', () => {
    const projects = Object.values(codegenConfig.projects);
    expect(projects.map((p) => p.schema)).toEqual([ADMIN_SCHEMA_FILE]);
    expect(path.relative(repoRoot, ADMIN_SCHEMA_FILE)).toMatch(/^web\/server\/shopify\/graphql\/generated\//);
  });
});

/** Fields without a selection of their own, counted through inline fragments but not through fragment spreads. */
function leafFields(node: SelectionSetNode): number {
  return node.selections.reduce((count, selection) => {
    if (selection.kind === Kind.FIELD) return count + (selection.selectionSet ? leafFields(selection.selectionSet) : 1);
    if (selection.kind === Kind.INLINE_FRAGMENT) return count + leafFields(selection.selectionSet);
    return count;
  }, 0);
}
