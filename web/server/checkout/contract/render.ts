// The metafield value: the planned offers with their discount codes, as many as fit in Shopify's size limit.
import type { CheckoutOffer, CheckoutOffersContract } from '../../../../extensions/checkout-upsell/src/offers-contract.js';
import { compareIds } from '../../offers/index.js';
import type { CheckoutPlan, ContractWarning, PlannedOffer, RenderedContract } from './types.js';

/**
 * Shopify's limit on a `json` metafield value written with API 2026-04 or later: 128KB
 * (https://shopify.dev/changelog/reduced-metafield-value-sizes). We count 128,000 UTF-8 bytes, the smaller
 * reading of "KB", so a write never fails on the boundary.
 */
export const METAFIELD_JSON_LIMIT_BYTES = 128_000;

export interface RenderOptions {
  /** Discount code per offer id; an offer with discount terms but no code is left out (its price assumes the code). */
  codes: ReadonlyMap<string, string>;
  maxBytes?: number;
}

interface CodedOffer {
  planned: PlannedOffer;
  offer: CheckoutOffer;
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
  const candidates: CodedOffer[] = [];
  for (const planned of plan.offers) {
    const code = planned.discountTerms ? options.codes.get(planned.id) : undefined;
    if (planned.discountTerms && !code) {
      dropped.push({ offer: planned, reason: 'no_discount_code' });
      continue;
    }
    candidates.push({ planned, offer: withCode(planned.offer, code) });
  }

  let count = candidates.length;
  let rendered = contractOf(plan, candidates);
  if (rendered.bytes > maxBytes) {
    count = longestPrefixThatFits(plan, candidates, maxBytes);
    rendered = contractOf(plan, candidates.slice(0, count));
    const cut = candidates.slice(count);
    for (const { planned } of cut) dropped.push({ offer: planned, reason: 'size_limit' });
    warnings.push({
      code: 'trimmed_for_size',
      message:
        `The checkout offers exceed Shopify's ${Math.round(maxBytes / 1000)} KB metafield limit; ` +
        `the ${cut.length} lowest-priority offer${cut.length === 1 ? ' was' : 's were'} left out. ` +
        'Narrow long product lists in targeting, or remove offers.',
    });
  }
  return { ...rendered, written: candidates.slice(0, count).map(({ planned }) => planned), dropped, warnings };
}

/** The size grows with every offer kept: the longest prefix within `maxBytes`, when all of them do not fit. */
function longestPrefixThatFits(plan: CheckoutPlan, candidates: readonly CodedOffer[], maxBytes: number): number {
  let low = 0;
  let high = candidates.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >>> 1;
    if (contractOf(plan, candidates.slice(0, mid)).bytes <= maxBytes) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The contract of these offers, with the product lists they refer to, and its JSON and size. */
function contractOf(plan: CheckoutPlan, kept: readonly CodedOffer[]): Pick<RenderedContract, 'contract' | 'value' | 'bytes'> {
  const keys = new Set(
    kept.flatMap(({ offer }) => [
      ...(offer.conditions?.cartIncludesAny?.collectionIds ?? []),
      ...(offer.conditions?.cartExcludes?.collectionIds ?? []),
    ]),
  );
  const contract: CheckoutOffersContract = {
    version: 1,
    defaultLanguage: plan.defaultLanguage,
    maxOffers: plan.maxOffers,
    ...(keys.size > 0
      ? { collections: Object.fromEntries([...keys].sort(compareIds).map((key) => [key, plan.lists.get(key) ?? []])) }
      : {}),
    offers: kept.map(({ offer }) => offer),
  };
  const value = JSON.stringify(contract);
  return { contract, value, bytes: Buffer.byteLength(value, 'utf8') };
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
