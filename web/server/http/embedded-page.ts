// The page Shopify loads inside the admin iframe. Until the admin UI lands it shows the app's state; it sets
// the frame-ancestors policy Shopify requires of every embedded page.
import type { RequestHandler } from 'express';
import type { AppContext } from '../context.js';

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export function embeddedAppPage(ctx: Pick<AppContext, 'config'>): RequestHandler {
  return (req, res) => {
    const shop = typeof req.query.shop === 'string' && SHOP_DOMAIN.test(req.query.shop) ? req.query.shop : null;
    res.setHeader('Content-Security-Policy', `frame-ancestors ${shop ? `https://${shop} ` : ''}https://admin.shopify.com;`);
    res.type('html').send(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="shopify-api-key" content="${ctx.config.apiKey}">
<title>Encore</title>
</head>
<body>
<main>
<h1>Encore</h1>
<p>Upsells in checkout, after payment, by email and on subscriptions.</p>
<p>The backend is running. API: <code>/api/admin/*</code> (session token), health: <a href="/healthz">/healthz</a>.</p>
</main>
</body>
</html>`);
  };
}
