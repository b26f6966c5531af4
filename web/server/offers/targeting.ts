// Targeting compiled once per funnel into a predicate over precomputed order facts. A failed predicate returns a
// prebuilt miss (reason + merchant-readable sentence), so evaluating hundreds of funnels allocates nothing.
import type { Catalog } from './catalog.js';
import { normalizeText } from './catalog.js';
import type { DecideContext } from './context.js';
import { formatMoney } from './currency.js';
import type { LeafCondition, Targeting, TargetingCondition } from './definitions.js';

/** Everything targeting looks at, computed once per decide(). Text values are lower-cased. */
export interface OrderFacts {
  productIds: ReadonlySet<string>;
  variantIds: ReadonlySet<string>;
  collectionIds: ReadonlySet<string>;
  productTags: ReadonlySet<string>;
  vendors: ReadonlySet<string>;
  productTypes: ReadonlySet<string>;
  customerTags: ReadonlySet<string>;
  orderTags: ReadonlySet<string>;
  purchasedProductIds: ReadonlySet<string>;
  hasSubscription: boolean;
  subtotalShopMinor: number;
  previousOrderCount: number;
  shippingCountry: string | null;
  presentmentCurrency: string;
  /** "fr-ca" */
  locale: string;
  /** "fr" */
  language: string;
  salesChannel: string | null;
  /** Per-decision scratch space for work shared by several funnels (template rankings). */
  memo: Map<string, unknown>;
  /** The list-valued facts again, indexed by ListFact, as sets and as arrays (arrays iterate fastest). */
  sets: ReadonlyArray<ReadonlySet<string>>;
  lists: ReadonlyArray<readonly string[]>;
}

/** Index of a list-valued fact in OrderFacts.sets / .lists. */
export enum ListFact {
  productIds,
  variantIds,
  collectionIds,
  productTags,
  vendors,
  productTypes,
  customerTags,
  orderTags,
}

export function buildOrderFacts(context: Pick<DecideContext, 'order' | 'customer' | 'locale'>): OrderFacts {
  const { order, customer } = context;
  const productIds = new Set<string>();
  const variantIds = new Set<string>();
  const collectionIds = new Set<string>();
  const productTags = new Set<string>();
  const vendors = new Set<string>();
  const productTypes = new Set<string>();
  let hasSubscription = false;
  for (const line of order.lines) {
    productIds.add(line.productId);
    variantIds.add(line.variantId);
    for (const id of line.collectionIds) collectionIds.add(id);
    for (const tag of line.tags) productTags.add(normalizeText(tag));
    if (line.vendor) vendors.add(normalizeText(line.vendor));
    if (line.productType) productTypes.add(normalizeText(line.productType));
    if (line.sellingPlanId) hasSubscription = true;
  }
  const locale = context.locale.trim().toLowerCase().replace('_', '-');
  const customerTags = new Set((customer?.tags ?? []).map(normalizeText));
  const orderTags = new Set(order.tags.map(normalizeText));
  // same order as ListFact
  const sets = [productIds, variantIds, collectionIds, productTags, vendors, productTypes, customerTags, orderTags];
  return {
    productIds,
    variantIds,
    collectionIds,
    productTags,
    vendors,
    productTypes,
    customerTags,
    orderTags,
    purchasedProductIds: new Set(customer?.purchasedProductIds ?? []),
    hasSubscription,
    subtotalShopMinor: order.subtotal.shopMinor,
    previousOrderCount: customer?.previousOrderCount ?? 0,
    shippingCountry: order.shippingCountry ? order.shippingCountry.toUpperCase() : null,
    presentmentCurrency: order.presentmentCurrency,
    locale,
    language: locale.split('-')[0] ?? locale,
    salesChannel: order.salesChannel ? normalizeText(order.salesChannel) : null,
    memo: new Map(),
    sets,
    lists: sets.map((set) => [...set]),
  };
}

export interface TargetingMiss {
  /** Dotted path of the condition in the funnel definition. */
  field: string;
  message: string;
}

export interface CompiledTargeting {
  /** null when the order matches; otherwise the first condition (in definition order) it fails. */
  evaluate(facts: OrderFacts): TargetingMiss | null;
  /**
   * A required "order contains one of ..." condition, usable as an inverted index: when the order holds none of
   * the gate's values the funnel cannot match, and `missWithoutGate` gives the same miss `evaluate` would.
   */
  gate: TargetingGate | null;
}

export interface TargetingGate {
  kind: ListFact;
  values: readonly string[];
  /** The miss to report when the gate is known to fail: the first failing condition up to and including it. */
  missWithoutGate(facts: OrderFacts): TargetingMiss;
}

interface CompiledCondition {
  test: (facts: OrderFacts) => boolean;
  /** What must hold, e.g. "the order subtotal must be at least $50.00". */
  requirement: string;
  miss: TargetingMiss;
  /** Set on non-negated "contains any of" conditions over order lines. */
  gate?: { kind: ListFact; values: readonly string[] };
}

/** The more selective a kind, the better a gate it makes. */
const GATE_PREFERENCE: readonly ListFact[] = [
  ListFact.productIds,
  ListFact.variantIds,
  ListFact.collectionIds,
  ListFact.productTypes,
  ListFact.vendors,
  ListFact.productTags,
];

/** Compiles a funnel's targeting. Product and collection names are looked up in the catalog for the messages. */
export function compileTargeting(targeting: Targeting, catalog: Catalog): CompiledTargeting {
  const compiled = targeting.conditions.map((condition, index) => compileEntry(condition, `targeting.conditions.${index}`, catalog));
  if (compiled.length === 0) return { evaluate: () => null, gate: null };
  if (targeting.match === 'all') {
    return {
      evaluate: (facts) => {
        for (const condition of compiled) if (!condition.test(facts)) return condition.miss;
        return null;
      },
      gate: chooseGate(compiled),
    };
  }
  const miss: TargetingMiss = {
    field: 'targeting.conditions',
    message: `Targeting not met: at least one of these must hold: ${compiled.map((c) => c.requirement).join('; or ')}.`,
  };
  return {
    evaluate: (facts) => {
      for (const condition of compiled) if (condition.test(facts)) return null;
      return miss;
    },
    gate: null,
  };
}

function chooseGate(conditions: readonly CompiledCondition[]): TargetingGate | null {
  let best = -1;
  for (let i = 0; i < conditions.length; i++) {
    const gate = conditions[i]!.gate;
    if (!gate) continue;
    const current = best === -1 ? null : conditions[best]!.gate!;
    const rank = GATE_PREFERENCE.indexOf(gate.kind);
    if (
      current === null ||
      rank < GATE_PREFERENCE.indexOf(current.kind) ||
      (rank === GATE_PREFERENCE.indexOf(current.kind) && gate.values.length < current.values.length)
    ) {
      best = i;
    }
  }
  if (best === -1) return null;
  const before = conditions.slice(0, best);
  const gateCondition = conditions[best]!;
  return {
    kind: gateCondition.gate!.kind,
    values: gateCondition.gate!.values,
    missWithoutGate: (facts) => {
      for (const condition of before) if (!condition.test(facts)) return condition.miss;
      return gateCondition.miss;
    },
  };
}

function compileEntry(entry: TargetingCondition, field: string, catalog: Catalog): CompiledCondition {
  if (entry.type !== 'group') return compileLeaf(entry, field, catalog);
  const parts = entry.conditions.map((condition, index) => compileLeaf(condition, `${field}.conditions.${index}`, catalog));
  if (entry.match === 'all') {
    const requirement = parts.map((p) => p.requirement).join(', and ');
    return {
      requirement: `(${requirement})`,
      miss: parts.length === 1 ? parts[0]!.miss : { field, message: `Targeting not met: ${requirement}.` },
      test: (facts) => parts.every((p) => p.test(facts)),
    };
  }
  const requirement = parts.map((p) => p.requirement).join(', or ');
  return {
    requirement: `(${requirement})`,
    miss: { field, message: `Targeting not met: ${requirement}.` },
    test: (facts) => parts.some((p) => p.test(facts)),
  };
}

function leaf(field: string, requirement: string, test: (facts: OrderFacts) => boolean): CompiledCondition {
  return { test, requirement, miss: { field, message: `Targeting not met: ${requirement}.` } };
}

type LeafOf<Type extends LeafCondition['type']> = Extract<LeafCondition, { type: Type }>;

function compileLeaf(condition: LeafCondition, field: string, catalog: Catalog): CompiledCondition {
  switch (condition.type) {
    case 'products':
    case 'variants':
    case 'collections':
    case 'productTags':
    case 'vendors':
    case 'productTypes':
      return compileItemLeaf(condition, field, catalog);
    case 'customerStatus':
    case 'orderCount':
    case 'customerTags':
      return compileCustomerLeaf(condition, field);
    case 'subtotal':
    case 'orderTags':
    case 'shippingCountry':
    case 'currency':
    case 'locale':
    case 'salesChannel':
    case 'hasSubscription':
      return compileOrderLeaf(condition, field, catalog);
  }
}

/** What the order's lines are: products, variants, collections, tags, vendors, types. */
function compileItemLeaf(
  condition: LeafOf<'products' | 'variants' | 'collections' | 'productTags' | 'vendors' | 'productTypes'>,
  field: string,
  catalog: Catalog,
): CompiledCondition {
  switch (condition.type) {
    case 'products': {
      const names = condition.productIds.map((id) => catalog.products.get(id)?.title ?? id);
      return listLeaf(
        field,
        condition.productIds,
        condition.negate,
        ListFact.productIds,
        `the order must contain ${listText(names)}`,
        `the order must not contain ${listText(names, 'nor')}`,
      );
    }
    case 'variants':
      return listLeaf(
        field,
        condition.variantIds,
        condition.negate,
        ListFact.variantIds,
        `the order must contain variant ${listText(condition.variantIds)}`,
        `the order must not contain variant ${listText(condition.variantIds, 'nor')}`,
      );
    case 'collections': {
      const names = condition.collectionIds.map((id) => catalog.collections?.get(id)?.title ?? id);
      return listLeaf(
        field,
        condition.collectionIds,
        condition.negate,
        ListFact.collectionIds,
        `the order must contain a product from collection ${listText(names)}`,
        `the order must not contain products from collection ${listText(names, 'nor')}`,
      );
    }
    case 'productTags':
      return listLeaf(
        field,
        condition.tags.map(normalizeText),
        condition.negate,
        ListFact.productTags,
        `the order must contain a product tagged ${listText(condition.tags)}`,
        `the order must not contain products tagged ${listText(condition.tags, 'nor')}`,
      );
    case 'vendors':
      return listLeaf(
        field,
        condition.vendors.map(normalizeText),
        condition.negate,
        ListFact.vendors,
        `the order must contain a product by ${listText(condition.vendors)}`,
        `the order must not contain products by ${listText(condition.vendors, 'nor')}`,
      );
    case 'productTypes':
      return listLeaf(
        field,
        condition.productTypes.map(normalizeText),
        condition.negate,
        ListFact.productTypes,
        `the order must contain a product of type ${listText(condition.productTypes)}`,
        `the order must not contain products of type ${listText(condition.productTypes, 'nor')}`,
      );
  }
}

/** Who the customer is: new or returning, earlier orders, tags. */
function compileCustomerLeaf(condition: LeafOf<'customerStatus' | 'orderCount' | 'customerTags'>, field: string): CompiledCondition {
  switch (condition.type) {
    case 'customerStatus':
      return condition.status === 'new'
        ? leaf(field, 'the customer must be new (no earlier orders)', (f) => f.previousOrderCount === 0)
        : leaf(field, 'the customer must be returning (at least one earlier order)', (f) => f.previousOrderCount > 0);
    case 'orderCount': {
      const { min, max } = condition;
      const text = min !== null && max !== null ? `between ${min} and ${max}` : min !== null ? `at least ${min}` : `at most ${max}`;
      return leaf(
        field,
        `the customer's earlier orders must number ${text}`,
        (f) => (min === null || f.previousOrderCount >= min) && (max === null || f.previousOrderCount <= max),
      );
    }
    case 'customerTags':
      return listLeaf(
        field,
        condition.tags.map(normalizeText),
        condition.negate,
        ListFact.customerTags,
        `the customer must be tagged ${listText(condition.tags)}`,
        `the customer must not be tagged ${listText(condition.tags, 'nor')}`,
      );
  }
}

/** The order as a whole: subtotal, tags, destination, currency, language, channel, subscriptions. */
function compileOrderLeaf(
  condition: LeafOf<'subtotal' | 'orderTags' | 'shippingCountry' | 'currency' | 'locale' | 'salesChannel' | 'hasSubscription'>,
  field: string,
  catalog: Catalog,
): CompiledCondition {
  switch (condition.type) {
    case 'subtotal': {
      const { minMinor, maxMinor } = condition;
      const money = (minor: number) => formatMoney(minor, catalog.shopCurrency, 'en');
      const parts = [
        minMinor !== null ? `at least ${money(minMinor)}` : null,
        maxMinor !== null ? `under ${money(maxMinor)}` : null,
      ].filter((part): part is string => part !== null);
      return leaf(
        field,
        `the order subtotal must be ${parts.join(' and ')}`,
        (facts) => (minMinor === null || facts.subtotalShopMinor >= minMinor) && (maxMinor === null || facts.subtotalShopMinor < maxMinor),
      );
    }
    case 'orderTags':
      return listLeaf(
        field,
        condition.tags.map(normalizeText),
        condition.negate,
        ListFact.orderTags,
        `the order must be tagged ${listText(condition.tags)}`,
        `the order must not be tagged ${listText(condition.tags, 'nor')}`,
      );
    case 'shippingCountry': {
      const countries = new Set(condition.countries);
      const requirement = condition.negate
        ? `the order must not ship to ${listText(condition.countries, 'nor')}`
        : `the order must ship to ${listText(condition.countries)}`;
      return leaf(field, requirement, (f) => (f.shippingCountry !== null && countries.has(f.shippingCountry)) !== condition.negate);
    }
    case 'currency': {
      const currencies = new Set(condition.currencies);
      const requirement = condition.negate
        ? `the shopper must not pay in ${listText(condition.currencies, 'nor')}`
        : `the shopper must pay in ${listText(condition.currencies)}`;
      return leaf(field, requirement, (f) => currencies.has(f.presentmentCurrency) !== condition.negate);
    }
    case 'locale': {
      const locales = condition.locales.map((l) => l.toLowerCase());
      const requirement = condition.negate
        ? `the shopper's language must not be ${listText(condition.locales, 'nor')}`
        : `the shopper's language must be ${listText(condition.locales)}`;
      // "fr" matches fr-CA; "fr-CA" matches only fr-CA.
      return leaf(
        field,
        requirement,
        (f) => locales.some((l) => (l.includes('-') ? f.locale === l : f.language === l)) !== condition.negate,
      );
    }
    case 'salesChannel':
      return channelLeaf(field, condition.channels, condition.negate);
    case 'hasSubscription':
      return condition.value
        ? leaf(field, 'the order must contain a subscription', (f) => f.hasSubscription)
        : leaf(field, 'the order must not contain a subscription', (f) => !f.hasSubscription);
  }
}

function channelLeaf(field: string, channels: readonly string[], negated: boolean): CompiledCondition {
  const wanted = new Set(channels.map(normalizeText));
  const requirement = negated
    ? `the sales channel must not be ${listText(channels, 'nor')}`
    : `the sales channel must be ${listText(channels)}`;
  return leaf(field, requirement, (f) => (f.salesChannel !== null && wanted.has(f.salesChannel)) !== negated);
}

/** "contains any of" over a list-valued fact; iterates whichever side is smaller. */
function listLeaf(
  field: string,
  values: readonly string[],
  negated: boolean,
  kind: ListFact,
  requirement: string,
  negatedRequirement: string,
): CompiledCondition {
  const wanted = new Set(values);
  const list = [...wanted];
  const test = (facts: OrderFacts) => {
    const have = facts.lists[kind]!;
    let found = false;
    if (have.length < list.length) {
      for (let i = 0; i < have.length; i++) {
        if (wanted.has(have[i]!)) {
          found = true;
          break;
        }
      }
    } else {
      const haveSet = facts.sets[kind]!;
      for (let i = 0; i < list.length; i++) {
        if (haveSet.has(list[i]!)) {
          found = true;
          break;
        }
      }
    }
    return found !== negated;
  };
  const compiled = leaf(field, negated ? negatedRequirement : requirement, test);
  if (!negated && kind !== ListFact.customerTags && kind !== ListFact.orderTags) compiled.gate = { kind, values: list };
  return compiled;
}

/** "A", "A or B", "A, B or C", "A, B, C or 4 more". */
function listText(values: readonly string[], joiner: 'or' | 'nor' = 'or'): string {
  const quoted = values.map((v) => `"${v}"`);
  if (quoted.length === 1) return quoted[0]!;
  if (quoted.length <= 4) return `${quoted.slice(0, -1).join(', ')} ${joiner} ${quoted[quoted.length - 1]}`;
  return `${quoted.slice(0, 3).join(', ')} ${joiner} ${quoted.length - 3} more`;
}

/**
 * True when the targeting can only match orders without a subscription (the validator's check for
 * subscription offers). Conservative: ALL needs one guaranteeing condition, ANY needs every branch to guarantee.
 */
export function guaranteesNoSubscription(targeting: Targeting): boolean {
  const leafGuarantees = (c: LeafCondition) => c.type === 'hasSubscription' && c.value === false;
  const entryGuarantees = (entry: TargetingCondition): boolean => {
    if (entry.type !== 'group') return leafGuarantees(entry);
    return entry.match === 'all' ? entry.conditions.some(leafGuarantees) : entry.conditions.every(leafGuarantees);
  };
  if (targeting.conditions.length === 0) return false;
  return targeting.match === 'all' ? targeting.conditions.some(entryGuarantees) : targeting.conditions.every(entryGuarantees);
}
