// Test support: fast-check arbitraries for hostile HTTP input, reusable by any endpoint's property test. Bodies are
// built as wire text (or bytes), not as objects, so they can hold what JSON.stringify cannot write: duplicated keys,
// numbers beyond double range, nesting deeper than JSON.stringify's stack allows, invalid UTF-8.
//
// The usual way in is `hostileBody(template)`: a valid request body with one hostile change (a value replaced, a
// key added or duplicated), or something that is not that body at all (other JSON, not JSON, wrong bytes, wrong
// content type). Paths and query strings have their own arbitraries.
import fc from 'fast-check';

/** Code units that are not valid Unicode on their own. */
export const LONE_HIGH_SURROGATE = '\ud800';
export const LONE_LOW_SURROGATE = '\udfff';

/** Depths around the limits that matter: the app's (64), Prisma's JSON parser (~124), SQLite JSON (1,000), the stack. */
export const HOSTILE_DEPTHS = [63, 64, 65, 123, 124, 125, 999, 1000, 1001, 10_000] as const;

/** A JSON array nested `depth` levels deep, as text (JSON.stringify would overflow the stack past a few thousand). */
export function nestedArrayText(depth: number, innermost = '0'): string {
  return `${'['.repeat(depth)}${innermost}${']'.repeat(depth)}`;
}

/** A JSON object nested `depth` levels deep under the key `key`, as text. */
export function nestedObjectText(depth: number, key = 'a', innermost = '0'): string {
  return `${`{${JSON.stringify(key)}:`.repeat(depth)}${innermost}${'}'.repeat(depth)}`;
}

/** Any UTF-16 code unit, lone surrogates and NUL included. */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

/** Strings no database should see as they are, and strings that are fine but unusual. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    LONE_HIGH_SURROGATE,
    LONE_LOW_SURROGATE,
    `a${LONE_HIGH_SURROGATE}b`,
    `${LONE_LOW_SURROGATE}${LONE_HIGH_SURROGATE}`, // a pair in the wrong order
    `${'x'.repeat(300)}${LONE_HIGH_SURROGATE}`,
    '\u0000',
    'before\u0000after',
    '\u0000\ud800',
    '__proto__',
    'constructor',
    'prototype',
    '%00',
    '\'; DROP TABLE "Shop"; --',
    '../../etc/passwd',
    '\u202e\u200b\ufeff\uffff\ufffe',
    '😀'.repeat(3),
    'gid://shopify/ProductVariant/99999999999999999999999',
    '',
    ' ',
  ),
  fc.string({ unit: anyCodeUnit, maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(10_000, 70_000, 200_000).map((length) => 'x'.repeat(length)),
);

/** Numbers as JSON text: beyond double range, beyond safe integers, negative zero, fractions. */
export const hostileNumberText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '1e400',
    '-1e400',
    '1e-400',
    '-0',
    '0.1',
    '1.7976931348623157e308',
    '9007199254740993',
    '123456789012345678901234567890',
    '-1',
    '0',
    '4294967296',
    '2e9',
  ),
  fc.double().map((n) => (Number.isFinite(n) ? JSON.stringify(n) : '1e999')),
  fc.integer().map(String),
);

/** A JSON value as text that is likely to break something: hostile text, numbers, deep nesting, prototype keys. */
export const hostileJsonText: fc.Arbitrary<string> = fc.oneof(
  hostileText.map((text) => JSON.stringify(text)),
  hostileNumberText,
  fc.constantFrom('null', 'true', 'false', '[]', '{}', '""'),
  fc.constantFrom(...HOSTILE_DEPTHS).chain((depth) => fc.constantFrom(nestedArrayText(depth), nestedObjectText(depth))),
  fc.constantFrom(
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '{"a":1,"a":"\\ud800"}',
    '{"\\u0000":1}',
    '{"\\ud800":1}',
    `[${'0,'.repeat(30_000)}0]`,
  ),
  hostileText.map((text) => `[${JSON.stringify(text)}]`),
  fc.json({ maxDepth: 4 }),
);

/** A key to add to an object: prototype names, invalid text, the empty key, a long key. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', 'x'.repeat(5_000)),
  hostileText,
);

/** A request as sent: the body (text or bytes, or none) and the headers that describe it. */
export interface WireBody {
  /** What was done to the body, for failure reports. */
  description: string;
  body: string | Uint8Array | null;
  /** null: no Content-Type header at all. */
  contentType: string | null;
  contentEncoding?: string;
}

const JSON_TYPE = 'application/json';

/** Content types a client could send by mistake (or on purpose). */
export const hostileContentType: fc.Arbitrary<string | null> = fc.constantFrom(
  null,
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/vnd.api+json',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; charset=nonsense',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json, text/plain',
);

/** Bodies that are not JSON, or not UTF-8, or not what the header says. */
export const notJsonBody: fc.Arbitrary<WireBody> = fc.oneof(
  fc
    .constantFrom(
      '',
      '{',
      '{"a":',
      'null',
      '"text"',
      '42',
      'undefined',
      '{a:1}',
      "{'a':1}",
      '\ufeff{}',
      'NaN',
      '[1,]',
      '{"a":1}{"b":2}',
      '[]',
    )
    .map((body): WireBody => ({ description: `not a JSON object: ${JSON.stringify(body).slice(0, 40)}`, body, contentType: JSON_TYPE })),
  fc.string({ unit: anyCodeUnit, maxLength: 200 }).map((body): WireBody => ({ description: 'random text', body, contentType: JSON_TYPE })),
  fc
    .constantFrom(
      // invalid UTF-8, an overlong NUL, a surrogate encoded in UTF-8 (CESU-8), inside a JSON string
      [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d],
      [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc0, 0x80, 0x22, 0x7d],
      [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d],
    )
    .map((bytes): WireBody => ({ description: `bytes ${bytes.join(',')}`, body: Uint8Array.from(bytes), contentType: JSON_TYPE })),
  fc.uint8Array({ maxLength: 300 }).map((bytes): WireBody => ({ description: 'random bytes', body: bytes, contentType: JSON_TYPE })),
  fc.constantFrom('gzip', 'deflate', 'br', 'x-unknown', 'identity').map(
    (encoding): WireBody => ({
      description: `Content-Encoding ${encoding} on a plain body`,
      body: '{"a":1}',
      contentType: JSON_TYPE,
      contentEncoding: encoding,
    }),
  ),
);

type JsonPath = ReadonlyArray<string | number>;

/** Every path into a JSON value (the root included), containers and leaves. */
function pathsOf(value: unknown, at: JsonPath = []): JsonPath[] {
  const here: JsonPath[] = [at];
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) here.push(...pathsOf(item, [...at, index]));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) here.push(...pathsOf(item, [...at, key]));
  }
  return here;
}

const SENTINEL = '@@hostile-value@@';
const SENTINEL_KEY = '@@hostile-key@@';

/** `template` with the value at `path` replaced by `set(old)`; a deep copy, the template is left alone. */
function withValue(template: unknown, path: JsonPath, set: (old: unknown) => unknown): unknown {
  if (path.length === 0) return set(template);
  const copy: unknown = structuredClone(template);
  let parent = copy as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  parent[last] = set(parent[last]);
  return copy;
}

function valueAt(value: unknown, path: JsonPath): unknown {
  return path.reduce<unknown>((at, segment) => (at as Record<string | number, unknown>)[segment], value);
}

/** Text that stays close to `original` (so the field's own validation may still pass) but cannot be stored. */
function spoiled(original: string): fc.Arbitrary<string> {
  const middle = Math.floor(original.length / 2);
  return fc.oneof(
    fc.constantFrom(
      `${original}\u0000`,
      `${original}${LONE_HIGH_SURROGATE}`,
      `${LONE_LOW_SURROGATE}${original}`,
      `${original.slice(0, middle)}\u0000${original.slice(middle)}`,
      `${original.slice(0, middle)}${LONE_HIGH_SURROGATE}${original.slice(middle)}`,
      `${original}${'😀'.repeat(2)}`,
    ),
    hostileText,
  );
}

/**
 * The body `template` (valid for its endpoint) with one hostile change. Most often a string is spoiled in place,
 * since a string that passes a field's validation is what reaches the database; otherwise a value is replaced by
 * hostile JSON, a hostile key is added to an object or a key repeated, the body is wrapped in an array or sent with
 * another content type.
 */
export function mutatedBody(template: unknown): fc.Arbitrary<WireBody> {
  const paths = pathsOf(template);
  const objects = paths.filter((path) => {
    const value = valueAt(template, path);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  });
  const strings = paths.filter((path) => typeof valueAt(template, path) === 'string');
  const text = (value: unknown) => JSON.stringify(value);
  const spoiledString = fc.constantFrom(...(strings.length > 0 ? strings : paths)).chain((path) => {
    const original = valueAt(template, path);
    return spoiled(typeof original === 'string' ? original : '').map(
      (value): WireBody => ({
        description: `string at ${path.join('.') || '(root)'} spoiled: ${JSON.stringify(value).slice(0, 60)}`,
        body: text(withValue(template, path, () => value)),
        contentType: JSON_TYPE,
      }),
    );
  });
  return fc.oneof(
    { arbitrary: spoiledString, weight: 4 },
    fc.record({ path: fc.constantFrom(...paths), value: hostileJsonText }).map(
      ({ path, value }): WireBody => ({
        description: `value at ${path.join('.') || '(root)'} replaced by ${value.slice(0, 60)}`,
        body: text(withValue(template, path, () => SENTINEL)).replace(JSON.stringify(SENTINEL), () => value),
        contentType: JSON_TYPE,
      }),
    ),
    fc.record({ path: fc.constantFrom(...objects), key: hostileKey, value: hostileJsonText }).map(
      ({ path, key, value }): WireBody => ({
        description: `key ${JSON.stringify(key).slice(0, 40)} added at ${path.join('.') || '(root)'} with ${value.slice(0, 60)}`,
        body: text(withValue(template, path, (old) => ({ ...(old as object), [SENTINEL_KEY]: SENTINEL }))).replace(
          `${JSON.stringify(SENTINEL_KEY)}:${JSON.stringify(SENTINEL)}`,
          () => `${JSON.stringify(key)}:${value}`,
        ),
        contentType: JSON_TYPE,
      }),
    ),
    fc.record({ path: fc.constantFrom(...objects), value: hostileJsonText }).chain(({ path, value }) => {
      const target = valueAt(template, path) as Record<string, unknown>;
      const keys = Object.keys(target);
      if (keys.length === 0) return fc.constant<WireBody>({ description: 'empty object', body: text(template), contentType: JSON_TYPE });
      return fc.constantFrom(...keys).map(
        (key): WireBody => ({
          description: `key ${key} at ${path.join('.') || '(root)'} repeated with ${value.slice(0, 60)}`,
          body: text(withValue(template, path, (old) => ({ ...(old as object), [SENTINEL_KEY]: SENTINEL }))).replace(
            `${JSON.stringify(SENTINEL_KEY)}:${JSON.stringify(SENTINEL)}`,
            () => `${JSON.stringify(key)}:${value}`,
          ),
          contentType: JSON_TYPE,
        }),
      );
    }),
    fc.constant<WireBody>({ description: 'the body wrapped in an array', body: `[${text(template)}]`, contentType: JSON_TYPE }),
    hostileContentType.map(
      (contentType): WireBody => ({
        description: `the valid body sent as ${contentType ?? 'no content type'}`,
        body: text(template),
        contentType,
      }),
    ),
  );
}

/** Any hostile body for an endpoint whose valid body is `template` (or that takes none, when it is undefined). */
export function hostileBody(template?: unknown): fc.Arbitrary<WireBody> {
  const other = fc.oneof(
    notJsonBody,
    hostileJsonText.map((body): WireBody => ({ description: `hostile JSON ${body.slice(0, 60)}`, body, contentType: JSON_TYPE })),
    fc.constant<WireBody>({ description: 'no body', body: null, contentType: null }),
  );
  return template === undefined ? other : fc.oneof({ arbitrary: mutatedBody(template), weight: 4 }, { arbitrary: other, weight: 1 });
}

/** A path segment where an id goes: percent-encoded NUL and surrogates, broken escapes, traversal, very long. */
export const hostilePathSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '%00',
    'a%00b',
    '%ED%A0%80', // a UTF-16 surrogate, UTF-8 encoded: not valid UTF-8
    '%C0%80',
    '%',
    '%zz',
    '%E0%A4%A',
    '..%2F..%2Fetc%2Fpasswd',
    '%2e%2e',
    '__proto__',
    'constructor',
    encodeURIComponent('😀'),
    '%20',
    '-1',
    '0',
    '99999999999999999999',
    encodeURIComponent('gid://shopify/Product/1'),
    'x'.repeat(5_000),
  ),
  fc.string({ unit: anyCodeUnit, minLength: 1, maxLength: 30 }).map(percentEncode),
);

/**
 * Percent-encodes any string, lone surrogates included (encodeURIComponent throws on them): each is written as the
 * three bytes UTF-8 would give its code point, which is not valid UTF-8, as a careless client would send it.
 */
export function percentEncode(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(char);
    }
  }
  return out;
}

/** A query string (without "?"): garbage dates, huge limits, repeated and bracketed keys, NUL, broken escapes. */
export const hostileQuery: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'from=garbage',
    'from=0000-01-01&to=0000-01-02',
    'from=9999-12-30&to=9999-12-31',
    'from=2026-13-45',
    'to=1969-12-31',
    'from=2026-01-01T00:00:00%2B99:99',
    'limit=1e308',
    'limit=-1',
    'limit=99999999999999999999',
    'limit=NaN',
    'limit=0x10',
    'cursor=%00',
    'cursor=garbage',
    'status=%ED%A0%80',
    'name=%00',
    'groupBy=__proto__',
    'groupBy[]=funnel',
    'a[b][c]=d',
    '%00=1',
    '__proto__[polluted]=1',
    'enabled=yes',
    'surface=%FF',
    'version=1e400',
    'version=-0',
    `related=${Array.from({ length: 11 }, (_, i) => `k${i}`).join('&related=')}`,
    `cursor=${'x'.repeat(8_000)}`,
    'funnelId=%00',
    '&&&==&=',
  ),
  fc
    .array(
      fc.tuple(
        fc.constantFrom(
          'from',
          'to',
          'groupBy',
          'limit',
          'cursor',
          'status',
          'name',
          'surface',
          'enabled',
          'version',
          'related',
          'funnelId',
          'shop',
        ),
        hostileText,
      ),
      { maxLength: 3 },
    )
    .map((pairs) => pairs.map(([key, value]) => `${key}=${percentEncode(value.slice(0, 2_000))}`).join('&')),
);

/** A stack frame, a source file or a module path in a response body: none may reach a client. */
export const LEAKED_INTERNALS =
  /\n\s*at\s|\bat\s+\S+\s+\(|node_modules|\.(?:ts|js|mjs|cjs):\d+|file:\/\/|\/web\/server\/|Prisma|DriverAdapterError/;
