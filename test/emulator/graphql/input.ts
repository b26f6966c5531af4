// Input checking as graphql-ruby does it on Shopify: every problem has a path inside the value and an
// explanation ("Expected value to not be null", "Field is not defined on X", "Invalid global id `1`", ...).
// The real schema is built from introspection, so its custom scalars (DateTime, Decimal, URL...) accept anything;
// the checks for them live here instead of being patched into the shared schema object.
import { GraphQLEnumType, GraphQLInputObjectType, type GraphQLInputType, GraphQLList, GraphQLNonNull, GraphQLScalarType } from 'graphql';
import { isGid } from '../store/ids.js';

export interface InputProblem {
  path: (string | number)[];
  explanation: string;
}

/** graphql-ruby's rendering of a value inside an explanation (JSON-like, strings double-quoted). */
export function serializeValue(value: unknown): string {
  if (value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(serializeValue).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${k}: ${serializeValue(v)}`)
    .join(', ')}}`;
}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

function isIsoDateTime(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) && !Number.isNaN(Date.parse(value));
}

/** Returns an explanation when `value` is not acceptable for the scalar, or null when it is. */
export function scalarProblem(scalar: GraphQLScalarType, value: unknown): string | null {
  const couldNotCoerce = `Could not coerce value ${serializeValue(value)} to ${scalar.name}`;
  switch (scalar.name) {
    case 'Int':
      return typeof value === 'number' && Number.isInteger(value) && value >= INT_MIN && value <= INT_MAX ? null : couldNotCoerce;
    case 'Float':
      return typeof value === 'number' && Number.isFinite(value) ? null : couldNotCoerce;
    case 'String':
    case 'HTML':
    case 'FormattedString':
    case 'ARN':
    case 'StorefrontID':
    case 'UtcOffset':
      return typeof value === 'string' ? null : couldNotCoerce;
    case 'Boolean':
      return typeof value === 'boolean' ? null : couldNotCoerce;
    case 'ID':
      if (typeof value === 'number' && Number.isInteger(value)) return `Invalid global id \`${value}\``;
      if (typeof value !== 'string') return couldNotCoerce;
      return isGid(value) ? null : `Invalid global id \`${value}\``;
    case 'DateTime':
      return typeof value === 'string' && isIsoDateTime(value) ? null : couldNotCoerce;
    case 'Date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? null : couldNotCoerce;
    case 'Decimal':
    case 'Money':
      if (typeof value === 'number' && Number.isFinite(value)) return null;
      return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? null : couldNotCoerce;
    case 'UnsignedInt64':
    case 'BigInt':
      if (typeof value === 'number') return Number.isInteger(value) && (scalar.name === 'BigInt' || value >= 0) ? null : couldNotCoerce;
      return typeof value === 'string' && (scalar.name === 'BigInt' ? /^-?\d+$/ : /^\d+$/).test(value) ? null : couldNotCoerce;
    case 'URL':
      if (typeof value !== 'string') return couldNotCoerce;
      try {
        new URL(value);
        return null;
      } catch {
        return couldNotCoerce;
      }
    case 'Color':
      return typeof value === 'string' && /^#[0-9a-fA-F]{6}$/.test(value) ? null : couldNotCoerce;
    case 'JSON':
      return null;
    default:
      return null;
  }
}

/** Walks a JSON value against an input type and collects graphql-ruby style problems. */
export function inputProblems(value: unknown, type: GraphQLInputType, path: (string | number)[] = []): InputProblem[] {
  const problems: InputProblem[] = [];
  walk(value, type, path, problems);
  return problems;
}

function walk(value: unknown, type: GraphQLInputType, path: (string | number)[], problems: InputProblem[]): void {
  if (type instanceof GraphQLNonNull) {
    if (value === null || value === undefined) {
      problems.push({ path, explanation: 'Expected value to not be null' });
      return;
    }
    walk(value, type.ofType as GraphQLInputType, path, problems);
    return;
  }
  if (value === null || value === undefined) return;
  if (type instanceof GraphQLList) {
    const itemType = type.ofType as GraphQLInputType;
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) walk(item, itemType, [...path, index], problems);
    } else walk(value, itemType, path, problems);
    return;
  }
  if (type instanceof GraphQLInputObjectType) {
    if (typeof value !== 'object' || Array.isArray(value)) {
      problems.push({ path, explanation: `Expected ${serializeValue(value)} to be a key-value object.` });
      return;
    }
    const fields = type.getFields();
    const record = value as Record<string, unknown>;
    if (type.isOneOf) {
      // graphql-ruby's wording for variables (spec/graphql/schema/directive/one_of_spec.rb).
      const given = Object.keys(record).filter((key) => record[key] !== undefined);
      if (given.length !== 1) {
        problems.push({ path, explanation: `'${type.name}' requires exactly one argument, but ${given.length} were provided.` });
        return;
      }
      if (record[given[0] as string] === null) {
        problems.push({ path, explanation: `'${type.name}' requires exactly one argument, but '${given[0]}' was \`null\`.` });
        return;
      }
    }
    for (const key of Object.keys(record)) {
      if (!fields[key]) problems.push({ path: [...path, key], explanation: `Field is not defined on ${type.name}` });
    }
    for (const field of Object.values(fields)) {
      const fieldValue = record[field.name];
      if (fieldValue === undefined && field.defaultValue !== undefined) continue;
      walk(fieldValue, field.type, [...path, field.name], problems);
    }
    return;
  }
  if (type instanceof GraphQLEnumType) {
    const names = type.getValues().map((v) => v.name);
    if (typeof value !== 'string' || !names.includes(value)) {
      problems.push({ path, explanation: `Expected ${serializeValue(value)} to be one of: ${names.join(', ')}` });
    }
    return;
  }
  if (type instanceof GraphQLScalarType) {
    const problem = scalarProblem(type, value);
    if (problem) problems.push({ path, explanation: problem });
  }
}
