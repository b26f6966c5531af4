// A typed GraphQL operation: the document plus the TypeScript shapes of its data and variables. One operation or
// fragment per file under shopify/graphql/. The shapes are not written by hand: `npm run graphql:codegen` types
// every document from Shopify's real schema into generated/admin.generated.d.ts, which fills AdminQueries and
// AdminMutations below with "exact document text -> {return, variables}". defineOperation looks its document up
// there, so a selection and its type cannot drift apart: an edited document is a compile error until codegen has
// typed the new text (`npm run typecheck` runs codegen first). test/graphql-documents.test.ts validates every
// document, fragments included, against the same schema.

/** Exact text of each query document -> its types. Filled by the generated module augmentation; empty without it. */
// biome-ignore lint/suspicious/noEmptyInterface: an interface, not a type alias, so the generated module augmentation can merge into it
export interface AdminQueries {}
/** Exact text of each mutation document -> its types. Filled like AdminQueries. */
// biome-ignore lint/suspicious/noEmptyInterface: merged into by the generated module augmentation, like AdminQueries
export interface AdminMutations {}

type AdminDocuments = AdminQueries & AdminMutations;
/** The text of a document that codegen has typed. A string that is not one means: run `npm run graphql:codegen`. */
export type TypedDocument = keyof AdminDocuments & string;
type Typed<D extends TypedDocument, K extends 'return' | 'variables'> = AdminDocuments[D] extends Record<K, infer T> ? T : never;

/** A named fragment, spread by operations (or other fragments) that list it. */
export interface GraphqlFragment {
  readonly name: string;
  /** The fragment's own definition. */
  readonly document: string;
  /** Fragments it spreads. */
  readonly fragments: readonly GraphqlFragment[];
}

export interface GraphqlOperation<TData, TVariables> {
  readonly name: string;
  readonly kind: 'query' | 'mutation';
  /** What is sent: the operation followed by every fragment it uses. */
  readonly document: string;
  /** Phantom field carrying the types; never set at runtime. */
  readonly __types?: { data: TData; variables: TVariables };
}

export type DataOf<Op> = Op extends GraphqlOperation<infer D, unknown> ? D : never;
export type VariablesOf<Op> = Op extends GraphqlOperation<unknown, infer V> ? V : never;

/**
 * An operation whose data and variables types are the ones codegen generated for exactly this text. `fragments`
 * lists the fragments the document spreads; their definitions are appended to what is sent.
 */
export function defineOperation<const Document extends TypedDocument>(
  document: Document,
  fragments: readonly GraphqlFragment[] = [],
): GraphqlOperation<Typed<Document, 'return'>, Typed<Document, 'variables'>> {
  const match = /\b(query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(document);
  if (!match) throw new Error('A GraphQL operation must be named: `query Name` or `mutation Name`.');
  const name = match[2] as string;
  checkSpreads(name, document, fragments);
  const used = withDependencies(fragments);
  return { kind: match[1] as 'query' | 'mutation', name, document: [document, ...used.map((f) => f.document)].join('\n') };
}

/** A fragment; `fragments` lists the fragments it spreads itself. */
export function defineFragment(document: string, fragments: readonly GraphqlFragment[] = []): GraphqlFragment {
  const match = /\bfragment\s+([A-Za-z_][A-Za-z0-9_]*)\s+on\s+[A-Za-z_]/.exec(document);
  if (!match) throw new Error('A GraphQL fragment must read `fragment Name on Type`.');
  const name = match[1] as string;
  checkSpreads(name, document, fragments);
  return { name, document, fragments };
}

/** Every fragment the document spreads must be listed, and every listed one spread: caught when the module loads. */
function checkSpreads(owner: string, document: string, fragments: readonly GraphqlFragment[]): void {
  const spread = new Set([...document.matchAll(/\.\.\.\s*([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1] as string).filter((n) => n !== 'on'));
  const listed = new Set(fragments.map((f) => f.name));
  const missing = [...spread].filter((n) => !listed.has(n));
  const unused = [...listed].filter((n) => !spread.has(n));
  if (missing.length || unused.length) {
    throw new Error(`${owner}: fragments spread but not listed: [${missing.join(', ')}]; listed but not spread: [${unused.join(', ')}].`);
  }
}

/** The fragments and the fragments they spread, each once, in first-use order. */
function withDependencies(fragments: readonly GraphqlFragment[]): GraphqlFragment[] {
  const seen = new Map<string, GraphqlFragment>();
  const visit = (fragment: GraphqlFragment) => {
    if (seen.has(fragment.name)) return;
    seen.set(fragment.name, fragment);
    fragment.fragments.forEach(visit);
  };
  fragments.forEach(visit);
  return [...seen.values()];
}

/** Shopify's userErrors: every mutation payload carries them; an empty list means success. */
export interface UserError {
  field?: string[] | null;
  message: string;
  code?: string | null;
}
