// Managed install: the App Bridge session token of a merchant's request is exchanged for an offline access token.
import { RequestedTokenType } from '@shopify/shopify-api';
import type { Session, ShopifyApi } from './shopify-api.js';

/** The shop's offline session: an expiring access token with its refresh token. */
export async function exchangeForOfflineSession(shopify: ShopifyApi, shop: string, sessionToken: string): Promise<Session> {
  const { session } = await shopify.auth.tokenExchange({
    shop,
    sessionToken,
    requestedTokenType: RequestedTokenType.OfflineAccessToken,
    // Public apps created since 2026-04-01 must use expiring offline tokens (shopify.dev, "About offline access
    // tokens"); offline-access.ts refreshes them.
    expiring: true,
  });
  return session;
}
