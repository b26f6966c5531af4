// A typed GraphQL operation: the document plus the TypeScript shapes of its data and variables. One operation
// per file under shopify/graphql/; test/graphql-documents.test.ts validates every document against Shopify's
// real schema, so a field or argument that does not exist fails the build, not production.

export interface GraphqlOperation<TData, TVariables> {
  readonly name: string;
  readonly kind: 'query' | 'mutation';
  readonly document: string;
  /** Phantom field carrying the types; never set at runtime. */
  readonly __types?: { data: TData; variables: TVariables };
}

export type DataOf<Op> = Op extends GraphqlOperation<infer D, unknown> ? D : never;
export type VariablesOf<Op> = Op extends GraphqlOperation<unknown, infer V> ? V : never;

export function defineOperation<TData, TVariables = Record<string, never>>(document: string): GraphqlOperation<TData, TVariables> {
  const match = /\b(query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(document);
  if (!match) throw new Error('A GraphQL operation must be named: `query Name` or `mutation Name`.');
  return { kind: match[1] as 'query' | 'mutation', name: match[2] as string, document };
}

/** Shopify's userErrors: every mutation payload carries them; an empty list means success. */
export interface UserError {
  field?: string[] | null;
  message: string;
  code?: string | null;
}
