// POST /offer, /sign and /events, called by the post-purchase extension from Shopify's sandboxed worker. Mount
// under /api/post-purchase behind openCors() (any origin, preflight answered there). Each route: verify the
// purchase token (401 with a JSON error otherwise), parse the body (400 if unreadable, 422 per field), hand over
// to the service.
import express, { type Request, Router } from 'express';
import { CatalogCache } from '../catalog/index.js';
import type { AppContext } from '../context.js';
import { createActiveFunnels } from '../funnels/index.js';
import { parseBody } from '../http/input.js';
import { refuseUnstorableInput } from '../http/input-guard.js';
import { createLedger } from '../ledger/index.js';
import { createSettingsStore } from '../settings/index.js';
import { createPostPurchaseService, type PostPurchaseDeps, type PostPurchaseService } from './service.js';
import { createPurchaseTokenVerifier, type PurchaseClaims, type PurchaseTokenVerifier } from './token.js';
import { EventsRequestSchema, OfferRequestSchema, SignRequestSchema } from './wire.js';

/**
 * What the endpoints share with the rest of the app. Pass the app's own instances (the funnels module's
 * ActiveFunnels, the CatalogCache, the settings store, the ledger) so a merchant's change reaches the offer
 * endpoint at once; anything left out is built here from the context.
 */
export type PostPurchaseCollaborators = Partial<
  Pick<PostPurchaseDeps, 'catalogFor' | 'activeFunnels' | 'settings' | 'ledger' | 'shops' | 'subscriptionShipping' | 'decisionCacheSize'>
> & {
  service?: PostPurchaseService;
  verifier?: PurchaseTokenVerifier;
};

const INVALID_BODY = 'The request body has problems; see each field.';

export function postPurchaseRouter(ctx: AppContext, collaborators: PostPurchaseCollaborators = {}): Router {
  const service = collaborators.service ?? createPostPurchaseService(postPurchaseDeps(ctx, collaborators));
  const verifier = collaborators.verifier ?? createPurchaseTokenVerifier({ apiSecret: ctx.config.apiSecret, clock: ctx.clock });
  const router = Router();
  // No-ops when the app already parsed and checked JSON in front of this router.
  router.use(express.json({ limit: '64kb' }), refuseUnstorableInput());

  router.post('/offer', async (req, res) => {
    const claims = verified(verifier, req);
    res.json(await service.offer(claims, parseBody(OfferRequestSchema, req.body, INVALID_BODY)));
  });

  router.post('/sign', async (req, res) => {
    const claims = verified(verifier, req);
    res.json(await service.sign(claims, parseBody(SignRequestSchema, req.body, INVALID_BODY)));
  });

  router.post('/events', async (req, res) => {
    const claims = verified(verifier, req);
    res.json(await service.events(claims, parseBody(EventsRequestSchema, req.body, INVALID_BODY)));
  });

  return router;
}

/** The service's collaborators: the given ones, or ones built from the context. */
export function postPurchaseDeps(ctx: AppContext, given: PostPurchaseCollaborators = {}): PostPurchaseDeps {
  let catalogFor = given.catalogFor;
  if (!catalogFor) {
    const cache = new CatalogCache({ db: ctx.db, jobs: ctx.jobs, clock: ctx.clock, logger: ctx.logger });
    catalogFor = (shopId) => cache.get(shopId);
  }
  return {
    db: ctx.db,
    clock: ctx.clock,
    logger: ctx.logger,
    config: { apiKey: ctx.config.apiKey, apiSecret: ctx.config.apiSecret },
    catalogFor,
    activeFunnels: given.activeFunnels ?? createActiveFunnels({ db: ctx.db, clock: ctx.clock, logger: ctx.logger, catalogFor }),
    settings: given.settings ?? createSettingsStore(ctx),
    ledger: given.ledger ?? createLedger(ctx),
    ...(given.shops ? { shops: given.shops } : {}),
    ...(given.subscriptionShipping ? { subscriptionShipping: given.subscriptionShipping } : {}),
    ...(given.decisionCacheSize !== undefined ? { decisionCacheSize: given.decisionCacheSize } : {}),
  };
}

function verified(verifier: PurchaseTokenVerifier, req: Request): PurchaseClaims {
  return verifier.verifyAuthorization(req.get('authorization'));
}
