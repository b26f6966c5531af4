/**
 * What the post-purchase extension exchanges with the Encore backend. The backend implements these two routes;
 * both take `Authorization: Bearer <inputData.token>` (the Shopify-signed JWT of the purchase, HS256 with the app
 * secret, `sub` = referenceId) and must answer CORS for any origin (the extension runs in a sandboxed worker).
 *
 * - `POST /api/post-purchase/offer`, body {@link OfferRequest} -> {@link OfferResponse}. Called from ShouldRender,
 *   before the payment is final; the extension waits at most 2.5 s, then shows nothing.
 * - `POST /api/post-purchase/sign`, body {@link SignRequest} -> {@link SignResponse}. Called when the buyer
 *   accepts. The backend re-derives the changes from the offer it stored for (referenceId, offerId), never from
 *   the client, and signs the changeset JWT (`iss` = API key, `sub` = referenceId, `jti`, `iat`, `changes`).
 *
 * Ids are Shopify's numeric legacy ids, as in the post-purchase input. Money is `{amount: "12.50", currencyCode}`
 * in the buyer's presentment currency. Texts are already localized for `locale`.
 */

export interface Money {
  amount: string;
  currencyCode: string;
}

export interface OfferRequest {
  referenceId: string;
  shopDomain: string;
  /** The buyer's locale, e.g. `fr` or `en-CA`: texts in the response should be in it. */
  locale: string;
  customerId?: string;
  destinationCountryCode?: string;
  totalPrice: Money;
  lineItems: Array<{ productId: number; variantId: number; quantity: number; sellingPlanId?: number; totalPrice: Money }>;
}

export interface OfferResponse {
  /** `null` when Encore has nothing to offer for this purchase. */
  offer: PostPurchaseOffer | null;
}

export interface PostPurchaseOffer {
  /** Identifies the offer (funnel step) the backend stored for this purchase; sent back when signing. */
  offerId: string;
  title: string;
  description?: string;
  image?: { url: string; alt: string };
  /** What the buyer pays for the offered quantity, before shipping and taxes. */
  price: Money;
  /** Regular price, shown struck through when higher than `price`. */
  compareAtPrice?: Money;
  /**
   * The changes the backend will sign, unsigned, so the extension can show Shopify's own price summary
   * (taxes, shipping, total) with `calculateChangeset` before the buyer decides. Display only.
   */
  changes?: unknown[];
}

export interface SignRequest {
  referenceId: string;
  offerId: string;
}

export interface SignResponse {
  /** The changeset JWT for `applyChangeset`. */
  token: string;
}

/** What ShouldRender hands to Render through `storage`. */
export interface StoredOffer {
  offer: PostPurchaseOffer;
}

export function parseOffer(value: unknown): PostPurchaseOffer | null {
  if (!isObject(value)) return null;
  const { offerId, title, price, image } = value;
  if (typeof offerId !== 'string' || typeof title !== 'string' || !isMoney(price)) return null;
  if (image !== undefined && !(isObject(image) && typeof image.url === 'string')) return null;
  if (value.compareAtPrice !== undefined && !isMoney(value.compareAtPrice)) return null;
  if (value.changes !== undefined && !Array.isArray(value.changes)) return null;
  return value as unknown as PostPurchaseOffer;
}

export function readStoredOffer(initialData: unknown): PostPurchaseOffer | null {
  return isObject(initialData) ? parseOffer(initialData.offer) : null;
}

function isMoney(value: unknown): value is Money {
  return isObject(value) && typeof value.amount === 'string' && typeof value.currencyCode === 'string';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
