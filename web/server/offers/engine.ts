// decide(), next() and priceChange(): the one brain every surface asks. Pure: time, catalog, funnels and ledger
// facts all come in through the context; the Decision that comes out is plain JSON.
import { isInHoldout, pickSortedArm } from './assignment.js';
import type { CompiledFunnel, CompiledFunnels, CompiledStep, GateIndex } from './compile.js';
import { isLocale } from './content.js';
import type { DecideContext } from './context.js';
import { isKnownCurrency, minorToDecimal } from './currency.js';
import type { Decision, PathEntry, PresentedOption, PresentedStep, StepState } from './decision.js';
import { type Locale, MAX_FUNNEL_LEVELS, MAX_POST_PURCHASE_ACCEPTS } from './definitions.js';
import { createConversion, type LineAmounts, priceLine } from './pricing.js';
import { resolveStep, type StepEnv } from './steps.js';
import { buildOrderFacts, type OrderFacts } from './targeting.js';
import type { TraceEntry } from './trace.js';

export function decide(context: DecideContext): Decision {
  const decision = emptyDecision(context);
  const refused = refusedBeforeFunnels(context);
  if (refused) {
    decision.trace.push(refused);
    return decision;
  }
  const funnels = context.funnels;
  const facts = buildOrderFacts(context);
  const run: DecideRun = {
    context,
    decision,
    facts,
    arms: new Map(),
    possible: possibleFunnels(funnels.gates[context.surface], facts),
  };
  const env = stepEnv(context, facts, decision.trace);
  const candidates = funnels.bySurface[context.surface];
  for (let index = 0; index < candidates.length; index++) {
    const funnel = candidates[index]!;
    const skipped = skippedFunnel(run, funnel, index);
    if (skipped) {
      decision.trace.push(skipped);
      continue;
    }
    env.funnelId = funnel.id;
    const resolver = new FunnelResolver(funnel, env);
    const first = resolver.firstReady();
    if (!first) {
      decision.trace.push(funnel.traces.noStep);
      continue;
    }
    return chosenFunnel(run, funnel, resolver, first, candidates.length - index - 1);
  }
  return decision;
}

/** One decide() call: the decision being built, the order's facts, the A/B arms drawn so far, the gate hits. */
interface DecideRun {
  context: DecideContext;
  decision: Decision;
  facts: OrderFacts;
  /** Arm per experiment id, drawn once per order. */
  arms: Map<string, string>;
  /** 1 for every funnel the order can possibly match (see possibleFunnels). */
  possible: Uint8Array;
}

/** No offer yet: what every outcome starts from (holdout assignment, locale, currencies). */
function emptyDecision(context: DecideContext): Decision {
  const { settings, order, surface, funnels } = context;
  const holdout = isInHoldout(settings.assignmentSalt, order.key, settings.holdoutPercent);
  return {
    version: 1,
    surface,
    orderKey: order.key,
    decidedAt: context.now.toISOString(),
    outcome: 'no_offer',
    funnelId: null,
    arm: holdout ? 'holdout' : null,
    experiment: null,
    assignments: [],
    holdout,
    counterfactualFunnelId: null,
    locale: shopperLocale(context),
    currency: { shop: funnels.catalog.shopCurrency, presentment: order.presentmentCurrency },
    step: null,
    steps: {},
    path: [],
    trace: [],
  };
}

/** Why no funnel of the surface is looked at: none set up, an unknown currency, the frequency cap; else null. */
function refusedBeforeFunnels(context: DecideContext): TraceEntry | null {
  const { order, surface } = context;
  if (context.funnels.bySurface[surface].length === 0) {
    return {
      funnelId: null,
      outcome: 'dropped',
      reason: 'no_funnels_for_surface',
      message: `No funnel is set up for the ${surfaceName(surface)}.`,
    };
  }
  if (!isKnownCurrency(order.presentmentCurrency)) {
    return {
      funnelId: null,
      outcome: 'dropped',
      reason: 'no_price_in_currency',
      message: `The order's currency ${order.presentmentCurrency} is not supported.`,
    };
  }
  const capped = frequencyCap(context);
  return capped ? { funnelId: null, outcome: 'dropped', reason: 'frequency_capped', message: capped } : null;
}

function stepEnv(context: DecideContext, facts: OrderFacts, trace: TraceEntry[]): StepEnv {
  const { settings, funnels } = context;
  return {
    funnelId: '',
    surface: context.surface,
    facts,
    nowMs: context.now.getTime(),
    catalog: funnels.catalog,
    conversion: createConversion(funnels.catalog.shopCurrency, context.order.presentmentCurrency, settings.exchangeRates),
    declinedProductIds: new Set(context.ledger.declinedProductIds),
    declinedOfferIds: new Set(context.ledger.declinedOfferIds),
    shopperLocale: context.locale,
    defaultLocale: settings.defaultLocale,
    trace,
  };
}

/** Why the funnel is passed over before its steps are looked at (disabled, another A/B arm, targeting), or null. */
function skippedFunnel(run: DecideRun, funnel: CompiledFunnel, index: number): TraceEntry | null {
  if (!funnel.enabled) return funnel.traces.disabled;
  if (funnel.experimentId !== null) {
    const { context } = run;
    const salt = context.settings.assignmentSalt;
    const arm = assignArm(context.funnels, funnel.experimentId, salt, context.order.key, run.arms, run.decision);
    if (arm !== funnel.experiment!.arm) return funnel.traces.notAssigned;
  }
  // The order holds none of the values the funnel requires: report the miss without evaluating everything.
  const miss = run.possible[index] === 0 ? funnel.targeting.gate!.missWithoutGate(run.facts) : funnel.targeting.evaluate(run.facts);
  return miss ? funnel.traces.targeting(miss) : null;
}

/** The funnel whose first step is ready wins: an offer with its whole tree, or the holdout's "would have seen". */
function chosenFunnel(run: DecideRun, funnel: CompiledFunnel, resolver: FunnelResolver, first: PresentedStep, remaining: number): Decision {
  const { decision } = run;
  const trace = decision.trace;
  trace.push(funnel.traces.selected);
  if (remaining > 0) {
    trace.push({
      funnelId: null,
      outcome: 'dropped',
      reason: 'lower_priority',
      message:
        `${remaining} lower-priority funnel${remaining === 1 ? ' was' : 's were'} not evaluated ` +
        `because "${funnel.name}" was chosen first.`,
    });
  }
  const experiment = funnel.experiment ? { key: funnel.experiment.key, arm: funnel.experiment.arm } : null;
  if (decision.holdout) {
    trace.push({
      funnelId: null,
      outcome: 'dropped',
      reason: 'holdout',
      message:
        `This order is in the ${run.context.settings.holdoutPercent}% holdout group, ` +
        `so no offer was shown (it would have been "${funnel.name}").`,
    });
    return { ...decision, outcome: 'holdout', counterfactualFunnelId: funnel.id, experiment };
  }
  resolver.resolveAll();
  return {
    ...decision,
    outcome: 'offer',
    funnelId: funnel.id,
    arm: experiment?.arm ?? null,
    experiment,
    locale: first.locale,
    step: first,
    steps: resolver.states,
  };
}

/** 1 for every funnel the order can possibly match (ungated, or holding one of the gate's values). */
function possibleFunnels(index: GateIndex, facts: OrderFacts): Uint8Array {
  const possible = index.ungated.slice();
  for (const { kind, positions } of index.byKind) {
    const values = facts.lists[kind]!;
    for (let i = 0; i < values.length; i++) {
      const list = positions.get(values[i]!);
      if (!list) continue;
      for (let j = 0; j < list.length; j++) possible[list[j]!] = 1;
    }
  }
  return possible;
}

function assignArm(
  funnels: CompiledFunnels,
  experimentId: string,
  salt: string,
  orderKey: string,
  assigned: Map<string, string>,
  decision: Decision,
): string | null {
  const known = assigned.get(experimentId);
  if (known !== undefined) return known;
  const experiment = funnels.experiments.get(experimentId);
  if (!experiment || experiment.totalWeight === 0) return null;
  const arm = pickSortedArm(salt, experiment.key, orderKey, experiment.arms, experiment.totalWeight);
  assigned.set(experimentId, arm);
  decision.assignments.push({ experimentKey: experiment.key, arm });
  return arm;
}

/** Resolves a funnel's steps on demand, each once, walking the tree with the products offered above each step. */
class FunnelResolver {
  readonly states: Record<string, StepState> = {};
  constructor(
    private readonly funnel: CompiledFunnel,
    private readonly env: StepEnv,
  ) {}

  /** The first step the shopper sees: the root, or down its decline chain while steps are skipped. */
  firstReady(): PresentedStep | null {
    let stepId: string | null = this.funnel.rootStepId;
    let excluded: ReadonlySet<string> = EMPTY_SET;
    for (let level = 0; stepId !== null && level < MAX_FUNNEL_LEVELS; level++) {
      const state = this.resolve(stepId, excluded);
      if (!state) return null;
      if (state.status === 'ready') return state.step;
      stepId = state.decline;
      excluded = excludedBelow(excluded, state);
    }
    return null;
  }

  /** Every step reachable from the root, so next() and priceChange() work from the stored decision alone. */
  resolveAll(): void {
    const walk = (stepId: string | null, excluded: ReadonlySet<string>, level: number) => {
      if (stepId === null || level >= MAX_FUNNEL_LEVELS) return;
      const state = this.resolve(stepId, excluded);
      if (!state) return;
      const below = excludedBelow(excluded, state);
      if (state.accept !== stepId) walk(state.accept, below, level + 1);
      if (state.decline !== stepId) walk(state.decline, below, level + 1);
    };
    walk(this.funnel.rootStepId, EMPTY_SET, 0);
  }

  private resolve(stepId: string, excluded: ReadonlySet<string>): StepState | null {
    const existing = this.states[stepId];
    if (existing) return existing;
    const step: CompiledStep | undefined = this.funnel.steps.get(stepId);
    if (!step) return null;
    const state = resolveStep(step, this.env, excluded);
    this.states[stepId] = state;
    return state;
  }
}

/** Products a ready step offered are not offered again by templates further down the same path. */
function excludedBelow(excluded: ReadonlySet<string>, state: StepState): ReadonlySet<string> {
  if (state.status !== 'ready') return excluded;
  const below = new Set(excluded);
  for (const option of state.step.options) below.add(option.productId);
  return below;
}

const EMPTY_SET: ReadonlySet<string> = new Set();

function frequencyCap(context: DecideContext): string | null {
  const cap = context.settings.frequencyCap;
  if (!cap) return null;
  const windowStart = context.now.getTime() - cap.windowHours * 3_600_000;
  let shown = 0;
  for (const impression of context.ledger.recentImpressions) {
    // Re-deciding the same order on the same surface (a retried request) does not count against itself.
    if (impression.orderKey === context.order.key && impression.surface === context.surface) continue;
    const at = Date.parse(impression.shownAt);
    if (at > windowStart && at <= context.now.getTime()) shown++;
  }
  if (shown < cap.maxOffers) return null;
  const offers = `${shown} offer${shown === 1 ? '' : 's'}`;
  return `The customer already saw ${offers} in the last ${cap.windowHours} hours (the limit is ${cap.maxOffers}).`;
}

function shopperLocale(context: DecideContext): Locale {
  const language = context.locale.trim().toLowerCase().split(/[-_]/)[0];
  return isLocale(language) && context.settings.locales.includes(language) ? language : context.settings.defaultLocale;
}

function surfaceName(surface: DecideContext['surface']): string {
  return surface === 'post_purchase' ? 'post-purchase page' : surface === 'checkout' ? 'checkout' : 'email offer';
}

// ---------------------------------------------------------------------------------------------------------------
// next(): walking the funnel after the shopper answers.

export type NextResult =
  | { type: 'step'; step: PresentedStep; decision: Decision }
  | { type: 'end'; reason: 'completed' | 'accept_limit'; decision: Decision }
  | { type: 'error'; code: 'no_offer' | 'not_current_step' | 'unknown_option'; message: string };

/**
 * The step after the shopper accepted or declined the current one, or the end. Steps with nothing to offer are
 * passed over along their decline branch; subscription options disappear once a subscription was accepted; on
 * the post-purchase page the funnel ends after Shopify's three accepted changes.
 */
export function next(decision: Decision, stepId: string, accepted: boolean, answer: { optionId?: string } = {}): NextResult {
  if (decision.outcome !== 'offer') return { type: 'error', code: 'no_offer', message: 'This decision made no offer.' };
  const current = decision.step;
  if (!current || current.stepId !== stepId) {
    return { type: 'error', code: 'not_current_step', message: `Step "${stepId}" is not the step being shown.` };
  }
  let chosen: PresentedOption | undefined;
  if (accepted && answer.optionId !== undefined) {
    chosen = current.options.find((option) => option.id === answer.optionId);
    if (!chosen) return { type: 'error', code: 'unknown_option', message: `Step "${stepId}" has no option "${answer.optionId}".` };
  }
  const entry: PathEntry = {
    stepId,
    accepted,
    optionId: chosen?.id ?? null,
    // Without the option, assume the worst: a subscription step accepted means no further subscriptions.
    subscription: accepted && (chosen ? chosen.sellingPlan !== null : current.subscription),
  };
  const path = [...decision.path, entry];
  const state = decision.steps[stepId];
  const advanced = (step: PresentedStep | null): Decision => ({ ...decision, path, step });

  const acceptedCount = path.filter((p) => p.accepted).length;
  if (decision.surface === 'post_purchase' && acceptedCount >= MAX_POST_PURCHASE_ACCEPTS) {
    return { type: 'end', reason: 'accept_limit', decision: advanced(null) };
  }
  const subscriptionTaken = path.some((p) => p.subscription);
  let target = state ? (accepted ? state.accept : state.decline) : null;
  for (let hops = 0; target !== null && hops < MAX_FUNNEL_LEVELS; hops++) {
    const candidate = decision.steps[target];
    if (!candidate) break;
    if (candidate.status === 'ready') {
      const step = subscriptionTaken ? withoutSubscriptions(candidate.step) : candidate.step;
      if (step) return { type: 'step', step, decision: advanced(step) };
    }
    target = candidate.decline;
  }
  return { type: 'end', reason: 'completed', decision: advanced(null) };
}

function withoutSubscriptions(step: PresentedStep): PresentedStep | null {
  if (!step.subscription) return step;
  const options = step.options.filter((option) => option.sellingPlan === null);
  return options.length === 0 ? null : { ...step, options, subscription: false };
}

// ---------------------------------------------------------------------------------------------------------------
// priceChange(): the exact change the signer may put in a changeset (or the email job in an order edit).

export interface PricedLine extends LineAmounts {
  currency: string;
  unitPriceMinor: number;
  quantity: number;
}

export interface PricedChange {
  type: 'add_variant' | 'add_subscription';
  funnelId: string;
  stepId: string;
  offerId: string;
  optionId: string;
  productId: string;
  variantId: string;
  sellingPlanId: string | null;
  quantity: number;
  presentment: PricedLine;
  shop: PricedLine;
  /**
   * The discount in the shape of a post-purchase ExplicitDiscount. Percentages are passed through (Shopify
   * applies them to the line and rounds the discount down, which `presentment` already reproduces); a fixed
   * amount is per unit, in presentment major units, with the exact minor units alongside.
   */
  discount:
    | { valueType: 'percentage'; value: number; title: string }
    | { valueType: 'fixed_amount'; value: number; perUnitMinor: number; title: string }
    | null;
}

export type PriceChangeError =
  | 'no_offer'
  | 'not_current_step'
  | 'unknown_option'
  | 'unknown_variant'
  | 'quantity_not_allowed'
  | 'insufficient_stock';

export type PriceChangeResult = { ok: true; change: PricedChange } | { ok: false; error: { code: PriceChangeError; message: string } };

/**
 * For the step being shown and the shopper's choice (option, variant, quantity), the exact priced change, from
 * the stored decision only. Anything the decision did not offer is a typed error, never a best guess.
 */
export function priceChange(
  decision: Decision,
  choice: { stepId: string; optionId: string; variantId: string; quantity?: number },
): PriceChangeResult {
  const fail = (code: PriceChangeError, message: string): PriceChangeResult => ({
    ok: false,
    error: { code, message },
  });
  if (decision.outcome !== 'offer' || !decision.funnelId) return fail('no_offer', 'This decision made no offer.');
  const step = decision.step;
  if (!step || step.stepId !== choice.stepId) return fail('not_current_step', `Step "${choice.stepId}" is not the step being shown.`);
  const option = step.options.find((o) => o.id === choice.optionId);
  if (!option) return fail('unknown_option', `Step "${choice.stepId}" has no option "${choice.optionId}".`);
  const variant = option.variants.find((v) => v.id === choice.variantId);
  if (!variant) return fail('unknown_variant', `Variant ${choice.variantId} is not offered in option "${option.id}".`);
  const quantity = choice.quantity ?? option.quantity.default;
  if (!Number.isInteger(quantity) || quantity < option.quantity.min || quantity > option.quantity.max) {
    return fail('quantity_not_allowed', `Quantity ${quantity} is outside ${option.quantity.min}..${option.quantity.max}.`);
  }
  if (variant.available !== null && quantity > variant.available) {
    return fail('insufficient_stock', `Only ${variant.available} unit(s) of ${variant.title} were available.`);
  }
  const line = (currency: 'presentment' | 'shop'): PricedLine => {
    const unitPriceMinor = variant.price[currency].unitPriceMinor;
    return {
      currency: variant.price[currency].currency,
      unitPriceMinor,
      quantity,
      ...priceLine(unitPriceMinor, quantity, option.resolvedDiscount[currency]),
    };
  };
  const presentment = line('presentment');
  const resolved = option.resolvedDiscount.presentment;
  const title = option.discountLabel ?? '';
  return {
    ok: true,
    change: {
      type: option.sellingPlan ? 'add_subscription' : 'add_variant',
      funnelId: decision.funnelId,
      stepId: step.stepId,
      offerId: step.offerId,
      optionId: option.id,
      productId: option.productId,
      variantId: variant.id,
      sellingPlanId: option.sellingPlan?.id ?? null,
      quantity,
      presentment,
      shop: line('shop'),
      discount:
        resolved === null
          ? null
          : resolved.kind === 'percentage'
            ? { valueType: 'percentage', value: resolved.hundredths / 100, title }
            : {
                valueType: 'fixed_amount',
                value: Number(minorToDecimal(resolved.perUnitMinor, presentment.currency)),
                perUnitMinor: resolved.perUnitMinor,
                title,
              },
    },
  };
}
