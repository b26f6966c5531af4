// One candidate product of a step -> one planned checkout offer: available, its conditions, one variant in stock
// and priced, its texts and its id. Anything that keeps it out of checkout becomes a warning for the merchant.
import type { CheckoutOffer } from '../../../../extensions/checkout-upsell/src/offers-contract.js';
import { type CatalogProduct, type CatalogVariant, plansForVariant, type Step } from '../../offers/index.js';
import { type ConditionsDraft, combineConditions, renderConditions } from '../conditions.js';
import { isAllowed } from './flatten.js';
import { checkoutOfferId } from './offer-id.js';
import { type PricedVariant, priceFirstVariant, withSubtotalRanges } from './prices.js';
import { localizedProductTitle, offerDescription, offerTitle } from './texts.js';
import type { Candidate, ContractWarning, FunnelEnv, PlanInput, PlannedOffer, StepWarn } from './types.js';

/** What planning all offers shares. */
export interface Planning {
  input: PlanInput;
  warnings: ContractWarning[];
  /** Product lists the planned offers' conditions refer to, filled as offers are planned. */
  lists: Map<string, readonly string[]>;
}

export function planOffer(candidate: Candidate, step: Step, env: FunnelEnv, planning: Planning): PlannedOffer | null {
  const warn: StepWarn = (code, message) => planning.warnings.push({ code, funnelId: env.funnel.id, stepId: step.id, message });
  const product = candidate.product;
  if (!product?.active) {
    warn(
      'product_unavailable',
      `Step "${step.id}": product ${product ? `"${product.title}"` : candidate.productId} is not active, so it is not shown in checkout.`,
    );
    return null;
  }
  const conditions = offerConditions(candidate, env, step, product, warn);
  if (!conditions) return null;
  const variants = sellableVariants(candidate, product);
  if (variants.length === 0) {
    const needed = candidate.quantity > 1 ? ` (${candidate.quantity} units needed)` : '';
    warn('out_of_stock', `Step "${step.id}": "${product.title}" is out of stock${needed}; it returns to checkout once restocked.`);
    return null;
  }
  const priced = priceFirstVariant(candidate, variants, conditions, planning.input);
  if (!priced) {
    warn(
      'no_price',
      `Step "${step.id}": "${product.title}" cannot be priced above zero${candidate.discount ? ' after its discount' : ''} ` +
        'in the currencies it may be shown in, so it is not shown in checkout.',
    );
    return null;
  }
  return plannedOffer({ candidate, step, env, product, conditions, priced }, planning);
}

/** The funnel's conditions, plus the candidate's own (a complement's partners); null (warned) when they conflict. */
function offerConditions(
  candidate: Candidate,
  env: FunnelEnv,
  step: Step,
  product: CatalogProduct,
  warn: StepWarn,
): ConditionsDraft | null {
  if (!candidate.conditions) return env.conditions;
  const combined = combineConditions(env.conditions, candidate.conditions);
  if (combined.ok) return combined.draft;
  warn(
    'conditions_unsupported',
    `Step "${step.id}": "${product.title}" is paired with cart products, ` +
      `but the funnel's targeting already names other cart items; ${combined.reasons.join('; ')}.`,
  );
  return null;
}

/** The allowed variants with the offer's quantity in stock (and, for a plan, sold on it). */
function sellableVariants(candidate: Candidate, product: CatalogProduct): CatalogVariant[] {
  const plan = candidate.plan;
  return product.variants.filter(
    (v) =>
      isAllowed(v, candidate.variantIds) &&
      v.sellableQuantity >= candidate.quantity &&
      (!plan || plansForVariant(product, v).some((p) => p.id === plan.id)),
  );
}

interface OfferParts {
  candidate: Candidate;
  step: Step;
  env: FunnelEnv;
  product: CatalogProduct;
  conditions: ConditionsDraft;
  priced: PricedVariant;
}

/** The planned offer: what the metafield gets (without its code) and what the code, the ledger and logs need. */
function plannedOffer({ candidate, step, env, product, conditions, priced }: OfferParts, planning: Planning): PlannedOffer {
  const { catalog, settings } = planning.input;
  const shopCurrency = catalog.shopCurrency;
  const funnelId = env.funnel.id;
  const { prices, subtotal } = withSubtotalRanges(priced.prices, conditions.subtotal);
  const variant = priced.variant;
  const plan = candidate.plan;
  const offerKey = step.offerId ?? step.id;
  const id = checkoutOfferId({ funnelId, stepId: step.id, productId: product.id, offerKey });
  const title = offerTitle(product, variant, settings.defaultLocale);
  const description = offerDescription(step, product, candidate.discount, shopCurrency, settings.defaultLocale);
  const imageUrl = variant.imageUrl ?? product.imageUrl ?? null;

  const rendered = renderConditions(conditions, env.lists, subtotal, planning.lists);
  const offer: Omit<CheckoutOffer, 'discountCode'> = {
    id,
    productId: product.id,
    merchandiseId: variant.id,
    quantity: candidate.quantity,
    ...(plan ? { sellingPlanId: plan.id } : {}),
    title,
    ...(description ? { description } : {}),
    ...(imageUrl ? { image: { url: imageUrl, alt: localizedProductTitle(product, settings.defaultLocale) } } : {}),
    prices: prices.map((p) => p.entry),
    ...(rendered ? { conditions: rendered } : {}),
  };

  return {
    id,
    funnelId,
    stepId: step.id,
    offerKey,
    productId: product.id,
    variantId: variant.id,
    quantity: candidate.quantity,
    sellingPlanId: plan?.id ?? null,
    discountTerms: candidate.discount
      ? {
          discount: candidate.discount,
          productId: product.id,
          variantId: variant.id,
          subscription: plan !== null,
          minQuantity: candidate.quantity,
        }
      : null,
    shopCurrency,
    shopTotalMinor: priced.shopTotalMinor,
    productTitle: product.title,
    offer,
  };
}
