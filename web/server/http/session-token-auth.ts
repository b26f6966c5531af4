// Authenticates requests from the embedded admin: App Bridge sends `Authorization: Bearer <session token>`
// (HS256 with the app secret, aud = our API key, 1 minute lifetime). The token names the shop in `dest`; the
// first request of a shop without an offline session installs it by token exchange.
import type { RequestHandler } from 'express';
import { UnauthorizedError } from '../errors.js';
import type { ShopifyApi } from '../shopify/shopify-api.js';
import type { ShopRecord } from '../shops/index.js';
import { bearerToken } from './bearer-token.js';
import { locals } from './request-context.js';

export interface SessionTokenAuthDeps {
  shopify: ShopifyApi;
  ensureInstalled(shop: string, sessionToken: string): Promise<ShopRecord>;
}

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/**
 * The shop an admin session token is for: App Bridge writes `dest` as `https://<shop>.myshopify.com`. Other tokens
 * signed with the same secret differ here: a checkout UI extension's carries the bare domain (Shopify/shopify-app-js's
 * checkout test: "Checkout UI session tokens don't include the protocol"), so any shopper's token is refused.
 */
function adminShop(dest: unknown): string | null {
  if (typeof dest !== 'string') return null;
  try {
    const url = new URL(dest);
    const host = url.host.toLowerCase();
    return url.protocol === 'https:' && SHOP_DOMAIN.test(host) ? host : null;
  } catch {
    return null;
  }
}

export function sessionTokenAuth(deps: SessionTokenAuthDeps): RequestHandler {
  return async (req, res, next) => {
    const token = bearerToken(req.get('authorization'));
    if (!token) {
      throw new UnauthorizedError(
        'Missing session token. Call this endpoint from the embedded app: App Bridge adds "Authorization: Bearer <session token>".',
      );
    }
    let payload: Awaited<ReturnType<ShopifyApi['session']['decodeSessionToken']>>;
    try {
      payload = await deps.shopify.session.decodeSessionToken(token);
    } catch {
      // Tells App Bridge to fetch a fresh token and retry once.
      res.setHeader('X-Shopify-Retry-Invalid-Session-Request', '1');
      throw new UnauthorizedError('Invalid session token: it is expired, not for this app, or not signed by Shopify.');
    }
    const shop = adminShop(payload.dest);
    if (!shop) {
      throw new UnauthorizedError(
        'Invalid session token: this is not an admin session token for a Shopify store ' +
          '(its dest must be https://<shop>.myshopify.com). Call this endpoint from the embedded app.',
      );
    }
    const installed = await deps.ensureInstalled(shop, token);
    locals(res).shop = { shopId: installed.id, domain: installed.domain, ...(payload.sub ? { userId: payload.sub } : {}) };
    locals(res).log = locals(res).log.child({ shop });
    next();
  };
}
