// The offer this page shows and the order edit adds, read from `EmailOffer.offer` in two shapes: the email module's
// snapshot (its own `parseOfferSnapshot`, the one contract between the two folders) and the engine's PresentedStep
// for the email surface (what the post-purchase endpoint serves), at the top level or under `step`. Parsed at the
// boundary, so a snapshot of another shape is a friendly "offer unavailable" page, never a crash.
import { z } from 'zod';
import { type OfferSnapshot, type OfferSnapshotPrice, parseOfferSnapshot } from '../email/index.js';
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

const planSchema = z.object({
  id: z.string().regex(/^gid:\/\/shopify\/SellingPlan\/\d+$/),
  name: z.string(),
  billing: z.object({ interval: z.enum(['DAY', 'WEEK', 'MONTH', 'YEAR']), intervalCount: z.number().int().min(1) }),
  delivery: z.object({ interval: z.enum(['DAY', 'WEEK', 'MONTH', 'YEAR']), intervalCount: z.number().int().min(1) }),
});

const optionSchema = z.object({
  id: z.string().min(1),
  productId: z.string(),
  productTitle: z.string(),
  imageUrl: z.string().nullable().optional(),
  label: z.string(),
  /** A subscription option: accepting it creates a contract (route-accept.ts), never an order edit. */
  sellingPlan: planSchema.nullable().optional(),
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

/** The email module's snapshot in this folder's view: the quotes carry the pre-discount unit price the edit adds. */
function fromModuleSnapshot(snapshot: OfferSnapshot): EmailOfferSnapshot {
  const quote = (price: OfferSnapshotPrice) => ({
    currency: price.currency,
    unitPriceMinor: price.unitPriceMinor,
    compareAtUnitPriceMinor: price.compareAtUnitPriceMinor,
    originalUnitPriceMinor: price.unitPriceMinor,
  });
  return {
    funnelId: snapshot.funnelId,
    stepId: snapshot.stepId,
    offerId: snapshot.offerId,
    arm: snapshot.arm,
    locale: snapshot.locale,
    content: snapshot.texts,
    options: snapshot.products.map((product) => ({
      id: product.optionId,
      productId: product.productId,
      productTitle: product.title,
      imageUrl: product.imageUrl,
      label: product.label,
      sellingPlan: product.sellingPlan ?? null,
      quantity: product.quantity,
      resolvedDiscount: product.resolvedDiscount,
      discountLabel: product.discountLabel,
      variants: product.variants.map((v) => ({ ...v, price: { presentment: quote(v.price.presentment), shop: quote(v.price.shop) } })),
    })),
  };
}

export type SnapshotVariant = z.output<typeof variantSchema>;
export type SnapshotOption = z.output<typeof optionSchema>;
export type SnapshotDiscount = z.output<typeof resolvedDiscountSchema>;

/** What the offer page shows and the order edit adds. */
export interface EmailOfferSnapshot {
  funnelId: string;
  stepId: string;
  offerId: string;
  /** The A/B arm the order was assigned to, repeated on ledger events; null when unknown. */
  arm: string | null;
  locale: Locale | null;
  content: { headline: string; body: string; button: string };
  options: SnapshotOption[];
}

/** The snapshot in `EmailOffer.offer`, or null when it is not one this page can show. */
export function readOfferSnapshot(json: unknown): EmailOfferSnapshot | null {
  const fromModule = parseOfferSnapshot(json);
  if (fromModule) return fromModuleSnapshot(fromModule);
  const candidate = json && typeof json === 'object' && 'step' in json ? (json as { step: unknown }).step : json;
  const parsed = stepSchema.safeParse(candidate);
  if (!parsed.success) return null;
  const step = parsed.data;
  return {
    funnelId: step.funnelId,
    stepId: step.stepId,
    offerId: step.offerId,
    arm: null,
    locale: step.locale ?? null,
    content: step.content,
    options: step.options,
  };
}

/** The form's `variant` value: a variant id, or `<variant id>@<option id>` for a subscription option (page.ts). */
export function parseChoiceValue(value: string): { variantId: string; optionId: string | null } {
  const at = value.indexOf('@');
  return at < 0 ? { variantId: value, optionId: null } : { variantId: value.slice(0, at), optionId: value.slice(at + 1) };
}

/**
 * The option and variant a shopper picked, if the snapshot offers them: the option named by `value` (see
 * parseChoiceValue), else the first option with that variant.
 */
export function findChoice(snapshot: EmailOfferSnapshot, value: string): { option: SnapshotOption; variant: SnapshotVariant } | null {
  const { variantId, optionId } = parseChoiceValue(value);
  for (const option of snapshot.options) {
    if (optionId !== null && option.id !== optionId) continue;
    const variant = option.variants.find((v) => v.id === variantId);
    if (variant) return { option, variant };
  }
  return null;
}
