/**
 * What the post-purchase extension exchanges with the Encore backend. The response types here are the one source:
 * web/server/post-purchase/wire.ts imports them and checks its request schemas against the request types, and the
 * end-to-end test runs one side against the other. Every route takes
 * `Authorization: Bearer <inputData.token>` (the Shopify-signed JWT of the purchase) and answers CORS for any
 * origin, because the extension runs in a sandboxed worker.
 *
 * - `POST /api/post-purchase/offer` {@link OfferRequest} -> {@link OfferResponse}: the whole funnel, every step
 *   prepared, so the page walks it without asking again. Called from ShouldRender (at most 2.5 s).
 * - `POST /api/post-purchase/sign` {@link SignRequest} -> {@link SignResponse}: the changeset JWT of an accepted
 *   step. The backend re-derives the change from the step it stored; the body only names the shopper's choice.
 *   After `applyChangeset` answered `unprocessed` with a code a retry can fix, the next request names that
 *   attempt (`retryOf`) and gets the same stored change signed again with a new `jti` and `iat`. The `jti` is
 *   there to stop replays; if Shopify spends it on an attempt that fails (the emulated host spends it on every
 *   attempt), the same token can never succeed.
 * - `POST /api/post-purchase/events` {@link EventsRequest}: impressions, declines and applyChangeset outcomes.
 *
 * Ids are Shopify's numeric legacy ids; money is `{amount: "12.50", currencyCode}` in the buyer's currency;
 * texts are already localized.
 */

export interface Money {
  amount: string;
  currencyCode: string;
}

export interface MoneyBag {
  shopMoney: Money;
  presentmentMoney: Money;
}

export interface OfferRequest {
  referenceId: string;
  shopDomain: string;
  locale: string;
  customerId?: string;
  destinationCountryCode?: string;
  totalPriceSet: MoneyBag;
  lineItems: Array<{ productId: number; variantId: number; quantity: number; sellingPlanId?: number; totalPriceSet: MoneyBag }>;
}

export interface ExplicitDiscount {
  value: number;
  valueType: 'percentage' | 'fixed_amount';
  title: string;
}

/** What Shopify charges for shipping the subscription (tax-exclusive, presentment currency). */
export interface SubscriptionShipping {
  initialShippingPrice: number;
  recurringShippingPrice: number;
  shippingOption: { title: string; presentmentTitle: string };
}

export interface VariantView {
  id: number;
  title: string;
  imageUrl: string | null;
  /** Units that can be sold; null when unlimited. */
  available: number | null;
  /** Unit price after the plan's own adjustment, before the offer's discount. */
  unitPrice: Money;
  /** Per quantity the option allows (min..max): what the line costs, and the regular price when higher. */
  totals: Array<{ quantity: number; total: Money; compareAtTotal: Money | null }>;
}

export interface OptionView {
  /** Sent back when signing. */
  id: string;
  label: string;
  productTitle: string;
  imageUrl: string | null;
  plan: { id: number; name: string } | null;
  quantity: { min: number; max: number; default: number };
  discountLabel: string | null;
  /** The discount the signed changeset will carry (display: calculateChangeset before accepting). */
  discount: ExplicitDiscount | null;
  /** Set on plan options: the shipping the add_subscription change will carry. */
  subscriptionShipping: SubscriptionShipping | null;
  variants: VariantView[];
}

export interface StepView {
  stepId: string;
  kind: 'product' | 'choice' | 'tiers' | 'plans';
  subscription: boolean;
  headline: string;
  body: string;
  button: string;
  declineButton: string | null;
  countdownSeconds: number | null;
  /** The step after accepting / declining (already past steps with nothing to offer); null ends the funnel. */
  accept: string | null;
  decline: string | null;
  options: OptionView[];
}

export interface Funnel {
  version: 2;
  referenceId: string;
  funnelId: string;
  /** The engine's locale for the texts ("en", "fr"...). */
  locale: string;
  currencyCode: string;
  firstStepId: string;
  /** Shopify's cap on accepted changes per purchase. */
  maxAccepts: number;
  steps: Record<string, StepView>;
}

/** A changeset change as Shopify takes it (numeric ids, amounts in the presentment currency). */
export type ChangesetChange =
  | { type: 'add_variant'; variantId: number; quantity: number; discount?: ExplicitDiscount }
  | {
      type: 'add_subscription';
      variantId: number;
      sellingPlanId: number;
      quantity: number;
      initialShippingPrice: number;
      recurringShippingPrice: number;
      shippingOption: { title?: string; presentmentTitle?: string };
      discount?: ExplicitDiscount;
    };

export interface OfferResponse {
  offer: Funnel | null;
}

export interface SignRequest {
  referenceId: string;
  shopDomain: string;
  stepId: string;
  optionId: string;
  variantId: number;
  quantity: number;
  /** The attempt Shopify answered `unprocessed`: its token and error codes. Asks for a fresh signature. */
  retryOf?: FailedAttempt;
}

/**
 * applyChangeset codes after which accepting again can work: the shopper fixes the payment or ticks consent, or
 * Shopify had a hiccup. Anything else (no stock, a payment method that cannot pay, a released order...) would
 * fail the same way, and `changeset_already_applied` means the change is in the order.
 */
export const RETRYABLE_CHANGESET_ERRORS = ['server_error', 'buyer_consent_required', 'payment_required'] as const;
export type RetryableChangesetError = (typeof RETRYABLE_CHANGESET_ERRORS)[number];

export interface FailedAttempt {
  /** The changeset token applyChangeset was given. */
  token: string;
  /** Its answer's error codes, each one of RETRYABLE_CHANGESET_ERRORS. */
  errorCodes: string[];
}

export interface SignResponse {
  token: string;
}

export type StepEvent =
  | { type: 'shown'; stepId: string }
  | { type: 'declined'; stepId: string }
  | {
      type: 'applied';
      stepId: string;
      status: 'processed' | 'partially_processed' | 'unprocessed';
      errorCodes: string[];
      changesetApplicationsRemaining?: number;
    };

export interface EventsRequest {
  referenceId: string;
  shopDomain: string;
  customerId?: string;
  events: StepEvent[];
}

/** What ShouldRender hands to Render through `storage`. */
export interface StoredFunnel {
  funnel: Funnel;
}

/**
 * A funnel as the backend sent it, or null when it is not one this page can show (so nothing half-works).
 * Checked deeply enough that Render never meets a missing field.
 */
export function parseFunnel(value: unknown): Funnel | null {
  if (!isObject(value) || value.version !== 2 || !isObject(value.steps)) return null;
  if (typeof value.firstStepId !== 'string' || typeof value.referenceId !== 'string' || typeof value.maxAccepts !== 'number') return null;
  const steps = value.steps as Record<string, unknown>;
  if (!isStep(steps[value.firstStepId])) return null;
  for (const step of Object.values(steps)) if (!isStep(step)) return null;
  return value as unknown as Funnel;
}

export function readStoredFunnel(initialData: unknown): Funnel | null {
  return isObject(initialData) ? parseFunnel(initialData.funnel) : null;
}

function isStep(value: unknown): value is StepView {
  if (!isObject(value) || typeof value.stepId !== 'string' || typeof value.headline !== 'string' || typeof value.button !== 'string')
    return false;
  if (!Array.isArray(value.options) || value.options.length === 0) return false;
  return value.options.every(isOption);
}

function isOption(value: unknown): value is OptionView {
  if (!isObject(value) || typeof value.id !== 'string' || typeof value.label !== 'string' || !isObject(value.quantity)) return false;
  if (!Array.isArray(value.variants) || value.variants.length === 0) return false;
  return value.variants.every(
    (variant) => isObject(variant) && typeof variant.id === 'number' && Array.isArray(variant.totals) && variant.totals.every(isTotal),
  );
}

function isTotal(value: unknown): boolean {
  return isObject(value) && typeof value.quantity === 'number' && isMoney(value.total);
}

function isMoney(value: unknown): value is Money {
  return isObject(value) && typeof value.amount === 'string' && typeof value.currencyCode === 'string';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
