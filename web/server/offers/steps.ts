// Turns one compiled step into what the shopper sees: candidates filtered by the exclusions (not in the order,
// not bought before, not declined, in stock, priceable, price above zero), options priced in both currencies,
// texts localized. A step with nothing left is reported as skipped, with the reason.
import type { Catalog, CatalogProduct, CatalogSellingPlanInput, CatalogVariant } from './catalog.js';
import { plansForVariant } from './catalog.js';
import type { CompiledStep } from './compile.js';
import { discountLabel, fillPlaceholders, oneTimeLabel, resolveLocale } from './content.js';
import { formatMoney } from './currency.js';
import type { PresentedOption, PresentedStep, PresentedVariant, StepState } from './decision.js';
import type { Discount, Locale, Surface } from './definitions.js';
import { quote, quoteInputFor, resolveDiscount, type CurrencyConversion } from './pricing.js';
import type { OrderFacts } from './targeting.js';
import { MAX_CANDIDATE_ENTRIES_PER_STEP, type TraceEntry, type TraceReason } from './trace.js';

export interface StepEnv {
  funnelId: string;
  surface: Surface;
  facts: OrderFacts;
  nowMs: number;
  catalog: Catalog;
  conversion: CurrencyConversion;
  declinedProductIds: ReadonlySet<string>;
  declinedOfferIds: ReadonlySet<string>;
  shopperLocale: string;
  defaultLocale: Locale;
  trace: TraceEntry[];
}

interface ExclusionFlags {
  allowInOrder: boolean;
  allowRepurchase: boolean;
}

type CandidateCheck =
  | { ok: true; product: CatalogProduct; variants: CatalogVariant[] }
  | { ok: false; reason: TraceReason; message: string };

/** A step's trace writer: candidate entries are capped, step entries are not. */
class StepTrace {
  private candidateEntries = 0;
  private suppressed = 0;
  constructor(
    private readonly env: StepEnv,
    private readonly stepId: string,
  ) {}

  candidate(candidate: string, outcome: 'kept' | 'dropped', reason: TraceReason, message: string): void {
    if (this.candidateEntries >= MAX_CANDIDATE_ENTRIES_PER_STEP) {
      this.suppressed++;
      return;
    }
    this.candidateEntries++;
    this.env.trace.push({ funnelId: this.env.funnelId, stepId: this.stepId, candidate, outcome, reason, message });
  }

  step(outcome: 'kept' | 'dropped', reason: TraceReason, message: string): void {
    if (this.suppressed > 0) {
      this.env.trace.push({
        funnelId: this.env.funnelId,
        stepId: this.stepId,
        outcome: 'dropped',
        reason: 'candidates_summarised',
        message: `${this.suppressed} more candidate${this.suppressed === 1 ? ' was' : 's were'} looked at; details are left out to keep this list short.`,
      });
      this.suppressed = 0;
    }
    this.env.trace.push({ funnelId: this.env.funnelId, stepId: this.stepId, outcome, reason, message });
  }
}

/**
 * Resolves a step. `excluded` holds products already offered by earlier steps on the path, so a template never
 * repeats them.
 */
export function resolveStep(step: CompiledStep, env: StepEnv, excluded: ReadonlySet<string>): StepState {
  const definition = step.definition;
  const links = { accept: definition.accept, decline: definition.decline };
  const trace = new StepTrace(env, definition.id);

  if (env.declinedOfferIds.has(step.offerKey)) {
    const message = 'The shopper already declined this offer for this order on another surface.';
    trace.step('dropped', 'step_declined_earlier', message);
    return { status: 'skipped', reason: 'step_declined_earlier', message, ...links };
  }

  const locale = resolveLocale(env.shopperLocale, definition.content, env.defaultLocale);
  if (locale === null) {
    const message = 'The step has no texts in any language.';
    trace.step('dropped', 'step_empty', message);
    return { status: 'skipped', reason: 'step_empty', message, ...links };
  }

  const options = buildOptions(step, env, excluded, locale, trace);
  if (options.length === 0) {
    const message = 'Nothing in this step can be offered to this order (see the candidates above).';
    trace.step('dropped', 'step_empty', message);
    return { status: 'skipped', reason: 'step_empty', message, ...links };
  }

  const first = options[0]!;
  const content = fillPlaceholders(definition.content[locale]!, {
    product: first.productTitle,
    discount: first.discountLabel,
  });
  const presented: PresentedStep = {
    funnelId: env.funnelId,
    stepId: definition.id,
    offerId: step.offerKey,
    kind: definition.offer.kind,
    locale,
    content,
    countdownSeconds: definition.countdownSeconds,
    subscription: options.some((option) => option.sellingPlan !== null),
    options,
  };
  trace.step('kept', 'step_ready', `Step ready with ${options.length} option${options.length === 1 ? '' : 's'}.`);
  return { status: 'ready', step: presented, ...links };
}

function buildOptions(
  step: CompiledStep,
  env: StepEnv,
  excluded: ReadonlySet<string>,
  locale: Locale,
  trace: StepTrace,
): PresentedOption[] {
  const offer = step.definition.offer;
  switch (offer.kind) {
    case 'product': {
      const check =
        offer.source.type === 'product'
          ? explicitCandidate(offer.source.productId, offer.source.variantIds, 1, offer, env, trace)
          : (templateCandidates(step, env, excluded, offer, 1, trace)[0] ?? null);
      if (!check) return [];
      const option = productOption(
        check.product,
        check.variants,
        offer.discount,
        offer.maxQuantity,
        env,
        locale,
        trace,
      );
      return option ? [option] : [];
    }
    case 'choice': {
      const options: PresentedOption[] = [];
      if (offer.source.type === 'products') {
        for (const item of offer.source.items) {
          const check = explicitCandidate(item.productId, item.variantIds, 1, offer, env, trace);
          if (!check) continue;
          const option = productOption(
            check.product,
            check.variants,
            item.discount ?? offer.discount,
            1,
            env,
            locale,
            trace,
          );
          if (option) options.push(option);
        }
      } else {
        for (const check of templateCandidates(step, env, excluded, offer, offer.source.limit, trace)) {
          const option = productOption(check.product, check.variants, offer.discount, 1, env, locale, trace);
          if (option) options.push(option);
        }
      }
      return options;
    }
    case 'tiers': {
      const smallest = Math.min(...offer.tiers.map((tier) => tier.quantity));
      const check = explicitCandidate(offer.productId, offer.variantIds, smallest, offer, env, trace);
      if (!check) return [];
      const options: PresentedOption[] = [];
      for (const tier of [...offer.tiers].sort((a, b) => a.quantity - b.quantity)) {
        const candidate = `tier:${tier.quantity}`;
        const variants = check.variants.filter((variant) => variant.sellableQuantity >= tier.quantity);
        if (variants.length === 0) {
          trace.candidate(
            candidate,
            'dropped',
            'out_of_stock',
            `Fewer than ${tier.quantity} units in stock of any variant of "${check.product.title}".`,
          );
          continue;
        }
        const option = buildOption(
          candidate,
          check.product,
          variants,
          null,
          tier.discount,
          { min: tier.quantity, max: tier.quantity, default: tier.quantity },
          env,
          locale,
          trace,
        );
        if (option) options.push(option);
      }
      return options;
    }
    case 'plans': {
      const check = explicitCandidate(offer.productId, offer.variantIds, 1, offer, env, trace);
      if (!check) return [];
      const options: PresentedOption[] = [];
      const one = { min: 1, max: 1, default: 1 };
      if (offer.oneTime) {
        const option = buildOption(
          'one_time',
          check.product,
          check.variants,
          null,
          offer.oneTime.discount,
          one,
          env,
          locale,
          trace,
        );
        if (option) options.push(option);
      }
      const plans = offer.plans;
      const productPlans = check.product.sellingPlans;
      const planChoices: Array<{ plan: CatalogSellingPlanInput | undefined; id: string; discount: Discount | null }> =
        plans.type === 'all'
          ? productPlans.map((plan) => ({ plan, id: plan.id, discount: plans.discount }))
          : plans.items.map((item) => ({
              plan: productPlans.find((plan) => plan.id === item.sellingPlanId),
              id: item.sellingPlanId,
              discount: item.discount,
            }));
      const subscriptionBlock = subscriptionBlocker(env);
      for (const choice of planChoices) {
        const candidate = `plan:${choice.id}`;
        if (!choice.plan) {
          trace.candidate(
            candidate,
            'dropped',
            'plan_unavailable',
            `Selling plan ${choice.id} is no longer offered for "${check.product.title}".`,
          );
          continue;
        }
        if (subscriptionBlock) {
          trace.candidate(candidate, 'dropped', 'subscription_not_allowed', subscriptionBlock);
          continue;
        }
        const plan = choice.plan;
        const variants = check.variants.filter((variant) =>
          plansForVariant(check.product, variant).some((p) => p.id === plan.id),
        );
        if (variants.length === 0) {
          trace.candidate(
            candidate,
            'dropped',
            'plan_unavailable',
            `No in-stock variant of "${check.product.title}" can be bought on "${plan.name}".`,
          );
          continue;
        }
        const option = buildOption(candidate, check.product, variants, plan, choice.discount, one, env, locale, trace);
        if (option) options.push(option);
      }
      return options;
    }
  }
}

function subscriptionBlocker(env: StepEnv): string | null {
  if (env.surface === 'email') return 'Order editing cannot add subscriptions, so email offers cannot include plans.';
  if (env.surface === 'post_purchase' && env.facts.hasSubscription) {
    return 'The order already contains a subscription; Shopify does not allow adding another after checkout.';
  }
  return null;
}

function explicitCandidate(
  productId: string,
  variantIds: readonly string[] | null,
  minQuantity: number,
  flags: ExclusionFlags,
  env: StepEnv,
  trace: StepTrace,
): Extract<CandidateCheck, { ok: true }> | null {
  const product = env.catalog.products.get(productId);
  const check = checkCandidate(product, productId, variantIds, minQuantity, flags, env);
  if (!check.ok) {
    trace.candidate(productId, 'dropped', check.reason, check.message);
    return null;
  }
  return check;
}

function templateCandidates(
  step: CompiledStep,
  env: StepEnv,
  excluded: ReadonlySet<string>,
  flags: ExclusionFlags,
  limit: number,
  trace: StepTrace,
): Array<Extract<CandidateCheck, { ok: true }>> {
  const found: Array<Extract<CandidateCheck, { ok: true }>> = [];
  step.source!(env.facts, env.nowMs, (product) => {
    if (excluded.has(product.id)) return false;
    const check = checkCandidate(product, product.id, null, 1, flags, env);
    if (!check.ok) {
      trace.candidate(product.id, 'dropped', check.reason, check.message);
      return false;
    }
    // A template pick must also price; otherwise keep looking.
    if (!canPriceAny(check.variants, env)) {
      trace.candidate(
        product.id,
        'dropped',
        'no_price_in_currency',
        `"${product.title}" has no price in ${env.conversion.presentmentCurrency}.`,
      );
      return false;
    }
    found.push(check);
    return found.length >= limit;
  });
  if (found.length === 0) {
    trace.candidate('template', 'dropped', 'template_no_match', 'The template found no product that fits this order.');
  }
  return found;
}

function canPriceAny(variants: readonly CatalogVariant[], env: StepEnv): boolean {
  const conversion = env.conversion;
  if (conversion.rate !== null || conversion.presentmentCurrency === conversion.shopCurrency) return true;
  return variants.some((variant) => variant.presentmentPricesMinor?.[conversion.presentmentCurrency] !== undefined);
}

function checkCandidate(
  product: CatalogProduct | undefined,
  productId: string,
  variantIds: readonly string[] | null,
  minQuantity: number,
  flags: ExclusionFlags,
  env: StepEnv,
): CandidateCheck {
  if (!product || !product.active) {
    return {
      ok: false,
      reason: 'product_unavailable',
      message: `Product ${product ? `"${product.title}"` : productId} is not active in the catalog.`,
    };
  }
  const title = `"${product.title}"`;
  if (!flags.allowInOrder && env.facts.productIds.has(product.id)) {
    return { ok: false, reason: 'in_order', message: `${title} is already in this order.` };
  }
  if (!flags.allowRepurchase && env.facts.purchasedProductIds.has(product.id)) {
    return { ok: false, reason: 'bought_before', message: `The customer bought ${title} before.` };
  }
  if (env.declinedProductIds.has(product.id)) {
    return { ok: false, reason: 'declined_earlier', message: `The shopper already declined ${title} for this order.` };
  }
  const allowed = variantIds ? new Set(variantIds) : null;
  const variants = product.variants.filter(
    (variant) => (allowed === null || allowed.has(variant.id)) && variant.sellableQuantity >= minQuantity,
  );
  if (variants.length === 0) {
    const units = minQuantity === 1 ? '' : ` (${minQuantity} units needed)`;
    return { ok: false, reason: 'out_of_stock', message: `${title} is out of stock${units}.` };
  }
  return { ok: true, product, variants };
}

function productOption(
  product: CatalogProduct,
  variants: CatalogVariant[],
  discount: Discount | null,
  maxQuantity: number,
  env: StepEnv,
  locale: Locale,
  trace: StepTrace,
): PresentedOption | null {
  const mostAvailable = Math.max(...variants.map((variant) => variant.sellableQuantity));
  const quantity = { min: 1, max: Math.max(1, Math.min(maxQuantity, mostAvailable)), default: 1 };
  return buildOption(product.id, product, variants, null, discount, quantity, env, locale, trace);
}

function buildOption(
  id: string,
  product: CatalogProduct,
  variants: readonly CatalogVariant[],
  plan: CatalogSellingPlanInput | null,
  discount: Discount | null,
  quantity: { min: number; max: number; default: number },
  env: StepEnv,
  locale: Locale,
  trace: StepTrace,
): PresentedOption | null {
  const conversion = env.conversion;
  const presentmentDiscount = resolveDiscount(discount, 'presentment', conversion);
  const shopDiscount = resolveDiscount(discount, 'shop', conversion);
  if (presentmentDiscount === 'unpriceable' || shopDiscount === 'unpriceable') {
    trace.candidate(
      id,
      'dropped',
      'no_price_in_currency',
      `The fixed discount of "${product.title}" has no amount in ${conversion.presentmentCurrency} and no exchange rate is set.`,
    );
    return null;
  }
  const presented: PresentedVariant[] = [];
  let unpriceable = 0;
  let notPositive = 0;
  for (const variant of variants) {
    const prices = quote(quoteInputFor(variant, { quantity: quantity.default, plan, discount }), conversion);
    if (!prices) {
      unpriceable++;
      continue;
    }
    if (prices.presentment.totalMinor <= 0 || prices.shop.totalMinor <= 0) {
      notPositive++;
      continue;
    }
    presented.push(presentVariant(variant, prices, product, locale, conversion.presentmentCurrency));
  }
  if (presented.length === 0) {
    if (notPositive > 0) {
      trace.candidate(
        id,
        'dropped',
        'price_not_positive',
        `The discount would make "${product.title}" free or negative, so it is not offered.`,
      );
    } else {
      trace.candidate(
        id,
        'dropped',
        'no_price_in_currency',
        `"${product.title}" has no price in ${conversion.presentmentCurrency} and no exchange rate is set.`,
      );
    }
    return null;
  }
  if (unpriceable + notPositive > 0) {
    trace.candidate(
      id,
      'kept',
      'candidate_kept',
      `"${product.title}" offered; ${unpriceable + notPositive} variant(s) left out for pricing.`,
    );
  } else {
    trace.candidate(id, 'kept', 'candidate_kept', `"${product.title}" can be offered.`);
  }
  const resolved = { shop: shopDiscount, presentment: presentmentDiscount };
  return {
    id,
    productId: product.id,
    productTitle: product.titleTranslations?.[locale] ?? product.title,
    productHandle: product.handle,
    imageUrl: product.imageUrl ?? null,
    sellingPlan: plan
      ? {
          id: plan.id,
          name: plan.nameTranslations?.[locale] ?? plan.name,
          billing: plan.billing,
          delivery: plan.delivery,
        }
      : null,
    quantity,
    discount,
    resolvedDiscount: resolved,
    label: optionLabel(id, product, plan, quantity.default, locale),
    discountLabel: discountLabel(presentmentDiscount, conversion.presentmentCurrency, locale),
    variants: presented,
  };
}

function presentVariant(
  variant: CatalogVariant,
  prices: { presentment: PresentedVariant['price']['presentment']; shop: PresentedVariant['price']['shop'] },
  product: CatalogProduct,
  locale: Locale,
  currency: string,
): PresentedVariant {
  const p = prices.presentment;
  const referenceUnit = Math.max(p.originalUnitPriceMinor, p.compareAtUnitPriceMinor ?? 0);
  const compareAtTotal = referenceUnit * p.quantity > p.totalMinor ? referenceUnit * p.quantity : null;
  return {
    id: variant.id,
    title: variant.title,
    imageUrl: variant.imageUrl ?? product.imageUrl ?? null,
    available: Number.isFinite(variant.sellableQuantity) ? variant.sellableQuantity : null,
    price: prices,
    display: {
      unitPrice: formatMoney(p.unitPriceMinor, currency, locale),
      total: formatMoney(p.totalMinor, currency, locale),
      compareAtTotal: compareAtTotal === null ? null : formatMoney(compareAtTotal, currency, locale),
    },
  };
}

/** What the option is called on its button or radio: the plan name, "One-time purchase", "3 × Coffee"... */
function optionLabel(
  id: string,
  product: CatalogProduct,
  plan: CatalogSellingPlanInput | null,
  quantity: number,
  locale: Locale,
): string {
  const title = product.titleTranslations?.[locale] ?? product.title;
  if (plan) return plan.nameTranslations?.[locale] ?? plan.name;
  if (id === 'one_time') return oneTimeLabel(locale);
  if (id.startsWith('tier:')) return `${quantity} × ${title}`;
  return title;
}
