// Relay connections as Shopify serves them: `nodes`, `edges { node cursor }` and `pageInfo`, paged with
// first/after or last/before over an already filtered and sorted list. Cursors are opaque base64 strings that
// carry the record's id, so a cursor stays valid while records are added elsewhere in the list.
import { EmulatorGraphqlError } from '../graphql/errors.js';

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface Connection<T> {
  nodes: T[];
  edges: { node: T; cursor: string }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export const MAX_PAGE_SIZE = 250;

export function encodeCursor(key: string | number): string {
  return Buffer.from(JSON.stringify({ last_id: key })).toString('base64');
}

function decodeCursor(cursor: string): string | null {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as { last_id?: unknown };
    return parsed.last_id === undefined ? null : String(parsed.last_id);
  } catch {
    return null;
  }
}

/**
 * Checks the window arguments the way Shopify does before resolving the field. Shopify answers these with a
 * top-level error (code BAD_REQUEST) and null data; the messages were checked against Shopify's own client tests
 * (shopify-api-js fixtures for "you must provide one of first or last").
 */
export function assertWindow(args: ConnectionArgs): void {
  const hasFirst = typeof args.first === 'number';
  const hasLast = typeof args.last === 'number';
  if (!hasFirst && !hasLast) throw new EmulatorGraphqlError('you must provide one of first or last', { code: 'BAD_REQUEST' });
  if (hasFirst && hasLast) throw new EmulatorGraphqlError('providing both first and last is not supported', { code: 'BAD_REQUEST' });
  const size = (hasFirst ? args.first : args.last) as number;
  // The exact wording Shopify uses for an out-of-range page size was not found in public sources.
  if (size < 0 || size > MAX_PAGE_SIZE) {
    throw new EmulatorGraphqlError(`The page size must be between 0 and ${MAX_PAGE_SIZE} (got ${size})`, { code: 'BAD_REQUEST' });
  }
}

export function connection<T>(items: readonly T[], args: ConnectionArgs, keyOf: (item: T) => string | number): Connection<T> {
  assertWindow(args);
  const ordered = args.reverse ? [...items].reverse() : [...items];
  let start = 0;
  let end = ordered.length;
  if (args.after) {
    const key = decodeCursor(args.after);
    const index = ordered.findIndex((item) => String(keyOf(item)) === key);
    if (index >= 0) start = index + 1;
  }
  if (args.before) {
    const key = decodeCursor(args.before);
    const index = ordered.findIndex((item) => String(keyOf(item)) === key);
    if (index >= 0) end = index;
  }
  let window = ordered.slice(start, Math.max(start, end));
  let hasNextPage = end < ordered.length;
  let hasPreviousPage = start > 0;
  if (typeof args.first === 'number') {
    hasNextPage = window.length > args.first || hasNextPage;
    window = window.slice(0, args.first);
  } else if (typeof args.last === 'number') {
    hasPreviousPage = window.length > args.last || hasPreviousPage;
    window = window.slice(Math.max(0, window.length - args.last));
  }
  const edges = window.map((node) => ({ node, cursor: encodeCursor(keyOf(node)) }));
  return {
    nodes: window,
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
