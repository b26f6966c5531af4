// Previews without a store (demo mode only): the admin's Preview page renders the real checkout and post-purchase
// extensions in small host pages (preview/ at the repository root), and those hosts need what Shopify's checkout
// gives an extension. Shopify's side is not this backend's to play: the demo script and the tests inject it
// (`PreviewShopify`, implemented over the Admin API emulator in test/support/preview-shopify.ts), and this module
// only defines its shape and mints the one thing the backend itself can sign, the checkout session token.
//
// Checkout session tokens as Shopify mints them (shared reference §2.7): HS256 with the app secret, `dest` the BARE
// shop domain (no scheme: Shopify/shopify-app-js's checkout test), `aud` the API key, five minutes between `nbf` and
// `exp`. They are minted here only in demo mode (http/app.ts mounts the preview routes only then); outside it the
// path does not exist.
import crypto from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { AppConfig } from '../config.js';

/** Shopify caches a checkout session token for five minutes (reference §2.7). */
export const PREVIEW_CHECKOUT_TOKEN_LIFETIME_S = 300;

/** One line of the preview's cart, from the store's catalog, in the shop's currency (major units as text). */
export interface PreviewCartLine {
  productId: number;
  variantId: number;
  title: string;
  variantTitle: string | null;
  quantity: number;
  unitAmount: string;
}

export interface PreviewCart {
  currencyCode: string;
  lines: PreviewCartLine[];
}

/** A purchase placed for the post-purchase preview: the order, and the extension's input data (token included). */
export interface PreviewPurchase {
  referenceId: string;
  orderName: string;
  /** InputData exactly as Shopify hands it to the extension (its `token` is the purchase token). */
  inputData: Record<string, unknown>;
}

/** Shopify's answers (calculateChangeset, applyChangeset, Storefront queries), passed through as JSON. */
export type ShopifyAnswer = Record<string, unknown>;

/** What Shopify's checkout does for an extension, played by the demo's or the tests' store. */
export interface PreviewShopify {
  /** The cart the checkout preview shows. */
  cart(shopDomain: string): Promise<PreviewCart>;
  /** Places an order for these lines and returns what Shopify gives the post-purchase extension for it. */
  startPurchase(shopDomain: string, lines: Array<{ variantId: number; quantity: number }>): Promise<PreviewPurchase>;
  /** `calculateChangeset` of that purchase; null when the purchase is unknown. */
  calculateChangeset(referenceId: string, changeset: unknown): Promise<ShopifyAnswer | null>;
  /** `applyChangeset` of that purchase (verifies the token as Shopify does); null when the purchase is unknown. */
  applyChangeset(referenceId: string, token: string, options: { buyerConsentToSubscriptions: boolean }): Promise<ShopifyAnswer | null>;
  /** `shopify.query`: a Storefront API query over the store's data. */
  storefrontQuery(shopDomain: string, query: string, variables: Record<string, unknown>): Promise<ShopifyAnswer>;
}

export function mintPreviewCheckoutToken(config: Pick<AppConfig, 'apiKey' | 'apiSecret'>, shop: string, nowSeconds: number): string {
  return jwt.sign(
    {
      iss: `https://${shop}/checkouts`,
      dest: shop,
      aud: config.apiKey,
      exp: nowSeconds + PREVIEW_CHECKOUT_TOKEN_LIFETIME_S,
      nbf: nowSeconds,
      iat: nowSeconds,
      jti: crypto.randomUUID(),
    },
    config.apiSecret,
    { algorithm: 'HS256', noTimestamp: true },
  );
}
