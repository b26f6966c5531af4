// A funnel tree flattened for the checkout block, which has no accept/decline flow: its steps in tree order, each
// step's offer as the products the block can show on their own (a product, each item of a choice, the smallest
// tier, the first usable plan or else the one-time purchase). Simplifications are reported.
import {
  type CatalogProduct,
  type CatalogSellingPlanInput,
  type CatalogVariant,
  type Discount,
  type FunnelDefinition,
  type Offer,
  plansForVariant,
  type Step,
} from '../../offers/index.js';
import { templateCandidates } from './templates.js';
import type { Candidate, ContractWarning, FunnelEnv, PlanInput, StepWarn } from './types.js';

/** Root first, then the accept branch, then the decline branch; unreachable steps are not offered. */
export function stepsInTreeOrder(funnel: FunnelDefinition): Step[] {
  const byId = new Map(funnel.steps.map((s) => [s.id, s]));
  const ordered: Step[] = [];
  const seen = new Set<string>();
  const visit = (id: string | null) => {
    if (id === null || seen.has(id)) return;
    const step = byId.get(id);
    if (!step) return;
    seen.add(id);
    ordered.push(step);
    visit(step.accept);
    visit(step.decline);
  };
  visit(funnel.rootStepId);
  return ordered;
}

/** The products one step offers in checkout, in the step's order. */
export function stepCandidates(step: Step, env: FunnelEnv, input: PlanInput, warnings: ContractWarning[]): Candidate[] {
  const { catalog } = input;
  const offer = step.offer;
  const warn: StepWarn = (code, message) => warnings.push({ code, funnelId: env.funnel.id, stepId: step.id, message });
  const explicit = (
    productId: string,
    variantIds: readonly string[] | null,
    discount: Discount | null,
    quantity = 1,
    plan: CatalogSellingPlanInput | null = null,
  ): Candidate => ({
    product: catalog.products.get(productId),
    productId,
    variantIds,
    discount,
    quantity,
    plan,
    conditions: null,
  });

  switch (offer.kind) {
    case 'product':
      return offer.source.type === 'product'
        ? [explicit(offer.source.productId, offer.source.variantIds, offer.discount)]
        : templateCandidates({ template: offer.source.template, limit: 1, discount: offer.discount }, step, input, warn);
    case 'choice':
      return offer.source.type === 'products'
        ? offer.source.items.map((item) => explicit(item.productId, item.variantIds, item.discount ?? offer.discount))
        : templateCandidates({ template: offer.source.template, limit: offer.source.limit, discount: offer.discount }, step, input, warn);
    case 'tiers': {
      const [smallest] = [...offer.tiers].sort((a, b) => a.quantity - b.quantity);
      if (offer.tiers.length > 1) {
        warn(
          'step_simplified',
          `Step "${step.id}" offers ${offer.tiers.length} quantity tiers; ` +
            `the checkout block shows the smallest (${smallest!.quantity} units).`,
        );
      }
      return [explicit(offer.productId, offer.variantIds, smallest!.discount, smallest!.quantity)];
    }
    case 'plans': {
      const choice = planCandidate(step, offer, catalog.products.get(offer.productId), warn);
      return choice ? [explicit(offer.productId, offer.variantIds, choice.discount, 1, choice.plan)] : [];
    }
  }
}

/** A plans step in checkout: its first plan a variant can be bought on, else its one-time purchase, else nothing. */
function planCandidate(
  step: Step,
  offer: Extract<Offer, { kind: 'plans' }>,
  product: CatalogProduct | undefined,
  warn: StepWarn,
): { plan: CatalogSellingPlanInput | null; discount: Discount | null } | null {
  const plans = offer.plans;
  const choices =
    plans.type === 'all'
      ? (product?.sellingPlans ?? []).map((plan) => ({ plan, discount: plans.discount }))
      : plans.items.flatMap((item) => {
          const plan = product?.sellingPlans.find((p) => p.id === item.sellingPlanId);
          return plan ? [{ plan, discount: item.discount }] : [];
        });
  const usable = choices.find(({ plan }) =>
    product?.variants.some((v) => isAllowed(v, offer.variantIds) && plansForVariant(product, v).some((p) => p.id === plan.id)),
  );
  const optionCount = choices.length + (offer.oneTime ? 1 : 0);
  if (usable) {
    if (optionCount > 1)
      warn(
        'step_simplified',
        `Step "${step.id}" offers ${optionCount} purchase options; the checkout block shows the first plan ("${usable.plan.name}").`,
      );
    return usable;
  }
  if (offer.oneTime) {
    if (optionCount > 1)
      warn('step_simplified', `Step "${step.id}": none of its plans can be bought now; the checkout block shows the one-time purchase.`);
    return { plan: null, discount: offer.oneTime.discount };
  }
  warn(
    'product_unavailable',
    `Step "${step.id}": no variant of the product can be bought on the step's plans, so it is not shown in checkout.`,
  );
  return null;
}

/** The step allows every variant (null) or names this one. */
export function isAllowed(variant: CatalogVariant, allowed: readonly string[] | null): boolean {
  return allowed === null || allowed.includes(variant.id);
}
