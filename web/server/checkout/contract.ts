// The checkout add-on contract (extensions/checkout-upsell/src/offers-contract.ts) built from the shop's checkout
// funnels, catalog and settings. Pure and deterministic: the same inputs give the same JSON, byte for byte.
//
// Two steps, because discount codes are created in between:
//  1. planCheckoutOffers(): every offer the checkout block could show, in priority order, with the discount its
//     code must grant, and the warnings a merchant should read (what could not be synced, and why);
//  2. renderCheckoutContract(): the metafield value, given the codes, trimmed to the metafield size limit.
//
// How funnels map onto the block (see README.md for the reasons), one module each under contract/:
//  - experiments.ts: an A/B test syncs its heaviest arm only (the block cannot split shoppers);
//  - flatten.ts: every step of an enabled checkout funnel becomes one or more independent offers, in tree order
//    (root, accept branch, decline branch): the block has no accept/decline flow, it shows the first `maxOffers`
//    that apply; product steps -> one offer; choice steps -> one offer per item; tiers -> the smallest tier;
//    plans -> the first plan (with its sellingPlanId), or the one-time option when the product has no usable plan;
//  - templates.ts: templates are resolved now, without an order (complementary pairs become one offer per
//    complement shown when the cart holds its partner; "related" depends on the whole cart and is not synced);
//  - offer.ts: one variant per offer, the first of the allowed variants that is in stock and priced;
//  - prices.ts: prices in the shop currency and every presentment currency the shop set a rate or a price list for;
//  - texts.ts: titles and descriptions per language; offer-id.ts: the offer ids the events endpoint reads back;
//  - render.ts: the codes, the size limit and the bytes.
import { translateTargeting } from './conditions.js';
import { experimentWinners } from './contract/experiments.js';
import { stepCandidates, stepsInTreeOrder } from './contract/flatten.js';
import { type Planning, planOffer } from './contract/offer.js';
import type { CheckoutPlan, FunnelEnv, PlanInput, PlannedOffer } from './contract/types.js';

export { type ParsedOfferId, parseCheckoutOfferId } from './contract/offer-id.js';
export { toMajor } from './contract/prices.js';
export { METAFIELD_JSON_LIMIT_BYTES, type RenderOptions, renderCheckoutContract } from './contract/render.js';
export type {
  CheckoutPlan,
  ContractWarning,
  DiscountTerms,
  PlanInput,
  PlannedOffer,
  RenderedContract,
  WarningCode,
} from './contract/types.js';

/** How many offers the block shows at most, unless the caller says otherwise. */
export const DEFAULT_MAX_OFFERS = 2;

export function planCheckoutOffers(input: PlanInput): CheckoutPlan {
  const { catalog, settings } = input;
  const planning: Planning = { input, warnings: [], lists: new Map() };
  const warnings = planning.warnings;
  const offers: PlannedOffer[] = [];
  const seenIds = new Set<string>();
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
        message:
          `Funnel "${funnel.name}" is not shown in checkout: ${translated.reasons.join('; ')}. ` +
          'Remove those conditions, or use the funnel on another surface.',
      });
      continue;
    }
    const env: FunnelEnv = { funnel, conditions: translated.conditions, lists: translated.lists };
    for (const step of stepsInTreeOrder(funnel)) {
      liveSteps.add(`${funnel.id}/${step.id}`);
      for (const candidate of stepCandidates(step, env, input, warnings)) {
        const planned = planOffer(candidate, step, env, planning);
        if (!planned || seenIds.has(planned.id)) continue;
        seenIds.add(planned.id);
        offers.push(planned);
      }
    }
  }

  if (offers.length > 0 && (settings.holdoutPercent > 0 || settings.frequencyCap)) {
    const what = [
      settings.holdoutPercent > 0 ? `the ${settings.holdoutPercent}% holdout group` : null,
      settings.frequencyCap ? 'the frequency cap' : null,
    ]
      .filter(Boolean)
      .join(' and ');
    warnings.push({
      code: 'settings_not_applied',
      message:
        `The checkout block shows the same offers to every shopper, so ${what} cannot apply there ` +
        '(they still apply after checkout and by email).',
    });
  }

  return {
    defaultLanguage: settings.defaultLocale,
    maxOffers: input.maxOffers ?? DEFAULT_MAX_OFFERS,
    offers,
    lists: planning.lists,
    liveSteps,
    warnings,
  };
}
