// Operations that codegen does not type, for tests only: documents Shopify refuses (codegen cannot type an invalid
// document) or that only a test sends. Production code uses defineOperation, whose types come from codegen.
import type { GraphqlOperation } from '../../web/server/shopify/graphql/operation.js';

export function untypedOperation<TData, TVariables = Record<string, never>>(document: string): GraphqlOperation<TData, TVariables> {
  const match = /\b(query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(document);
  if (!match) throw new Error('A GraphQL operation must be named: `query Name` or `mutation Name`.');
  return { kind: match[1] as 'query' | 'mutation', name: match[2] as string, document };
}
