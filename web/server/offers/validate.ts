// The merchant's funnel checker: every problem at once, each with a stable code, a sentence, the step it concerns
// and the dotted path of the field (the HTTP layer turns these into 422 per-field messages).
import type { z } from 'zod';
import type { Catalog, CatalogProduct } from './catalog.js';
import { formatMoney } from './currency.js';
import {
  type Discount,
  type FunnelDefinition,
  FunnelSchema,
  LOCALES,
  type Locale,
  MAX_FUNNEL_LEVELS,
  MAX_POST_PURCHASE_ACCEPTS,
  type Offer,
  type ShopSettings,
  type Step,
  type Template,
} from './definitions.js';
import { applyPlanAdjustment, createConversion, type PlanPriceAdjustment, priceLine, resolveDiscount } from './pricing.js';
import { guaranteesNoSubscription } from './targeting.js';

export type ProblemCode =
  | 'invalid_field'
  | 'duplicate_step_id'
  | 'unknown_step'
  | 'cycle'
  | 'multiple_parents'
  | 'unreachable_step'
  | 'too_deep'
  | 'too_many_accepts'
  | 'multiple_subscriptions'
  | 'subscription_on_subscription_order'
  | 'subscription_not_supported'
  | 'missing_translation'
  | 'price_not_positive'
  | 'unknown_product'
  | 'product_not_active'
  | 'unknown_variant'
  | 'unknown_selling_plan'
  | 'no_selling_plans'
  | 'unknown_collection'
  | 'duplicate_tier';

/** Compatible with errors.ts FieldProblem, so `new UnprocessableError(message, problems)` takes them as they are. */
export interface ValidationProblem {
  code: ProblemCode;
  message: string;
  stepId?: string;
  /** Dotted path into the definition ("steps.2.offer.discount"); "" for the definition as a whole. */
  field: string;
}

export type ValidationResult = { ok: true; funnel: FunnelDefinition } | { ok: false; problems: ValidationProblem[] };

export interface ValidationOptions {
  catalog: Catalog;
  settings: Pick<ShopSettings, 'locales' | 'defaultLocale'>;
}

const LANGUAGE_NAMES: Record<Locale, string> = {
  en: 'English',
  fr: 'French',
  es: 'Spanish',
  de: 'German',
  sv: 'Swedish',
};

export function validateFunnel(input: unknown, options: ValidationOptions): ValidationResult {
  const parsed = FunnelSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: schemaProblems(parsed.error.issues, input) };
  const funnel = parsed.data;
  const problems: ValidationProblem[] = [];
  const indexOf = new Map<string, number>();
  funnel.steps.forEach((step, index) => {
    if (indexOf.has(step.id)) {
      problems.push({
        code: 'duplicate_step_id',
        stepId: step.id,
        field: `steps.${index}.id`,
        message: `Two steps share the id "${step.id}"; each step needs its own.`,
      });
    } else {
      indexOf.set(step.id, index);
    }
  });
  checkGraph(funnel, indexOf, problems);
  funnel.steps.forEach((step, index) => {
    checkTranslations(step, index, options.settings, problems);
    checkCatalog(step, index, options.catalog, problems);
    checkPrices(step, index, options.catalog, problems);
    checkSurface(funnel, step, problems);
  });
  checkTargetingReferences(funnel, options.catalog, problems);
  return problems.length === 0 ? { ok: true, funnel } : { ok: false, problems };
}

function schemaProblems(issues: readonly z.core.$ZodIssue[], input: unknown): ValidationProblem[] {
  const rawSteps = isRecord(input) && Array.isArray(input.steps) ? input.steps : [];
  return issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    const problem: ValidationProblem = { code: 'invalid_field', field, message: issue.message };
    if (issue.path[0] === 'steps' && typeof issue.path[1] === 'number') {
      const raw: unknown = rawSteps[issue.path[1]];
      if (isRecord(raw) && typeof raw.id === 'string') problem.stepId = raw.id;
    }
    return problem;
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

// --- structure --------------------------------------------------------------------------------------------------

/** A funnel's steps as a graph, for the structure checks. */
interface FunnelGraph {
  funnel: FunnelDefinition;
  /** The first step of each id (duplicates are reported on their own). */
  stepById: ReadonlyMap<string, Step>;
  indexOf: ReadonlyMap<string, number>;
  problems: ValidationProblem[];
}

const BRANCHES = ['accept', 'decline'] as const;

function checkGraph(funnel: FunnelDefinition, indexOf: ReadonlyMap<string, number>, problems: ValidationProblem[]): void {
  const stepById = new Map<string, Step>();
  for (const step of funnel.steps) if (!stepById.has(step.id)) stepById.set(step.id, step);
  const graph: FunnelGraph = { funnel, stepById, indexOf, problems };
  const rootExists = stepById.has(funnel.rootStepId);
  if (!rootExists) {
    problems.push({
      code: 'unknown_step',
      field: 'rootStepId',
      message: `The first step "${funnel.rootStepId}" does not exist.`,
    });
  }
  checkEdges(graph);
  checkCyclesAndReachability(graph);
  if (rootExists) checkPaths(graph);
}

/** Edges to steps that do not exist, and steps reached from two places. */
function checkEdges({ funnel, stepById, indexOf, problems }: FunnelGraph): void {
  const parentOf = new Map<string, string>();
  for (const step of stepById.values()) {
    const index = indexOf.get(step.id)!;
    for (const branch of BRANCHES) {
      const target = step[branch];
      if (target === null) continue;
      const field = `steps.${index}.${branch}`;
      if (!stepById.has(target)) {
        problems.push({
          code: 'unknown_step',
          stepId: step.id,
          field,
          message: `Step "${step.id}" sends shoppers who ${branch} to "${target}", which does not exist.`,
        });
        continue;
      }
      if (target === funnel.rootStepId) continue; // reported as a cycle
      const parent = parentOf.get(target);
      if (parent !== undefined && parent !== step.id) {
        problems.push({
          code: 'multiple_parents',
          stepId: step.id,
          field,
          message:
            `Step "${target}" is reached from both "${parent}" and "${step.id}"; ` +
            'in a funnel tree each step follows exactly one answer.',
        });
      } else if (parent === step.id && step.accept === step.decline) {
        problems.push({
          code: 'multiple_parents',
          stepId: step.id,
          field,
          message: `Step "${step.id}" sends both answers to "${target}"; give each answer its own step or end the funnel.`,
        });
      } else {
        parentOf.set(target, step.id);
      }
    }
  }
}

/**
 * Cycles (a back edge in a depth-first walk, from the root and then from any step not yet seen), then the steps
 * the root's walk never reached.
 */
function checkCyclesAndReachability({ funnel, stepById, indexOf, problems }: FunnelGraph): void {
  const state = new Map<string, 'active' | 'done'>();
  const visit = (id: string) => {
    state.set(id, 'active');
    const step = stepById.get(id)!;
    for (const branch of BRANCHES) {
      const target = step[branch];
      if (target === null || !stepById.has(target)) continue;
      const seen = state.get(target);
      if (seen === 'active') {
        problems.push({
          code: 'cycle',
          stepId: id,
          field: `steps.${indexOf.get(id)}.${branch}`,
          message: `Step "${id}" sends shoppers who ${branch} back to "${target}", which makes a loop.`,
        });
      } else if (seen === undefined) {
        visit(target);
      }
    }
    state.set(id, 'done');
  };
  if (stepById.has(funnel.rootStepId)) visit(funnel.rootStepId);
  const reachable = new Set(state.keys());
  for (const id of stepById.keys()) if (!state.has(id)) visit(id);
  for (const [id, step] of stepById) {
    if (!reachable.has(id)) {
      problems.push({
        code: 'unreachable_step',
        stepId: id,
        field: `steps.${indexOf.get(id)}`,
        message: `No answer leads to step "${step.id}", so no shopper can see it.`,
      });
    }
  }
}

/** Where a shopper stands on a path: the step's level, the accepts before it, the subscription step accepted above. */
interface PathState {
  level: number;
  acceptsBefore: number;
  subscriptionAbove: string | null;
}

/**
 * Path properties (depth, Shopify's accept cap, one subscription per path), walked over (step, path state)
 * pairs so a malformed graph cannot blow up the walk. Each problem is reported once per step.
 */
function checkPaths(graph: FunnelGraph): void {
  const { stepById } = graph;
  const reported = new Set<string>();
  const report = (problem: ValidationProblem) => {
    const key = `${problem.code}|${problem.stepId}`;
    if (reported.has(key)) return;
    reported.add(key);
    graph.problems.push(problem);
  };
  const seenStates = new Set<string>();
  const onPath = new Set<string>();
  const walk = (id: string, path: PathState) => {
    const level = path.level > MAX_FUNNEL_LEVELS ? 'deep' : path.level;
    const stateKey = `${id}|${level}|${Math.min(path.acceptsBefore, MAX_POST_PURCHASE_ACCEPTS)}|${path.subscriptionAbove ?? ''}`;
    if (onPath.has(id) || seenStates.has(stateKey)) return;
    seenStates.add(stateKey);
    const step = stepById.get(id)!;
    pathProblems(graph, step, path).forEach(report);
    onPath.add(id);
    for (const branch of BRANCHES) {
      const target = step[branch];
      if (target === null || !stepById.has(target)) continue;
      const accepted = branch === 'accept';
      walk(target, {
        level: path.level + 1,
        acceptsBefore: path.acceptsBefore + (accepted ? 1 : 0),
        subscriptionAbove: accepted && isSubscriptionStep(step) ? id : path.subscriptionAbove,
      });
    }
    onPath.delete(id);
  };
  walk(graph.funnel.rootStepId, { level: 1, acceptsBefore: 0, subscriptionAbove: null });
}

function isSubscriptionStep(step: Step): boolean {
  return step.offer.kind === 'plans';
}

/** What is wrong with reaching `step` along a path in `path`'s state. */
function pathProblems(graph: FunnelGraph, step: Step, path: PathState): ValidationProblem[] {
  const id = step.id;
  const field = `steps.${graph.indexOf.get(id)}`;
  const found: ValidationProblem[] = [];
  if (path.level === MAX_FUNNEL_LEVELS + 1) {
    found.push({
      code: 'too_deep',
      stepId: id,
      field,
      message: `Step "${id}" is at level ${path.level}; a funnel can be at most ${MAX_FUNNEL_LEVELS} levels deep.`,
    });
  }
  if (graph.funnel.surface === 'post_purchase' && path.acceptsBefore >= MAX_POST_PURCHASE_ACCEPTS) {
    found.push({
      code: 'too_many_accepts',
      stepId: id,
      field,
      message:
        `A shopper who accepts every offer before step "${id}" has already accepted ${path.acceptsBefore}; ` +
        `Shopify allows at most ${MAX_POST_PURCHASE_ACCEPTS} post-purchase changes per order, so this step could never be accepted.`,
    });
  }
  if (isSubscriptionStep(step) && path.subscriptionAbove !== null) {
    found.push({
      code: 'multiple_subscriptions',
      stepId: id,
      field: `${field}.offer`,
      message:
        `Step "${id}" offers a subscription after the subscription of step "${path.subscriptionAbove}" was accepted; ` +
        'an order can get only one subscription after checkout.',
    });
  }
  return found;
}

function checkSurface(funnel: FunnelDefinition, step: Step, problems: ValidationProblem[]): void {
  if (step.offer.kind !== 'plans') return;
  // Email: a subscription accepted by email becomes a contract Encore creates (order-edit/route-accept.ts), not an
  // order edit, so email funnels may offer plans.
  if (funnel.surface === 'post_purchase' && !guaranteesNoSubscription(funnel.targeting)) {
    problems.push({
      code: 'subscription_on_subscription_order',
      stepId: step.id,
      field: 'targeting',
      message:
        `Step "${step.id}" offers a subscription, but the funnel can reach orders that already contain one, where Shopify rejects it. ` +
        'Add the condition "order contains a subscription: no".',
    });
  }
}

// --- texts ------------------------------------------------------------------------------------------------------

function checkTranslations(step: Step, index: number, settings: ValidationOptions['settings'], problems: ValidationProblem[]): void {
  const wanted = new Set<Locale>([settings.defaultLocale, ...settings.locales]);
  for (const locale of LOCALES) {
    if (!wanted.has(locale) || step.content[locale] !== undefined) continue;
    problems.push({
      code: 'missing_translation',
      stepId: step.id,
      field: `steps.${index}.content.${locale}`,
      message: `Step "${step.id}" has no ${LANGUAGE_NAMES[locale]} (${locale}) texts; the shop sells in ${LANGUAGE_NAMES[locale]}.`,
    });
  }
}

// --- catalog references ---------------------------------------------------------------------------------------

/** One step under the catalog and price checks. */
interface StepCheck {
  step: Step;
  /** "steps.<index>.offer": where the step's offer fields are. */
  base: string;
  catalog: Catalog;
  problems: ValidationProblem[];
}

type OfferOf<Kind extends Offer['kind']> = Extract<Offer, { kind: Kind }>;

function checkCatalog(step: Step, index: number, catalog: Catalog, problems: ValidationProblem[]): void {
  const check: StepCheck = { step, base: `steps.${index}.offer`, catalog, problems };
  const { base } = check;
  const offer = step.offer;
  switch (offer.kind) {
    case 'product':
      if (offer.source.type === 'product')
        checkProductRef(check, offer.source.productId, offer.source.variantIds, `${base}.source.productId`);
      else checkTemplateRefs(check, offer.source.template);
      return;
    case 'choice':
      if (offer.source.type === 'products') {
        for (const [i, item] of offer.source.items.entries()) {
          checkProductRef(check, item.productId, item.variantIds, `${base}.source.items.${i}.productId`);
        }
      } else {
        checkTemplateRefs(check, offer.source.template);
      }
      return;
    case 'tiers':
      checkProductRef(check, offer.productId, offer.variantIds, `${base}.productId`);
      checkTierQuantities(check, offer.tiers);
      return;
    case 'plans': {
      const product = checkProductRef(check, offer.productId, offer.variantIds, `${base}.productId`);
      if (product) checkPlanRefs(check, offer.plans, product);
      return;
    }
  }
}

/** The product exists and is active, and the variants the step names are its own; null when it does not exist. */
function checkProductRef(
  { step, catalog, problems }: StepCheck,
  productId: string,
  variantIds: readonly string[] | null,
  field: string,
): CatalogProduct | null {
  const product = catalog.products.get(productId);
  if (!product) {
    problems.push({
      code: 'unknown_product',
      stepId: step.id,
      field,
      message: `Product ${productId} in step "${step.id}" no longer exists.`,
    });
    return null;
  }
  if (!product.active) {
    problems.push({
      code: 'product_not_active',
      stepId: step.id,
      field,
      message: `Product "${product.title}" in step "${step.id}" is ${product.status}, so it cannot be sold.`,
    });
  }
  variantIds?.forEach((variantId, i) => {
    if (!product.variants.some((v) => v.id === variantId)) {
      const fieldPath = field.replace(/productId$/, `variantIds.${i}`);
      problems.push({
        code: 'unknown_variant',
        stepId: step.id,
        field: fieldPath,
        message: `Variant ${variantId} is not a variant of "${product.title}" (any more).`,
      });
    }
  });
  return product;
}

function checkTierQuantities({ step, base, problems }: StepCheck, tiers: OfferOf<'tiers'>['tiers']): void {
  const seen = new Set<number>();
  tiers.forEach((tier, i) => {
    if (seen.has(tier.quantity)) {
      problems.push({
        code: 'duplicate_tier',
        stepId: step.id,
        field: `${base}.tiers.${i}.quantity`,
        message: `Two tiers of step "${step.id}" are for ${tier.quantity} units.`,
      });
    }
    seen.add(tier.quantity);
  });
}

/** The plans the step offers exist and are the product's. */
function checkPlanRefs({ step, base, catalog, problems }: StepCheck, plans: OfferOf<'plans'>['plans'], product: CatalogProduct): void {
  if (plans.type === 'all') {
    if (product.sellingPlans.length === 0) {
      problems.push({
        code: 'no_selling_plans',
        stepId: step.id,
        field: `${base}.plans`,
        message: `"${product.title}" has no selling plans, so step "${step.id}" has no plan to offer.`,
      });
    }
    return;
  }
  plans.items.forEach((item, i) => {
    if (product.sellingPlans.some((plan) => plan.id === item.sellingPlanId)) return;
    const elsewhere = catalog.sellingPlans.has(item.sellingPlanId);
    problems.push({
      code: 'unknown_selling_plan',
      stepId: step.id,
      field: `${base}.plans.items.${i}.sellingPlanId`,
      message: elsewhere
        ? `Selling plan ${item.sellingPlanId} is not available for "${product.title}".`
        : `Selling plan ${item.sellingPlanId} no longer exists.`,
    });
  });
}

function checkTemplateRefs({ step, base, catalog, problems }: StepCheck, template: Template): void {
  if (template.template !== 'complementary') return;
  const field = `${base}.source.template`;
  template.pairs.forEach((pair, i) => {
    const ids: Array<[string, string]> = [
      [pair.productId, `${field}.pairs.${i}.productId`],
      ...pair.complementIds.map((id, j): [string, string] => [id, `${field}.pairs.${i}.complementIds.${j}`]),
    ];
    for (const [id, path] of ids) {
      if (!catalog.products.has(id)) {
        problems.push({
          code: 'unknown_product',
          stepId: step.id,
          field: path,
          message: `Product ${id} in the pairs of step "${step.id}" no longer exists.`,
        });
      }
    }
  });
}

function checkTargetingReferences(funnel: FunnelDefinition, catalog: Catalog, problems: ValidationProblem[]): void {
  const leaves = funnel.targeting.conditions.flatMap((entry, i) =>
    entry.type === 'group'
      ? entry.conditions.map((c, j) => ({ c, field: `targeting.conditions.${i}.conditions.${j}` }))
      : [{ c: entry, field: `targeting.conditions.${i}` }],
  );
  for (const { c, field } of leaves) {
    if (c.type === 'products') {
      c.productIds.forEach((id, k) => {
        if (!catalog.products.has(id))
          problems.push({
            code: 'unknown_product',
            field: `${field}.productIds.${k}`,
            message: `Targeting names product ${id}, which no longer exists.`,
          });
      });
    } else if (c.type === 'variants') {
      c.variantIds.forEach((id, k) => {
        if (!catalog.variants.has(id))
          problems.push({
            code: 'unknown_variant',
            field: `${field}.variantIds.${k}`,
            message: `Targeting names variant ${id}, which no longer exists.`,
          });
      });
    } else if (c.type === 'collections' && catalog.collections) {
      c.collectionIds.forEach((id, k) => {
        if (!catalog.collections!.has(id))
          problems.push({
            code: 'unknown_collection',
            field: `${field}.collectionIds.${k}`,
            message: `Targeting names collection ${id}, which no longer exists.`,
          });
      });
    }
  }
}

// --- prices -----------------------------------------------------------------------------------------------------

/** Units of a product the step sells at a discount, and the field the discount comes from. */
interface DiscountedLine {
  productId: string;
  variantIds: readonly string[] | null;
  quantity: number;
  plan: PlanPriceAdjustment | null;
  discount: Discount | null;
  field: string;
}

/** A discount must leave every variant it can apply to with a price above zero (in the shop currency). */
function checkPrices(step: Step, index: number, catalog: Catalog, problems: ValidationProblem[]): void {
  const check: StepCheck = { step, base: `steps.${index}.offer`, catalog, problems };
  const offer = step.offer;
  if ((offer.kind === 'product' || offer.kind === 'choice') && offer.source.type === 'template') {
    checkTemplateDiscount(check, offer.discount);
    return;
  }
  for (const line of discountedLines(check, offer)) checkLinePrice(check, line);
}

/** Every line the step can sell, in the order the step lists them. */
function discountedLines({ base, catalog }: StepCheck, offer: Offer): DiscountedLine[] {
  switch (offer.kind) {
    case 'product': {
      if (offer.source.type !== 'product') return [];
      const { productId, variantIds } = offer.source;
      return [{ productId, variantIds, quantity: 1, plan: null, discount: offer.discount, field: `${base}.discount` }];
    }
    case 'choice':
      if (offer.source.type !== 'products') return [];
      return offer.source.items.map((item, i) => ({
        productId: item.productId,
        variantIds: item.variantIds,
        quantity: 1,
        plan: null,
        discount: item.discount ?? offer.discount,
        field: item.discount ? `${base}.source.items.${i}.discount` : `${base}.discount`,
      }));
    case 'tiers':
      return offer.tiers.map((tier, i) => ({
        productId: offer.productId,
        variantIds: offer.variantIds,
        quantity: tier.quantity,
        plan: null,
        discount: tier.discount,
        field: `${base}.tiers.${i}.discount`,
      }));
    case 'plans':
      return planLines(base, offer, catalog.products.get(offer.productId));
  }
}

/** The one-time line, then one line per plan of the product the step offers. */
function planLines(base: string, offer: OfferOf<'plans'>, product: CatalogProduct | undefined): DiscountedLine[] {
  const { productId, variantIds } = offer;
  const line = (plan: PlanPriceAdjustment | null, discount: Discount | null, field: string): DiscountedLine => ({
    productId,
    variantIds,
    quantity: 1,
    plan,
    discount,
    field,
  });
  const lines: DiscountedLine[] = [];
  if (offer.oneTime) lines.push(line(null, offer.oneTime.discount, `${base}.oneTime.discount`));
  if (!product) return lines;
  const plans = offer.plans;
  if (plans.type === 'all') {
    for (const plan of product.sellingPlans) lines.push(line(plan.priceAdjustment, plans.discount, `${base}.plans.discount`));
  } else {
    plans.items.forEach((item, i) => {
      const plan = product.sellingPlans.find((p) => p.id === item.sellingPlanId);
      if (plan) lines.push(line(plan.priceAdjustment, item.discount, `${base}.plans.items.${i}.discount`));
    });
  }
  return lines;
}

/** Reports the first variant the line's discount would make free, if any. */
function checkLinePrice({ step, catalog, problems }: StepCheck, line: DiscountedLine): void {
  const { discount, quantity } = line;
  if (!discount) return;
  const product = catalog.products.get(line.productId);
  if (!product) return;
  const conversion = createConversion(catalog.shopCurrency, catalog.shopCurrency, undefined);
  const allowed = line.variantIds ? new Set(line.variantIds) : null;
  for (const variant of product.variants) {
    if (allowed && !allowed.has(variant.id)) continue;
    const unit = applyPlanAdjustment(variant.priceMinor, line.plan, 'shop', conversion);
    const resolved = resolveDiscount(discount, 'shop', conversion);
    if (unit === null || resolved === 'unpriceable') continue;
    const { totalMinor } = priceLine(unit, quantity, resolved);
    if (totalMinor <= 0) {
      const price = formatMoney(unit * quantity, catalog.shopCurrency, 'en');
      problems.push({
        code: 'price_not_positive',
        stepId: step.id,
        field: line.field,
        message:
          `In step "${step.id}" the discount makes "${product.title}${variant.title === 'Default Title' ? '' : ` - ${variant.title}`}" ` +
          `cost nothing (regular price ${price}${quantity > 1 ? ` for ${quantity}` : ''}).`,
      });
      return;
    }
  }
}

/** A template picks its products later: only a 100 % discount is known to give every one of them away. */
function checkTemplateDiscount({ step, base, problems }: StepCheck, discount: Discount | null): void {
  if (discount?.type === 'percentage' && discount.percent >= 100) {
    problems.push({
      code: 'price_not_positive',
      stepId: step.id,
      field: `${base}.discount`,
      message: `In step "${step.id}" a 100% discount would give every product away.`,
    });
  }
}
