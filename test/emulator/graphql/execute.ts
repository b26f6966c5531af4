// One Admin GraphQL request, in the order Shopify handles it: parse, validate against the real schema, pick the
// operation, check the variables, price the query (the caller charges the bucket), then execute with the emulator's
// resolvers and shape every error the way graphql-ruby does.
import {
  type DocumentNode,
  execute,
  GraphQLError,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type GraphQLTypeResolver,
  Kind,
  type OperationDefinitionNode,
  parse,
  typeFromAST,
} from 'graphql';
import { gid } from '../store/ids.js';
import { actualQueryCost, requestedQueryCost } from './cost.js';
import { fromExecutionError, NotImplementedError, parseErrorOf, type ShopifyGraphqlError } from './errors.js';
import { type InputProblem, inputProblems } from './input.js';
import { type ResolverContext, type ResolverMap, typeNameOf } from './resolver-kit.js';
import { accessDenied } from './scopes.js';
import { validateDocument } from './validation.js';

export interface GraphqlRequestBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

export type Prepared =
  | { kind: 'error'; errors: ShopifyGraphqlError[] }
  | {
      kind: 'ready';
      document: DocumentNode;
      operation: OperationDefinitionNode;
      variables: Record<string, unknown>;
      requestedCost: number;
    };

const documentCache = new Map<string, DocumentNode>();
const validationCache = new Map<string, ShopifyGraphqlError[]>();

function parseCached(source: string): DocumentNode {
  const cached = documentCache.get(source);
  if (cached) return cached;
  const document = parse(source);
  if (documentCache.size > 500) documentCache.clear();
  documentCache.set(source, document);
  return document;
}

export function prepare(schema: GraphQLSchema, body: GraphqlRequestBody): Prepared {
  const source = typeof body.query === 'string' ? body.query : '';
  let document: DocumentNode;
  try {
    document = parseCached(source);
  } catch (error) {
    if (error instanceof GraphQLError) return { kind: 'error', errors: [parseErrorOf(error, source)] };
    throw error;
  }
  let validationErrors = validationCache.get(source);
  if (!validationErrors) {
    validationErrors = validateDocument(schema, document);
    if (validationCache.size > 500) validationCache.clear();
    validationCache.set(source, validationErrors);
  }
  if (validationErrors.length > 0) return { kind: 'error', errors: validationErrors };

  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operationName = typeof body.operationName === 'string' && body.operationName !== '' ? body.operationName : null;
  if (operations.length === 0) return { kind: 'error', errors: [{ message: 'No operations in this document' }] };
  let operation: OperationDefinitionNode | undefined;
  if (operationName) {
    operation = operations.find((op) => op.name?.value === operationName);
    if (!operation) return { kind: 'error', errors: [{ message: `No operation named "${operationName}"` }] };
  } else if (operations.length === 1) {
    operation = operations[0];
  } else {
    return { kind: 'error', errors: [{ message: 'An operation name is required' }] };
  }
  if (!operation) return { kind: 'error', errors: [{ message: 'No operations in this document' }] };
  if (operation.operation === 'subscription') {
    return {
      kind: 'error',
      errors: [
        {
          message: 'Schema is not configured for subscriptions',
          locations: locationOf(operation),
          extensions: { code: 'missingSubscriptionConfiguration' },
        },
      ],
    };
  }

  const provided =
    body.variables && typeof body.variables === 'object' && !Array.isArray(body.variables)
      ? (body.variables as Record<string, unknown>)
      : {};
  const variableErrors: ShopifyGraphqlError[] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type);
    if (!type) continue;
    const value = provided[name];
    if (value === undefined && definition.defaultValue) continue;
    const problems = inputProblems(value, type as Parameters<typeof inputProblems>[1]);
    if (problems.length > 0) variableErrors.push(variableError(name, String(type), value, problems, definition));
  }
  if (variableErrors.length > 0) return { kind: 'error', errors: variableErrors };

  const requestedCost = requestedQueryCost({ schema, document, operation, variables: provided });
  return { kind: 'ready', document, operation, variables: provided, requestedCost };
}

function locationOf(node: { loc?: { startToken: { line: number; column: number } } }): { line: number; column: number }[] {
  return node.loc ? [{ line: node.loc.startToken.line, column: node.loc.startToken.column }] : [];
}

function variableError(
  name: string,
  type: string,
  value: unknown,
  problems: InputProblem[],
  node: OperationDefinitionNode['variableDefinitions'] extends readonly (infer D)[] | undefined ? D : never,
): ShopifyGraphqlError {
  const nested = problems.filter((p) => p.path.length > 0).map((p) => `${p.path.join('.')} (${p.explanation})`);
  const message = `Variable $${name} of type ${type} was provided invalid value${nested.length > 0 ? ` for ${nested.join(', ')}` : ''}`;
  return {
    message,
    locations: locationOf(node),
    extensions: {
      code: 'INVALID_VARIABLE',
      value: value === undefined ? null : value,
      problems: problems.map((p) => ({ path: p.path, explanation: p.explanation })),
    },
  };
}

export interface ExecutionOutcome {
  data: Record<string, unknown> | null;
  errors: ShopifyGraphqlError[];
  actualCost: number;
}

function makeFieldResolver(resolvers: ResolverMap): GraphQLFieldResolver<unknown, ResolverContext> {
  return (source, args, ctx, info) => {
    const typeName = info.parentType.name;
    if (typeName === 'QueryRoot' || typeName === 'Mutation') {
      const denied = accessDenied(typeName, info.fieldName, ctx.scopes);
      if (denied) throw denied;
    }
    const typeResolvers = resolvers[typeName];
    const resolver = typeResolvers?.[info.fieldName];
    if (resolver) return (resolver as (s: unknown, a: typeof args, c: ResolverContext, i: typeof info) => unknown)(source, args, ctx, info);
    // Record-backed types list their fields explicitly; only plain value objects resolve by property.
    if (!typeResolvers && source && typeof source === 'object' && info.fieldName in source) {
      const value = (source as Record<string, unknown>)[info.fieldName];
      if (info.fieldName === 'id' && (typeof value === 'number' || (typeof value === 'string' && !value.startsWith('gid://'))))
        return gid(typeName, value);
      return value;
    }
    throw new NotImplementedError(`${typeName}.${info.fieldName}`);
  };
}

const typeResolver: GraphQLTypeResolver<unknown, ResolverContext> = (value, _ctx, info, abstractType) => {
  const name = typeNameOf(value);
  if (name) return name;
  throw new NotImplementedError(`type resolution for ${abstractType.name} at ${info.fieldName}`);
};

const fieldResolverCache = new WeakMap<ResolverMap, GraphQLFieldResolver<unknown, ResolverContext>>();

export async function run(
  schema: GraphQLSchema,
  prepared: Extract<Prepared, { kind: 'ready' }>,
  resolvers: ResolverMap,
  ctx: ResolverContext,
): Promise<ExecutionOutcome> {
  let fieldResolver = fieldResolverCache.get(resolvers);
  if (!fieldResolver) {
    fieldResolver = makeFieldResolver(resolvers);
    fieldResolverCache.set(resolvers, fieldResolver);
  }
  const result = await execute({
    schema,
    document: prepared.document,
    operationName: prepared.operation.name?.value,
    variableValues: prepared.variables,
    contextValue: ctx,
    fieldResolver,
    typeResolver,
  });
  if (result.errors && !result.data) {
    // graphql-js rejected the variables or operation after our own checks: report as-is.
    return { data: null, errors: result.errors.map(fromExecutionError), actualCost: prepared.requestedCost };
  }
  const data = (result.data ?? null) as Record<string, unknown> | null;
  const actualCost = actualQueryCost(
    { schema, document: prepared.document, operation: prepared.operation, variables: prepared.variables },
    data,
    prepared.requestedCost,
  );
  return { data, errors: (result.errors ?? []).map(fromExecutionError), actualCost };
}
