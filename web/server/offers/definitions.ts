// What a merchant configures, as JSON: funnels of offer steps, their targeting and the shop's engine settings.
// The zod schemas are the boundary check (the HTTP layer and the database loader parse with them); the engine
// itself trusts the parsed types. Ids are Shopify GIDs; callers convert legacy numeric ids (see ids.ts).
import { z } from 'zod';
import { isKnownCurrency } from './currency.js';

export const LOCALES = ['en', 'fr', 'es', 'de', 'sv'] as const;
export type Locale = (typeof LOCALES)[number];

export const SURFACES = ['checkout', 'post_purchase', 'email'] as const;
export type Surface = (typeof SURFACES)[number];

/** Shopify's cap on accepted post-purchase changes per order. */
export const MAX_POST_PURCHASE_ACCEPTS = 3;
/** Deepest funnel: the root plus five answers. */
export const MAX_FUNNEL_LEVELS = 6;

const gid = (type: string) =>
  z.string().regex(new RegExp(`^gid://shopify/${type}/\\d+$`), {
    message: `Expected a ${type} id like gid://shopify/${type}/123`,
  });

export const productGid = gid('Product');
export const variantGid = gid('ProductVariant');
export const collectionGid = gid('Collection');
export const sellingPlanGid = gid('SellingPlan');

const localId = z
  .string()
  .min(1, { message: 'Required' })
  .max(64, { message: 'At most 64 characters' })
  .regex(/^[A-Za-z0-9_:.-]+$/, { message: 'Use letters, digits, "_", "-", ":" or "." only' });

const currencyCode = z.string().refine(isKnownCurrency, { message: 'Unknown ISO 4217 currency code' });

const twoDecimals = (value: number) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;

export const DiscountSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('percentage'),
      percent: z
        .number()
        .gt(0, { message: 'A percentage discount must be above 0' })
        .max(100, { message: 'A percentage discount cannot exceed 100' })
        .refine(twoDecimals, { message: 'Use at most 2 decimals' }),
    })
    .strict(),
  z
    .object({
      type: z.literal('fixed_amount'),
      amountMinor: z.number().int().positive({ message: 'A fixed discount must be above 0' }),
      presentmentAmountsMinor: z.record(currencyCode, z.number().int().positive()).optional(),
    })
    .strict(),
]);
export type Discount = z.output<typeof DiscountSchema>;

const tagList = z.array(z.string().trim().min(1)).min(1, { message: 'List at least one value' });
const negate = z.boolean().default(false);

const LeafConditionSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('subtotal'),
      /** Inclusive, shop currency minor units. */
      minMinor: z.number().int().nonnegative().nullable().default(null),
      /** Exclusive, shop currency minor units. */
      maxMinor: z.number().int().positive().nullable().default(null),
    })
    .strict()
    .refine((c) => c.minMinor !== null || c.maxMinor !== null, { message: 'Set a minimum, a maximum or both' })
    .refine((c) => c.minMinor === null || c.maxMinor === null || c.minMinor < c.maxMinor, {
      message: 'The minimum must be below the maximum',
      path: ['maxMinor'],
    }),
  z.object({ type: z.literal('products'), productIds: z.array(productGid).min(1), negate }).strict(),
  z.object({ type: z.literal('variants'), variantIds: z.array(variantGid).min(1), negate }).strict(),
  z.object({ type: z.literal('collections'), collectionIds: z.array(collectionGid).min(1), negate }).strict(),
  z.object({ type: z.literal('productTags'), tags: tagList, negate }).strict(),
  z.object({ type: z.literal('vendors'), vendors: tagList, negate }).strict(),
  z.object({ type: z.literal('productTypes'), productTypes: tagList, negate }).strict(),
  z.object({ type: z.literal('customerStatus'), status: z.enum(['new', 'returning']) }).strict(),
  z
    .object({
      type: z.literal('orderCount'),
      /** Orders the customer placed before this one; inclusive bounds. */
      min: z.number().int().nonnegative().nullable().default(null),
      max: z.number().int().nonnegative().nullable().default(null),
    })
    .strict()
    .refine((c) => c.min !== null || c.max !== null, { message: 'Set a minimum, a maximum or both' })
    .refine((c) => c.min === null || c.max === null || c.min <= c.max, {
      message: 'The minimum must not exceed the maximum',
      path: ['max'],
    }),
  z.object({ type: z.literal('customerTags'), tags: tagList, negate }).strict(),
  z.object({ type: z.literal('orderTags'), tags: tagList, negate }).strict(),
  z
    .object({
      type: z.literal('shippingCountry'),
      countries: z.array(z.string().regex(/^[A-Z]{2}$/, { message: 'Use ISO 3166 alpha-2 codes such as "DE"' })).min(1),
      negate,
    })
    .strict(),
  z.object({ type: z.literal('currency'), currencies: z.array(currencyCode).min(1), negate }).strict(),
  z.object({ type: z.literal('locale'), locales: z.array(z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/)).min(1), negate }).strict(),
  z.object({ type: z.literal('salesChannel'), channels: tagList, negate }).strict(),
  z.object({ type: z.literal('hasSubscription'), value: z.boolean() }).strict(),
]);
export type LeafCondition = z.output<typeof LeafConditionSchema>;

const MatchSchema = z.enum(['all', 'any']);

const SubGroupSchema = z.object({ type: z.literal('group'), match: MatchSchema, conditions: z.array(LeafConditionSchema).min(1) }).strict();
export type ConditionGroup = z.output<typeof SubGroupSchema>;

/** ANY/ALL over conditions and one level of nested ANY/ALL groups. An empty list matches every order. */
export const TargetingSchema = z
  .object({
    match: MatchSchema.default('all'),
    conditions: z.array(z.discriminatedUnion('type', [...LeafConditionSchema.options, SubGroupSchema])).default([]),
  })
  .strict();
export type Targeting = z.output<typeof TargetingSchema>;
export type TargetingCondition = Targeting['conditions'][number];

export const TemplateSchema = z.discriminatedUnion('template', [
  z
    .object({
      template: z.literal('related'),
      /** What a candidate must share with the order; default all four. */
      basis: z
        .array(z.enum(['collections', 'tags', 'productType', 'vendor']))
        .min(1)
        .default(['collections', 'tags', 'productType', 'vendor']),
    })
    .strict(),
  z
    .object({
      template: z.literal('complementary'),
      pairs: z
        .array(z.object({ productId: productGid, complementIds: z.array(productGid).min(1) }).strict())
        .min(1, { message: 'Add at least one pair' }),
    })
    .strict(),
  z.object({ template: z.literal('new_arrivals'), withinDays: z.number().int().min(1).max(365) }).strict(),
  z
    .object({
      template: z.literal('slow_movers'),
      minInventory: z.number().int().min(1).default(1),
      /** Products younger than this have had no fair chance to sell yet; match it to the recent-sales window. */
      minAgeDays: z.number().int().min(0).max(365).default(30),
    })
    .strict(),
  z
    .object({
      template: z.literal('expiring_soon'),
      /** A date metafield, "namespace.key". */
      metafield: z.string().regex(/^[\w-]+\.[\w-]+$/, { message: 'Use "namespace.key"' }),
      withinDays: z.number().int().min(1).max(365),
    })
    .strict(),
]);
export type Template = z.output<typeof TemplateSchema>;

const exclusionsOverride = {
  /** Offer products already in this order (e.g. "one more at 20 % off"). */
  allowInOrder: z.boolean().default(false),
  /** Offer products the customer bought before (consumables). */
  allowRepurchase: z.boolean().default(false),
};

const variantRestriction = z.array(variantGid).min(1).nullable().default(null);

export const OfferSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('product'),
      source: z.discriminatedUnion('type', [
        z.object({ type: z.literal('product'), productId: productGid, variantIds: variantRestriction }).strict(),
        z.object({ type: z.literal('template'), template: TemplateSchema }).strict(),
      ]),
      discount: DiscountSchema.nullable().default(null),
      /** The shopper may take 1..maxQuantity units. */
      maxQuantity: z.number().int().min(1).max(10).default(1),
      ...exclusionsOverride,
    })
    .strict(),
  z
    .object({
      kind: z.literal('choice'),
      source: z.discriminatedUnion('type', [
        z
          .object({
            type: z.literal('products'),
            items: z
              .array(
                z
                  .object({
                    productId: productGid,
                    variantIds: variantRestriction,
                    discount: DiscountSchema.nullable().default(null),
                  })
                  .strict(),
              )
              .min(2, { message: 'A choice needs at least two products' })
              .max(6),
          })
          .strict(),
        z
          .object({
            type: z.literal('template'),
            template: TemplateSchema,
            limit: z.number().int().min(2).max(6).default(3),
          })
          .strict(),
      ]),
      /** Applies to items without their own discount. */
      discount: DiscountSchema.nullable().default(null),
      ...exclusionsOverride,
    })
    .strict(),
  z
    .object({
      kind: z.literal('tiers'),
      productId: productGid,
      variantIds: variantRestriction,
      tiers: z
        .array(z.object({ quantity: z.number().int().min(1).max(100), discount: DiscountSchema.nullable().default(null) }).strict())
        .min(1)
        .max(6),
      ...exclusionsOverride,
    })
    .strict(),
  z
    .object({
      kind: z.literal('plans'),
      productId: productGid,
      variantIds: variantRestriction,
      /** Offer one-time purchase alongside the plans; null = plans only. */
      oneTime: z
        .object({ discount: DiscountSchema.nullable().default(null) })
        .strict()
        .nullable()
        .default(null),
      plans: z.discriminatedUnion('type', [
        /** Every selling plan of the product, with one discount. */
        z.object({ type: z.literal('all'), discount: DiscountSchema.nullable().default(null) }).strict(),
        z
          .object({
            type: z.literal('listed'),
            items: z.array(z.object({ sellingPlanId: sellingPlanGid, discount: DiscountSchema.nullable().default(null) }).strict()).min(1),
          })
          .strict(),
      ]),
      ...exclusionsOverride,
    })
    .strict(),
]);
export type Offer = z.output<typeof OfferSchema>;

export const ContentSchema = z
  .object({
    headline: z.string().trim().min(1, { message: 'Write a headline' }).max(120),
    body: z.string().trim().min(1, { message: 'Write a body text' }).max(1000),
    button: z.string().trim().min(1, { message: 'Write a button text' }).max(40),
    declineButton: z.string().trim().min(1).max(40).nullable().default(null),
  })
  .strict();
export type StepContent = z.output<typeof ContentSchema>;

export const StepSchema = z
  .object({
    id: localId,
    /** The ledger's key for "declined this offer"; defaults to the step id. */
    offerId: localId.nullable().default(null),
    offer: OfferSchema,
    content: z.partialRecord(z.enum(LOCALES), ContentSchema),
    countdownSeconds: z.number().int().min(10).max(3600).nullable().default(null),
    /** Step shown after the shopper accepts; null ends the funnel. */
    accept: localId.nullable().default(null),
    /** Step shown after the shopper declines; null ends the funnel. */
    decline: localId.nullable().default(null),
  })
  .strict();
export type Step = z.output<typeof StepSchema>;

export const FunnelSchema = z
  .object({
    id: localId,
    name: z.string().trim().min(1, { message: 'Name the funnel' }).max(120),
    surface: z.enum(SURFACES),
    enabled: z.boolean().default(true),
    /** Higher runs first. */
    priority: z.number().int().min(-1000).max(1000).default(0),
    targeting: TargetingSchema.default({ match: 'all', conditions: [] }),
    /** Funnels sharing an experiment key are A/B arms: each order sees exactly one, by weight. */
    experiment: z
      .object({ key: localId, arm: localId, weight: z.number().int().min(1).max(100).default(1) })
      .strict()
      .nullable()
      .default(null),
    /**
     * Email funnels: when offered products went out of stock between the decision and the send, send the email with
     * what is left (`send_remaining`, the default) or send none (`skip`). Other surfaces ignore it.
     */
    whenOutOfStock: z.enum(['send_remaining', 'skip']).optional(),
    rootStepId: localId,
    steps: z.array(StepSchema).min(1, { message: 'Add at least one step' }).max(63),
  })
  .strict();
export type FunnelDefinition = z.output<typeof FunnelSchema>;
/** What callers may pass before defaults are filled in. */
export type FunnelDefinitionInput = z.input<typeof FunnelSchema>;

export const ShopSettingsSchema = z
  .object({
    defaultLocale: z.enum(LOCALES).default('en'),
    /** Locales the shop sells in; every step needs texts for each. */
    locales: z.array(z.enum(LOCALES)).min(1).default(['en']),
    /** Smart sending across surfaces: at most maxOffers offers per customer within windowHours. */
    frequencyCap: z
      .object({
        maxOffers: z.number().int().min(1).max(100),
        windowHours: z
          .number()
          .int()
          .min(1)
          .max(24 * 90),
      })
      .strict()
      .nullable()
      .default(null),
    /** Share of orders that never see an offer (the control group), 0-100 with 2 decimals. */
    holdoutPercent: z.number().min(0).max(100).refine(twoDecimals, { message: 'Use at most 2 decimals' }).default(0),
    /** Presentment units per shop-currency unit, e.g. { EUR: "0.92" }; used where no price list exists. */
    exchangeRates: z.record(currencyCode, z.union([z.string().regex(/^\d+(\.\d+)?$/), z.number().positive()])).default({}),
    /** Changes every assignment (holdout and A/B) at once; keep it fixed for a running test. */
    assignmentSalt: z.string().max(64).default(''),
  })
  .strict()
  .refine((s) => s.locales.includes(s.defaultLocale), {
    message: 'The default locale must be one of the locales',
    path: ['locales'],
  });
export type ShopSettings = z.output<typeof ShopSettingsSchema>;
export type ShopSettingsInput = z.input<typeof ShopSettingsSchema>;

export function parseShopSettings(input: unknown): ShopSettings {
  return ShopSettingsSchema.parse(input);
}
