// What the post-purchase extension and the backend exchange: the request schemas the backend validates with, and
// the response types, which come from the extension's extensions/post-purchase-offer/src/offer.ts. Ids on the wire are
// Shopify's numeric legacy ids, as in the post-purchase input and changesets; money is {amount, currencyCode}
// in the shopper's (presentment) currency, amounts as decimal strings.
import { z } from 'zod';
import type {
  ChangesetChange,
  EventsRequest as ExtensionEventsRequest,
  OfferRequest as ExtensionOfferRequest,
  SignRequest as ExtensionSignRequest,
  SignResponse as ExtensionSignResponse,
  Funnel,
  RetryableChangesetError,
} from '../../../extensions/post-purchase-offer/src/offer.js';

// ---------------------------------------------------------------------------------------------------------------
// Requests

const money = z.object({ amount: z.string().regex(/^-?\d+(\.\d+)?$/), currencyCode: z.string().regex(/^[A-Z]{3}$/) });
const moneyBag = z.object({ shopMoney: money, presentmentMoney: money });
const legacyId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const referenceId = z.string().min(1).max(255);

/** The purchase as the extension's input data describes it (the body, or the token's signed `input_data`). */
export const PurchaseSchema = z.object({
  referenceId,
  customerId: z.union([z.string().regex(/^\d+$/), legacyId]).nullish(),
  destinationCountryCode: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullish(),
  totalPriceSet: moneyBag,
  lineItems: z
    .array(
      z.object({
        productId: legacyId,
        variantId: legacyId,
        quantity: z.number().int().min(1),
        sellingPlanId: legacyId.nullish(),
        totalPriceSet: moneyBag,
      }),
    )
    .max(250),
});
export type Purchase = z.output<typeof PurchaseSchema>;

/** POST /api/post-purchase/offer */
export const OfferRequestSchema = PurchaseSchema.extend({
  shopDomain: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, { message: 'Expected a *.myshopify.com domain' }),
  /** The shopper's locale, e.g. "fr-CA". */
  locale: z.string().min(2).max(35).default('en'),
});
export type OfferRequest = z.output<typeof OfferRequestSchema>;

/**
 * applyChangeset codes after which signing the same change again can help (the extension's
 * RETRYABLE_CHANGESET_ERRORS; the backend cannot import the extension's values, so the list is checked against its
 * type below).
 */
export const RETRYABLE_CHANGESET_ERRORS = [
  'server_error',
  'buyer_consent_required',
  'payment_required',
] as const satisfies readonly RetryableChangesetError[];
type SameMembers<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<Check extends true> = Check;
export type RetryableListsAgree = Holds<SameMembers<(typeof RETRYABLE_CHANGESET_ERRORS)[number], RetryableChangesetError>>;

/** POST /api/post-purchase/sign: the step and the shopper's choice; everything else comes from the stored step. */
export const SignRequestSchema = z
  .object({
    referenceId,
    shopDomain: OfferRequestSchema.shape.shopDomain,
    stepId: z.string().min(1).max(64),
    optionId: z.string().min(1).max(255),
    variantId: legacyId,
    quantity: z.number().int().min(1).max(100),
    /** The attempt applyChangeset answered `unprocessed`: sign the stored change again with a new jti. */
    retryOf: z
      .object({
        token: z.string().min(1).max(8_192),
        errorCodes: z.array(z.string().min(1).max(64)).min(1).max(20),
      })
      .strict()
      .optional(),
  })
  .strict();
export type SignRequest = z.output<typeof SignRequestSchema>;

export const APPLY_STATUSES = ['processed', 'partially_processed', 'unprocessed'] as const;

const StepEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('shown'), stepId: z.string().min(1).max(64) }).strict(),
  z.object({ type: z.literal('declined'), stepId: z.string().min(1).max(64) }).strict(),
  z
    .object({
      type: z.literal('applied'),
      stepId: z.string().min(1).max(64),
      /** applyChangeset's answer. */
      status: z.enum(APPLY_STATUSES),
      errorCodes: z.array(z.string().min(1).max(64)).max(20).default([]),
      changesetApplicationsRemaining: z.number().int().min(0).max(100).nullish(),
    })
    .strict(),
]);
export type StepEvent = z.output<typeof StepEventSchema>;

/** POST /api/post-purchase/events: impressions, declines and applyChangeset outcomes, in the order they happened. */
export const EventsRequestSchema = z
  .object({
    referenceId,
    shopDomain: OfferRequestSchema.shape.shopDomain,
    customerId: PurchaseSchema.shape.customerId,
    events: z.array(StepEventSchema).min(1).max(20),
  })
  .strict();
export type EventsRequest = z.output<typeof EventsRequestSchema>;

/** The parts of Shopify's signed `input_data` claim we read (the extension's InputData, camelCase). */
export const InputDataClaimSchema = z.object({
  shop: z.object({ domain: z.string() }),
  locale: z.string().optional(),
  initialPurchase: z.object({
    referenceId,
    customerId: z.union([z.string(), z.number()]).nullish(),
    destinationCountryCode: z.string().nullish(),
    totalPriceSet: moneyBag,
    lineItems: z.array(
      z.object({
        product: z.object({ id: legacyId, variant: z.object({ id: legacyId }) }),
        quantity: z.number().int().min(1),
        sellingPlanId: legacyId.nullish(),
        totalPriceSet: moneyBag,
      }),
    ),
  }),
});

// ---------------------------------------------------------------------------------------------------------------
// Responses

// The extension's types are the contract (it is bundled on its own and cannot import from the backend).
export type {
  ChangesetChange,
  ExplicitDiscount,
  Money,
  OfferResponse,
  OptionView,
  StepView,
  SubscriptionShipping,
  VariantView,
} from '../../../extensions/post-purchase-offer/src/offer.js';
export type FunnelView = Funnel;

// What the extension sends must parse here (fails to compile when the two sides drift apart).
type Accepts<Schema extends z.ZodType, Sent extends z.input<Schema>> = Sent;
export type ExtensionRequests = [
  Accepts<typeof OfferRequestSchema, ExtensionOfferRequest>,
  Accepts<typeof SignRequestSchema, ExtensionSignRequest>,
  Accepts<typeof EventsRequestSchema, ExtensionEventsRequest>,
];

export interface SignResponse extends ExtensionSignResponse {
  /** The changes inside the token, as Shopify will apply them. */
  changes: ChangesetChange[];
}

export interface EventsResponse {
  results: Array<{ type: StepEvent['type']; stepId: string; recorded: boolean }>;
}
