/**
 * The contract between the Encore backend and the checkout extension.
 *
 * 1. The backend writes the add-on offers of a shop into the app-owned shop metafield `$app:checkout_offers`
 *    (type `json`) whenever a merchant saves offers. The checkout block reads it from `shopify.appMetafields`,
 *    so the first paint needs no network call. {@link selectOffers} then applies the rules in the browser.
 * 2. The extension reports what the buyer saw and did with `POST /api/checkout/events` ({@link CheckoutEventsRequest}).
 *
 * This file is imported by both sides: keep it free of dependencies, DOM and Node APIs. Bump `version` on any
 * change an older extension build could misread; the extension ignores versions it does not know.
 *
 * Ids are Shopify GIDs as the checkout sees them (`gid://shopify/ProductVariant/42`). Amounts are plain numbers
 * in major units of their currency (12.5 = 12.50 EUR), like the checkout's own `Money.amount`.
 *
 * @example A metafield value the backend could write
 * ```json
 * {
 *   "version": 1,
 *   "defaultLanguage": "en",
 *   "maxOffers": 2,
 *   "collections": { "gid://shopify/Collection/7": ["gid://shopify/Product/1", "gid://shopify/Product/2"] },
 *   "offers": [{
 *     "id": "offer_socks",
 *     "productId": "gid://shopify/Product/9",
 *     "merchandiseId": "gid://shopify/ProductVariant/91",
 *     "quantity": 1,
 *     "discountCode": "ENCORE-SOCKS-10",
 *     "title": { "en": "Merino socks", "fr": "Chaussettes en mérinos" },
 *     "description": { "en": "10% off when added now" },
 *     "image": { "url": "https://cdn.shopify.com/s/files/socks.jpg", "alt": { "en": "Grey merino socks" } },
 *     "prices": [{ "currencyCode": "EUR", "amount": 9, "compareAtAmount": 10 }],
 *     "conditions": {
 *       "cartIncludesAny": { "collectionIds": ["gid://shopify/Collection/7"] },
 *       "cartExcludes": { "productIds": ["gid://shopify/Product/3"] },
 *       "subtotal": [{ "currencyCode": "EUR", "min": 20 }]
 *     }
 *   }]
 * }
 * ```
 */

/** Where the backend writes the contract (shop-owner metafield, JSON type). */
export const CHECKOUT_OFFERS_METAFIELD = { namespace: '$app', key: 'checkout_offers' } as const;

/**
 * Text per language. Keys are lowercase BCP 47 tags as the checkout reports them (`en`, `fr`, `pt-br`);
 * Encore writes at least `en`, `fr`, `es`, `de`, `sv` when the merchant provided them, and always the shop's
 * default language.
 */
export type LocalizedText = Readonly<Record<string, string>>;

export interface CheckoutOffersContract {
  version: 1;
  /** The shop's primary language (lowercase tag): the fallback when the buyer's language has no text. */
  defaultLanguage: string;
  /** How many offers the block shows at most. */
  maxOffers: number;
  /**
   * Products of each collection the rules mention, resolved by the backend: checkout cart lines carry product
   * and variant ids but no collections (nor tags), so collection rules are evaluated against these lists.
   */
  collections?: Readonly<Record<string, readonly string[]>>;
  /** In priority order: the first eligible offers are shown. */
  offers: readonly CheckoutOffer[];
}

export interface CheckoutOffer {
  /** Encore's offer id, echoed in events. */
  id: string;
  /** Product GID of the offered variant: the offer is hidden when any variant of it is already in the cart. */
  productId: string;
  /** ProductVariant GID to add. */
  merchandiseId: string;
  quantity: number;
  /** Selling plan GID when the add-on is sold as a subscription. */
  sellingPlanId?: string;
  /** Discount code applied right after the line is added (it should be limited to this product). */
  discountCode?: string;
  title: LocalizedText;
  description?: LocalizedText;
  image?: { url: string; alt?: LocalizedText };
  /**
   * Display prices, one per presentment currency the backend knows (at least the shop currency). `amount` is
   * what the buyer pays once `discountCode` applies; `compareAtAmount` the regular price, shown struck through.
   * The offer is not shown in a checkout whose currency has no entry: a wrong price is worse than no offer.
   */
  prices: readonly OfferPrice[];
  conditions?: OfferConditions;
}

export interface OfferPrice {
  currencyCode: string;
  amount: number;
  compareAtAmount?: number;
}

/** Every present condition must hold. An omitted condition does not restrict. */
export interface OfferConditions {
  /** The cart holds at least one listed item. An empty selector matches nothing. */
  cartIncludesAny?: ItemSelector;
  /** The cart holds none of the listed items. */
  cartExcludes?: ItemSelector;
  /**
   * Subtotal bounds, one entry per presentment currency: `min` inclusive, `max` exclusive, so tiers such as
   * [0, 50) and [50, ...) never overlap. A checkout whose currency has no entry does not show the offer.
   */
  subtotal?: readonly SubtotalRange[];
}

export interface ItemSelector {
  productIds?: readonly string[];
  variantIds?: readonly string[];
  /** Keys of {@link CheckoutOffersContract.collections}; an unknown collection matches nothing. */
  collectionIds?: readonly string[];
}

export interface SubtotalRange {
  currencyCode: string;
  min?: number;
  max?: number;
}

/** What {@link selectOffers} needs to know about the checkout. */
export interface CartSnapshot {
  lines: ReadonlyArray<{ merchandiseId: string; productId: string }>;
  subtotal: { amount: number; currencyCode: string };
}

export interface SelectedOffer {
  offer: CheckoutOffer;
  /** The price entry in the checkout's currency. */
  price: OfferPrice;
}

/**
 * The offers to show for this cart, best first: rules applied, items already in the cart left out, at most
 * `contract.maxOffers`.
 */
export function selectOffers(contract: CheckoutOffersContract, cart: CartSnapshot): SelectedOffer[] {
  const variantsInCart = new Set(cart.lines.map((line) => line.merchandiseId));
  const productsInCart = new Set(cart.lines.map((line) => line.productId));
  const inCart = (selector: ItemSelector): boolean =>
    (selector.variantIds ?? []).some((id) => variantsInCart.has(id)) ||
    (selector.productIds ?? []).some((id) => productsInCart.has(id)) ||
    (selector.collectionIds ?? []).some((id) => (contract.collections?.[id] ?? []).some((p) => productsInCart.has(p)));
  const currency = cart.subtotal.currencyCode;

  const selected: SelectedOffer[] = [];
  for (const offer of contract.offers) {
    if (selected.length >= contract.maxOffers) break;
    if (variantsInCart.has(offer.merchandiseId) || productsInCart.has(offer.productId)) continue;
    const price = offer.prices.find((entry) => entry.currencyCode === currency);
    if (!price) continue;
    const { cartIncludesAny, cartExcludes, subtotal } = offer.conditions ?? {};
    if (cartIncludesAny && !inCart(cartIncludesAny)) continue;
    if (cartExcludes && inCart(cartExcludes)) continue;
    if (subtotal) {
      const range = subtotal.find((entry) => entry.currencyCode === currency);
      const amount = cart.subtotal.amount;
      if (!range || (range.min !== undefined && amount < range.min) || (range.max !== undefined && amount >= range.max)) continue;
    }
    selected.push({ offer, price });
  }
  return selected;
}

/** The text in the buyer's language, else its base language, else the shop's default, else any. */
export function localize(text: LocalizedText | undefined, language: string, defaultLanguage: string): string {
  if (!text) return '';
  const tag = language.toLowerCase();
  return text[tag] ?? text[tag.split('-')[0] ?? tag] ?? text[defaultLanguage] ?? Object.values(text)[0] ?? '';
}

/**
 * Reads the metafield value. Anything that is not a version 1 contract gives `null` (no offers), and offers
 * missing a required field are dropped, so a bad write can hide offers but never break the checkout.
 */
export function parseCheckoutOffers(value: string): CheckoutOffersContract | null {
  let data: unknown;
  try {
    data = JSON.parse(value);
  } catch {
    return null;
  }
  if (!isObject(data) || data.version !== 1 || !Array.isArray(data.offers)) return null;
  const offers = (data.offers as unknown[]).filter(
    (offer): offer is CheckoutOffer =>
      isObject(offer) &&
      typeof offer.id === 'string' &&
      typeof offer.productId === 'string' &&
      typeof offer.merchandiseId === 'string' &&
      typeof offer.quantity === 'number' &&
      offer.quantity > 0 &&
      isObject(offer.title) &&
      Array.isArray(offer.prices),
  );
  return {
    version: 1,
    defaultLanguage: typeof data.defaultLanguage === 'string' ? data.defaultLanguage : 'en',
    maxOffers: typeof data.maxOffers === 'number' ? data.maxOffers : 1,
    collections: isObject(data.collections) ? (data.collections as CheckoutOffersContract['collections']) : {},
    offers,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------------------------
// Events: POST {BACKEND_URL}/api/checkout/events

/** The offer id the subscription upgrade reports: it comes from the variant's selling plans, not from a contract offer. */
export const SUBSCRIPTION_UPGRADE_OFFER_ID = 'subscription-upgrade';

/**
 * Body of `POST /api/checkout/events`.
 *
 * Headers: `Authorization: Bearer <checkout session token>` (HS256 JWT signed with the app secret, `dest` = the
 * bare shop domain `shop.myshopify.com`, no scheme: Shopify/shopify-app-js's test of authenticate.public.checkout says "Checkout UI
 * session tokens don't include the protocol") and `Content-Type: application/json`. The request comes from a
 * web worker on another origin, so the endpoint must answer the CORS preflight (`OPTIONS`, allowing `Authorization`
 * and `Content-Type`) and send `Access-Control-Allow-Origin: *`.
 *
 * The extension gives up after about 3 s, never retries and ignores the response: any 2xx is fine (204 is ideal).
 * Events may arrive more than once (re-renders, reloads, several checkout steps): deduplicate on `idempotencyKey`.
 * They come from the buyer's browser: use them for the ledger and analytics, never to grant anything.
 *
 * @example
 * ```json
 * { "events": [{ "kind": "accepted", "offerId": "offer_socks", "surface": "checkout",
 *   "variantId": "gid://shopify/ProductVariant/91", "quantity": 1, "discountCode": "ENCORE-SOCKS-10",
 *   "checkoutToken": "c1-abc", "occurredAt": "2026-11-23T10:00:00.000Z",
 *   "idempotencyKey": "c1-abc:offer_socks:gid://shopify/ProductVariant/91:accepted" }] }
 * ```
 */
export interface CheckoutEventsRequest {
  events: CheckoutEvent[];
}

export interface CheckoutEvent {
  /**
   * `shown`: the offer was rendered. `accepted`: the line was added, or switched to a selling plan.
   * `declined`: the buyer switched a subscribed line back to one-time.
   */
  kind: 'shown' | 'accepted' | 'declined';
  /** A contract offer id, or {@link SUBSCRIPTION_UPGRADE_OFFER_ID}. */
  offerId: string;
  surface: 'checkout';
  /** ProductVariant GID the offer is about. */
  variantId: string;
  /** Selling plan GID chosen (upgrade) or offered with the add-on. */
  sellingPlanId?: string;
  quantity?: number;
  discountCode?: string;
  /** The checkout's token when Shopify provides it: ties events of one checkout together. */
  checkoutToken?: string;
  /** ISO 8601 time on the buyer's clock. */
  occurredAt: string;
  /** Stable for the same fact in the same checkout: `<checkout token or random>:<offerId>:<variantId>[:<plan>]:<kind>`. */
  idempotencyKey: string;
}
