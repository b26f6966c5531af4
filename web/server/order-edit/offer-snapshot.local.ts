// RECONCILE AT MERGE (issue 11): the email module (part 1 of the issue, web/server/email/) owns the EmailOffer row
// and exports the display-ready snapshot type stored in `EmailOffer.offer` (web/server/email/offer-snapshot.ts, through
// web/server/email/index.ts). Until it is on main, this file states what the offer page and the order edit read from
// that JSON: the engine's PresentedStep for the email surface (the same shape the post-purchase endpoint serves), at
// the top level or under `step`. The JSON is parsed here, at the boundary, so a snapshot of another shape is a
// friendly "offer unavailable" page, never a crash.
import { z } from 'zod';
import { LOCALES, type Locale } from '../offers/index.js';

const money = z.number().int().nonnegative();

const quoteSchema = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/),
  unitPriceMinor: money,
  originalUnitPriceMinor: money,
  compareAtUnitPriceMinor: money.nullable().optional(),
});

const resolvedDiscountSchema = z.union([
  z.object({ kind: z.literal('percentage'), hundredths: z.number().int().positive().max(10_000) }),
  z.object({ kind: z.literal('fixed'), perUnitMinor: z.number().int().positive() }),
]);

const variantSchema = z.object({
  id: z.string().regex(/^gid:\/\/shopify\/ProductVariant\/\d+$/),
  title: z.string(),
  imageUrl: z.string().nullable().optional(),
  /** Units that could be sold when the email was made; null = unlimited. */
  available: z.number().int().nullable(),
  price: z.object({ presentment: quoteSchema, shop: quoteSchema }),
  display: z.object({ unitPrice: z.string(), total: z.string(), compareAtTotal: z.string().nullable() }),
});

const optionSchema = z.object({
  id: z.string().min(1),
  productId: z.string(),
  productTitle: z.string(),
  imageUrl: z.string().nullable().optional(),
  label: z.string(),
  /** Email offers add one-time items: an option with a selling plan cannot be added by an order edit. */
  sellingPlan: z.unknown().nullable().optional(),
  quantity: z.object({ min: z.number().int().positive(), max: z.number().int().positive(), default: z.number().int().positive() }),
  resolvedDiscount: z.object({ shop: resolvedDiscountSchema.nullable(), presentment: resolvedDiscountSchema.nullable().optional() }),
  discountLabel: z.string().nullable().optional(),
  variants: z.array(variantSchema).min(1),
});

const stepSchema = z.object({
  funnelId: z.string().min(1),
  stepId: z.string().min(1),
  offerId: z.string().min(1),
  locale: z.enum(LOCALES).optional(),
  content: z.object({ headline: z.string(), body: z.string(), button: z.string() }),
  options: z.array(optionSchema).min(1),
});

export type SnapshotVariant = z.output<typeof variantSchema>;
export type SnapshotOption = z.output<typeof optionSchema>;
export type SnapshotDiscount = z.output<typeof resolvedDiscountSchema>;

/** What the offer page shows and the order edit adds. */
export interface EmailOfferSnapshot {
  funnelId: string;
  stepId: string;
  offerId: string;
  locale: Locale | null;
  content: { headline: string; body: string; button: string };
  options: SnapshotOption[];
}

/** The snapshot in `EmailOffer.offer`, or null when it is not one this page can show. */
export function readOfferSnapshot(json: unknown): EmailOfferSnapshot | null {
  const candidate = json && typeof json === 'object' && 'step' in json ? (json as { step: unknown }).step : json;
  const parsed = stepSchema.safeParse(candidate);
  if (!parsed.success) return null;
  const step = parsed.data;
  return {
    funnelId: step.funnelId,
    stepId: step.stepId,
    offerId: step.offerId,
    locale: step.locale ?? null,
    content: step.content,
    options: step.options.filter((option) => !option.sellingPlan),
  };
}

/** The option and variant a shopper picked, if the snapshot offers them. */
export function findChoice(snapshot: EmailOfferSnapshot, variantId: string): { option: SnapshotOption; variant: SnapshotVariant } | null {
  for (const option of snapshot.options) {
    const variant = option.variants.find((v) => v.id === variantId);
    if (variant) return { option, variant };
  }
  return null;
}
