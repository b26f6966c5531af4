// JSON routes for funnels and library offers (mounted under /api/admin, after session-token auth). Thin: read
// the shop and the input, call the service, answer. Lists are cursor-paginated (`nextCursor` -> `?cursor=`).
import { type Request, Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { parseQuery, requireObjectBody } from '../http/input.js';
import { authenticatedShop } from '../http/request-context.js';
import { SURFACES } from '../offers/index.js';
import type { FunnelsModule } from './index.js';
import { MAX_PAGE_SIZE, MAX_VERSION } from './repository.js';

const booleanParam = z.enum(['true', 'false']).transform((value) => value === 'true');
const page = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
  cursor: z.string().min(1).max(100).optional(),
};
const funnelListQuery = z.object({ surface: z.enum(SURFACES).optional(), enabled: booleanParam.optional(), ...page });
const offerListQuery = z.object({ enabled: booleanParam.optional(), ...page });
const validateQuery = z.object({ funnelId: z.string().min(1).max(100).optional() });
const versionParam = z.object({ version: z.coerce.number().int().min(1).max(MAX_VERSION).optional() });

/** The version a state change names, from the JSON body or `?version=`; optional for these small changes. */
function optionalVersion(req: Request): number | undefined {
  const fromBody =
    typeof req.body === 'object' && req.body !== null && 'version' in req.body
      ? { version: (req.body as { version: unknown }).version }
      : {};
  return parseQuery(versionParam, { ...req.query, ...fromBody }, 'The version is not a whole number.').version;
}

export function funnelsRouter(_ctx: AppContext, module: FunnelsModule): Router {
  const router = Router();
  const { funnels, offers } = module;

  // --- funnels ---
  router.get('/funnels', async (req, res) => {
    const filter = parseQuery(funnelListQuery, req.query, 'Invalid funnel filter.');
    res.json(await funnels.list(authenticatedShop(res).shopId, filter));
  });

  router.post('/funnels', async (req, res) => {
    const { record, warnings, notices } = await funnels.create(authenticatedShop(res).shopId, requireObjectBody(req.body));
    res.status(201).location(`${req.baseUrl}/funnels/${record.id}`).json({ funnel: record, warnings, notices });
  });

  router.post('/funnels/validate', async (req, res) => {
    const { funnelId } = parseQuery(validateQuery, req.query, 'Invalid funnelId.');
    res.json(await funnels.validate(authenticatedShop(res).shopId, requireObjectBody(req.body), funnelId));
  });

  router.get('/funnels/:id', async (req, res) => {
    const { record, warnings } = await funnels.get(authenticatedShop(res).shopId, req.params.id);
    res.json({ funnel: record, warnings });
  });

  router.put('/funnels/:id', async (req, res) => {
    const { record, warnings, notices } = await funnels.update(authenticatedShop(res).shopId, req.params.id, requireObjectBody(req.body));
    res.json({ funnel: record, warnings, notices });
  });

  router.post('/funnels/:id/enable', async (req, res) => {
    res.json({ funnel: await funnels.setEnabled(authenticatedShop(res).shopId, req.params.id, true, optionalVersion(req)) });
  });

  router.post('/funnels/:id/disable', async (req, res) => {
    res.json({ funnel: await funnels.setEnabled(authenticatedShop(res).shopId, req.params.id, false, optionalVersion(req)) });
  });

  router.delete('/funnels/:id', async (req, res) => {
    await funnels.remove(authenticatedShop(res).shopId, req.params.id, optionalVersion(req));
    res.status(204).end();
  });

  // --- library offers ---
  router.get('/offers', async (req, res) => {
    const filter = parseQuery(offerListQuery, req.query, 'Invalid offer filter.');
    res.json(await offers.list(authenticatedShop(res).shopId, filter));
  });

  router.post('/offers', async (req, res) => {
    const { record, warnings, notices } = await offers.create(authenticatedShop(res).shopId, requireObjectBody(req.body));
    res.status(201).location(`${req.baseUrl}/offers/${record.id}`).json({ offer: record, warnings, notices });
  });

  router.post('/offers/validate', async (req, res) => {
    res.json(await offers.validate(authenticatedShop(res).shopId, requireObjectBody(req.body)));
  });

  router.get('/offers/:id', async (req, res) => {
    const { record, usedBy } = await offers.get(authenticatedShop(res).shopId, req.params.id);
    res.json({ offer: record, usedBy });
  });

  router.put('/offers/:id', async (req, res) => {
    const { record, warnings, notices, usedBy } = await offers.update(
      authenticatedShop(res).shopId,
      req.params.id,
      requireObjectBody(req.body),
    );
    res.json({ offer: record, usedBy, warnings, notices });
  });

  router.post('/offers/:id/enable', async (req, res) => {
    const { usedBy, ...offer } = await offers.setEnabled(authenticatedShop(res).shopId, req.params.id, true, optionalVersion(req));
    res.json({ offer, usedBy });
  });

  router.post('/offers/:id/disable', async (req, res) => {
    const { usedBy, ...offer } = await offers.setEnabled(authenticatedShop(res).shopId, req.params.id, false, optionalVersion(req));
    res.json({ offer, usedBy });
  });

  router.delete('/offers/:id', async (req, res) => {
    await offers.remove(authenticatedShop(res).shopId, req.params.id, optionalVersion(req));
    res.status(204).end();
  });

  return router;
}
