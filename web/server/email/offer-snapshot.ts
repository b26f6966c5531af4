// The contract between the email sender and the offer page: what `EmailOffer.offer` holds. Written once, when the
// engine decides for the order (and rewritten only at send time, to drop what went out of stock), and read by the
// offer page and the accept flow (web/server/order-edit/) through `parseOfferSnapshot`. Display-ready: titles,
// images, prices already computed by the engine in both currencies, texts in the email's locale. Nothing here is
// trusted from a shopper: the page shows it, and accept re-prices from the engine's stored Decision
// (OfferDecision, surface "email", orderKey = the order GID) or from these numbers, which only Encore wrote.
//
// Keep it stable: add optional fields only, and bump `version` for anything else.
import { z } from 'zod';
import { LOCALES } from '../offers/index.js';

export const OFFER_SNAPSHOT_VERSION = 1;

const minor = z.number().int();
const gidOf = (type: string) => z.string().regex(new RegExp(`^gid://shopify/${type}/\\d+$`));

/** One price line of a variant, at the product's default quantity (the engine's PriceQuote). */
const PriceSchema = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/),
  /** Variant price before the discount, per unit. */
  unitPriceMinor: minor,
  /** The variant's compare-at price per unit, when above its price; null otherwise. */
  compareAtUnitPriceMinor: minor.nullable(),
  quantity: z.number().int().min(1),
  /** unit price x quantity. */
  subtotalMinor: minor,
  /** The offer's discount on the line (rounded down, as Shopify's checkout does). */
  discountMinor: minor,
  /** What the shopper pays for the line: subtotal - discount. */
  totalMinor: minor,
});
export type OfferSnapshotPrice = z.output<typeof PriceSchema>;

const VariantSchema = z.object({
  id: gidOf('ProductVariant'),
  /** "Default Title" for single-variant products, as Shopify names it. */
  title: z.string(),
  imageUrl: z.string().nullable(),
  /** Units in stock when last checked (at decision, then at send); null when stock is not limited. */
  available: z.number().int().nullable(),
  price: z.object({ presentment: PriceSchema, shop: PriceSchema }),
  /** Presentment-currency strings in the email's locale: unit price, line total, compare-at line total. */
  display: z.object({ unitPrice: z.string(), total: z.string(), compareAtTotal: z.string().nullable() }),
});
export type OfferSnapshotVariant = z.output<typeof VariantSchema>;

const ResolvedDiscountSchema = z.union([
  z.object({ kind: z.literal('percentage'), hundredths: z.number().int() }),
  z.object({ kind: z.literal('fixed'), perUnitMinor: minor }),
]);

const ProductSchema = z.object({
  /** The engine's option id ("product:<gid>" or "tier:<qty>"): what priceChange() takes. */
  optionId: z.string().min(1),
  productId: gidOf('Product'),
  title: z.string(),
  handle: z.string(),
  imageUrl: z.string().nullable(),
  /** What the option is called ("3 × Title" for a tier). */
  label: z.string(),
  /** Units the shopper may choose; min = max means no choice. */
  quantity: z.object({ min: z.number().int().min(1), max: z.number().int().min(1), default: z.number().int().min(1) }),
  /** The merchant's discount as configured ({type: 'percentage', percent} or {type: 'fixed_amount', amountMinor}). */
  discount: z
    .union([
      z.object({ type: z.literal('percentage'), percent: z.number() }).passthrough(),
      z.object({ type: z.literal('fixed_amount'), amountMinor: minor }).passthrough(),
    ])
    .nullable(),
  /** The discount per currency: percent in hundredths, or a fixed amount per unit in that currency's minor units. */
  resolvedDiscount: z.object({ shop: ResolvedDiscountSchema.nullable(), presentment: ResolvedDiscountSchema.nullable() }),
  /** "20% off", "€5.00 off" in the email's locale; null without a discount. */
  discountLabel: z.string().nullable(),
  /** The variants the shopper may choose from, in stock ones only (the step allows a choice when there are several). */
  variants: z.array(VariantSchema).min(1),
  /**
   * Set when the option is a subscription (the engine's plan option): accepting it creates a contract instead of
   * editing the order (order-edit/route-accept.ts). Absent or null: a one-time item.
   */
  sellingPlan: z
    .object({
      id: gidOf('SellingPlan'),
      name: z.string(),
      billing: z.object({ interval: z.enum(['DAY', 'WEEK', 'MONTH', 'YEAR']), intervalCount: z.number().int().min(1) }),
      delivery: z.object({ interval: z.enum(['DAY', 'WEEK', 'MONTH', 'YEAR']), intervalCount: z.number().int().min(1) }),
    })
    .nullable()
    .optional(),
});
export type OfferSnapshotProduct = z.output<typeof ProductSchema>;

export const OfferSnapshotSchema = z.object({
  version: z.literal(OFFER_SNAPSHOT_VERSION),
  funnelId: z.string().min(1),
  stepId: z.string().min(1),
  /** The ledger's key for this offer (a decline of it is never offered again, on any surface). */
  offerId: z.string().min(1),
  /** product: one product; choice: pick one of several; tiers: a quantity tier of one product; plans: one-time or a plan. */
  kind: z.enum(['product', 'choice', 'tiers', 'plans']),
  /** The A/B arm the order was assigned to (for ledger events), or null. */
  arm: z.string().nullable(),
  /** One of Encore's locales, chosen from the order's customer locale, else the shop's primary locale. */
  locale: z.enum(LOCALES),
  currency: z.object({ shop: z.string(), presentment: z.string() }),
  /** The step's texts in `locale`, placeholders filled ({product}, {discount}). */
  texts: z.object({ headline: z.string(), body: z.string(), button: z.string() }),
  /** The products (options) still offered; at send time out-of-stock ones are dropped. */
  products: z.array(ProductSchema).min(1),
  /** What the funnel wants when products went out of stock before the email was sent. */
  whenOutOfStock: z.enum(['send_remaining', 'skip']),
  /** ISO date-time of the engine's decision. */
  decidedAt: z.string(),
});
export type OfferSnapshot = z.output<typeof OfferSnapshotSchema>;

/** Reads `EmailOffer.offer`; null when the JSON is not a snapshot this code understands (say so, do not guess). */
export function parseOfferSnapshot(json: unknown): OfferSnapshot | null {
  const parsed = OfferSnapshotSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** The variant a shopper picked, if the snapshot offers it: the only variants an accept may add. */
export function offeredVariant(
  snapshot: OfferSnapshot,
  variantId: string,
): { product: OfferSnapshotProduct; variant: OfferSnapshotVariant } | null {
  for (const product of snapshot.products) {
    const variant = product.variants.find((candidate) => candidate.id === variantId);
    if (variant) return { product, variant };
  }
  return null;
}

/**
 * EmailOffer.status values (prisma/schema.prisma). The sender moves scheduled -> sent (or cancelled: the re-check
 * at send time found the order no longer eligible; failed: the email could not be sent). The offer page moves
 * sent -> accepted -> paid | removed, and sent -> expired. An accept the order could no longer take that went into the
 * next shipment of the customer's contract (order-edit/route-accept.ts) is `routed`.
 */
export const EMAIL_OFFER_STATUSES = [
  'scheduled',
  'sent',
  'accepted',
  'paid',
  'expired',
  'removed',
  'cancelled',
  'failed',
  'routed',
] as const;
export type EmailOfferStatus = (typeof EMAIL_OFFER_STATUSES)[number];
