// Shopify's `query:` search syntax, enough for what Encore sends: `tag:x`, `status:active`, `vendor:'Burr & Co.'`,
// `updated_at:>2026-11-01T00:00:00Z`, `-tag:gift`, `NOT x`, `a OR b`, implicit AND, parentheses, `prefix*` and free
// text. Each resource declares which fields it understands; like Shopify, an unknown field is ignored (it matches
// everything) and reported as a search warning instead of failing the request.

export type Comparator = ':' | ':<' | ':<=' | ':>' | ':>=';

export type SearchNode =
  | { kind: 'and'; items: SearchNode[] }
  | { kind: 'or'; items: SearchNode[] }
  | { kind: 'not'; item: SearchNode }
  | { kind: 'term'; field: string | null; comparator: Comparator; value: string };

type Token = { type: 'lparen' } | { type: 'rparen' } | { type: 'word'; text: string; negated: boolean };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '(') {
      tokens.push({ type: 'lparen' });
      i++;
      continue;
    }
    if (ch === ')') {
      tokens.push({ type: 'rparen' });
      i++;
      continue;
    }
    let negated = false;
    if (ch === '-' && i + 1 < input.length && !/\s/.test(input[i + 1]!)) {
      negated = true;
      i++;
    }
    let text = '';
    while (i < input.length && !/\s/.test(input[i]!) && input[i] !== ')' && input[i] !== '(') {
      const c = input[i]!;
      if (c === '"' || c === "'") {
        const close = input.indexOf(c, i + 1);
        const end = close === -1 ? input.length : close;
        text += input.slice(i + 1, end);
        i = end + 1;
        continue;
      }
      if (c === '\\' && i + 1 < input.length) {
        text += input[i + 1];
        i += 2;
        continue;
      }
      text += c;
      i++;
    }
    tokens.push({ type: 'word', text, negated });
  }
  return tokens;
}

function termOf(text: string): SearchNode {
  const match = /^([a-zA-Z_][a-zA-Z0-9_.]*):(<=|>=|<|>)?(.*)$/.exec(text);
  if (!match) return { kind: 'term', field: null, comparator: ':', value: text };
  return { kind: 'term', field: match[1]!.toLowerCase(), comparator: `:${match[2] ?? ''}` as Comparator, value: match[3]! };
}

export function parseSearchQuery(input: string): SearchNode {
  const tokens = tokenize(input);
  let position = 0;

  function parseOr(): SearchNode {
    const items = [parseAnd()];
    while (position < tokens.length) {
      const token = tokens[position]!;
      if (token.type === 'word' && !token.negated && token.text === 'OR') {
        position++;
        items.push(parseAnd());
      } else break;
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }

  function parseAnd(): SearchNode {
    const items: SearchNode[] = [];
    while (position < tokens.length) {
      const token = tokens[position]!;
      if (token.type === 'rparen') break;
      if (token.type === 'word' && !token.negated && token.text === 'OR') break;
      if (token.type === 'word' && !token.negated && token.text === 'AND') {
        position++;
        continue;
      }
      items.push(parseUnary());
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  }

  function parseUnary(): SearchNode {
    const token = tokens[position]!;
    if (token.type === 'word' && !token.negated && token.text === 'NOT') {
      position++;
      return { kind: 'not', item: parseUnary() };
    }
    if (token.type === 'lparen') {
      position++;
      const inner = parseOr();
      if (tokens[position]?.type === 'rparen') position++;
      return inner;
    }
    position++;
    if (token.type !== 'word') return { kind: 'and', items: [] };
    const term = termOf(token.text);
    return token.negated ? { kind: 'not', item: term } : term;
  }

  if (tokens.length === 0) return { kind: 'and', items: [] };
  return parseOr();
}

/** How one search field reads a record: as text (tags, handles…), as a number, or as a date. */
export type FieldReader<T> =
  | { type: 'text'; read: (record: T) => string | readonly string[] | null | undefined }
  | { type: 'number'; read: (record: T) => number | null | undefined }
  | { type: 'date'; read: (record: T) => string | null | undefined }
  | { type: 'custom'; match: (record: T, comparator: Comparator, value: string) => boolean };

export interface SearchSchema<T> {
  fields: Record<string, FieldReader<T>>;
  /** Fields searched by a bare word. */
  defaultText: (record: T) => string[];
}

export interface SearchWarning {
  field: string;
  message: string;
}

function compare(actual: number, comparator: Comparator, expected: number): boolean {
  switch (comparator) {
    case ':':
      return actual === expected;
    case ':<':
      return actual < expected;
    case ':<=':
      return actual <= expected;
    case ':>':
      return actual > expected;
    case ':>=':
      return actual >= expected;
  }
}

function textMatches(candidate: string, value: string): boolean {
  const c = candidate.toLowerCase();
  const v = value.toLowerCase();
  if (v === '*') return c.length > 0;
  if (v.endsWith('*')) return c.startsWith(v.slice(0, -1));
  return c === v;
}

function dateValue(value: string, now: Date): number {
  if (value === 'now') return now.getTime();
  // A bare date compares from the start of that day (UTC), like Shopify's date filters.
  const parsed = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return parsed;
}

export function matchesSearch<T>(record: T, node: SearchNode, schema: SearchSchema<T>, now: Date, warnings: SearchWarning[]): boolean {
  switch (node.kind) {
    case 'and':
      return node.items.every((item) => matchesSearch(record, item, schema, now, warnings));
    case 'or':
      return node.items.some((item) => matchesSearch(record, item, schema, now, warnings));
    case 'not':
      return !matchesSearch(record, node.item, schema, now, warnings);
    case 'term': {
      if (node.field === null) {
        const words = schema.defaultText(record).map((w) => w.toLowerCase());
        const needle = node.value.toLowerCase().replace(/\*$/, '');
        return words.some((w) => w.includes(needle));
      }
      const reader = schema.fields[node.field];
      if (!reader) {
        if (!warnings.some((w) => w.field === node.field)) {
          warnings.push({ field: node.field, message: 'Invalid search field for this query.' });
        }
        return true;
      }
      switch (reader.type) {
        case 'custom':
          return reader.match(record, node.comparator, node.value);
        case 'text': {
          const actual = reader.read(record);
          const list = actual == null ? [] : typeof actual === 'string' ? [actual] : actual;
          return list.some((candidate) => textMatches(candidate, node.value));
        }
        case 'number': {
          const actual = reader.read(record);
          const expected = Number(node.value);
          return actual != null && Number.isFinite(expected) && compare(actual, node.comparator, expected);
        }
        case 'date': {
          const actual = reader.read(record);
          const expected = dateValue(node.value, now);
          if (actual == null || Number.isNaN(expected)) return false;
          const actualMs = Date.parse(actual);
          if (node.comparator === ':' && /^\d{4}-\d{2}-\d{2}$/.test(node.value)) {
            return actualMs >= expected && actualMs < expected + 86_400_000;
          }
          return compare(actualMs, node.comparator, expected);
        }
      }
    }
  }
}

export interface SearchResult<T> {
  items: T[];
  warnings: SearchWarning[];
}

export function search<T>(records: readonly T[], query: string | null | undefined, schema: SearchSchema<T>, now: Date): SearchResult<T> {
  if (!query?.trim()) return { items: [...records], warnings: [] };
  const tree = parseSearchQuery(query);
  const warnings: SearchWarning[] = [];
  const items = records.filter((record) => matchesSearch(record, tree, schema, now, warnings));
  return { items, warnings };
}
