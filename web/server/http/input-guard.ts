// The one check every parsed request passes before a route sees it: text the databases cannot store and JSON
// nested deeper than the app's storage accepts are refused with a 400 naming the field, instead of reaching Prisma
// and coming back as a 500. Measured on Prisma 6.19 (both providers) and the databases behind it:
// - an unpaired UTF-16 surrogate ("\ud800" is valid JSON, and JSON.parse keeps it) makes Prisma's query compiler
//   fail on any String or Json field ("JSON Error: unexpected end of hex escape");
// - NUL ("\u0000") is refused by PostgreSQL in text (22021) and jsonb (22P05), and silently cuts the text short on
//   SQLite: refused everywhere, so no provider loses data;
// - Prisma refuses Json values nested about 124 levels deep (its JSON parser's recursion limit of 128, less the
//   query around the value); SQLite's JSON functions stop at 1,000 levels; JSON.stringify overflows the stack at a
//   few thousand, which JSON.parse (not recursive) accepts. No request of the app needs more than a dozen.
// Query strings and paths carry NUL as %00; they cannot carry surrogates (invalid percent-encodings decode to
// U+FFFD in query strings and are refused as malformed in paths).
import type { RequestHandler } from 'express';
import { type FieldProblem, UnreadableInputError } from '../errors.js';

/** Containers (objects and arrays) nested in one another, the body itself being the first level. */
export const MAX_JSON_DEPTH = 64;
/** Problems reported at most per request: enough to fix a request, bounded for hostile ones. */
const MAX_PROBLEMS = 10;
/** Path segments shown for a too-deep value before "…". */
const SHOWN_SEGMENTS = 8;

const NUL = '\u0000';
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string cannot be stored, or null when it can. */
export function unstorableText(text: string): string | null {
  if (text.includes(NUL)) return 'contains a NUL character (\\u0000), which cannot be stored; remove it';
  const surrogate = UNPAIRED_SURROGATE.exec(text)?.[0];
  if (surrogate !== undefined) {
    const code = `\\u${surrogate.charCodeAt(0).toString(16).padStart(4, '0')}`;
    return `contains an unpaired UTF-16 surrogate (${code}), which is not valid Unicode; send whole characters only`;
  }
  return null;
}

interface Node {
  value: unknown;
  /** The property name or array index under which the value sits; null for the root. */
  key: string | null;
  /** Whether `key` is a property name (checked like any text) rather than an array index. */
  named: boolean;
  parent: Node | null;
  depth: number;
}

/** A key as it can be shown in a message: escaped like JSON does, so NULs and lone surrogates stay visible. */
function shown(key: string): string {
  return JSON.stringify(key).slice(1, -1);
}

function pathOf(node: Node, prefix: string, limit = Number.POSITIVE_INFINITY): string {
  const segments: string[] = [];
  for (let at: Node | null = node; at && at.key !== null; at = at.parent) segments.push(shown(at.key));
  segments.reverse();
  const visible = segments.length > limit ? [...segments.slice(0, limit), '…'] : segments;
  return [prefix, ...visible].filter((s) => s !== '').join('.');
}

export interface JsonInputProblems {
  /** Set when the value is nested deeper than MAX_JSON_DEPTH; nothing below that level was looked at. */
  tooDeep: FieldProblem | null;
  /** Strings (keys or values) that cannot be stored. */
  text: FieldProblem[];
}

/**
 * Walks a parsed JSON value (without recursion: a hostile body can be thousands of levels deep) and reports the
 * strings that cannot be stored and whether it is nested too deep. `prefix` starts each field ("query", …).
 */
export function findJsonInputProblems(value: unknown, prefix = '', maxDepth = MAX_JSON_DEPTH): JsonInputProblems {
  const problems: JsonInputProblems = { tooDeep: null, text: [] };
  const stack: Node[] = [{ value, key: null, named: false, parent: null, depth: 0 }];
  while (stack.length > 0 && problems.text.length < MAX_PROBLEMS) {
    const node = stack.pop() as Node;
    const { value: current } = node;
    const badKey = node.named && node.key !== null ? unstorableText(node.key) : null;
    if (badKey) problems.text.push({ field: pathOf(node, prefix), message: `The field name ${badKey}.` });
    if (typeof current === 'string') {
      const why = unstorableText(current);
      if (why) problems.text.push({ field: pathOf(node, prefix), message: `The text ${why}.` });
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    const depth = node.depth + 1;
    if (depth > maxDepth) {
      problems.tooDeep ??= {
        field: pathOf(node, prefix, SHOWN_SEGMENTS),
        message: `Nested more than ${maxDepth} levels deep; at most ${maxDepth} levels are accepted.`,
      };
      continue;
    }
    const entries: Array<[string, unknown]> = Array.isArray(current)
      ? current.map((item, index) => [String(index), item])
      : Object.entries(current);
    // Pushed in reverse so that problems come out in document order.
    const named = !Array.isArray(current);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i] as [string, unknown];
      stack.push({ value: item, key, named, parent: node, depth });
    }
  }
  return problems;
}

/** Throws the 400 a request with these problems gets; returns when there are none. */
function refuse(problems: JsonInputProblems, where: string): void {
  if (problems.text.length > 0) {
    throw new UnreadableInputError(
      'invalid_text',
      `The ${where} contains text that is not valid Unicode or cannot be stored (NUL characters, unpaired surrogates); see each field.`,
      problems.text,
    );
  }
  if (problems.tooDeep) {
    throw new UnreadableInputError('too_deeply_nested', `The ${where} is nested too deeply (at most ${MAX_JSON_DEPTH} levels).`, [
      problems.tooDeep,
    ]);
  }
}

/** Bodies already checked (the app and a router may both mount the check). */
const checked = new WeakSet<object>();

/**
 * Mount after the JSON body parser: refuses (400) a request whose path, query string or parsed body holds text
 * that cannot be stored, or a body nested too deeply. A body is checked once, however often this runs.
 */
export function refuseUnstorableInput(): RequestHandler {
  return (req, _res, next) => {
    // The raw path: Express decodes parameters later, per route. %00 is the only escape that decodes to NUL.
    if (req.path.includes('%00')) {
      throw new UnreadableInputError('invalid_text', 'The URL contains a NUL character (%00); remove it.', [
        { field: 'path', message: 'Contains a NUL character (%00).' },
      ]);
    }
    refuse(findJsonInputProblems(req.query, 'query'), 'query string');
    const body: unknown = req.body;
    if (typeof body === 'object' && body !== null) {
      if (checked.has(body)) return next();
      refuse(findJsonInputProblems(body), 'request body');
      checked.add(body);
    } else if (typeof body === 'string') {
      refuse(findJsonInputProblems(body), 'request body');
    }
    next();
  };
}
