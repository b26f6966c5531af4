// The resolver contract: one map per GraphQL type of the real schema. Types backed by store records declare every
// field they serve (no guessing from record properties, so a cents field can never leak out as a "price"); plain
// value objects built by resolvers (MoneyV2, connections, PageInfo...) resolve by property. Anything else is
// "emulator: Type.field not implemented" — a loud error, never made-up data.
import type { GraphQLResolveInfo } from 'graphql';
import type { SearchWarning } from '../store/search-query.js';
import type { ShopStore } from '../store/shop-store.js';

export type Args = Record<string, unknown>;

export interface SearchExtension {
  path: (string | number)[];
  query: string;
  warnings: SearchWarning[];
}

export interface ResolverContext {
  store: ShopStore;
  /** Scopes granted to the token that made this request. */
  scopes: ReadonlySet<string>;
  /** Filled by resolvers when a `query:` argument had fields Shopify would ignore. */
  searchWarnings: SearchExtension[];
}

// Method syntax makes the source parameter bivariant, so a map of resolvers for specific record types can be
// stored alongside others without casts at every definition.
interface BivariantResolver<S> {
  resolve(source: S, args: Args, ctx: ResolverContext, info: GraphQLResolveInfo): unknown;
}
export type FieldResolver<S = unknown> = BivariantResolver<S>['resolve'];

export type TypeResolvers<S> = Record<string, FieldResolver<S>>;
export type ResolverMap = Record<string, TypeResolvers<never>>;

/** Resolvers that read a property of the same name from the record. */
export function pass<S extends object>(...fields: (keyof S & string)[]): TypeResolvers<S> {
  const out: TypeResolvers<S> = {};
  for (const field of fields) out[field] = (source: S) => source[field];
  return out;
}

const TYPE_TAG = Symbol('emulator.typename');

/** Marks an object with its GraphQL type, for interface and union fields (Node, Metafield.owner, states...). */
export function typed<T extends object>(value: T, typeName: string): T {
  Object.defineProperty(value, TYPE_TAG, { value: typeName, enumerable: false, configurable: true, writable: true });
  return value;
}

export function typeNameOf(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const tagged = (value as { [TYPE_TAG]?: string })[TYPE_TAG];
  if (tagged) return tagged;
  const explicit = (value as { __typename?: unknown }).__typename;
  return typeof explicit === 'string' ? explicit : undefined;
}

// Small readers for already-validated arguments (graphql-js has coerced them against the real schema).
export function argString(args: Args, name: string): string | null {
  const value = args[name];
  return typeof value === 'string' ? value : null;
}

export function argNumber(args: Args, name: string): number | null {
  const value = args[name];
  return typeof value === 'number' ? value : null;
}

export function argBoolean(args: Args, name: string): boolean | null {
  const value = args[name];
  return typeof value === 'boolean' ? value : null;
}

export function argStrings(args: Args, name: string): string[] {
  const value = args[name];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function argObject(args: Args, name: string): Args | null {
  const value = args[name];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Args) : null;
}

export function argObjects(args: Args, name: string): Args[] {
  const value = args[name];
  return Array.isArray(value) ? value.filter((v): v is Args => !!v && typeof v === 'object') : [];
}

export function connectionArgs(args: Args): {
  first: number | null;
  last: number | null;
  after: string | null;
  before: string | null;
  reverse: boolean | null;
} {
  return {
    first: argNumber(args, 'first'),
    last: argNumber(args, 'last'),
    after: argString(args, 'after'),
    before: argString(args, 'before'),
    reverse: argBoolean(args, 'reverse'),
  };
}

export interface UserErrorShape {
  field: string[] | null;
  message: string;
  code?: string | null;
  elementIndex?: number | null;
}

export function userError(field: string[] | null, message: string, code?: string): UserErrorShape {
  return code === undefined ? { field, message } : { field, message, code };
}
