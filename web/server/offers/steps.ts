// Turns one compiled step into what the shopper sees: candidates filtered by the exclusions (not in the order,
// not bought before, not declined, in stock, priceable, price above zero), options priced in both currencies,
// texts localized. A step with nothing left is reported as skipped, with the reason.
import type { Catalog, CatalogProduct, CatalogSellingPlanInput, CatalogVariant } from './catalog.js';
import { plansForVariant } from './catalog.js';
import type { CompiledStep } from './compile.js';
import { discountLabel, fillPlaceholders, oneTimeLabel, resolveLocale } from './content.js';
import { formatMoney } from './currency.js';
import type { PresentedOption, PresentedStep, PresentedVariant, StepState } from './decision.js';
import type { Discount, Locale, Offer, Surface } from './definitions.js';
import { type CurrencyConversion, quote, quoteInputFor, resolveDiscount } from './pricing.js';
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
        message:
          `${this.suppressed} more candidate${this.suppressed === 1 ? ' was' : 's were'} looked at; ` +
          'details are left out to keep this list short.',
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

  const options = buildOptions({ step, env, excluded, locale, trace });
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

/** What building a step's options needs: the step, the order it is decided for, its language and its trace. */
interface StepScope {
  step: CompiledStep;
  env: StepEnv;
  /** Products offered by earlier steps on the path: a template never repeats them. */
  excluded: ReadonlySet<string>;
  locale: Locale;
  trace: StepTrace;
}

/** One option to price and present: which units of which product, on which plan, at which discount. */
interface OptionSpec {
  /** "<product gid>", "tier:<qty>", "plan:<gid>" or "one_time". */
  id: string;
  product: CatalogProduct;
  variants: readonly CatalogVariant[];
  plan: CatalogSellingPlanInput | null;
  discount: Discount | null;
  quantity: { min: number; max: number; default: number };
}

type OfferOf<Kind extends Offer['kind']> = Extract<Offer, { kind: Kind }>;
type Candidate = Extract<CandidateCheck, { ok: true }>;

function buildOptions(scope: StepScope): PresentedOption[] {
  const offer = scope.step.definition.offer;
  switch (offer.kind) {
    case 'product':
      return productStepOptions(scope, offer);
    case 'choice':
      return choiceStepOptions(scope, offer);
    case 'tiers':
      return tierStepOptions(scope, offer);
    case 'plans':
      return planStepOptions(scope, offer);
  }
}

function productStepOptions(scope: StepScope, offer: OfferOf<'product'>): PresentedOption[] {
  const candidate =
    offer.source.type === 'product'
      ? explicitCandidate(scope, offer.source.productId, offer.source.variantIds, 1)
      : (templateCandidates(scope, 1)[0] ?? null);
  const option = candidate && buildOption(scope, productOptionSpec(candidate, offer.discount, offer.maxQuantity));
  return option ? [option] : [];
}

function choiceStepOptions(scope: StepScope, offer: OfferOf<'choice'>): PresentedOption[] {
  const options: PresentedOption[] = [];
  const add = (candidate: Candidate | null, discount: Discount | null) => {
    const option = candidate && buildOption(scope, productOptionSpec(candidate, discount, 1));
    if (option) options.push(option);
  };
  if (offer.source.type === 'products') {
    for (const item of offer.source.items) {
      add(explicitCandidate(scope, item.productId, item.variantIds, 1), item.discount ?? offer.discount);
    }
  } else {
    for (const candidate of templateCandidates(scope, offer.source.limit)) add(candidate, offer.discount);
  }
  return options;
}

/** One option per tier, smallest first; a tier needs its whole quantity in stock of one variant. */
function tierStepOptions(scope: StepScope, offer: OfferOf<'tiers'>): PresentedOption[] {
  const smallest = Math.min(...offer.tiers.map((tier) => tier.quantity));
  const candidate = explicitCandidate(scope, offer.productId, offer.variantIds, smallest);
  if (!candidate) return [];
  const { product } = candidate;
  const options: PresentedOption[] = [];
  for (const tier of [...offer.tiers].sort((a, b) => a.quantity - b.quantity)) {
    const id = `tier:${tier.quantity}`;
    const variants = candidate.variants.filter((variant) => variant.sellableQuantity >= tier.quantity);
    if (variants.length === 0) {
      scope.trace.candidate(
        id,
        'dropped',
        'out_of_stock',
        `Fewer than ${tier.quantity} units in stock of any variant of "${product.title}".`,
      );
      continue;
    }
    const quantity = { min: tier.quantity, max: tier.quantity, default: tier.quantity };
    const option = buildOption(scope, { id, product, variants, plan: null, discount: tier.discount, quantity });
    if (option) options.push(option);
  }
  return options;
}

/** The one-time option (when the step has one), then one option per plan that can be bought here. */
function planStepOptions(scope: StepScope, offer: OfferOf<'plans'>): PresentedOption[] {
  const candidate = explicitCandidate(scope, offer.productId, offer.variantIds, 1);
  if (!candidate) return [];
  const { product, variants } = candidate;
  const options: PresentedOption[] = [];
  const one = { min: 1, max: 1, default: 1 };
  if (offer.oneTime) {
    const discount = offer.oneTime.discount;
    const option = buildOption(scope, { id: 'one_time', product, variants, plan: null, discount, quantity: one });
    if (option) options.push(option);
  }
  const blocker = subscriptionBlocker(scope.env);
  for (const choice of planChoices(offer.plans, product)) {
    const onPlan = planVariants(scope, candidate, choice, blocker);
    if (!onPlan) continue;
    const option = buildOption(scope, {
      id: `plan:${choice.id}`,
      product,
      variants: onPlan.variants,
      plan: onPlan.plan,
      discount: choice.discount,
      quantity: one,
    });
    if (option) options.push(option);
  }
  return options;
}

interface PlanChoice {
  id: string;
  /** undefined: the merchant named a plan the product no longer has. */
  plan: CatalogSellingPlanInput | undefined;
  discount: Discount | null;
}

/** Every plan of the product, or the merchant's own list in its order. */
function planChoices(plans: OfferOf<'plans'>['plans'], product: CatalogProduct): PlanChoice[] {
  const productPlans = product.sellingPlans;
  if (plans.type === 'all') return productPlans.map((plan) => ({ plan, id: plan.id, discount: plans.discount }));
  return plans.items.map((item) => ({
    plan: productPlans.find((plan) => plan.id === item.sellingPlanId),
    id: item.sellingPlanId,
    discount: item.discount,
  }));
}

/** The plan and the candidate's variants sold on it; null (traced) when it cannot be offered here. */
function planVariants(
  scope: StepScope,
  candidate: Candidate,
  choice: PlanChoice,
  subscriptionBlock: string | null,
): { plan: CatalogSellingPlanInput; variants: CatalogVariant[] } | null {
  const id = `plan:${choice.id}`;
  const { product } = candidate;
  const plan = choice.plan;
  if (!plan) {
    const message = `Selling plan ${choice.id} is no longer offered for "${product.title}".`;
    scope.trace.candidate(id, 'dropped', 'plan_unavailable', message);
    return null;
  }
  if (subscriptionBlock) {
    scope.trace.candidate(id, 'dropped', 'subscription_not_allowed', subscriptionBlock);
    return null;
  }
  const variants = candidate.variants.filter((variant) => plansForVariant(product, variant).some((p) => p.id === plan.id));
  if (variants.length === 0) {
    const message = `No in-stock variant of "${product.title}" can be bought on "${plan.name}".`;
    scope.trace.candidate(id, 'dropped', 'plan_unavailable', message);
    return null;
  }
  return { plan, variants };
}

function subscriptionBlocker(env: StepEnv): string | null {
  if (env.surface === 'post_purchase' && env.facts.hasSubscription) {
    return 'The order already contains a subscription; Shopify does not allow adding another after checkout.';
  }
  return null;
}

function explicitCandidate(
  scope: StepScope,
  productId: string,
  variantIds: readonly string[] | null,
  minQuantity: number,
): Candidate | null {
  const product = scope.env.catalog.products.get(productId);
  const check = checkCandidate({ product, productId, variantIds, minQuantity }, scope.step.definition.offer, scope.env);
  if (!check.ok) {
    scope.trace.candidate(productId, 'dropped', check.reason, check.message);
    return null;
  }
  return check;
}

function templateCandidates(scope: StepScope, limit: number): Candidate[] {
  const { env, excluded, trace } = scope;
  const flags = scope.step.definition.offer;
  const found: Candidate[] = [];
  scope.step.source!(env.facts, env.nowMs, (product) => {
    if (excluded.has(product.id)) return false;
    const check = checkCandidate({ product, productId: product.id, variantIds: null, minQuantity: 1 }, flags, env);
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

/** A product a step names or a template picks, and how many units of one variant it needs in stock. */
interface CandidateRef {
  product: CatalogProduct | undefined;
  productId: string;
  variantIds: readonly string[] | null;
  minQuantity: number;
}

function checkCandidate(ref: CandidateRef, flags: ExclusionFlags, env: StepEnv): CandidateCheck {
  const { product, minQuantity } = ref;
  if (!product?.active) {
    return {
      ok: false,
      reason: 'product_unavailable',
      message: `Product ${product ? `"${product.title}"` : ref.productId} is not active in the catalog.`,
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
  const allowed = ref.variantIds ? new Set(ref.variantIds) : null;
  const variants = product.variants.filter(
    (variant) => (allowed === null || allowed.has(variant.id)) && variant.sellableQuantity >= minQuantity,
  );
  if (variants.length === 0) {
    const units = minQuantity === 1 ? '' : ` (${minQuantity} units needed)`;
    return { ok: false, reason: 'out_of_stock', message: `${title} is out of stock${units}.` };
  }
  return { ok: true, product, variants };
}

/** A product option: 1 unit by default, up to `maxQuantity` or what the best-stocked variant has. */
function productOptionSpec(candidate: Candidate, discount: Discount | null, maxQuantity: number): OptionSpec {
  const { product, variants } = candidate;
  const mostAvailable = Math.max(...variants.map((variant) => variant.sellableQuantity));
  const quantity = { min: 1, max: Math.max(1, Math.min(maxQuantity, mostAvailable)), default: 1 };
  return { id: product.id, product, variants, plan: null, discount, quantity };
}

/** Prices an option's variants in both currencies; null (traced) when no variant is left to offer. */
function buildOption(scope: StepScope, spec: OptionSpec): PresentedOption | null {
  const { env, locale, trace } = scope;
  const conversion = env.conversion;
  const presentmentDiscount = resolveDiscount(spec.discount, 'presentment', conversion);
  const shopDiscount = resolveDiscount(spec.discount, 'shop', conversion);
  if (presentmentDiscount === 'unpriceable' || shopDiscount === 'unpriceable') {
    trace.candidate(
      spec.id,
      'dropped',
      'no_price_in_currency',
      `The fixed discount of "${spec.product.title}" has no amount in ${conversion.presentmentCurrency} and no exchange rate is set.`,
    );
    return null;
  }
  const priced = priceVariants(spec, conversion, locale);
  if (!tracePricing(trace, spec, priced, conversion.presentmentCurrency)) return null;
  const { product, plan } = spec;
  return {
    id: spec.id,
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
    quantity: spec.quantity,
    discount: spec.discount,
    resolvedDiscount: { shop: shopDiscount, presentment: presentmentDiscount },
    label: optionLabel(spec.id, product, plan, spec.quantity.default, locale),
    discountLabel: discountLabel(presentmentDiscount, conversion.presentmentCurrency, locale),
    variants: priced.presented,
  };
}

interface PricedVariants {
  presented: PresentedVariant[];
  /** Variants without a price in the shopper's currency. */
  unpriceable: number;
  /** Variants the discount would make free or negative. */
  notPositive: number;
}

/** The option's variants at its default quantity, each priced above zero in both currencies. */
function priceVariants(spec: OptionSpec, conversion: CurrencyConversion, locale: Locale): PricedVariants {
  const priced: PricedVariants = { presented: [], unpriceable: 0, notPositive: 0 };
  const line = { quantity: spec.quantity.default, plan: spec.plan, discount: spec.discount };
  for (const variant of spec.variants) {
    const prices = quote(quoteInputFor(variant, line), conversion);
    if (!prices) priced.unpriceable++;
    else if (prices.presentment.totalMinor <= 0 || prices.shop.totalMinor <= 0) priced.notPositive++;
    else priced.presented.push(presentVariant(variant, prices, spec.product, locale, conversion.presentmentCurrency));
  }
  return priced;
}

/** Traces how pricing went for the option; false when no variant is left to offer. */
function tracePricing(trace: StepTrace, spec: OptionSpec, priced: PricedVariants, currency: string): boolean {
  const { id, product } = spec;
  if (priced.presented.length === 0) {
    if (priced.notPositive > 0) {
      trace.candidate(
        id,
        'dropped',
        'price_not_positive',
        `The discount would make "${product.title}" free or negative, so it is not offered.`,
      );
    } else {
      trace.candidate(id, 'dropped', 'no_price_in_currency', `"${product.title}" has no price in ${currency} and no exchange rate is set.`);
    }
    return false;
  }
  const leftOut = priced.unpriceable + priced.notPositive;
  const message =
    leftOut > 0 ? `"${product.title}" offered; ${leftOut} variant(s) left out for pricing.` : `"${product.title}" can be offered.`;
  trace.candidate(id, 'kept', 'candidate_kept', message);
  return true;
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
function optionLabel(id: string, product: CatalogProduct, plan: CatalogSellingPlanInput | null, quantity: number, locale: Locale): string {
  const title = product.titleTranslations?.[locale] ?? product.title;
  if (plan) return plan.nameTranslations?.[locale] ?? plan.name;
  if (id === 'one_time') return oneTimeLabel(locale);
  if (id.startsWith('tier:')) return `${quantity} × ${title}`;
  return title;
}
