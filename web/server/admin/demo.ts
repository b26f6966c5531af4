// Demo mode only (ENCORE_DEMO=1, `npm run demo`): the admin runs standalone in a browser, outside Shopify's admin,
// where App Bridge (which loads only from Shopify's CDN) is not there to give it session tokens. This module serves a
// small stand-in for App Bridge's `shopify` global (`idToken()` and `config`) and the endpoint it gets tokens from:
// admin session tokens minted exactly as Shopify's (HS256 with the app secret, `iss` https://<shop>/admin, `dest`
// https://<shop>, `aud` the API key, one minute). http/app.ts mounts this router only when config.demo is true;
// outside demo mode neither path exists (routes.ts has the router) and the page loads the real App Bridge
// (admin/README.md; test/e2e tests it).
import crypto from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { AppConfig } from '../config.js';

export const DEMO_APP_BRIDGE_PATH = '/demo/app-bridge.js';
export const DEMO_SESSION_TOKEN_PATH = '/demo/session-token';
/** Shopify's session tokens live one minute. */
export const DEMO_TOKEN_LIFETIME_S = 60;

export function mintDemoSessionToken(config: Pick<AppConfig, 'apiKey' | 'apiSecret'>, shop: string, nowSeconds: number): string {
  return jwt.sign(
    {
      iss: `https://${shop}/admin`,
      dest: `https://${shop}`,
      aud: config.apiKey,
      sub: '1',
      exp: nowSeconds + DEMO_TOKEN_LIFETIME_S,
      nbf: nowSeconds,
      iat: nowSeconds,
      jti: crypto.randomUUID(),
      sid: crypto.randomBytes(16).toString('hex'),
    },
    config.apiSecret,
    { algorithm: 'HS256', noTimestamp: true },
  );
}

/** The stand-in: the shop comes from the page's ?shop= (kept for the session, as Shopify's URLs carry it). */
export const DEMO_STAND_IN = `(function () {
  var params = new URLSearchParams(location.search);
  var shop = params.get('shop') || sessionStorage.getItem('encore-demo-shop') || '';
  if (shop) sessionStorage.setItem('encore-demo-shop', shop);
  var cached = null;
  var meta = document.querySelector('meta[name="shopify-api-key"]');
  window.shopify = {
    config: { apiKey: meta ? meta.getAttribute('content') : '', shop: shop, demo: true },
    environment: { embedded: false, mobile: false, pos: false },
    idToken: function () {
      if (cached && cached.expiresAt - Date.now() > 10000) return Promise.resolve(cached.token);
      return fetch('${DEMO_SESSION_TOKEN_PATH}?shop=' + encodeURIComponent(shop)).then(function (response) {
        if (!response.ok)
          throw new Error(
            'The demo could not mint a session token (HTTP ' + response.status + '). Open the admin URL npm run demo printed.',
          );
        return response.json();
      }).then(function (body) {
        cached = { token: body.token, expiresAt: Date.now() + body.expiresInSeconds * 1000 };
        return body.token;
      });
    }
  };
})();
`;
