// JSON API for the embedded admin; every route runs after session-token auth and is scoped to its shop.
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { JOB_STATUSES } from '../jobs/types.js';
import { shopProfile } from '../shops/index.js';
import { parseQuery } from './input.js';
import { authenticatedShop } from './request-context.js';

const jobListQuery = z.object({
  status: z.enum(JOB_STATUSES).optional(),
  name: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(100).optional(),
});

export function adminRouter(ctx: AppContext): Router {
  const router = Router();

  router.get('/shop', async (_req, res) => {
    const { shopId } = authenticatedShop(res);
    const shop = await shopProfile(ctx.db, shopId);
    if (!shop) throw new NotFoundError('This store is not installed; open the app from the Shopify admin.');
    res.json({ shop });
  });

  // Background work of this shop (email sends, renewals, webhook processing), for the admin's activity page.
  router.get('/jobs', async (req, res) => {
    const filter = parseQuery(jobListQuery, req.query, 'Invalid job filter.');
    const { domain } = authenticatedShop(res);
    const page = await ctx.jobs.list({ ...filter, shopDomain: domain });
    res.json(page);
  });

  router.get('/jobs/:id', async (req, res) => {
    const { domain } = authenticatedShop(res);
    const job = await ctx.jobs.get(req.params.id);
    if (!job || job.shopDomain !== domain) throw new NotFoundError(`No job ${req.params.id} for this shop.`);
    res.json({ job });
  });

  return router;
}
