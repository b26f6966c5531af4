// Turns what the Admin API returned (complete products, selling plan groups, units sold) into the engine's
// CatalogInput. Pure: no I/O, no clock. Money goes from Shopify's decimal strings to integer minor units with
// the engine's own converter, never through a float. Anything the engine cannot price exactly is left out and
// reported as a problem instead of guessed.
import {
  type CatalogInput,
  type CatalogProductInput,
  type CatalogSellingPlanInput,
  type CatalogVariantInput,
  decimalToMinor,
  type PlanPriceAdjustment,
  percentToHundredths,
} from '../offers/index.js';
import type { CatalogProductNode } from '../shopify/graphql/CatalogProductsQuery.js';
import type { CatalogVariantNode } from '../shopify/graphql/CatalogVariantFieldsFragment.js';
import type { SellingPlanNode, SellingPlanPolicyNode, SellingPlanPricingPolicyNode } from '../shopify/graphql/SellingPlanFieldsFragment.js';

/** One product with every page of its variants, collections and plan groups already fetched. */
export interface SourceProduct {
  id: string;
  title: string;
  handle: string;
  status: CatalogProductNode['status'];
  vendor: string;
  productType: string;
  tags: string[];
  createdAt: string;
  imageUrl: string | null;
  metafields: { namespace: string; key: string; value: string }[];
  collectionIds: string[];
  /** Groups Shopify lists on the product (attached to it, or to some of its variants). */
  sellingPlanGroupIds: string[];
  variants: CatalogVariantNode[];
}

export interface SourceSellingPlanGroup {
  id: string;
  name: string;
  plans: SellingPlanNode[];
  /**
   * null when no variant is attached to the group one by one: it then applies to every variant of the products
   * that list it. Otherwise the products attached as a whole and the variants attached one by one.
   */
  attachments: { productIds: string[]; variantIds: string[] } | null;
}

export interface CatalogSource {
  shopCurrency: string;
  products: SourceProduct[];
  collections: { id: string; title: string }[];
  sellingPlanGroups: SourceSellingPlanGroup[];
  /** Product GID -> units sold over the recent-sales window. */
  unitsSold: ReadonlyMap<string, number>;
}

export type AssemblyProblem =
  | { kind: 'plan_skipped'; planId: string; reason: string }
  | { kind: 'variant_skipped'; variantId: string; reason: string }
  | { kind: 'product_skipped'; productId: string; reason: string };

export interface AssembledCatalog {
  input: CatalogInput;
  problems: AssemblyProblem[];
}

const STATUS: Record<SourceProduct['status'], CatalogProductInput['status']> = {
  ACTIVE: 'active',
  DRAFT: 'draft',
  ARCHIVED: 'archived',
  // Unlisted products are reachable by link only; the engine must not put them in front of shoppers.
  UNLISTED: 'draft',
};

export function assembleCatalogInput(source: CatalogSource): AssembledCatalog {
  const problems: AssemblyProblem[] = [];
  const plansByGroup = new Map<string, CatalogSellingPlanInput[]>();
  for (const group of source.sellingPlanGroups) {
    const plans: CatalogSellingPlanInput[] = [];
    for (const node of sortByPosition(group.plans)) {
      const plan = toSellingPlan(node, source.shopCurrency);
      if ('reason' in plan) problems.push({ kind: 'plan_skipped', planId: node.id, reason: plan.reason });
      else plans.push(plan);
    }
    plansByGroup.set(group.id, plans);
  }
  const attachedVariantGroups = indexVariantAttachments(source.sellingPlanGroups);

  const products: CatalogProductInput[] = [];
  for (const product of source.products) {
    const variants: CatalogVariantInput[] = [];
    for (const node of product.variants) {
      const variant = toVariant(node, source.shopCurrency);
      if ('reason' in variant) problems.push({ kind: 'variant_skipped', variantId: node.id, reason: variant.reason });
      else variants.push(variant);
    }
    if (variants.length === 0) {
      problems.push({ kind: 'product_skipped', productId: product.id, reason: 'no variant could be priced' });
      continue;
    }
    const planning = plansOfProduct(product, variants, source.sellingPlanGroups, plansByGroup, attachedVariantGroups);
    products.push({
      id: product.id,
      title: product.title,
      handle: product.handle,
      status: STATUS[product.status] ?? 'draft',
      vendor: product.vendor,
      productType: product.productType,
      tags: product.tags,
      collectionIds: [...new Set(product.collectionIds)],
      createdAt: product.createdAt,
      imageUrl: product.imageUrl,
      metafields: Object.fromEntries(product.metafields.map((m) => [`${m.namespace}.${m.key}`, m.value])),
      unitsSoldRecently: source.unitsSold.get(product.id) ?? 0,
      variants: planning.variants,
      sellingPlans: planning.plans,
    });
  }

  return {
    input: { shopCurrency: source.shopCurrency, products, collections: source.collections.map(({ id, title }) => ({ id, title })) },
    problems,
  };
}

function toVariant(node: CatalogVariantNode, currency: string): CatalogVariantInput | { reason: string } {
  let priceMinor: number;
  let compareAtPriceMinor: number | null;
  try {
    priceMinor = decimalToMinor(node.price, currency);
    compareAtPriceMinor = node.compareAtPrice === null ? null : decimalToMinor(node.compareAtPrice, currency);
  } catch (error) {
    return { reason: `price cannot be read in ${currency}: ${(error as Error).message}` };
  }
  if (priceMinor < 0) return { reason: `negative price ${node.price}` };
  return {
    id: node.id,
    title: node.title,
    sku: node.sku,
    priceMinor,
    compareAtPriceMinor,
    // Untracked stock is never "out of stock"; Shopify still reports a number for it (often 0).
    inventoryQuantity: node.inventoryItem.tracked ? (node.inventoryQuantity ?? 0) : null,
    inventoryPolicy: node.inventoryPolicy === 'CONTINUE' ? 'continue' : 'deny',
  };
}

function sortByPosition(plans: readonly SellingPlanNode[]): SellingPlanNode[] {
  return plans
    .map((plan, index) => ({ plan, index }))
    .sort((a, b) => (a.plan.position ?? Number.MAX_SAFE_INTEGER) - (b.plan.position ?? Number.MAX_SAFE_INTEGER) || a.index - b.index)
    .map(({ plan }) => plan);
}

type Recurring = Extract<SellingPlanPolicyNode, { interval: unknown }>;

function isRecurring(policy: SellingPlanPolicyNode): policy is Recurring {
  return 'interval' in policy && 'intervalCount' in policy;
}

export function toSellingPlan(node: SellingPlanNode, shopCurrency: string): CatalogSellingPlanInput | { reason: string } {
  // Pre-order and try-before-you-buy plans bill once (fixed policies): the engine only models recurring plans.
  if (!isRecurring(node.billingPolicy) || !isRecurring(node.deliveryPolicy)) {
    return { reason: 'not a recurring plan (fixed billing or delivery policy)' };
  }
  const adjustment = firstCycleAdjustment(node.pricingPolicies, shopCurrency);
  if (adjustment !== null && 'reason' in adjustment) return adjustment;
  return {
    id: node.id,
    name: node.name,
    category: node.category ?? 'OTHER',
    billing: { interval: node.billingPolicy.interval, intervalCount: node.billingPolicy.intervalCount },
    delivery: { interval: node.deliveryPolicy.interval, intervalCount: node.deliveryPolicy.intervalCount },
    priceAdjustment: adjustment,
  };
}

/**
 * The price policy of the first billing cycle: the fixed policy when there is one; otherwise a recurring policy
 * that starts at once (afterCycle 0 or unset). Later-cycle policies do not change the price of the offer.
 */
function firstCycleAdjustment(
  policies: readonly SellingPlanPricingPolicyNode[],
  shopCurrency: string,
): PlanPriceAdjustment | { reason: string } | null {
  const fixed = policies.find((p) => p.__typename === 'SellingPlanFixedPricingPolicy');
  const immediate = policies.find((p) => p.__typename === 'SellingPlanRecurringPricingPolicy' && !p.afterCycle);
  const policy = fixed ?? immediate;
  if (!policy) return null;
  const value = policy.adjustmentValue;
  if (policy.adjustmentType === 'PERCENTAGE') {
    if (value.__typename !== 'SellingPlanPricingPolicyPercentageValue') return { reason: 'percentage policy without a percentage' };
    try {
      percentToHundredths(value.percentage);
    } catch (error) {
      return { reason: `percentage ${value.percentage} cannot be applied exactly: ${(error as Error).message}` };
    }
    return { type: 'percentage', percent: value.percentage };
  }
  if (value.__typename !== 'MoneyV2') return { reason: `${policy.adjustmentType} policy without an amount` };
  if (value.currencyCode !== shopCurrency) {
    return { reason: `${policy.adjustmentType} amount in ${value.currencyCode}, not the shop currency ${shopCurrency}` };
  }
  let minor: number;
  try {
    minor = decimalToMinor(value.amount, shopCurrency);
  } catch (error) {
    return { reason: `amount ${value.amount} cannot be read: ${(error as Error).message}` };
  }
  if (minor < 0) return { reason: `negative amount ${value.amount}` };
  return policy.adjustmentType === 'FIXED_AMOUNT' ? { type: 'fixed_amount', amountMinor: minor } : { type: 'price', priceMinor: minor };
}

/** Variant GID -> ids of the groups that variant is attached to one by one. */
function indexVariantAttachments(groups: readonly SourceSellingPlanGroup[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const group of groups) {
    for (const variantId of group.attachments?.variantIds ?? []) {
      const list = index.get(variantId);
      if (list) list.push(group.id);
      else index.set(variantId, [group.id]);
    }
  }
  return index;
}

/**
 * Which plans the product offers, and per variant when a group is attached to some variants only. A group
 * attached to the product applies to all its variants; a group attached to variants one by one applies to
 * those variants only, and then every variant of the product gets an explicit plan list.
 */
function plansOfProduct(
  product: SourceProduct,
  variants: CatalogVariantInput[],
  groups: readonly SourceSellingPlanGroup[],
  plansByGroup: ReadonlyMap<string, CatalogSellingPlanInput[]>,
  attachedVariantGroups: ReadonlyMap<string, string[]>,
): { plans: CatalogSellingPlanInput[]; variants: CatalogVariantInput[] } {
  const groupById = new Map(groups.map((g) => [g.id, g]));
  // group id -> 'all' variants, or the set of variant ids it applies to (insertion order = display order)
  const reach = new Map<string, 'all' | Set<string>>();
  for (const groupId of product.sellingPlanGroupIds) {
    const group = groupById.get(groupId);
    if (!group) continue;
    reach.set(groupId, group.attachments === null || group.attachments.productIds.includes(product.id) ? 'all' : new Set());
  }
  for (const variant of variants) {
    for (const groupId of attachedVariantGroups.get(variant.id) ?? []) {
      const current = reach.get(groupId);
      if (current === 'all') continue;
      if (current) current.add(variant.id);
      else reach.set(groupId, new Set([variant.id]));
    }
  }

  const plans: CatalogSellingPlanInput[] = [];
  const seen = new Set<string>();
  let restricted = false;
  for (const [groupId, scope] of reach) {
    if (scope !== 'all') {
      if (scope.size === 0) continue;
      restricted = true;
    }
    for (const plan of plansByGroup.get(groupId) ?? []) {
      if (seen.has(plan.id)) continue;
      seen.add(plan.id);
      plans.push(plan);
    }
  }
  if (!restricted) return { plans, variants };

  const withPlanIds = variants.map((variant) => {
    const ids: string[] = [];
    for (const [groupId, scope] of reach) {
      if (scope !== 'all' && !scope.has(variant.id)) continue;
      for (const plan of plansByGroup.get(groupId) ?? []) if (!ids.includes(plan.id)) ids.push(plan.id);
    }
    return { ...variant, sellingPlanIds: ids };
  });
  return { plans, variants: withPlanIds };
}
