// The checkout session token the extension sends as `Authorization: Bearer …` (shopify.sessionToken.get()): a
// JWT signed HS256 with the app's client secret, `aud` = our API key, `dest` = the shop, `exp`/`nbf` a few
// minutes apart, `sub` = the customer GID when the buyer is logged in. @shopify/shopify-api checks the signature,
// the algorithm, `aud` and the time claims (10 s tolerance); we also insist on an expiry and read the shop from
// `dest`. The token proves its claims, not that the request came from our extension: nothing it authorises may
// grant anything (the events it carries only feed the ledger).
import { UnauthorizedError } from '../errors.js';
import type { ShopifyApi } from '../shopify/shopify-api.js';

export interface CheckoutTokenClaims {
  /** mystore.myshopify.com */
  shop: string;
  /** Customer GID when the buyer is logged in and the app may read customers. */
  customerId: string | null;
}

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export function bearerToken(header: string | undefined): string | null {
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
  return match?.[1] ?? null;
}

/** Verifies the token and returns who it is for; UnauthorizedError (401) for anything short of a valid token. */
export async function verifyCheckoutSessionToken(shopify: ShopifyApi, token: string | null): Promise<CheckoutTokenClaims> {
  if (!token) throw new UnauthorizedError('Missing checkout session token: send "Authorization: Bearer <shopify.sessionToken.get()>".');
  let payload: Awaited<ReturnType<ShopifyApi['session']['decodeSessionToken']>>;
  try {
    payload = await shopify.session.decodeSessionToken(token, { checkAudience: true });
  } catch {
    throw new UnauthorizedError('Invalid checkout session token: expired, not yet valid, not for this app, or not signed by Shopify.');
  }
  // jose checks exp only when present; a token without one would never expire.
  if (typeof payload.exp !== 'number') throw new UnauthorizedError('Invalid checkout session token: it has no expiry.');
  const shop = shopOf(payload.dest);
  if (!shop) throw new UnauthorizedError('Invalid checkout session token: its destination is not a Shopify store.');
  const sub = typeof payload.sub === 'string' && /^gid:\/\/shopify\/Customer\/\d+$/.test(payload.sub) ? payload.sub : null;
  return { shop, customerId: sub };
}

function shopOf(dest: unknown): string | null {
  if (typeof dest !== 'string') return null;
  try {
    const url = new URL(dest);
    const host = url.host.toLowerCase();
    return url.protocol === 'https:' && SHOP_DOMAIN.test(host) ? host : null;
  } catch {
    return null;
  }
}
