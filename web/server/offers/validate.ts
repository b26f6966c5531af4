// The merchant's funnel checker: every problem at once, each with a stable code, a sentence, the step it concerns
// and the dotted path of the field (the HTTP layer turns these into 422 per-field messages).
import type { z } from 'zod';
import type { Catalog, CatalogProduct } from './catalog.js';
import {
  FunnelSchema,
  LOCALES,
  MAX_FUNNEL_LEVELS,
  MAX_POST_PURCHASE_ACCEPTS,
  type Discount,
  type FunnelDefinition,
  type Locale,
  type ShopSettings,
  type Step,
  type Template,
} from './definitions.js';
import { formatMoney } from './currency.js';
import {
  applyPlanAdjustment,
  createConversion,
  priceLine,
  resolveDiscount,
  type PlanPriceAdjustment,
} from './pricing.js';
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
    checkSurface(funnel, step, index, problems);
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

function checkGraph(
  funnel: FunnelDefinition,
  indexOf: ReadonlyMap<string, number>,
  problems: ValidationProblem[],
): void {
  const stepById = new Map<string, Step>();
  for (const step of funnel.steps) if (!stepById.has(step.id)) stepById.set(step.id, step);
  if (!stepById.has(funnel.rootStepId)) {
    problems.push({
      code: 'unknown_step',
      field: 'rootStepId',
      message: `The first step "${funnel.rootStepId}" does not exist.`,
    });
  }

  // Edges, unknown targets and steps reached from two places.
  const parentOf = new Map<string, string>();
  for (const step of stepById.values()) {
    const index = indexOf.get(step.id)!;
    for (const branch of ['accept', 'decline'] as const) {
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
      if (target === funnel.rootStepId) continue; // reported as a cycle below
      const parent = parentOf.get(target);
      if (parent !== undefined && parent !== step.id) {
        problems.push({
          code: 'multiple_parents',
          stepId: step.id,
          field,
          message: `Step "${target}" is reached from both "${parent}" and "${step.id}"; in a funnel tree each step follows exactly one answer.`,
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

  // Cycles: a back edge in a depth-first walk, from the root and then from any step not yet seen.
  const state = new Map<string, 'active' | 'done'>();
  const visit = (id: string) => {
    state.set(id, 'active');
    const step = stepById.get(id)!;
    for (const branch of ['accept', 'decline'] as const) {
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
  if (!stepById.has(funnel.rootStepId)) return;

  // Path properties, walked over (step, accepts so far, subscription accepted above) states so a malformed
  // graph cannot blow up the walk.
  const subscriptionStep = (step: Step) => step.offer.kind === 'plans';
  const reported = new Set<string>();
  const report = (problem: ValidationProblem) => {
    const key = `${problem.code}|${problem.stepId}`;
    if (reported.has(key)) return;
    reported.add(key);
    problems.push(problem);
  };
  const seenStates = new Set<string>();
  const walk = (
    id: string,
    level: number,
    acceptsBefore: number,
    subscriptionAbove: string | null,
    onPath: Set<string>,
  ) => {
    const stateKey = `${id}|${level > MAX_FUNNEL_LEVELS ? 'deep' : level}|${Math.min(acceptsBefore, MAX_POST_PURCHASE_ACCEPTS)}|${subscriptionAbove ?? ''}`;
    if (onPath.has(id) || seenStates.has(stateKey)) return;
    seenStates.add(stateKey);
    const step = stepById.get(id)!;
    const field = `steps.${indexOf.get(id)}`;
    if (level === MAX_FUNNEL_LEVELS + 1) {
      report({
        code: 'too_deep',
        stepId: id,
        field,
        message: `Step "${id}" is at level ${level}; a funnel can be at most ${MAX_FUNNEL_LEVELS} levels deep.`,
      });
    }
    if (funnel.surface === 'post_purchase' && acceptsBefore >= MAX_POST_PURCHASE_ACCEPTS) {
      report({
        code: 'too_many_accepts',
        stepId: id,
        field,
        message: `A shopper who accepts every offer before step "${id}" has already accepted ${acceptsBefore}; Shopify allows at most ${MAX_POST_PURCHASE_ACCEPTS} post-purchase changes per order, so this step could never be accepted.`,
      });
    }
    if (subscriptionStep(step) && subscriptionAbove !== null) {
      report({
        code: 'multiple_subscriptions',
        stepId: id,
        field: `${field}.offer`,
        message: `Step "${id}" offers a subscription after the subscription of step "${subscriptionAbove}" was accepted; an order can get only one subscription after checkout.`,
      });
    }
    onPath.add(id);
    for (const branch of ['accept', 'decline'] as const) {
      const target = step[branch];
      if (target === null || !stepById.has(target)) continue;
      const accepted = branch === 'accept';
      walk(
        target,
        level + 1,
        acceptsBefore + (accepted ? 1 : 0),
        accepted && subscriptionStep(step) ? id : subscriptionAbove,
        onPath,
      );
    }
    onPath.delete(id);
  };
  walk(funnel.rootStepId, 1, 0, null, new Set());
}

function checkSurface(funnel: FunnelDefinition, step: Step, index: number, problems: ValidationProblem[]): void {
  if (step.offer.kind !== 'plans') return;
  if (funnel.surface === 'email') {
    problems.push({
      code: 'subscription_not_supported',
      stepId: step.id,
      field: `steps.${index}.offer`,
      message: `Step "${step.id}" offers a subscription, but email offers add items by editing the order, which cannot add subscriptions.`,
    });
  } else if (funnel.surface === 'post_purchase' && !guaranteesNoSubscription(funnel.targeting)) {
    problems.push({
      code: 'subscription_on_subscription_order',
      stepId: step.id,
      field: 'targeting',
      message: `Step "${step.id}" offers a subscription, but the funnel can reach orders that already contain one, where Shopify rejects it. Add the condition "order contains a subscription: no".`,
    });
  }
}

// --- texts ------------------------------------------------------------------------------------------------------

function checkTranslations(
  step: Step,
  index: number,
  settings: ValidationOptions['settings'],
  problems: ValidationProblem[],
): void {
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

function checkCatalog(step: Step, index: number, catalog: Catalog, problems: ValidationProblem[]): void {
  const base = `steps.${index}.offer`;
  const offer = step.offer;
  const productRef = (
    productId: string,
    variantIds: readonly string[] | null,
    field: string,
  ): CatalogProduct | null => {
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
  };
  switch (offer.kind) {
    case 'product':
      if (offer.source.type === 'product')
        productRef(offer.source.productId, offer.source.variantIds, `${base}.source.productId`);
      else checkTemplateRefs(offer.source.template, `${base}.source.template`, step, catalog, problems);
      return;
    case 'choice':
      if (offer.source.type === 'products') {
        offer.source.items.forEach((item, i) =>
          productRef(item.productId, item.variantIds, `${base}.source.items.${i}.productId`),
        );
      } else {
        checkTemplateRefs(offer.source.template, `${base}.source.template`, step, catalog, problems);
      }
      return;
    case 'tiers': {
      productRef(offer.productId, offer.variantIds, `${base}.productId`);
      const seen = new Set<number>();
      offer.tiers.forEach((tier, i) => {
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
      return;
    }
    case 'plans': {
      const product = productRef(offer.productId, offer.variantIds, `${base}.productId`);
      if (!product) return;
      if (offer.plans.type === 'all') {
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
      offer.plans.items.forEach((item, i) => {
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
      return;
    }
  }
}

function checkTemplateRefs(
  template: Template,
  field: string,
  step: Step,
  catalog: Catalog,
  problems: ValidationProblem[],
): void {
  if (template.template !== 'complementary') return;
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

/** A discount must leave every variant it can apply to with a price above zero (in the shop currency). */
function checkPrices(step: Step, index: number, catalog: Catalog, problems: ValidationProblem[]): void {
  const base = `steps.${index}.offer`;
  const offer = step.offer;
  const conversion = createConversion(catalog.shopCurrency, catalog.shopCurrency, undefined);
  const check = (
    productId: string,
    variantIds: readonly string[] | null,
    quantity: number,
    plan: PlanPriceAdjustment | null,
    discount: Discount | null,
    field: string,
  ) => {
    if (!discount) return;
    const product = catalog.products.get(productId);
    if (!product) return;
    const allowed = variantIds ? new Set(variantIds) : null;
    for (const variant of product.variants) {
      if (allowed && !allowed.has(variant.id)) continue;
      const unit = applyPlanAdjustment(variant.priceMinor, plan, 'shop', conversion);
      const resolved = resolveDiscount(discount, 'shop', conversion);
      if (unit === null || resolved === 'unpriceable') continue;
      const { totalMinor } = priceLine(unit, quantity, resolved);
      if (totalMinor <= 0) {
        const price = formatMoney(unit * quantity, catalog.shopCurrency, 'en');
        problems.push({
          code: 'price_not_positive',
          stepId: step.id,
          field,
          message: `In step "${step.id}" the discount makes "${product.title}${variant.title === 'Default Title' ? '' : ` - ${variant.title}`}" cost nothing (regular price ${price}${quantity > 1 ? ` for ${quantity}` : ''}).`,
        });
        return;
      }
    }
  };
  const templateCheck = (discount: Discount | null, field: string) => {
    if (discount?.type === 'percentage' && discount.percent >= 100) {
      problems.push({
        code: 'price_not_positive',
        stepId: step.id,
        field,
        message: `In step "${step.id}" a 100% discount would give every product away.`,
      });
    }
  };
  switch (offer.kind) {
    case 'product':
      if (offer.source.type === 'product')
        check(offer.source.productId, offer.source.variantIds, 1, null, offer.discount, `${base}.discount`);
      else templateCheck(offer.discount, `${base}.discount`);
      return;
    case 'choice':
      if (offer.source.type === 'products') {
        offer.source.items.forEach((item, i) =>
          check(
            item.productId,
            item.variantIds,
            1,
            null,
            item.discount ?? offer.discount,
            item.discount ? `${base}.source.items.${i}.discount` : `${base}.discount`,
          ),
        );
      } else {
        templateCheck(offer.discount, `${base}.discount`);
      }
      return;
    case 'tiers':
      offer.tiers.forEach((tier, i) =>
        check(offer.productId, offer.variantIds, tier.quantity, null, tier.discount, `${base}.tiers.${i}.discount`),
      );
      return;
    case 'plans': {
      const product = catalog.products.get(offer.productId);
      if (offer.oneTime)
        check(offer.productId, offer.variantIds, 1, null, offer.oneTime.discount, `${base}.oneTime.discount`);
      if (!product) return;
      if (offer.plans.type === 'all') {
        for (const plan of product.sellingPlans)
          check(
            offer.productId,
            offer.variantIds,
            1,
            plan.priceAdjustment,
            offer.plans.discount,
            `${base}.plans.discount`,
          );
      } else {
        offer.plans.items.forEach((item, i) => {
          const plan = product.sellingPlans.find((p) => p.id === item.sellingPlanId);
          if (plan)
            check(
              offer.productId,
              offer.variantIds,
              1,
              plan.priceAdjustment,
              item.discount,
              `${base}.plans.items.${i}.discount`,
            );
        });
      }
      return;
    }
  }
}
