// Discount codes for checkout add-on offers: one Shopify basic code discount per offer and version of its terms,
// limited to the offered variant. The CheckoutDiscountCode table is the idempotency record: a row is reserved
// (unique per shop + offer + version, and per shop + code) BEFORE Shopify is asked, so a retried or concurrent
// sync reuses the same code, and Shopify's own "code must be unique" turns a repeated create into a lookup.
//
// The code is random (60 bits) so nobody can guess codes from offer names; it is still readable by anyone in the
// checkout metafield. That is accepted (see README.md): each code grants only its offer's discount, on that one
// variant, once per customer.
import crypto from 'node:crypto';
import type { Clock } from '../clock.js';
import { type Db, isUniqueViolation } from '../db/client.js';
import type { Logger } from '../logger.js';
import { minorToDecimal } from '../offers/index.js';
import type { AdminClient } from '../shopify/admin-client.js';
import { ShopifyGraphqlError, ShopifyUserErrors } from '../shopify/errors.js';
import { CheckoutDiscountCodeByCodeQuery } from '../shopify/graphql/CheckoutDiscountCodeByCodeQuery.js';
import {
  CheckoutDiscountCodeCreateMutation,
  type CheckoutDiscountCodeInput,
} from '../shopify/graphql/CheckoutDiscountCodeCreateMutation.js';
import { CheckoutDiscountCodeDeactivateMutation } from '../shopify/graphql/CheckoutDiscountCodeDeactivateMutation.js';
import type { UserError } from '../shopify/graphql/operation.js';
import type { DiscountTerms, PlannedOffer } from './contract.js';

const CODE_PREFIX = 'ENCORE-';
/** Crockford-style alphabet without I, O, 0, 1: 32 symbols, read aloud without confusion. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_RANDOM_CHARS = 12;
/** Every code has this length, so the metafield size can be computed before the codes exist. */
export const CODE_LENGTH = CODE_PREFIX.length + CODE_RANDOM_CHARS;
const DISCOUNT_TAGS = ['encore', 'encore-checkout'];

/** A code shoppers cannot derive from anything: ENCORE- and 12 random symbols (60 bits). */
export function generateDiscountCode(randomBytes: (size: number) => Buffer = crypto.randomBytes): string {
  const bytes = randomBytes(CODE_RANDOM_CHARS);
  let code = CODE_PREFIX;
  for (let i = 0; i < CODE_RANDOM_CHARS; i++) code += CODE_ALPHABET[bytes[i]! & 31];
  return code;
}

/**
 * The "offer version" of the terms a code grants: equal terms, equal version. A funnel edit that leaves an offer's
 * discount, variant and purchase type alone keeps its code (checkouts in progress keep working); any change to
 * them makes a new code. A positive 28-bit number (the column is an Int).
 */
export function termsVersion(terms: DiscountTerms, shopCurrency: string): number {
  const canonical = JSON.stringify([
    terms.variantId,
    terms.subscription,
    terms.minQuantity,
    terms.discount.type,
    terms.discount.type === 'percentage' ? terms.discount.percent : terms.discount.amountMinor,
    shopCurrency,
  ]);
  return parseInt(crypto.createHash('sha256').update(canonical).digest('hex').slice(0, 7), 16);
}

/** What the merchant sees in Shopify's discount list, e.g. "Encore checkout offer: Merino socks – 10% off". */
function discountTitle(offer: Pick<PlannedOffer, 'productTitle' | 'shopCurrency'>, terms: DiscountTerms): string {
  const value =
    terms.discount.type === 'percentage'
      ? `${terms.discount.percent}% off`
      : `${minorToDecimal(terms.discount.amountMinor, offer.shopCurrency)} ${offer.shopCurrency} off each`;
  const product = offer.productTitle.length > 150 ? `${offer.productTitle.slice(0, 149)}…` : offer.productTitle;
  return `Encore checkout offer: ${product} – ${value}`;
}

/**
 * The discountCodeBasicCreate input for an offer:
 * - every buyer (`context: {all: ALL}`): Shopify refuses a create without `context` (or the deprecated
 *   `customerSelection`), per the 2026-07 description of DiscountCodeBasicInput, even though the field is nullable;
 * - only the offered variant, the step's percentage or fixed amount per item;
 * - once per customer (the code is public in the metafield; this bounds what a copied code is worth);
 * - combines with order, product and shipping discounts, so applying it never knocks out a code the shopper
 *   already entered (Shopify still applies at most one product discount to the same line);
 * - on a selling plan: subscriptions only, first billing cycle only, as the checkout price shows it;
 * - a tier needs its quantity in the cart before the code applies.
 */
export function discountCodeInput(
  offer: Pick<PlannedOffer, 'productTitle' | 'shopCurrency'>,
  terms: DiscountTerms,
  code: string,
  now: Date,
): CheckoutDiscountCodeInput {
  const value: CheckoutDiscountCodeInput['customerGets']['value'] =
    terms.discount.type === 'percentage'
      ? { percentage: terms.discount.percent / 100 }
      : { discountAmount: { amount: minorToDecimal(terms.discount.amountMinor, offer.shopCurrency), appliesOnEachItem: true } };
  return {
    title: discountTitle(offer, terms),
    code,
    // A minute back, so a Shopify clock slightly behind ours does not see a "scheduled" code.
    startsAt: new Date(now.getTime() - 60_000).toISOString(),
    endsAt: null,
    appliesOncePerCustomer: true,
    context: { all: 'ALL' },
    combinesWith: { orderDiscounts: true, productDiscounts: true, shippingDiscounts: true },
    customerGets: {
      value,
      items: { products: { productVariantsToAdd: [terms.variantId] } },
      appliesOnOneTimePurchase: !terms.subscription,
      appliesOnSubscription: terms.subscription,
    },
    ...(terms.minQuantity > 1 ? { minimumRequirement: { quantity: { greaterThanOrEqualToQuantity: String(terms.minQuantity) } } } : {}),
    ...(terms.subscription ? { recurringCycleLimit: 1 } : {}),
    tags: DISCOUNT_TAGS,
  };
}

/** Shopify refused to create an offer's code (userErrors): the same input would fail again. */
export class CheckoutDiscountCodeError extends ShopifyUserErrors {
  override name = 'CheckoutDiscountCodeError';
  constructor(
    readonly offerId: string,
    userErrors: UserError[],
  ) {
    super('discountCodeBasicCreate', userErrors);
  }
}

export interface DiscountCodeDeps {
  db: Db;
  admin: AdminClient;
  clock: Clock;
  logger: Logger;
}

export interface EnsuredCodes {
  /** Offer id -> code, for every offer whose code exists in Shopify. */
  codes: Map<string, string>;
  created: number;
  reused: number;
  failed: CheckoutDiscountCodeError[];
}

type CodeRow = Awaited<ReturnType<Db['prisma']['checkoutDiscountCode']['findFirstOrThrow']>>;

/**
 * Makes sure every discounted offer has its code in Shopify, creating what is missing. Offers whose code Shopify
 * refuses are reported in `failed` (the caller leaves them out of the metafield); throttling, outages and auth
 * errors propagate so the job is retried.
 */
export async function ensureDiscountCodes(deps: DiscountCodeDeps, shopId: string, offers: readonly PlannedOffer[]): Promise<EnsuredCodes> {
  const { prisma } = deps.db;
  const result: EnsuredCodes = { codes: new Map(), created: 0, reused: 0, failed: [] };
  const discounted = offers.filter((o): o is PlannedOffer & { discountTerms: DiscountTerms } => o.discountTerms !== null);
  if (discounted.length === 0) return result;
  const rows = await prisma.checkoutDiscountCode.findMany({ where: { shopId, offerId: { in: discounted.map((o) => o.id) } } });

  for (const offer of discounted) {
    const version = termsVersion(offer.discountTerms, offer.shopCurrency);
    let row =
      rows.find((r) => r.offerId === offer.id && r.offerVersion === version) ?? (await reserveCode(deps.db, shopId, offer.id, version));
    if (row.shopifyId) {
      result.codes.set(offer.id, row.code);
      result.reused++;
      continue;
    }
    try {
      const shopifyId = await createInShopify(deps, offer, row.code);
      row = await prisma.checkoutDiscountCode.update({ where: { id: row.id }, data: { shopifyId } });
      result.codes.set(offer.id, row.code);
      result.created++;
      deps.logger.info({ offerId: offer.id, offerVersion: version, discountId: shopifyId }, 'checkout discount code created');
    } catch (error) {
      if (!(error instanceof CheckoutDiscountCodeError)) throw error;
      deps.logger.warn(
        { offerId: offer.id, funnelId: offer.funnelId, stepId: offer.stepId, product: offer.productTitle, userErrors: error.userErrors },
        'Shopify refused a checkout discount code; the offer is left out of the checkout block',
      );
      result.failed.push(error);
    }
  }
  return result;
}

/** The row for (shop, offer, version): created with a fresh code, or the one a concurrent sync just created. */
async function reserveCode(db: Db, shopId: string, offerId: string, offerVersion: number): Promise<CodeRow> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.prisma.checkoutDiscountCode.create({ data: { shopId, offerId, offerVersion, code: generateDiscountCode() } });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await db.prisma.checkoutDiscountCode.findUnique({
        where: { shopId_offerId_offerVersion: { shopId, offerId, offerVersion } },
      });
      if (existing) return existing;
      // The random code itself collided with another offer's (2^-60 per pair): draw again.
      if (attempt >= 2) throw error;
    }
  }
}

async function createInShopify(
  deps: DiscountCodeDeps,
  offer: PlannedOffer & { discountTerms: DiscountTerms },
  code: string,
): Promise<string> {
  const input = discountCodeInput(offer, offer.discountTerms, code, deps.clock.now());
  const data = await deps.admin.request(CheckoutDiscountCodeCreateMutation, { basicCodeDiscount: input });
  const payload = data.discountCodeBasicCreate;
  if (!payload) throw new ShopifyGraphqlError(CheckoutDiscountCodeCreateMutation.name, [{ message: 'empty payload' }]);
  if (payload.userErrors.length === 0 && payload.codeDiscountNode) return payload.codeDiscountNode.id;
  // Our own earlier attempt got through before its answer was lost: the code is ours, reuse that discount.
  if (payload.userErrors.some((e) => e.code === 'TAKEN' && (e.field ?? []).includes('code'))) {
    const found = await deps.admin.request(CheckoutDiscountCodeByCodeQuery, { code });
    if (found.codeDiscountNodeByCode) return found.codeDiscountNodeByCode.id;
  }
  throw new CheckoutDiscountCodeError(
    offer.id,
    payload.userErrors.length ? payload.userErrors : [{ field: null, message: 'no discount returned', code: null }],
  );
}

export interface StaleCodeQuery {
  /** Version per discounted offer of the current plan; null for a planned offer that no longer has a discount. */
  planned: ReadonlyMap<string, number | null>;
  /** `<funnelId>/<stepId>` of every step still synced (see CheckoutPlan.liveSteps). */
  liveSteps: ReadonlySet<string>;
}

/**
 * Deactivates the codes of offers that changed (another version is current) or whose step is gone, then forgets
 * them. Codes of steps that are merely not offerable right now (out of stock, trimmed) stay valid. Deactivated,
 * not deleted: Shopify keeps their usage history. A failure is logged and retried at the next sync.
 */
export async function deactivateStaleCodes(deps: DiscountCodeDeps, shopId: string, query: StaleCodeQuery): Promise<number> {
  const rows = await deps.db.prisma.checkoutDiscountCode.findMany({ where: { shopId }, orderBy: { createdAt: 'asc' } });
  let deactivated = 0;
  for (const row of rows) {
    const stepKey = row.offerId.split('/').slice(0, 2).join('/');
    const planned = query.planned.get(row.offerId);
    const stale = !query.liveSteps.has(stepKey) || (planned !== undefined && planned !== row.offerVersion);
    if (!stale) continue;
    try {
      const shopifyId =
        row.shopifyId ?? (await deps.admin.request(CheckoutDiscountCodeByCodeQuery, { code: row.code })).codeDiscountNodeByCode?.id ?? null;
      if (shopifyId) {
        const data = await deps.admin.request(CheckoutDiscountCodeDeactivateMutation, { id: shopifyId });
        const errors = data.discountCodeDeactivate?.userErrors ?? [];
        // A discount the merchant deleted by hand is as good as deactivated.
        const gone =
          errors.length > 0 && !(await deps.admin.request(CheckoutDiscountCodeByCodeQuery, { code: row.code })).codeDiscountNodeByCode;
        if (errors.length > 0 && !gone) throw new ShopifyUserErrors(CheckoutDiscountCodeDeactivateMutation.name, errors);
      }
      await deps.db.prisma.checkoutDiscountCode.delete({ where: { id: row.id } });
      deactivated++;
      deps.logger.info(
        { offerId: row.offerId, offerVersion: row.offerVersion, discountId: shopifyId },
        'stale checkout discount code deactivated',
      );
    } catch (error) {
      if (!(error instanceof ShopifyUserErrors)) throw error;
      deps.logger.warn(
        { offerId: row.offerId, err: error },
        'could not deactivate a stale checkout discount code; will try at the next sync',
      );
    }
  }
  return deactivated;
}
