// Static validation with graphql-ruby's messages, codes and paths (see errors.ts for where each shape was verified).
// The rules whose errors clients actually branch on are re-implemented here; the remaining graphql-js rules still
// run, and their (rare) errors keep graphql-js wording.
import {
  type ASTNode,
  type DocumentNode,
  ExecutableDefinitionsRule,
  type FragmentDefinitionNode,
  FragmentsOnCompositeTypesRule,
  GraphQLEnumType,
  GraphQLInputObjectType,
  type GraphQLInputType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLScalarType,
  type GraphQLSchema,
  type GraphQLType,
  getNamedType,
  isCompositeType,
  isInputType,
  isLeafType,
  isNonNullType,
  isTypeSubTypeOf,
  isUnionType,
  Kind,
  KnownDirectivesRule,
  NoFragmentCyclesRule,
  type OperationDefinitionNode,
  OverlappingFieldsCanBeMergedRule,
  PossibleFragmentSpreadsRule,
  print,
  TypeInfo,
  typeFromAST,
  UniqueArgumentNamesRule,
  UniqueDirectivesPerLocationRule,
  UniqueFragmentNamesRule,
  UniqueInputFieldNamesRule,
  UniqueVariableNamesRule,
  type ValidationRule,
  type ValueNode,
  type VariableDefinitionNode,
  type VariableNode,
  validate,
  valueFromASTUntyped,
} from 'graphql';
import type { ShopifyGraphqlError } from './errors.js';
import { scalarProblem } from './input.js';

const KEPT_GRAPHQL_JS_RULES: ValidationRule[] = [
  ExecutableDefinitionsRule,
  UniqueFragmentNamesRule,
  FragmentsOnCompositeTypesRule,
  PossibleFragmentSpreadsRule,
  NoFragmentCyclesRule,
  UniqueVariableNamesRule,
  KnownDirectivesRule,
  UniqueDirectivesPerLocationRule,
  UniqueArgumentNamesRule,
  UniqueInputFieldNamesRule,
  OverlappingFieldsCanBeMergedRule,
];

interface VariableUsage {
  node: VariableNode;
  type: GraphQLInputType | undefined;
  locationDefault: unknown;
  path: string[];
}

interface DefinitionInfo {
  usages: VariableUsage[];
  spreads: Set<string>;
}

function locationOf(node: ASTNode): { line: number; column: number }[] {
  const loc = node.loc;
  if (!loc) return [];
  return [{ line: loc.startToken.line, column: loc.startToken.column }];
}

function containsVariable(node: ValueNode): boolean {
  switch (node.kind) {
    case Kind.VARIABLE:
      return true;
    case Kind.LIST:
      return node.values.some(containsVariable);
    case Kind.OBJECT:
      return node.fields.some((field) => containsVariable(field.value));
    default:
      return false;
  }
}

/** Whether a literal leaf value fits its type; input objects are checked field by field by the visitor itself. */
function literalIsValid(node: ValueNode, type: GraphQLInputType): boolean {
  if (node.kind === Kind.VARIABLE) return true;
  if (type instanceof GraphQLNonNull) {
    if (node.kind === Kind.NULL) return false;
    return literalIsValid(node, type.ofType as GraphQLInputType);
  }
  if (node.kind === Kind.NULL) return true;
  if (type instanceof GraphQLList) {
    const itemType = type.ofType as GraphQLInputType;
    if (node.kind === Kind.LIST) return node.values.every((item) => literalIsValid(item, itemType));
    return literalIsValid(node, itemType);
  }
  if (type instanceof GraphQLInputObjectType) return node.kind === Kind.OBJECT;
  if (type instanceof GraphQLEnumType) return node.kind === Kind.ENUM && type.getValue(node.value) !== undefined;
  if (type instanceof GraphQLScalarType) {
    switch (type.name) {
      case 'Int':
        return node.kind === Kind.INT && scalarProblem(type, Number(node.value)) === null;
      case 'Float':
        return node.kind === Kind.INT || node.kind === Kind.FLOAT;
      case 'Boolean':
        return node.kind === Kind.BOOLEAN;
      case 'ID':
        return (node.kind === Kind.STRING || node.kind === Kind.INT) && scalarProblem(type, node.value) === null;
      case 'JSON':
        return true;
      case 'Decimal':
      case 'Money':
      case 'UnsignedInt64':
      case 'BigInt':
        if (node.kind === Kind.INT || node.kind === Kind.FLOAT) return scalarProblem(type, Number(node.value)) === null;
        return node.kind === Kind.STRING && scalarProblem(type, node.value) === null;
      default:
        return node.kind === Kind.STRING && scalarProblem(type, valueFromASTUntyped(node)) === null;
    }
  }
  return true;
}

function operationLabel(node: OperationDefinitionNode): string {
  return node.name ? node.name.value : `anonymous ${node.operation}`;
}

function stripNonNull(type: GraphQLType): GraphQLType {
  return type instanceof GraphQLNonNull ? (type.ofType as GraphQLType) : type;
}

function listDepth(type: GraphQLType): number {
  let depth = 0;
  let current: GraphQLType = type;
  while (current instanceof GraphQLNonNull || current instanceof GraphQLList) {
    if (current instanceof GraphQLList) depth++;
    current = current.ofType as GraphQLType;
  }
  return depth;
}

function shopifyRules(sink: ShopifyGraphqlError[], typeInfo: TypeInfo): ValidationRule {
  return (context) => {
    const schema = context.getSchema();
    const path: string[] = [];
    const operations: { node: OperationDefinitionNode; info: DefinitionInfo }[] = [];
    const fragments = new Map<string, { node: FragmentDefinitionNode; info: DefinitionInfo }>();
    const spreadNodes: { name: string; node: ASTNode; path: string[] }[] = [];
    let current: DefinitionInfo | null = null;

    function report(message: string, node: ASTNode, extensions?: Record<string, unknown>, at: string[] = path): void {
      const error: ShopifyGraphqlError = { message, locations: locationOf(node), path: [...at] };
      if (extensions) error.extensions = extensions;
      sink.push(error);
    }

    function checkTypeCondition(typeName: string, node: ASTNode): void {
      if (!schema.getType(typeName)) {
        report(`No such type ${typeName}, so it can't be a fragment condition`, node, { code: 'undefinedType', typeName });
      }
    }

    function checkLiteral(
      valueNode: ValueNode,
      type: GraphQLInputType | undefined,
      ownerKind: string,
      ownerName: string,
      argumentName: string,
      node: ASTNode,
    ): void {
      if (!type || valueNode.kind === Kind.OBJECT || containsVariable(valueNode)) return;
      if (literalIsValid(valueNode, type)) return;
      report(
        `Argument '${argumentName}' on ${ownerKind} '${ownerName}' has an invalid value (${print(valueNode)}). ` +
          `Expected type '${String(type)}'.`,
        node,
        { code: 'argumentLiteralsIncompatible', typeName: ownerKind, argumentName },
      );
    }

    return {
      OperationDefinition: {
        enter(node) {
          path.push(`${node.operation}${node.name ? ` ${node.name.value}` : ''}`);
          current = { usages: [], spreads: new Set() };
          operations.push({ node, info: current });
        },
        leave() {
          path.pop();
          current = null;
        },
      },
      FragmentDefinition: {
        enter(node) {
          path.push(`fragment ${node.name.value}`);
          current = { usages: [], spreads: new Set() };
          fragments.set(node.name.value, { node, info: current });
          checkTypeCondition(node.typeCondition.name.value, node);
        },
        leave() {
          path.pop();
          current = null;
        },
      },
      InlineFragment: {
        enter(node) {
          path.push(node.typeCondition ? `... on ${node.typeCondition.name.value}` : '...');
          if (node.typeCondition) checkTypeCondition(node.typeCondition.name.value, node);
        },
        leave() {
          path.pop();
        },
      },
      FragmentSpread(node) {
        current?.spreads.add(node.name.value);
        spreadNodes.push({ name: node.name.value, node, path: [...path] });
      },
      VariableDefinition(node) {
        let named = node.type;
        while (named.kind !== Kind.NAMED_TYPE) named = named.type;
        const type = schema.getType(named.name.value);
        const variableName = node.variable.name.value;
        if (!type) {
          report(`${named.name.value} isn't a defined input type (on $${variableName})`, node, {
            code: 'variableRequiresValidType',
            typeName: named.name.value,
            variableName,
          });
        } else if (!isInputType(type)) {
          report(`${type.name} isn't a valid input type (on $${variableName})`, node, {
            code: 'variableRequiresValidType',
            typeName: type.name,
            variableName,
          });
        }
      },
      Field: {
        enter(node) {
          path.push(node.alias?.value ?? node.name.value);
          const parentType = context.getParentType();
          const fieldDef = context.getFieldDef();
          if (parentType && !fieldDef && node.name.value !== '__typename') {
            if (isUnionType(parentType)) {
              report(`Selections can't be made directly on unions (see selections on ${parentType.name})`, node, {
                code: 'selectionMismatch',
                nodeName: parentType.name,
              });
            } else {
              report(`Field '${node.name.value}' doesn't exist on type '${parentType.name}'`, node, {
                code: 'undefinedField',
                typeName: parentType.name,
                fieldName: node.name.value,
              });
            }
            return;
          }
          if (!fieldDef) return;
          const provided = new Set((node.arguments ?? []).map((a) => a.name.value));
          const missing = fieldDef.args
            .filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined && !provided.has(arg.name))
            .map((arg) => arg.name);
          if (missing.length > 0) {
            report(`Field '${node.name.value}' is missing required arguments: ${missing.join(', ')}`, node, {
              code: 'missingRequiredArguments',
              className: 'Field',
              name: node.name.value,
              arguments: missing.join(', '),
            });
          }
          const named = getNamedType(fieldDef.type);
          const responseName = node.name.value;
          if (isLeafType(named) && node.selectionSet) {
            const selected = node.selectionSet.selections.map((s) => (s.kind === Kind.FIELD ? s.name.value : '...'));
            const selections = selected.map((s) => JSON.stringify(s)).join(', ');
            report(
              `Selections can't be made on scalars (field '${responseName}' returns ${named.name} but has selections [${selections}])`,
              node,
              {
                code: 'selectionMismatch',
                nodeName: `field '${responseName}'`,
              },
            );
          } else if (isCompositeType(named) && !node.selectionSet) {
            report(
              `Field must have selections (field '${responseName}' returns ${String(fieldDef.type)} but has no selections. ` +
                `Did you mean '${responseName} { ... }'?)`,
              node,
              {
                code: 'selectionMismatch',
                nodeName: `field '${responseName}'`,
              },
            );
          }
        },
        leave() {
          path.pop();
        },
      },
      Argument: {
        enter(node, _key, _parent, _path, ancestors) {
          path.push(node.name.value);
          const owner = ancestors[ancestors.length - 1];
          const argDef = context.getArgument();
          if (owner && !Array.isArray(owner) && 'kind' in owner) {
            const ownerNode = owner as ASTNode;
            if (ownerNode.kind === Kind.FIELD) {
              const fieldDef = context.getFieldDef();
              const ownerName = ownerNode.alias?.value ?? ownerNode.name.value;
              if (fieldDef && !argDef) {
                report(`Field '${ownerName}' doesn't accept argument '${node.name.value}'`, node, {
                  code: 'argumentNotAccepted',
                  name: ownerName,
                  typeName: 'Field',
                  argumentName: node.name.value,
                });
                return;
              }
              if (argDef) checkLiteral(node.value, argDef.type, 'Field', ownerName, node.name.value, node);
            } else if (ownerNode.kind === Kind.DIRECTIVE) {
              const directive = context.getDirective();
              if (directive && !argDef) {
                report(`Directive '${ownerNode.name.value}' doesn't accept argument '${node.name.value}'`, node, {
                  code: 'argumentNotAccepted',
                  name: ownerNode.name.value,
                  typeName: 'Directive',
                  argumentName: node.name.value,
                });
                return;
              }
              if (argDef) checkLiteral(node.value, argDef.type, 'Directive', ownerNode.name.value, node.name.value, node);
            }
          }
        },
        leave() {
          path.pop();
        },
      },
      ObjectField: {
        enter(node) {
          path.push(node.name.value);
          const parent = context.getParentInputType();
          const parentNamed = parent ? getNamedType(parent) : undefined;
          if (parentNamed instanceof GraphQLInputObjectType) {
            const field = parentNamed.getFields()[node.name.value];
            if (!field) {
              report(`InputObject '${parentNamed.name}' doesn't accept argument '${node.name.value}'`, node, {
                code: 'argumentNotAccepted',
                name: parentNamed.name,
                typeName: 'InputObject',
                argumentName: node.name.value,
              });
              return;
            }
            checkLiteral(node.value, field.type, 'InputObject', parentNamed.name, node.name.value, node);
          }
        },
        leave() {
          path.pop();
        },
      },
      ObjectValue(node) {
        const type = context.getInputType();
        const named = type ? getNamedType(type) : undefined;
        if (!(named instanceof GraphQLInputObjectType)) return;
        const provided = new Set(node.fields.map((f) => f.name.value));
        // OneOf inputs (30 in the 2026-07 schema, e.g. DiscountContextInput) take exactly one field; graphql-ruby's
        // literal validator words it so (lib/graphql/static_validation/literal_validator.rb).
        if (named.isOneOf && node.fields.length !== 1) {
          report(`\`${named.name}\` is a OneOf type, so only one argument may be given (instead of ${node.fields.length})`, node, {
            code: 'argumentLiteralsIncompatible',
            typeName: 'InputObject',
            argumentName: named.name,
          });
        }
        for (const field of Object.values(named.getFields())) {
          if (isNonNullType(field.type) && field.defaultValue === undefined && !provided.has(field.name)) {
            report(`Argument '${field.name}' on InputObject '${named.name}' is required. Expected type ${String(field.type)}`, node, {
              code: 'missingRequiredInputObjectAttribute',
              argumentName: field.name,
              argumentType: String(field.type),
              inputObjectType: named.name,
            });
          }
        }
      },
      Variable(node, _key, parent) {
        if (parent && !Array.isArray(parent) && (parent as ASTNode).kind === Kind.VARIABLE_DEFINITION) return;
        current?.usages.push({
          node,
          type: context.getInputType() ?? undefined,
          locationDefault: typeInfo.getDefaultValue(),
          path: [...path],
        });
      },
      Document: {
        leave() {
          // Operation names
          if (operations.length > 1 && operations.some((op) => !op.node.name)) {
            for (const op of operations.filter((o) => !o.node.name)) {
              report('Operation name is required when multiple operations are present', op.node, { code: 'uniquelyNamedOperations' }, []);
            }
          }
          const seenNames = new Map<string, number>();
          for (const op of operations) {
            if (!op.node.name) continue;
            const name = op.node.name.value;
            seenNames.set(name, (seenNames.get(name) ?? 0) + 1);
            if (seenNames.get(name) === 2) {
              report(`Operation name "${name}" must be unique`, op.node, { code: 'uniquelyNamedOperations', operationName: name }, []);
            }
          }
          // Fragments used / defined
          const usedFragments = new Set<string>();
          for (const spread of spreadNodes) {
            usedFragments.add(spread.name);
            if (!fragments.has(spread.name)) {
              report(
                `Fragment ${spread.name} was used, but not defined`,
                spread.node,
                { code: 'useAndDefineFragment', fragmentName: spread.name },
                spread.path,
              );
            }
          }
          for (const [name, fragment] of fragments) {
            if (!usedFragments.has(name)) {
              report(`Fragment ${name} was defined, but not used`, fragment.node, { code: 'useAndDefineFragment', fragmentName: name }, [
                `fragment ${name}`,
              ]);
            }
          }
          // Variables: defined, used, and used where their type fits
          for (const op of operations) {
            const definitions = new Map<string, VariableDefinitionNode>();
            for (const definition of op.node.variableDefinitions ?? []) definitions.set(definition.variable.name.value, definition);
            const usages: VariableUsage[] = [...op.info.usages];
            const visited = new Set<string>();
            const queue = [...op.info.spreads];
            while (queue.length > 0) {
              const name = queue.shift()!;
              if (visited.has(name)) continue;
              visited.add(name);
              const fragment = fragments.get(name);
              if (!fragment) continue;
              usages.push(...fragment.info.usages);
              queue.push(...fragment.info.spreads);
            }
            const label = operationLabel(op.node);
            const used = new Set<string>();
            for (const usage of usages) {
              const variableName = usage.node.name.value;
              used.add(variableName);
              const definition = definitions.get(variableName);
              if (!definition) {
                report(
                  `Variable $${variableName} is used by ${label} but not declared`,
                  usage.node,
                  { code: 'variableNotDefined', variableName },
                  usage.path,
                );
                continue;
              }
              const variableType = typeFromAST(schema, definition.type);
              if (!variableType || !usage.type) continue;
              if (fits(schema, variableType, usage.type, definition, usage.locationDefault)) continue;
              const argumentName = usage.path[usage.path.length - 1] ?? variableName;
              const kind =
                String(stripNonNull(variableType)) === String(stripNonNull(usage.type))
                  ? 'Nullability mismatch'
                  : listDepth(variableType) !== listDepth(usage.type)
                    ? 'List dimension mismatch'
                    : 'Type mismatch';
              report(
                `${kind} on variable $${variableName} and argument ${argumentName} (${String(variableType)} / ${String(usage.type)})`,
                usage.node,
                {
                  code: 'variableMismatch',
                  variableName,
                  typeName: String(variableType),
                  argumentName,
                  errorMessage: kind,
                },
                usage.path,
              );
            }
            for (const [name, definition] of definitions) {
              if (!used.has(name)) {
                report(
                  `Variable $${name} is declared by ${label} but not used`,
                  definition,
                  { code: 'variableNotUsed', variableName: name },
                  [`${op.node.operation}${op.node.name ? ` ${op.node.name.value}` : ''}`],
                );
              }
            }
          }
        },
      },
    };
  };
}

function fits(
  schema: GraphQLSchema,
  variableType: GraphQLType,
  locationType: GraphQLInputType,
  definition: VariableDefinitionNode,
  locationDefault: unknown,
): boolean {
  if (isNonNullType(locationType) && !isNonNullType(variableType)) {
    const variableHasDefault = definition.defaultValue !== undefined && definition.defaultValue.kind !== Kind.NULL;
    if (!variableHasDefault && locationDefault === undefined) return false;
    return isTypeSubTypeOf(schema, variableType, locationType.ofType);
  }
  return isTypeSubTypeOf(schema, variableType, locationType);
}

export function validateDocument(schema: GraphQLSchema, document: DocumentNode): ShopifyGraphqlError[] {
  const errors: ShopifyGraphqlError[] = [];
  const typeInfo = new TypeInfo(schema);
  const others = validate(schema, document, [shopifyRules(errors, typeInfo), ...KEPT_GRAPHQL_JS_RULES], { maxErrors: 50 }, typeInfo);
  for (const error of others) {
    const shaped: ShopifyGraphqlError = { message: error.message };
    if (error.locations) shaped.locations = error.locations.map(({ line, column }) => ({ line, column }));
    errors.push(shaped);
  }
  return errors;
}
