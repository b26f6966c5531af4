// Metafields on any owner (shop, product, variant, customer, order, app installation), with Shopify's checks on
// metafieldsSet: at most 25 per call, namespace/key format, a known type, a value valid for its type and within its
// size limit, an existing owner. `$app` (and `$app:suffix`) resolve to the app-reserved namespace
// `app--<apiClientId>[--suffix]`.
//
// Sources: the 2026-07 schema's `MetafieldsSetInput` descriptions (namespace "Must be 3-255 characters long", key
// "Must be 2-64 characters long", both alphanumeric, hyphen and underscore; at most 25 per call); size limits from
// https://shopify.dev/docs/apps/build/metafields/metafield-limits (most types 64KB = 65,536 bytes, `id` and `url`
// 2KB, lists at most 128 items, metaobject reference lists 256) and, for `json`, the 2026-04 changelog
// https://shopify.dev/changelog/reduced-metafield-value-sizes ("JSON type metafield writes will be limited to
// 128KB" from API 2026-04; apps that wrote JSON before April 2026 keep 2MB, which the emulator's app never has).
import crypto from 'node:crypto';
import { numericIdOf, parseGid } from './ids.js';
import type { MetafieldRecord } from './records.js';
import type { ShopStore } from './shop-store.js';

export const METAFIELDS_SET_LIMIT = 25;
export const NAMESPACE_MIN_LENGTH = 3;

/**
 * A `json` value's limit. The changelog says 128KB without a byte count; the limits page counts 64KB as 65,536
 * bytes, which would make this 131,072. The emulator takes the smaller reading, 128,000 UTF-8 bytes, so what fits
 * here fits on Shopify.
 */
export const JSON_VALUE_LIMIT_BYTES = 128_000;
const VALUE_LIMIT_BYTES: Record<string, number> = { json: JSON_VALUE_LIMIT_BYTES, id: 2_048, url: 2_048 };
const DEFAULT_VALUE_LIMIT_BYTES = 65_536;
export const LIST_ITEMS_LIMIT = 128;
const LIST_ITEMS_LIMITS: Record<string, number> = { metaobject_reference: 256 };

/** A problem with the value's size for its type, or null. Sizes are UTF-8 bytes (the stricter reading of "KB"). */
export function valueSizeProblem(type: string, value: string): { message: string; code: 'TOO_LONG' | 'LESS_THAN_OR_EQUAL_TO' } | null {
  if (type.startsWith('list.')) {
    const base = type.slice(5);
    let items: unknown;
    try {
      items = JSON.parse(value);
    } catch {
      return null; // valueProblem reports it
    }
    if (!Array.isArray(items)) return null;
    const maxItems = LIST_ITEMS_LIMITS[base] ?? LIST_ITEMS_LIMIT;
    if (items.length > maxItems) return { message: `Value has too many items (maximum is ${maxItems}).`, code: 'LESS_THAN_OR_EQUAL_TO' };
    for (const item of items) {
      const problem = valueSizeProblem(base, typeof item === 'string' ? item : JSON.stringify(item));
      if (problem) return problem;
    }
    return null;
  }
  const limit = VALUE_LIMIT_BYTES[type] ?? DEFAULT_VALUE_LIMIT_BYTES;
  const size = Buffer.byteLength(value, 'utf8');
  return size > limit
    ? { message: `Value is too long (maximum is ${limit.toLocaleString('en-US')} bytes for a ${type} metafield).`, code: 'TOO_LONG' }
    : null;
}

export interface MetafieldProblem {
  field: string[];
  message: string;
  code: string;
  elementIndex: number | null;
}

const SCALAR_TYPES = new Set([
  'boolean',
  'color',
  'date',
  'date_time',
  'dimension',
  'json',
  'money',
  'multi_line_text_field',
  'number_decimal',
  'number_integer',
  'rating',
  'rich_text_field',
  'single_line_text_field',
  'url',
  'volume',
  'weight',
  'link',
  'id',
]);

const REFERENCE_TYPES: Record<string, string> = {
  product_reference: 'Product',
  variant_reference: 'ProductVariant',
  collection_reference: 'Collection',
  customer_reference: 'Customer',
  order_reference: 'Order',
  file_reference: 'MediaImage',
  page_reference: 'Page',
  metaobject_reference: 'Metaobject',
  company_reference: 'Company',
};

export function isKnownType(type: string): boolean {
  const base = type.startsWith('list.') ? type.slice(5) : type;
  return SCALAR_TYPES.has(base) || base in REFERENCE_TYPES;
}

export function resolveNamespace(store: ShopStore, namespace: string | null | undefined): string {
  if (!namespace) return store.appNamespace;
  if (namespace === '$app') return store.appNamespace;
  if (namespace.startsWith('$app:')) return `${store.appNamespace}--${namespace.slice(5)}`;
  return namespace;
}

function referenceExists(store: ShopStore, type: string, value: string): boolean {
  const parsed = parseGid(value);
  if (!parsed || parsed.type !== type) return false;
  const id = Number(parsed.id);
  switch (type) {
    case 'Product':
      return store.products.has(id);
    case 'ProductVariant':
      return store.variants.has(id);
    case 'Collection':
      return store.collections.has(id);
    case 'Customer':
      return store.customers.has(id);
    case 'Order':
      return store.orders.has(id);
    default:
      return true;
  }
}

/** Returns an explanation when `value` is not valid for `type`, or null. Wording follows Shopify's admin. */
export function valueProblem(store: ShopStore, type: string, value: string): string | null {
  if (type.startsWith('list.')) {
    let items: unknown;
    try {
      items = JSON.parse(value);
    } catch {
      return 'Value must be a JSON array.';
    }
    if (!Array.isArray(items)) return 'Value must be a JSON array.';
    for (const item of items) {
      const problem = valueProblem(store, type.slice(5), typeof item === 'string' ? item : JSON.stringify(item));
      if (problem) return problem;
    }
    return null;
  }
  const reference = REFERENCE_TYPES[type];
  if (reference) return referenceExists(store, reference, value) ? null : `Value must be a valid ${reference} reference.`;
  switch (type) {
    case 'single_line_text_field':
      return /[\r\n]/.test(value) ? 'Value must be a single line text string.' : null;
    case 'multi_line_text_field':
    case 'rich_text_field':
    case 'id':
      return null;
    case 'number_integer':
      return /^-?\d+$/.test(value.trim()) && Number.isSafeInteger(Number(value)) ? null : 'Value must be an integer.';
    case 'number_decimal':
      return /^-?\d+(\.\d+)?$/.test(value.trim()) ? null : 'Value must be a decimal.';
    case 'boolean':
      return value === 'true' || value === 'false' ? null : 'Value must be true or false.';
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? null : 'Value must be in YYYY-MM-DD format.';
    case 'date_time':
      return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(value) && !Number.isNaN(Date.parse(value))
        ? null
        : 'Value must be in YYYY-MM-DDTHH:MM:SS format.';
    case 'color':
      return /^#[0-9a-fA-F]{6}$/.test(value) ? null : 'Value must be a hex color code (#RRGGBB).';
    case 'url':
      try {
        const url = new URL(value);
        return ['http:', 'https:', 'mailto:', 'sms:', 'tel:'].includes(url.protocol)
          ? null
          : 'Value must be a valid URL with an allowed scheme.';
      } catch {
        return 'Value must be a valid URL.';
      }
    case 'json':
      try {
        JSON.parse(value);
        return null;
      } catch {
        return 'Value must be valid JSON.';
      }
    case 'money':
    case 'dimension':
    case 'weight':
    case 'volume':
    case 'rating':
    case 'link': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        return 'Value must be valid JSON.';
      }
      if (!parsed || typeof parsed !== 'object') return 'Value must be a JSON object.';
      if (type === 'money') {
        const money = parsed as { amount?: unknown; currency_code?: unknown };
        if (typeof money.amount !== 'string' || !/^-?\d+(\.\d+)?$/.test(money.amount)) return 'Value must include a decimal amount.';
        if (typeof money.currency_code !== 'string') return 'Value must include a currency_code.';
      }
      return null;
    }
    default:
      return null;
  }
}

/** Whether the owner GID names a record of this shop that can carry metafields. */
export function ownerExists(store: ShopStore, ownerGid: string): boolean {
  const parsed = parseGid(ownerGid);
  if (!parsed) return false;
  switch (parsed.type) {
    case 'Shop':
      return ownerGid === store.shopGid;
    case 'AppInstallation':
      return ownerGid === store.appInstallationGid;
    case 'Product':
      return store.products.has(numericIdOf(ownerGid, 'Product') ?? -1);
    case 'ProductVariant':
      return store.variants.has(numericIdOf(ownerGid, 'ProductVariant') ?? -1);
    case 'Customer':
      return store.customers.has(numericIdOf(ownerGid, 'Customer') ?? -1);
    case 'Order':
      return store.orders.has(numericIdOf(ownerGid, 'Order') ?? -1);
    case 'Collection':
      return store.collections.has(numericIdOf(ownerGid, 'Collection') ?? -1);
    case 'SellingPlan':
      return store.sellingPlans.has(numericIdOf(ownerGid, 'SellingPlan') ?? -1);
    case 'DiscountCodeNode':
    case 'DiscountNode':
      return store.discounts.has(numericIdOf(ownerGid, ['DiscountCodeNode', 'DiscountNode']) ?? -1);
    default:
      return false;
  }
}

export function compareDigestOf(record: MetafieldRecord): string {
  return crypto.createHash('sha256').update(`${record.id}:${record.updatedAt}:${record.value}`).digest('hex');
}

export interface MetafieldSetInput {
  ownerId: string;
  namespace?: string | null;
  key: string;
  type?: string | null;
  value: string;
  /** Left out: no check. null: the metafield must not exist yet. A digest: it must still have that digest. */
  compareDigest?: string | null;
}

/** Validates every input first; writes nothing when any is invalid (metafieldsSet is atomic). */
export function setMetafields(
  store: ShopStore,
  inputs: MetafieldSetInput[],
): { metafields: MetafieldRecord[]; problems: MetafieldProblem[] } {
  const problems: MetafieldProblem[] = [];
  if (inputs.length > METAFIELDS_SET_LIMIT) {
    problems.push({
      field: ['metafields'],
      message: `Exceeded the maximum metafields input limit of ${METAFIELDS_SET_LIMIT}.`,
      code: 'LESS_THAN_OR_EQUAL_TO',
      elementIndex: null,
    });
    return { metafields: [], problems };
  }
  const plans: { input: MetafieldSetInput; namespace: string; type: string; existing: MetafieldRecord | undefined }[] = [];
  inputs.forEach((input, index) => {
    const at = (name: string): string[] => ['metafields', String(index), name];
    const namespace = resolveNamespace(store, input.namespace);
    const before = problems.length;
    if (!ownerExists(store, input.ownerId))
      problems.push({ field: at('ownerId'), message: 'Owner does not exist.', code: 'INVALID', elementIndex: index });
    if (namespace.length < NAMESPACE_MIN_LENGTH) {
      problems.push({
        field: at('namespace'),
        message: `Namespace is too short (minimum is ${NAMESPACE_MIN_LENGTH} characters)`,
        code: 'TOO_SHORT',
        elementIndex: index,
      });
    }
    if (namespace.length > 255)
      problems.push({
        field: at('namespace'),
        message: 'Namespace is too long (maximum is 255 characters)',
        code: 'TOO_LONG',
        elementIndex: index,
      });
    if (!/^[a-zA-Z0-9_-]+$/.test(namespace)) {
      problems.push({
        field: at('namespace'),
        message: 'Namespace contains one or more invalid characters.',
        code: 'INVALID',
        elementIndex: index,
      });
    }
    if (input.key.length < 2)
      problems.push({ field: at('key'), message: 'Key is too short (minimum is 2 characters)', code: 'TOO_SHORT', elementIndex: index });
    if (input.key.length > 64)
      problems.push({ field: at('key'), message: 'Key is too long (maximum is 64 characters)', code: 'TOO_LONG', elementIndex: index });
    if (!/^[a-zA-Z0-9_-]+$/.test(input.key))
      problems.push({ field: at('key'), message: 'Key contains one or more invalid characters.', code: 'INVALID', elementIndex: index });
    const existing = store.metafieldsOf(input.ownerId).find((m) => m.namespace === namespace && m.key === input.key);
    const definition = [...store.metafieldDefinitions.values()].find((d) => d.namespace === namespace && d.key === input.key);
    const type = input.type ?? existing?.type ?? definition?.type ?? null;
    if (!type) {
      problems.push({ field: at('type'), message: "Type can't be blank", code: 'BLANK', elementIndex: index });
    } else if (!isKnownType(type)) {
      problems.push({
        field: at('type'),
        message: `Type '${type}' is not a valid metafield type.`,
        code: 'INVALID_TYPE',
        elementIndex: index,
      });
    } else if (definition && definition.type !== type) {
      problems.push({
        field: at('type'),
        message: `Type must be '${definition.type}' to match the metafield definition.`,
        code: 'INVALID_TYPE',
        elementIndex: index,
      });
    } else {
      if (input.value === '') problems.push({ field: at('value'), message: "Value can't be blank", code: 'BLANK', elementIndex: index });
      else {
        const problem = valueProblem(store, type, input.value);
        const size = problem ? null : valueSizeProblem(type, input.value);
        if (problem) problems.push({ field: at('value'), message: problem, code: 'INVALID_VALUE', elementIndex: index });
        else if (size) problems.push({ field: at('value'), message: size.message, code: size.code, elementIndex: index });
      }
    }
    // compareDigest: null (sent, not left out) means "only if it does not exist yet" (Mutation.metafieldsSet).
    if (input.compareDigest === null && existing) {
      problems.push({
        field: at('compareDigest'),
        message: 'The metafield already exists, so it cannot be set with a `compareDigest` of null.',
        code: 'STALE_OBJECT',
        elementIndex: index,
      });
    }
    if (input.compareDigest && existing && input.compareDigest !== compareDigestOf(existing)) {
      problems.push({
        field: at('compareDigest'),
        message: 'The resource has been updated since it was loaded. Try again with an updated `compareDigest` value.',
        code: 'STALE_OBJECT',
        elementIndex: index,
      });
    }
    if (problems.length === before && type) plans.push({ input, namespace, type, existing });
  });
  if (problems.length > 0) return { metafields: [], problems };
  const at = store.nowIso();
  const written = plans.map(({ input, namespace, type, existing }) => {
    if (existing) {
      existing.value = input.value;
      existing.type = type;
      existing.updatedAt = at;
      return existing;
    }
    const record: MetafieldRecord = {
      id: store.newId(),
      ownerGid: input.ownerId,
      namespace,
      key: input.key,
      type,
      value: input.value,
      createdAt: at,
      updatedAt: at,
    };
    const list = store.metafields.get(input.ownerId) ?? [];
    list.push(record);
    store.metafields.set(input.ownerId, list);
    return record;
  });
  return { metafields: written, problems: [] };
}

export function deleteMetafield(store: ShopStore, ownerGid: string, namespace: string | null | undefined, key: string): boolean {
  const resolved = resolveNamespace(store, namespace);
  const list = store.metafields.get(ownerGid);
  if (!list) return false;
  const index = list.findIndex((m) => m.namespace === resolved && m.key === key);
  if (index < 0) return false;
  list.splice(index, 1);
  return true;
}

export function findMetafield(
  store: ShopStore,
  ownerGid: string,
  namespace: string | null | undefined,
  key: string,
): MetafieldRecord | undefined {
  const resolved = resolveNamespace(store, namespace);
  return store.metafieldsOf(ownerGid).find((m) => m.namespace === resolved && m.key === key);
}

export function findMetafieldById(store: ShopStore, id: number): MetafieldRecord | undefined {
  for (const list of store.metafields.values()) {
    const found = list.find((m) => m.id === id);
    if (found) return found;
  }
  return undefined;
}
