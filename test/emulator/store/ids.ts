// Global ids as Shopify formats them: gid://shopify/<Type>/<legacy id>. Numeric legacy ids are what the REST-style
// webhook payloads and the post-purchase extension use; both forms must always name the same record.

export function gid(type: string, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

export interface ParsedGid {
  type: string;
  /** The part after the type: numeric for most resources, opaque hex for a few (CustomerPaymentMethod). */
  id: string;
}

const GID_PATTERN = /^gid:\/\/shopify\/([A-Za-z]+)\/([^/?#]+)(?:\?.*)?$/;

export function parseGid(value: string): ParsedGid | null {
  const match = GID_PATTERN.exec(value);
  if (!match) return null;
  return { type: match[1]!, id: match[2]! };
}

/** Whether a string is a syntactically valid Shopify global id (what Shopify checks when coercing an ID input). */
export function isGid(value: string): boolean {
  return GID_PATTERN.test(value);
}

/** The numeric id of a GID of the expected type, or null when it is another type or not numeric. */
export function numericIdOf(value: string, expectedType: string | readonly string[]): number | null {
  const parsed = parseGid(value);
  if (!parsed) return null;
  const types = typeof expectedType === 'string' ? [expectedType] : expectedType;
  if (!types.includes(parsed.type)) return null;
  if (!/^\d+$/.test(parsed.id)) return null;
  const id = Number(parsed.id);
  return Number.isSafeInteger(id) ? id : null;
}

/** Hands out fresh numeric ids above anything the seed uses, shared by every shop of one emulator. */
export class IdSequence {
  private next: number;
  constructor(start = 9_100_000_000_000) {
    this.next = start;
  }
  take(): number {
    this.next += 1;
    return this.next;
  }
}
