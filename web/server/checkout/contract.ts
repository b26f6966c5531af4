// The checkout add-on contract (extensions/checkout-upsell/src/offers-contract.ts) built from the shop's checkout
// funnels, catalog and settings. Pure and deterministic: the same inputs give the same JSON, byte for byte.
//
// Two steps, because discount codes are created in between:
//  1. planCheckoutOffers(): every offer the checkout block could show, in priority order, with the discount its
//     code must grant, and the warnings a merchant should read (what could not be synced, and why);
//  2. renderCheckoutContract(): the metafield value, given the codes, trimmed to the metafield size limit.
//
// What the checkout block supports, and how funnels map onto it (see README.md for the reasons):
//  - every step of an enabled checkout funnel becomes one or more independent offers, in tree order (root, accept
//    branch, decline branch): the block has no accept/decline flow, it shows the first `maxOffers` that apply;
//  - product steps -> one offer; choice steps -> one offer per item; tiers -> the smallest tier; plans -> the first
//    plan (with its sellingPlanId), or the one-time option when the product has no usable plan;
//  - templates are resolved now, without an order: new arrivals, slow movers and expiring-soon pick their products
//    at sync time; complementary pairs become one offer per complement shown when the cart holds its partner;
//    "related" depends on the whole cart and is not synced;
//  - one variant per offer: the first of the allowed variants that is in stock and priced;
//  - prices in the shop currency and every presentment currency the shop set a rate or a price list for.
import { minorToDecimal, isKnownCurrency } from '../offers/currency.js';
import { compareIds, plansForVariant, type Catalog, type CatalogProduct, type CatalogSellingPlanInput, type CatalogVariant } from '../offers/catalog.js';
import { discountLabel, fillPlaceholders, resolveLocale } from '../offers/content.js';
import { LOCALES, type Discount, type FunnelDefinition, type Locale, type ShopSettings, type Step, type Template } from '../offers/definitions.js';
import { toGid, toLegacyId } from '../offers/ids.js';
import { convertToPresentment, createConversion, quote, quoteInputFor, resolveDiscount, type CurrencyConversion, type ResolvedDiscount } from '../offers/pricing.js';
import { buildOrderFacts } from '../offers/targeting.js';
import { compileTemplate } from '../offers/templates.js';
import type {
  CheckoutOffer,
  CheckoutOffersContract,
  ItemSelector,
  LocalizedText,
  OfferConditions,
  OfferPrice,
  SubtotalRange,
} from '../../../extensions/checkout-upsell/src/offers-contract.js';
import { combineConditions, emptyConditions, emptySelector, translateTargeting, type ConditionsDraft, type SelectorDraft } from './conditions.js';

/** How many offers the block shows at most, unless the caller says otherwise. */
export const DEFAULT_MAX_OFFERS = 2;

/**
 * Shopify's limit on a `json` metafield value written with API 2026-04 or later: 128KB
 * (https://shopify.dev/changelog/reduced-metafield-value-sizes). We count 128,000 UTF-8 bytes, the smaller
 * reading of "KB", so a write never fails on the boundary.
 */
export const METAFIELD_JSON_LIMIT_BYTES = 128_000;

export type WarningCode =
  | 'targeting_unsupported'
  | 'experiment_arm_not_synced'
  | 'settings_not_applied'
  | 'template_unsupported'
  | 'template_no_match'
  | 'conditions_unsupported'
  | 'step_simplified'
  | 'product_unavailable'
  | 'out_of_stock'
  | 'no_price'
  | 'discount_code_failed'
  | 'trimmed_for_size';

/** Something the merchant should know about what the checkout block shows (or does not). */
export interface ContractWarning {
  code: WarningCode;
  message: string;
  funnelId?: string;
  stepId?: string;
  /** The one offer it concerns, when it is about one offer (a refused discount code). */
  offerId?: string;
}

/** What an offer's discount code must grant: exactly the step's discount, on the offered variant only. */
export interface DiscountTerms {
  discount: Discount;
  productId: string;
  variantId: string;
  /** The line is bought on a selling plan: the code applies to subscriptions (first cycle) instead of one-time. */
  subscription: boolean;
  /** Units the line needs before the code applies (the tier's quantity); 1 otherwise. */
  minQuantity: number;
}

export interface PlannedOffer {
  /** CheckoutOffer.id: `<funnelId>/<stepId>/<product number>[/<ledger offer key>]`, see parseCheckoutOfferId. */
  id: string;
  funnelId: string;
  stepId: string;
  /** The step's ledger key ("declined this offer"). */
  offerKey: string;
  productId: string;
  variantId: string;
  quantity: number;
  sellingPlanId: string | null;
  /** null: no discount, no code. */
  discountTerms: DiscountTerms | null;
  shopCurrency: string;
  /** What the line costs in the shop currency after the discount (the ledger's accepted amount). */
  shopTotalMinor: number;
  /** The product title, for discount titles and logs. */
  productTitle: string;
  /** The offer as written to the metafield, without its discount code. */
  offer: Omit<CheckoutOffer, 'discountCode'>;
}

export interface CheckoutPlan {
  defaultLanguage: Locale;
  maxOffers: number;
  /** In priority order. */
  offers: PlannedOffer[];
  /** Product lists the offers' conditions refer to (collection GIDs and encore:tag/vendor/type keys). */
  lists: ReadonlyMap<string, readonly string[]>;
  /** `<funnelId>/<stepId>` of every step of a synced funnel, offerable now or not: their codes stay valid. */
  liveSteps: ReadonlySet<string>;
  warnings: ContractWarning[];
}

export interface PlanInput {
  /** The shop's funnels (any surface; only enabled checkout funnels are used). Library references resolved. */
  funnels: readonly FunnelDefinition[];
  catalog: Catalog;
  settings: ShopSettings;
  /** Templates that depend on time (new arrivals, expiring soon...) are resolved at this instant. */
  now: Date;
  maxOffers?: number;
}

export interface RenderedContract {
  contract: CheckoutOffersContract;
  /** The metafield value: JSON.stringify(contract). */
  value: string;
  bytes: number;
  /** Offers written, in order. */
  written: PlannedOffer[];
  /** Offers left out: no code for their discount, or beyond the size limit. */
  dropped: Array<{ offer: PlannedOffer; reason: 'no_discount_code' | 'size_limit' }>;
  warnings: ContractWarning[];
}

// ---------------------------------------------------------------------------------------------------------------
// Planning

interface Candidate {
  product: CatalogProduct | undefined;
  productId: string;
  variantIds: readonly string[] | null;
  discount: Discount | null;
  quantity: number;
  plan: CatalogSellingPlanInput | null;
  /** Extra conditions the candidate brings (a complementary pair's "cart holds the partner"). */
  conditions: ConditionsDraft | null;
}

interface FunnelEnv {
  funnel: FunnelDefinition;
  conditions: ConditionsDraft;
  lists: ReadonlyMap<string, readonly string[]>;
}

export function planCheckoutOffers(input: PlanInput): CheckoutPlan {
  const { catalog, settings } = input;
  const warnings: ContractWarning[] = [];
  const offers: PlannedOffer[] = [];
  const seenIds = new Set<string>();
  const lists = new Map<string, readonly string[]>();
  const liveSteps = new Set<string>();

  const funnels = input.funnels
    .filter((f) => f.surface === 'checkout' && f.enabled)
    .sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  for (const funnel of experimentWinners(funnels, warnings)) {
    const translated = translateTargeting(funnel.targeting, catalog);
    if (!translated.ok) {
      warnings.push({
        code: 'targeting_unsupported',
        funnelId: funnel.id,
        message: `Funnel "${funnel.name}" is not shown in checkout: ${translated.reasons.join('; ')}. Remove those conditions, or use the funnel on another surface.`,
      });
      continue;
    }
    const env: FunnelEnv = { funnel, conditions: translated.conditions, lists: translated.lists };
    for (const step of stepsInTreeOrder(funnel)) {
      liveSteps.add(`${funnel.id}/${step.id}`);
      for (const candidate of stepCandidates(step, env, input, warnings)) {
        const planned = planOffer(candidate, step, env, input, warnings, lists);
        if (!planned || seenIds.has(planned.id)) continue;
        seenIds.add(planned.id);
        offers.push(planned);
      }
    }
  }

  if (offers.length > 0 && (settings.holdoutPercent > 0 || settings.frequencyCap)) {
    const what = [settings.holdoutPercent > 0 ? `the ${settings.holdoutPercent}% holdout group` : null, settings.frequencyCap ? 'the frequency cap' : null]
      .filter(Boolean)
      .join(' and ');
    warnings.push({
      code: 'settings_not_applied',
      message: `The checkout block shows the same offers to every shopper, so ${what} cannot apply there (they still apply after checkout and by email).`,
    });
  }

  return { defaultLanguage: settings.defaultLocale, maxOffers: input.maxOffers ?? DEFAULT_MAX_OFFERS, offers, lists, liveSteps, warnings };
}

/** Funnels of one A/B test: the checkout cannot assign shoppers to arms, so only the heaviest arm is synced. */
function experimentWinners(funnels: readonly FunnelDefinition[], warnings: ContractWarning[]): FunnelDefinition[] {
  const winners = new Map<string, FunnelDefinition>();
  for (const funnel of funnels) {
    if (!funnel.experiment) continue;
    const current = winners.get(funnel.experiment.key);
    const better =
      !current ||
      funnel.experiment.weight > current.experiment!.weight ||
      (funnel.experiment.weight === current.experiment!.weight && funnel.experiment.arm < current.experiment!.arm);
    if (better) winners.set(funnel.experiment.key, funnel);
  }
  return funnels.filter((funnel) => {
    if (!funnel.experiment) return true;
    const winner = winners.get(funnel.experiment.key)!;
    if (winner === funnel) return true;
    warnings.push({
      code: 'experiment_arm_not_synced',
      funnelId: funnel.id,
      message: `Funnel "${funnel.name}" is arm "${funnel.experiment.arm}" of A/B test "${funnel.experiment.key}". The checkout block cannot split shoppers, so it shows arm "${winner.experiment!.arm}" ("${winner.name}") only.`,
    });
    return false;
  });
}

/** Root first, then the accept branch, then the decline branch; unreachable steps are not offered. */
function stepsInTreeOrder(funnel: FunnelDefinition): Step[] {
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

function stepCandidates(step: Step, env: FunnelEnv, input: PlanInput, warnings: ContractWarning[]): Candidate[] {
  const { catalog } = input;
  const offer = step.offer;
  const warn = (code: WarningCode, message: string) => warnings.push({ code, funnelId: env.funnel.id, stepId: step.id, message });
  const explicit = (productId: string, variantIds: readonly string[] | null, discount: Discount | null, quantity = 1, plan: CatalogSellingPlanInput | null = null): Candidate => ({
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
        : templateCandidates(offer.source.template, 1, offer.discount, step, input, warn);
    case 'choice':
      return offer.source.type === 'products'
        ? offer.source.items.map((item) => explicit(item.productId, item.variantIds, item.discount ?? offer.discount))
        : templateCandidates(offer.source.template, offer.source.limit, offer.discount, step, input, warn);
    case 'tiers': {
      const [smallest] = [...offer.tiers].sort((a, b) => a.quantity - b.quantity);
      if (offer.tiers.length > 1) {
        warn('step_simplified', `Step "${step.id}" offers ${offer.tiers.length} quantity tiers; the checkout block shows the smallest (${smallest!.quantity} units).`);
      }
      return [explicit(offer.productId, offer.variantIds, smallest!.discount, smallest!.quantity)];
    }
    case 'plans': {
      const product = catalog.products.get(offer.productId);
      const plans = offer.plans;
      const choices =
        plans.type === 'all'
          ? (product?.sellingPlans ?? []).map((plan) => ({ plan, discount: plans.discount }))
          : plans.items.flatMap((item) => {
              const plan = product?.sellingPlans.find((p) => p.id === item.sellingPlanId);
              return plan ? [{ plan, discount: item.discount }] : [];
            });
      const usable = choices.find(({ plan }) => product?.variants.some((v) => isAllowed(v, offer.variantIds) && plansForVariant(product, v).some((p) => p.id === plan.id)));
      const optionCount = choices.length + (offer.oneTime ? 1 : 0);
      if (usable) {
        if (optionCount > 1) warn('step_simplified', `Step "${step.id}" offers ${optionCount} purchase options; the checkout block shows the first plan ("${usable.plan.name}").`);
        return [explicit(offer.productId, offer.variantIds, usable.discount, 1, usable.plan)];
      }
      if (offer.oneTime) {
        if (optionCount > 1) warn('step_simplified', `Step "${step.id}": none of its plans can be bought now; the checkout block shows the one-time purchase.`);
        return [explicit(offer.productId, offer.variantIds, offer.oneTime.discount)];
      }
      warn('product_unavailable', `Step "${step.id}": no variant of the product can be bought on the step's plans, so it is not shown in checkout.`);
      return [];
    }
  }
}

function templateCandidates(
  template: Template,
  limit: number,
  discount: Discount | null,
  step: Step,
  input: PlanInput,
  warn: (code: WarningCode, message: string) => void,
): Candidate[] {
  const { catalog } = input;
  if (template.template === 'related') {
    warn('template_unsupported', `Step "${step.id}" uses the "related products" template, which ranks against the whole cart; the checkout block cannot, so the step is not shown in checkout.`);
    return [];
  }
  if (template.template === 'complementary') {
    // One offer per complement, shown when the cart holds a product paired with it (in the merchant's order).
    const sources = new Map<string, Set<string>>();
    for (const pair of template.pairs) {
      for (const complementId of pair.complementIds) {
        const set = sources.get(complementId) ?? new Set<string>();
        set.add(pair.productId);
        sources.set(complementId, set);
      }
    }
    return [...sources].map(([complementId, partners]) => {
      const includes = emptySelector();
      partners.forEach((id) => includes.productIds.add(id));
      return {
        product: catalog.products.get(complementId),
        productId: complementId,
        variantIds: null,
        discount,
        quantity: 1,
        plan: null,
        conditions: { ...emptyConditions(), includes },
      };
    });
  }
  // Order-independent rankings: resolved once, for an empty cart, at sync time.
  const facts = buildOrderFacts({
    order: { key: 'checkout-sync', lines: [], subtotal: { shopMinor: 0, presentmentMinor: 0 }, presentmentCurrency: catalog.shopCurrency, tags: [], shippingCountry: null, salesChannel: null },
    customer: null,
    locale: input.settings.defaultLocale,
  });
  const found: Candidate[] = [];
  compileTemplate(template, catalog)(facts, input.now.getTime(), (product) => {
    if (!product.active || !product.variants.some((v) => v.sellableQuantity >= 1)) return false;
    found.push({ product, productId: product.id, variantIds: null, discount, quantity: 1, plan: null, conditions: null });
    return found.length >= limit;
  });
  if (found.length === 0) warn('template_no_match', `Step "${step.id}": its template finds no product in stock right now, so it shows nothing in checkout.`);
  return found;
}

function isAllowed(variant: CatalogVariant, allowed: readonly string[] | null): boolean {
  return allowed === null || allowed.includes(variant.id);
}

function planOffer(
  candidate: Candidate,
  step: Step,
  env: FunnelEnv,
  input: PlanInput,
  warnings: ContractWarning[],
  lists: Map<string, readonly string[]>,
): PlannedOffer | null {
  const { catalog, settings } = input;
  const funnelId = env.funnel.id;
  const warn = (code: WarningCode, message: string) => warnings.push({ code, funnelId, stepId: step.id, message });
  const product = candidate.product;
  if (!product || !product.active) {
    warn('product_unavailable', `Step "${step.id}": product ${product ? `"${product.title}"` : candidate.productId} is not active, so it is not shown in checkout.`);
    return null;
  }

  let conditions = env.conditions;
  if (candidate.conditions) {
    const combined = combineConditions(env.conditions, candidate.conditions);
    if (!combined.ok) {
      warn('conditions_unsupported', `Step "${step.id}": "${product.title}" is paired with cart products, but the funnel's targeting already names other cart items; ${combined.reasons.join('; ')}.`);
      return null;
    }
    conditions = combined.draft;
  }

  const plan = candidate.plan;
  const variants = product.variants.filter(
    (v) => isAllowed(v, candidate.variantIds) && v.sellableQuantity >= candidate.quantity && (!plan || plansForVariant(product, v).some((p) => p.id === plan.id)),
  );
  if (variants.length === 0) {
    warn('out_of_stock', `Step "${step.id}": "${product.title}" is out of stock${candidate.quantity > 1 ? ` (${candidate.quantity} units needed)` : ''}; it returns to checkout once restocked.`);
    return null;
  }

  const shopCurrency = catalog.shopCurrency;
  const currencies = checkoutCurrencies(shopCurrency, settings, variants, conditions);
  type Priced = { entry: OfferPrice; totalMinor: number; conversion: CurrencyConversion };
  const priceIn = (variant: CatalogVariant, currency: string): Priced | null => {
    const conversion = createConversion(shopCurrency, currency, settings.exchangeRates);
    const quoted = quote(quoteInputFor(variant, { quantity: candidate.quantity, plan, discount: candidate.discount }), conversion);
    if (!quoted || quoted.presentment.totalMinor <= 0 || quoted.shop.totalMinor <= 0) return null;
    const p = quoted.presentment;
    const regularMinor = Math.max(p.originalUnitPriceMinor, p.compareAtUnitPriceMinor ?? 0) * p.quantity;
    const entry: OfferPrice = { currencyCode: currency, amount: toMajor(p.totalMinor, currency) };
    if (regularMinor > p.totalMinor) entry.compareAtAmount = toMajor(regularMinor, currency);
    return { entry, totalMinor: p.totalMinor, conversion };
  };
  // The first variant priced above zero in the shop currency (the ledger's amount) and in some allowed currency.
  let chosen: { variant: CatalogVariant; prices: Priced[]; shopTotalMinor: number } | null = null;
  for (const variant of variants) {
    const shopPrice = priceIn(variant, shopCurrency);
    if (!shopPrice) continue;
    const prices = currencies.flatMap((currency) => (currency === shopCurrency ? [shopPrice] : (priceIn(variant, currency) ?? [])));
    if (prices.length === 0) continue;
    chosen = { variant, prices, shopTotalMinor: shopPrice.totalMinor };
    break;
  }
  if (!chosen) {
    warn('no_price', `Step "${step.id}": "${product.title}" cannot be priced above zero${candidate.discount ? ' after its discount' : ''} in the currencies it may be shown in, so it is not shown in checkout.`);
    return null;
  }

  // Subtotal bounds per currency; a currency whose bounds cannot be converted gets no price either (the block
  // would hide the offer there anyway: no subtotal entry means "not shown").
  let prices = chosen.prices;
  let subtotal: SubtotalRange[] | undefined;
  if (conditions.subtotal) {
    const range = conditions.subtotal;
    subtotal = [];
    const kept: typeof prices = [];
    for (const price of prices) {
      const min = range.minMinor === null ? null : convertToPresentment(range.minMinor, price.conversion);
      const max = range.maxMinor === null ? null : convertToPresentment(range.maxMinor, price.conversion);
      if ((range.minMinor !== null && min === null) || (range.maxMinor !== null && max === null)) continue;
      const currency = price.entry.currencyCode;
      const entry: SubtotalRange = { currencyCode: currency };
      if (min !== null) entry.min = toMajor(min, currency);
      if (max !== null) entry.max = toMajor(max, currency);
      subtotal.push(entry);
      kept.push(price);
    }
    prices = kept;
  }

  const variant = chosen.variant;
  const productNumber = toLegacyId(product.id);
  const offerKey = step.offerId ?? step.id;
  const id = `${funnelId}/${step.id}/${productNumber}${offerKey === step.id ? '' : `/${offerKey}`}`;
  const title = offerTitle(product, variant, settings.defaultLocale);
  const resolvedShopDiscount = resolveDiscount(candidate.discount, 'shop', createConversion(shopCurrency, shopCurrency, {}));
  const description = offerDescription(step, product, resolvedShopDiscount === 'unpriceable' ? null : resolvedShopDiscount, shopCurrency, settings.defaultLocale);
  const imageUrl = variant.imageUrl ?? product.imageUrl ?? null;

  const rendered = renderConditions(conditions, env.lists, subtotal, lists);
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
      ? { discount: candidate.discount, productId: product.id, variantId: variant.id, subscription: plan !== null, minQuantity: candidate.quantity }
      : null,
    shopCurrency,
    shopTotalMinor: chosen.shopTotalMinor,
    productTitle: product.title,
    offer,
  };
}

/** The shop currency first, then every currency with a rate or a price list, minus what the targeting rules out. */
function checkoutCurrencies(shopCurrency: string, settings: ShopSettings, variants: readonly CatalogVariant[], conditions: ConditionsDraft): string[] {
  const others = new Set<string>(Object.keys(settings.exchangeRates));
  for (const variant of variants) for (const currency of Object.keys(variant.presentmentPricesMinor ?? {})) others.add(currency);
  others.delete(shopCurrency);
  return [shopCurrency, ...[...others].sort()].filter(
    (currency) => isKnownCurrency(currency) && !conditions.excludedCurrencies.has(currency) && (!conditions.currencies || conditions.currencies.has(currency)),
  );
}

/** Minor units -> the contract's major-unit number, through the exact decimal string (1250 KWD minor -> 1.25). */
export function toMajor(minor: number, currency: string): number {
  return Number(minorToDecimal(minor, currency));
}

function localizedProductTitle(product: CatalogProduct, defaultLocale: Locale): LocalizedText {
  const text: Record<string, string> = { [defaultLocale]: product.titleTranslations?.[defaultLocale] ?? product.title };
  for (const locale of LOCALES) {
    const translated = product.titleTranslations?.[locale];
    if (translated && locale !== defaultLocale) text[locale] = translated;
  }
  return text;
}

function offerTitle(product: CatalogProduct, variant: CatalogVariant, defaultLocale: Locale): LocalizedText {
  const base = localizedProductTitle(product, defaultLocale);
  if (product.variants.length <= 1 || !variant.title || variant.title === 'Default Title') return base;
  return Object.fromEntries(Object.entries(base).map(([locale, title]) => [locale, `${title} – ${variant.title}`]));
}

/** The step's headline per language ({product} and {discount} filled in), the shop's default language always present. */
function offerDescription(
  step: Step,
  product: CatalogProduct,
  discount: ResolvedDiscount | null,
  shopCurrency: string,
  defaultLocale: Locale,
): LocalizedText | null {
  const headline = (locale: Locale) => {
    const content = step.content[locale];
    if (!content) return null;
    return fillPlaceholders(content, {
      product: product.titleTranslations?.[locale] ?? product.title,
      discount: discountLabel(discount, shopCurrency, locale),
    }).headline;
  };
  const text: Record<string, string> = {};
  const fallback = resolveLocale(defaultLocale, step.content, defaultLocale);
  if (fallback === null) return null;
  text[defaultLocale] = headline(fallback)!;
  for (const locale of LOCALES) {
    if (locale === defaultLocale) continue;
    const value = headline(locale);
    if (value !== null) text[locale] = value;
  }
  return text;
}

function renderConditions(
  draft: ConditionsDraft,
  funnelLists: ReadonlyMap<string, readonly string[]>,
  subtotal: SubtotalRange[] | undefined,
  planLists: Map<string, readonly string[]>,
): OfferConditions | null {
  const selector = (s: SelectorDraft): ItemSelector => {
    const out: { productIds?: string[]; variantIds?: string[]; collectionIds?: string[] } = {};
    if (s.productIds.size) out.productIds = [...s.productIds].sort(compareIds);
    if (s.variantIds.size) out.variantIds = [...s.variantIds].sort(compareIds);
    if (s.listKeys.size) {
      out.collectionIds = [...s.listKeys].sort(compareIds);
      for (const key of out.collectionIds) planLists.set(key, funnelLists.get(key) ?? []);
    }
    return out;
  };
  const conditions: OfferConditions = {};
  if (draft.includes) conditions.cartIncludesAny = selector(draft.includes);
  if (draft.excludes) conditions.cartExcludes = selector(draft.excludes);
  if (subtotal) conditions.subtotal = subtotal;
  return Object.keys(conditions).length > 0 ? conditions : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering

export interface RenderOptions {
  /** Discount code per offer id; an offer with discount terms but no code is left out (its price assumes the code). */
  codes: ReadonlyMap<string, string>;
  maxBytes?: number;
}

/**
 * The metafield value: offers in plan order, each with its code, as many as fit in `maxBytes` (lowest priority
 * dropped first), and only the product lists the written offers refer to. Keys are written in a fixed order,
 * collections sorted, so equal inputs give identical bytes.
 */
export function renderCheckoutContract(plan: CheckoutPlan, options: RenderOptions): RenderedContract {
  const maxBytes = options.maxBytes ?? METAFIELD_JSON_LIMIT_BYTES;
  const warnings: ContractWarning[] = [];
  const dropped: RenderedContract['dropped'] = [];
  const candidates: Array<{ planned: PlannedOffer; offer: CheckoutOffer }> = [];
  for (const planned of plan.offers) {
    const code = planned.discountTerms ? options.codes.get(planned.id) : undefined;
    if (planned.discountTerms && !code) {
      dropped.push({ offer: planned, reason: 'no_discount_code' });
      continue;
    }
    candidates.push({ planned, offer: withCode(planned.offer, code) });
  }

  const build = (count: number) => {
    const kept = candidates.slice(0, count);
    const keys = new Set(kept.flatMap(({ offer }) => [...(offer.conditions?.cartIncludesAny?.collectionIds ?? []), ...(offer.conditions?.cartExcludes?.collectionIds ?? [])]));
    const contract: CheckoutOffersContract = {
      version: 1,
      defaultLanguage: plan.defaultLanguage,
      maxOffers: plan.maxOffers,
      ...(keys.size > 0 ? { collections: Object.fromEntries([...keys].sort(compareIds).map((key) => [key, plan.lists.get(key) ?? []])) } : {}),
      offers: kept.map(({ offer }) => offer),
    };
    const value = JSON.stringify(contract);
    return { contract, value, bytes: Buffer.byteLength(value, 'utf8') };
  };

  // The size grows with every offer kept: find the longest prefix that fits (an empty list always does).
  let count = candidates.length;
  let best = build(count);
  if (best.bytes > maxBytes) {
    let low = 0;
    let high = candidates.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (build(mid).bytes <= maxBytes) low = mid;
      else high = mid - 1;
    }
    count = low;
    best = build(count);
    const cut = candidates.slice(count);
    for (const { planned } of cut) dropped.push({ offer: planned, reason: 'size_limit' });
    warnings.push({
      code: 'trimmed_for_size',
      message: `The checkout offers exceed Shopify's ${Math.round(maxBytes / 1000)} KB metafield limit; the ${cut.length} lowest-priority offer${cut.length === 1 ? ' was' : 's were'} left out. Narrow long product lists in targeting, or remove offers.`,
    });
  }
  return { ...best, written: candidates.slice(0, count).map(({ planned }) => planned), dropped, warnings };
}

/** The offer as written: fields in the order the contract documents them, the code after the selling plan. */
function withCode(offer: Omit<CheckoutOffer, 'discountCode'>, code: string | undefined): CheckoutOffer {
  return {
    id: offer.id,
    productId: offer.productId,
    merchandiseId: offer.merchandiseId,
    quantity: offer.quantity,
    ...(offer.sellingPlanId ? { sellingPlanId: offer.sellingPlanId } : {}),
    ...(code ? { discountCode: code } : {}),
    title: offer.title,
    ...(offer.description ? { description: offer.description } : {}),
    ...(offer.image ? { image: offer.image } : {}),
    prices: offer.prices,
    ...(offer.conditions ? { conditions: offer.conditions } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------------

export interface ParsedOfferId {
  funnelId: string;
  stepId: string;
  productId: string;
  /** The ledger's offer key (the step id unless the step names another). */
  offerKey: string;
}

/** Reads back what planCheckoutOffers encoded in an offer id; null for anything else. */
export function parseCheckoutOfferId(id: string): ParsedOfferId | null {
  const parts = id.split('/');
  if (parts.length !== 3 && parts.length !== 4) return null;
  const [funnelId, stepId, productNumber, offerKey] = parts as [string, string, string, string | undefined];
  if (!funnelId || !stepId || !/^\d+$/.test(productNumber) || offerKey === '') return null;
  return { funnelId, stepId, productId: toGid('Product', productNumber), offerKey: offerKey ?? stepId };
}
