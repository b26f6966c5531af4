// The page Shopify loads in the admin iframe (the app's application_url): the admin workspace's Vite build
// (admin/dist), with what Shopify requires of an embedded page put into its <head>:
// - `<meta name="shopify-api-key">` and App Bridge's script from Shopify's CDN, as the App Bridge reference's setup
//   shows it (https://shopify.dev/docs/api/app-bridge-library, "Getting started": both in <head>, the script loaded
//   from cdn.shopify.com/shopifycloud/app-bridge.js, which "keeps itself up-to-date"); placed first in <head>, before
//   the app's own scripts, as a plain (not module, not async) script;
// - `Content-Security-Policy: frame-ancestors https://<shop> https://admin.shopify.com` so only the shop's admin can
//   frame it.
// In demo mode (ENCORE_DEMO=1) and only there, the CDN script is replaced by demo.ts's stand-in, which has no CDN to
// load from and takes its session tokens from the demo's own endpoint.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler, Router } from 'express';
import type { AppConfig } from '../config.js';
import { DEMO_APP_BRIDGE_PATH } from './demo.js';

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
export const APP_BRIDGE_CDN = 'https://cdn.shopify.com/shopifycloud/app-bridge.js';
/** The placeholder admin/index.html carries where the App Bridge tags go. */
export const HEAD_PLACEHOLDER = '<!--encore:app-bridge-->';
/** The admin's pages (client-side routes); each one, and what is under it, answers with the app's HTML. */
export const ADMIN_PAGES = ['funnels', 'offers', 'orders', 'settings', 'jobs', 'email', 'subscriptions', 'preview'] as const;

export const DEFAULT_ADMIN_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../admin/dist');

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function appBridgeTags(config: Pick<AppConfig, 'apiKey' | 'demo'>): string {
  const meta = `<meta name="shopify-api-key" content="${escapeAttribute(config.apiKey)}" />`;
  return config.demo ? `${meta}\n<script src="${DEMO_APP_BRIDGE_PATH}"></script>` : `${meta}\n<script src="${APP_BRIDGE_CDN}"></script>`;
}

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Encore</title></head><body><main>
<h1>Encore</h1><p>The admin is not built yet. Run <code>npm run build -w admin</code> (npm test and npm run demo do it for you),
then reload.</p></main></body></html>`;

export interface AdminPageOptions {
  /** The Vite build's folder; default admin/dist in the repository. */
  distDir?: string;
}

export function adminPageRouter(config: Pick<AppConfig, 'apiKey' | 'demo'>, options: AdminPageOptions = {}): Router {
  const distDir = options.distDir ?? DEFAULT_ADMIN_DIST;
  const router = Router();
  const pages = new Map<string, string>();
  /** The build's HTML with the App Bridge tags in; read once. null while the admin is not built. */
  const read = (name: 'index.html' | 'home.html'): string | null => {
    const cached = pages.get(name);
    if (cached !== undefined) return cached;
    const file = path.join(distDir, name);
    if (!fs.existsSync(file)) return null;
    const html = fs.readFileSync(file, 'utf8').replace(HEAD_PLACEHOLDER, appBridgeTags(config));
    pages.set(name, html);
    return html;
  };
  const page: RequestHandler = (req, res) => {
    const shop = typeof req.query.shop === 'string' && SHOP_DOMAIN.test(req.query.shop) ? req.query.shop : null;
    res.setHeader('Content-Security-Policy', `frame-ancestors ${shop ? `https://${shop} ` : ''}https://admin.shopify.com;`);
    res.setHeader('Cache-Control', 'no-store');
    // Home prerendered (standalone layout) for / outside the admin's frame; Shopify opens embedded apps with
    // ?embedded=1, where the layout differs (App Bridge's menu), so the page renders in the browser there.
    const prerendered = req.path === '/' && req.query.embedded !== '1' ? read('home.html') : null;
    const html = prerendered ?? read('index.html');
    if (html === null) {
      res.status(503).type('html').send(NOT_BUILT);
      return;
    }
    res.type('html').send(html);
  };
  // Hashed file names: a file's content never changes under its name.
  router.use(
    '/assets',
    express.static(path.join(distDir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: false }),
  );
  router.get('/', page);
  for (const name of ADMIN_PAGES) router.get([`/${name}`, `/${name}/*rest`], page);
  return router;
}
