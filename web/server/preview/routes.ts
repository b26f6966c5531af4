// The preview's endpoints and host pages, mounted by http/app.ts in demo mode only (ENCORE_DEMO=1) and only when the
// demo or a test injected Shopify's side (`PreviewShopify`). Outside demo mode none of these paths exist: a checkout
// session token or a purchase minted on request would let anyone forge Shopify's word (routes.test.ts checks the
// 404s). Thin: parse, call Shopify's side or the checkout sync, answer.
//
//   POST /api/preview/checkout                {shop}                     cart, the app metafield as synced, checkout token
//   POST /api/preview/checkout/session-token  {shop}                     a checkout session token (5 minutes)
//   POST /api/preview/storefront              {shop, query, variables}   shopify.query (Storefront API) over the store
//   POST /api/preview/post-purchase           {shop}                     an order placed for the cart; the extension's input
//   POST /api/preview/post-purchase/calculate {referenceId, changeset}   Shopify's calculateChangeset
//   POST /api/preview/post-purchase/apply     {referenceId, token, …}    Shopify's applyChangeset (token verified)
//   *    /api/preview/funnels/:funnelId/api/post-purchase/*  the real post-purchase endpoints, that one funnel as if enabled
//   GET  /preview-hosts/*                                                 the host pages (preview/dist)
import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import { z } from 'zod';
import { BoundedCache } from '../bounded-cache.js';
import { CatalogNotReadyError, type CheckoutSources, syncCheckoutOffers } from '../checkout/index.js';
import type { AppContext } from '../context.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { parseBody } from '../http/input.js';
import type { Catalog } from '../offers/index.js';
import { postPurchaseRouter } from '../post-purchase/index.js';
import { oneFunnelAsActive } from './one-funnel.js';
import { mintPreviewCheckoutToken, PREVIEW_CHECKOUT_TOKEN_LIFETIME_S, type PreviewShopify } from './shopify-side.js';

export const DEFAULT_PREVIEW_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../preview/dist');
/** The metafield the checkout block reads (the extension's CHECKOUT_OFFERS_METAFIELD). */
const APP_METAFIELD = { namespace: '$app', key: 'checkout_offers' } as const;

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
const shopBody = z.object({ shop: z.string().regex(SHOP_DOMAIN, { message: 'Name the shop as <shop>.myshopify.com' }) });
const storefrontBody = shopBody.extend({
  query: z.string().min(1).max(20_000),
  variables: z.record(z.string(), z.unknown()).default({}),
});
const referenceId = z.string().min(1).max(255);
const calculateBody = z.object({ referenceId, changeset: z.union([z.string().min(1).max(20_000), z.record(z.string(), z.unknown())]) });
const applyBody = z.object({ referenceId, token: z.string().min(1).max(20_000), buyerConsentToSubscriptions: z.boolean().default(false) });

export interface PreviewRouterOptions {
  /** Where the checkout sync reads funnels, catalog and settings (as the sync job does). */
  sources: CheckoutSources;
  /** The engine's catalog per shop (the app's CatalogCache). */
  catalogFor: (shopId: string) => Promise<Catalog | null>;
  /** The host pages' build (default preview/dist); tests point it elsewhere. */
  distDir?: string;
}

/** Post-purchase routers kept for previewed funnels (each holds its service's caches); the least recently used goes. */
const MAX_FUNNEL_ROUTERS = 20;
const FUNNEL_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function previewRouter(ctx: AppContext, shopify: PreviewShopify, options: PreviewRouterOptions): Router {
  const router = Router();
  const nowSeconds = () => Math.floor(ctx.clock.now().getTime() / 1000);
  const unknownPurchase = () =>
    new NotFoundError('No preview purchase with this referenceId: start one with POST /api/preview/post-purchase.');

  router.post('/api/preview/checkout', async (req, res) => {
    const { shop } = parseBody(shopBody, req.body, 'Invalid preview request.');
    const cart = await shopify.cart(shop);
    // The metafield exactly as the backend writes it for this shop now (the same sync as Settings' "Sync now").
    const synced = await syncCheckoutOffers(ctx, shop, { sources: options.sources }).catch((error: unknown) => {
      if (error instanceof CatalogNotReadyError) {
        throw new ConflictError(`${shop} has no catalog yet; try again once the catalog is built.`);
      }
      throw error;
    });
    if (synced.outcome !== 'synced') throw new ConflictError(`${shop} is not installed: open the admin once first.`);
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      cart,
      appMetafield: { ...APP_METAFIELD, value: synced.value },
      checkoutToken: crypto.randomUUID().replace(/-/g, ''),
      sessionToken: mintPreviewCheckoutToken(ctx.config, shop, nowSeconds()),
      expiresInSeconds: PREVIEW_CHECKOUT_TOKEN_LIFETIME_S,
    });
  });

  router.post('/api/preview/checkout/session-token', (req, res) => {
    const { shop } = parseBody(shopBody, req.body, 'Invalid preview request.');
    res.setHeader('Cache-Control', 'no-store');
    res.json({ token: mintPreviewCheckoutToken(ctx.config, shop, nowSeconds()), expiresInSeconds: PREVIEW_CHECKOUT_TOKEN_LIFETIME_S });
  });

  router.post('/api/preview/storefront', async (req, res) => {
    const { shop, query, variables } = parseBody(storefrontBody, req.body, 'Invalid Storefront query.');
    res.json(await shopify.storefrontQuery(shop, query, variables));
  });

  router.post('/api/preview/post-purchase', async (req, res) => {
    const { shop } = parseBody(shopBody, req.body, 'Invalid preview request.');
    const cart = await shopify.cart(shop);
    const purchase = await shopify.startPurchase(
      shop,
      cart.lines.map((line) => ({ variantId: line.variantId, quantity: line.quantity })),
    );
    res.setHeader('Cache-Control', 'no-store');
    res.json(purchase);
  });

  router.post('/api/preview/post-purchase/calculate', async (req, res) => {
    const body = parseBody(calculateBody, req.body, 'Invalid calculateChangeset request.');
    const answer = await shopify.calculateChangeset(body.referenceId, body.changeset);
    if (!answer) throw unknownPurchase();
    res.json(answer);
  });

  router.post('/api/preview/post-purchase/apply', async (req, res) => {
    const body = parseBody(applyBody, req.body, 'Invalid applyChangeset request.');
    const answer = await shopify.applyChangeset(body.referenceId, body.token, {
      buyerConsentToSubscriptions: body.buyerConsentToSubscriptions,
    });
    if (!answer) throw unknownPurchase();
    res.json(answer);
  });

  // "Before enabling it": the production post-purchase endpoints with the shop's funnels narrowed to this one.
  const funnelRouters = new BoundedCache<string, Router>({ maxEntries: MAX_FUNNEL_ROUTERS });
  router.use('/api/preview/funnels/:funnelId/api/post-purchase', (req, res, next) => {
    const funnelId = String(req.params.funnelId);
    if (!FUNNEL_ID.test(funnelId)) throw new NotFoundError('No funnel with this id: preview a saved funnel (its id is in the editor URL).');
    let funnel = funnelRouters.get(funnelId);
    if (!funnel) {
      funnel = postPurchaseRouter(ctx, {
        catalogFor: options.catalogFor,
        activeFunnels: oneFunnelAsActive({ db: ctx.db, logger: ctx.logger, catalogFor: options.catalogFor }, funnelId),
        settings: ctx.settings,
        ledger: ctx.ledger,
      });
      funnelRouters.set(funnelId, funnel);
    }
    funnel(req, res, next);
  });

  router.use('/preview-hosts', express.static(options.distDir ?? DEFAULT_PREVIEW_DIST, { index: false, fallthrough: false, maxAge: 0 }));
  return router;
}
