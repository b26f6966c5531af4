// The public offer page (no Shopify login: the signed link is the credential) and the merchant's order-edit
// settings (under /api/admin, after session-token auth). Thin: parse, call the service, answer.
import express, { type Request, type Response, Router } from 'express';
import { requireObjectBody } from '../http/input.js';
import { authenticatedShop } from '../http/request-context.js';
import type { OfferPages, PageAnswer } from './offer-page.js';
import type { OrderEditSettings } from './settings.js';

/** Signed links are well under this; anything longer is not one. */
const MAX_TOKEN_LENGTH = 1_000;

/**
 * No caching (the page shows live state), no referrer to image hosts (the link is the credential), no framing, no
 * script at all. form-action allows https: because the accept answers with a redirect to Shopify's payment page.
 */
const PAGE_HEADERS = {
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'same-origin',
  'X-Robots-Tag': 'noindex, nofollow',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; form-action 'self' https:; " +
    "frame-ancestors 'none'; base-uri 'none'",
};

function send(res: Response, answer: PageAnswer): void {
  res.set(PAGE_HEADERS);
  if (answer.kind === 'redirect') res.redirect(303, answer.location);
  else res.status(answer.status).type('html').send(answer.html);
}

/**
 * The POST comes from this site: a browser says so in Sec-Fetch-Site or Origin (the page's same-origin referrer
 * policy keeps Origin set on its own form posts). A client that sends neither still needs the form's nonce.
 */
function sameOrigin(req: Request, appUrl: string): boolean {
  const site = req.get('sec-fetch-site');
  if (site) return site === 'same-origin';
  const origin = req.get('origin');
  if (!origin) return true;
  try {
    const host = new URL(origin).host;
    return host === (req.get('x-forwarded-host') ?? req.get('host')) || host === new URL(appUrl).host;
  } catch {
    return false;
  }
}

export function offerPageRouter(pages: OfferPages, appUrl: string): Router {
  const router = Router();
  const facts = (req: Request, token: string) => ({
    acceptLanguage: req.get('accept-language'),
    path: `${req.baseUrl}/${encodeURIComponent(token)}`,
    sameOrigin: sameOrigin(req, appUrl),
  });
  const tokenOf = (req: Request) => String(req.params.token ?? '').slice(0, MAX_TOKEN_LENGTH + 1);

  router.get('/:token', async (req, res) => {
    const token = tokenOf(req);
    send(res, await pages.show(token.length > MAX_TOKEN_LENGTH ? '' : token, facts(req, token)));
  });

  router.post('/:token', express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 20 }), async (req, res) => {
    const token = tokenOf(req);
    const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
    send(res, await pages.accept(token.length > MAX_TOKEN_LENGTH ? '' : token, body, facts(req, token)));
  });

  return router;
}

export interface OrderEditSettingsService {
  read(shopId: string): Promise<OrderEditSettings>;
  write(shopId: string, input: unknown): Promise<OrderEditSettings>;
}

/** GET/PUT /order-edit/settings, mounted under /api/admin. */
export function orderEditAdminRouter(settings: OrderEditSettingsService): Router {
  const router = Router();
  router.get('/order-edit/settings', async (_req, res) => {
    res.json({ settings: await settings.read(authenticatedShop(res).shopId) });
  });
  router.put('/order-edit/settings', async (req, res) => {
    res.json({ settings: await settings.write(authenticatedShop(res).shopId, requireObjectBody(req.body)) });
  });
  return router;
}
