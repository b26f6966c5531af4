// Query cost as Shopify documents it (shopify.dev, "GraphQL Admin API rate limits", "Cost calculation":
// https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits): scalars and enums 0, objects 1, connections
// 2 plus `first`/`last` times the cost of one node, mutations 10. The requested cost is
// computed from the document before execution; the actual cost walks the result and counts the nodes that came
// back, which is what Shopify refunds to. A response whose data is null keeps the requested cost (as in Shopify's
// own client fixtures for "you must provide one of first or last").
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  GraphQLList,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isCompositeType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';

export const MUTATION_COST = 10;
export const CONNECTION_BASE_COST = 2;

interface Entry {
  field: FieldNode;
  parentType: GraphQLCompositeType;
}

type Variables = Record<string, unknown>;

interface CostContext {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Variables;
}

function collect(
  ctx: CostContext,
  selectionSet: SelectionSetNode,
  parentType: GraphQLCompositeType,
  into: Map<string, Entry[]>,
  seen = new Set<string>(),
): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      const list = into.get(key) ?? [];
      list.push({ field: selection, parentType });
      into.set(key, list);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const conditionType = selection.typeCondition ? ctx.schema.getType(selection.typeCondition.name.value) : parentType;
      if (conditionType && isCompositeType(conditionType)) collect(ctx, selection.selectionSet, conditionType, into, seen);
    } else {
      const name = selection.name.value;
      if (seen.has(name)) continue;
      seen.add(name);
      const fragment = ctx.fragments.get(name);
      const conditionType = fragment ? ctx.schema.getType(fragment.typeCondition.name.value) : undefined;
      if (fragment && conditionType && isCompositeType(conditionType)) collect(ctx, fragment.selectionSet, conditionType, into, seen);
    }
  }
}

function fieldDefOf(parentType: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if ('getFields' in parentType) return parentType.getFields()[name];
  return undefined;
}

function argumentValue(ctx: CostContext, field: FieldNode, name: string): unknown {
  const argument = field.arguments?.find((a) => a.name.value === name);
  if (!argument) return undefined;
  return valueFromASTUntyped(argument.value, ctx.variables);
}

function isConnectionField(def: GraphQLField<unknown, unknown>): boolean {
  const named = getNamedType(def.type);
  return named.name.endsWith('Connection') && def.args.some((a) => a.name === 'first');
}

function mergedSelection(entries: Entry[]): SelectionSetNode | undefined {
  const selections = entries.flatMap((e) => e.field.selectionSet?.selections ?? []);
  if (selections.length === 0) return undefined;
  return { kind: Kind.SELECTION_SET, selections };
}

/** The cost of one object of `type` with `selectionSet`, given (optionally) the object that came back. */
function objectCost(
  ctx: CostContext,
  type: GraphQLCompositeType,
  selectionSet: SelectionSetNode | undefined,
  data: unknown,
  actual: boolean,
): number {
  if (actual && (data === null || data === undefined)) return 0;
  return 1 + selectionCost(ctx, type, selectionSet, data, actual);
}

function selectionCost(
  ctx: CostContext,
  type: GraphQLCompositeType,
  selectionSet: SelectionSetNode | undefined,
  data: unknown,
  actual: boolean,
): number {
  if (!selectionSet) return 0;
  const grouped = new Map<string, Entry[]>();
  collect(ctx, selectionSet, type, grouped);
  let total = 0;
  for (const [key, entries] of grouped) {
    const value = actual && data && typeof data === 'object' ? (data as Record<string, unknown>)[key] : undefined;
    if (actual && value === undefined) continue;
    let best = 0;
    for (const entry of entries) best = Math.max(best, fieldCost(ctx, entry, entries, value, actual));
    total += best;
  }
  return total;
}

function fieldCost(ctx: CostContext, entry: Entry, siblings: Entry[], value: unknown, actual: boolean): number {
  const def = fieldDefOf(entry.parentType, entry.field.name.value);
  if (!def) return 0;
  const named = getNamedType(def.type);
  if (!isCompositeType(named)) return 0;
  const sameType = siblings.filter((s) => s.parentType === entry.parentType);
  const selection = mergedSelection(sameType);
  if (isConnectionField(def)) {
    const size = Number(argumentValue(ctx, entry.field, 'first') ?? argumentValue(ctx, entry.field, 'last') ?? 0) || 0;
    if (!actual) return CONNECTION_BASE_COST + size * connectionNodeCost(ctx, named, selection, undefined, false);
    if (value === null || value === undefined) return CONNECTION_BASE_COST;
    return CONNECTION_BASE_COST + connectionNodeCost(ctx, named, selection, value, true);
  }
  const nullable = getNullableType(def.type);
  if (nullable instanceof GraphQLList) {
    if (actual) {
      const items = Array.isArray(value) ? value : [];
      return items.reduce<number>((sum, item) => sum + objectCost(ctx, named, selection, item, true), 0);
    }
    // `nodes(ids: [...])` costs one object per id; other object lists are priced as one object.
    const ids = argumentValue(ctx, entry.field, 'ids');
    const count = Array.isArray(ids) ? ids.length : 1;
    return count * objectCost(ctx, named, selection, undefined, false);
  }
  return objectCost(ctx, named, selection, value, actual);
}

/** Inside a connection `edges { node }`, `nodes` and `pageInfo` are wrappers; only the nodes are counted. */
function connectionNodeCost(
  ctx: CostContext,
  connectionType: GraphQLCompositeType,
  selectionSet: SelectionSetNode | undefined,
  data: unknown,
  actual: boolean,
): number {
  if (!selectionSet || !isObjectType(connectionType)) return 0;
  const grouped = new Map<string, Entry[]>();
  collect(ctx, selectionSet, connectionType, grouped);
  let perNode = 0;
  let actualTotal = 0;
  for (const [key, entries] of grouped) {
    const name = entries[0]!.field.name.value;
    const value = actual && data && typeof data === 'object' ? (data as Record<string, unknown>)[key] : undefined;
    if (name === 'nodes' || name === 'edges') {
      const def = connectionType.getFields()[name];
      if (!def) continue;
      const itemType = getNamedType(def.type);
      if (!isCompositeType(itemType)) continue;
      const selection = mergedSelection(entries);
      if (name === 'nodes') {
        if (actual) {
          const items = Array.isArray(value) ? value : [];
          actualTotal = Math.max(
            actualTotal,
            items.reduce<number>((sum, item) => sum + objectCost(ctx, itemType, selection, item, true), 0),
          );
        } else {
          perNode = Math.max(perNode, objectCost(ctx, itemType, selection, undefined, false));
        }
      } else {
        // An edge is free; its `node` is the object.
        const edgeGroups = new Map<string, Entry[]>();
        if (selection) collect(ctx, selection, itemType, edgeGroups);
        for (const [edgeKey, edgeEntries] of edgeGroups) {
          if (edgeEntries[0]!.field.name.value !== 'node' || !isObjectType(itemType)) continue;
          const nodeDef = itemType.getFields().node;
          if (!nodeDef) continue;
          const nodeType = getNamedType(nodeDef.type);
          if (!isCompositeType(nodeType)) continue;
          const nodeSelection = mergedSelection(edgeEntries);
          if (actual) {
            const edges = Array.isArray(value) ? value : [];
            const sum = edges.reduce<number>((acc, edge) => {
              const nodeValue = edge && typeof edge === 'object' ? (edge as Record<string, unknown>)[edgeKey] : undefined;
              return acc + objectCost(ctx, nodeType, nodeSelection, nodeValue, true);
            }, 0);
            actualTotal = Math.max(actualTotal, sum);
          } else {
            perNode = Math.max(perNode, objectCost(ctx, nodeType, nodeSelection, undefined, false));
          }
        }
      }
    }
  }
  return actual ? actualTotal : perNode;
}

export interface CostInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Variables;
}

function contextOf(input: CostInput): CostContext {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of input.document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return { schema: input.schema, fragments, variables: input.variables };
}

function rootCost(input: CostInput, data: Record<string, unknown> | null | undefined, actual: boolean): number {
  const ctx = contextOf(input);
  if (input.operation.operation === 'mutation') {
    const grouped = new Map<string, Entry[]>();
    const root = input.schema.getMutationType();
    if (!root) return 0;
    collect(ctx, input.operation.selectionSet, root, grouped);
    return grouped.size * MUTATION_COST;
  }
  const root = input.schema.getQueryType();
  if (!root) return 0;
  return selectionCost(ctx, root, input.operation.selectionSet, data, actual);
}

export function requestedQueryCost(input: CostInput): number {
  return rootCost(input, undefined, false);
}

export function actualQueryCost(input: CostInput, data: Record<string, unknown> | null | undefined, requested: number): number {
  if (data === null || data === undefined) return requested;
  return Math.min(requested, rootCost(input, data, true));
}
