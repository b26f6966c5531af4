// JSON routes of the admin pages (mounted under /api/admin, after session-token auth). Thin: parse, call the
// service, answer.
//   GET /home?days=7|30|90|365                 Home's whole report (surfaces, funnels, steps, arms, holdout, per day)
//   GET /orders?query=#1001|email              orders in Shopify matching the search, with the keys the ledger uses
//   GET /orders/recent                         orders with the latest ledger events
//   GET /orders/timeline?key=…&key=…           one order's timeline in plain words, and why it got (no) offer
//   GET /orders/:id/timeline                   the order block in Shopify's admin (extensions/order-timeline): one order
//                                              by its id, as data; 404 when the shop has no such order
//   GET /catalog/products?query=&limit=|ids=   the product picker outside Shopify's admin; titles of named products
//   GET /funnel-templates?surface=             the five templates and a blank funnel, as unsaved drafts
import { Router } from 'express';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { AppConfig } from '../config.js';
import { NotFoundError } from '../errors.js';
import { parseQuery } from '../http/input.js';
import { authenticatedShop } from '../http/request-context.js';
import { SURFACES } from '../offers/index.js';
import { DEMO_APP_BRIDGE_PATH, DEMO_SESSION_TOKEN_PATH, DEMO_STAND_IN, DEMO_TOKEN_LIFETIME_S, mintDemoSessionToken } from './demo.js';
import { type AdminService, orderSearchQuery } from './service.js';

const DAY_MS = 86_400_000;
export const HOME_PERIODS = ['1', '7', '30', '90', '365'] as const;

const homeQuery = z.object({ days: z.enum(HOME_PERIODS, { message: `Use one of ${HOME_PERIODS.join(', ')} days` }).default('30') });
const orderQuery = z.object({
  query: z
    .string()
    .trim()
    .min(1, { message: 'Type an order number or an email' })
    .max(254)
    .refine((text) => orderSearchQuery(text) !== null, { message: 'Use an order number such as #1001, or an email address' }),
});
const timelineQuery = z.object({
  key: z
    .union([z.string().min(1).max(255), z.array(z.string().min(1).max(255)).min(1).max(10)])
    .transform((k) => (Array.isArray(k) ? k : [k])),
});
/** An order id as the block sends it: the number of gid://shopify/Order/<number>, or the GID itself. */
const orderIdParam = z
  .string()
  .regex(/^(\d{1,20}|gid:\/\/shopify\/Order\/\d{1,20})$/, { message: 'Use the order id: a number or gid://shopify/Order/<number>' })
  .transform((id) => (id.startsWith('gid://') ? id : `gid://shopify/Order/${id}`));
const productQuery = z.object({
  query: z.string().max(200).default(''),
  /** Comma-separated product GIDs: the titles of products a funnel names. */
  ids: z
    .string()
    .max(5_000)
    .transform((text) => text.split(',').filter(Boolean))
    .pipe(z.array(z.string().regex(/^gid:\/\/shopify\/Product\/\d+$/, { message: 'Use product ids like gid://shopify/Product/1' })).max(50))
    .optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
const templateQuery = z.object({ surface: z.enum(SURFACES).default('post_purchase') });

export function adminPagesRouter(service: AdminService, clock: Clock): Router {
  const router = Router();

  router.get('/home', async (req, res) => {
    const { days } = parseQuery(homeQuery, req.query, 'Invalid period.');
    // Whole UTC days, today included.
    const now = clock.now();
    const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY_MS);
    const from = new Date(to.getTime() - Number(days) * DAY_MS);
    res.json(await service.home(authenticatedShop(res).shopId, { from, to }));
  });

  router.get('/orders', async (req, res) => {
    const { query } = parseQuery(orderQuery, req.query, "Search by order number (#1001) or by the customer's email address.");
    res.json({ orders: await service.findOrders(authenticatedShop(res).domain, query) });
  });

  router.get('/orders/recent', async (_req, res) => {
    res.json({ orders: await service.recentOrders(authenticatedShop(res).shopId) });
  });

  router.get('/orders/timeline', async (req, res) => {
    const { key } = parseQuery(timelineQuery, req.query, 'Name the order: ?key=<order id or checkout token>.');
    res.json(await service.timeline(authenticatedShop(res).shopId, key));
  });

  router.get('/orders/:id/timeline', async (req, res) => {
    const { id } = parseQuery(z.object({ id: orderIdParam }), req.params, 'Name the order by its id.');
    const timeline = await service.orderTimeline(authenticatedShop(res), id);
    if (!timeline) throw new NotFoundError(`This store has no order ${id}.`);
    res.json(timeline);
  });

  router.get('/catalog/products', async (req, res) => {
    const { query, ids, limit } = parseQuery(productQuery, req.query, 'Invalid product search.');
    const { shopId } = authenticatedShop(res);
    res.json(ids ? await service.productsById(shopId, ids) : await service.searchProducts(shopId, query, limit));
  });

  router.get('/funnel-templates', async (req, res) => {
    const { surface } = parseQuery(templateQuery, req.query, 'Invalid surface.');
    res.json({ templates: await service.templates(authenticatedShop(res).shopId, surface) });
  });

  return router;
}

const shopQuery = z.object({
  shop: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, { message: "Use the shop's myshopify domain, e.g. encore-demo.myshopify.com" }),
});

/** Demo mode only (http/app.ts mounts it when config.demo): the App Bridge stand-in and its session tokens (demo.ts). */
export function demoRouter(config: Pick<AppConfig, 'apiKey' | 'apiSecret'>, now: () => Date): Router {
  const router = Router();
  router.get(DEMO_APP_BRIDGE_PATH, (_req, res) => {
    res.type('application/javascript').setHeader('Cache-Control', 'no-store');
    res.send(DEMO_STAND_IN);
  });
  router.get(DEMO_SESSION_TOKEN_PATH, (req, res) => {
    const { shop } = parseQuery(shopQuery, req.query, 'Name the demo shop: ?shop=<shop>.myshopify.com.');
    res.setHeader('Cache-Control', 'no-store');
    res.json({ token: mintDemoSessionToken(config, shop, Math.floor(now().getTime() / 1000)), expiresInSeconds: DEMO_TOKEN_LIFETIME_S });
  });
  return router;
}
