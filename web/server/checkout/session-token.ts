// The checkout session token the extension sends as `Authorization: Bearer …` (shopify.sessionToken.get()): a
// JWT signed HS256 with the app's client secret, `dest` = the shop, `aud` = our API key, `exp`/`nbf` five minutes
// apart, `sub` = the customer GID when the buyer is logged in. @shopify/shopify-api checks the signature, the
// algorithm and the time claims (10 s tolerance); we also insist on an expiry and read the shop from `dest`.
//
// `dest` of a CHECKOUT token is the bare shop domain ("test-shop.myshopify.com"): Shopify/shopify-app-js's test of
// authenticate.public.checkout says "Checkout UI session tokens don't include the protocol". Admin (App Bridge)
// tokens carry "https://…"; both spellings are accepted, nothing else.
//
// Audience: the library's own aud check is off, as in Shopify's authenticate.public.checkout (shopify-api-js #955:
// tokens from checkout extensions do not come from the admin and may lack the admin's `aud`). The signature with our
// secret already proves Shopify minted the token for this app; we only refuse an `aud` that names another app.
// See README.md "Events endpoint".
//
// The token proves its claims, not that the request came from our extension: nothing it authorises may grant
// anything (the events it carries only feed the ledger).
import { UnauthorizedError } from '../errors.js';
import type { ShopifyApi } from '../shopify/shopify-api.js';

export interface CheckoutTokenClaims {
  /** mystore.myshopify.com */
  shop: string;
  /** Customer GID when the buyer is logged in and the app may read customers. */
  customerId: string | null;
}

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/** Verifies the token and returns who it is for; UnauthorizedError (401) for anything short of a valid token. */
export async function verifyCheckoutSessionToken(shopify: ShopifyApi, token: string | null): Promise<CheckoutTokenClaims> {
  if (!token) throw new UnauthorizedError('Missing checkout session token: send "Authorization: Bearer <shopify.sessionToken.get()>".');
  let payload: Awaited<ReturnType<ShopifyApi['session']['decodeSessionToken']>>;
  try {
    payload = await shopify.session.decodeSessionToken(token, { checkAudience: false });
  } catch {
    throw new UnauthorizedError("Invalid checkout session token: expired, not yet valid, or not signed with this app's secret.");
  }
  if (!audienceAllows(payload.aud, shopify.config.apiKey))
    throw new UnauthorizedError('Invalid checkout session token: it is meant for another app.');
  // jose checks exp only when present; a token without one would never expire.
  if (typeof payload.exp !== 'number') throw new UnauthorizedError('Invalid checkout session token: it has no expiry.');
  const shop = shopOfDestination(payload.dest);
  if (!shop) throw new UnauthorizedError('Invalid checkout session token: its destination is not a Shopify store.');
  const sub = typeof payload.sub === 'string' && /^gid:\/\/shopify\/Customer\/\d+$/.test(payload.sub) ? payload.sub : null;
  return { shop, customerId: sub };
}

/** No `aud` is fine (see the header); one that is there must name our API key. */
function audienceAllows(aud: unknown, apiKey: string): boolean {
  if (aud === undefined) return true;
  return aud === apiKey || (Array.isArray(aud) && aud.includes(apiKey));
}

/**
 * The shop a token's `dest` names: "shop.myshopify.com" (checkout tokens) or "https://shop.myshopify.com" (admin
 * tokens), case-insensitive; null for anything else (another scheme, a path, a host that is not a store).
 */
function shopOfDestination(dest: unknown): string | null {
  if (typeof dest !== 'string') return null;
  const host = dest
    .toLowerCase()
    .replace(/^https:\/\//, '')
    .replace(/\/$/, '');
  return SHOP_DOMAIN.test(host) ? host : null;
}
