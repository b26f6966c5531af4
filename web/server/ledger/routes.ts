// JSON routes over the ledger (mounted under /api/admin, after session-token auth):
//   GET /orders/:orderKey/ledger?related=<key>   events and decisions (with traces) of one purchase: "why no offer"
//   GET /analytics?from=&to=&groupBy=            accept rate, revenue, holdout vs treated
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { BadRequestError } from '../errors.js';
import { parseQuery } from '../http/input.js';
import { authenticatedShop } from '../http/request-context.js';
import { ANALYTICS_GROUPS } from './analytics.js';
import type { Ledger } from './service.js';

const DAY_MS = 86_400_000;
export const DEFAULT_ANALYTICS_DAYS = 30;
export const MAX_ANALYTICS_DAYS = 400;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** Nothing Encore records predates this; PostgreSQL cannot even hold year 0 (the year JavaScript reads "0000" as). */
const EARLIEST = Date.parse('1970-01-01T00:00:00Z');
/** The end of year 9999: a later bound (the day after "to=9999-12-31") is more than Prisma's DateTime takes. */
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');
const instant = z
  .string()
  .max(64)
  .refine((value) => (DATE_ONLY.test(value) || /^\d{4}-\d{2}-\d{2}T/.test(value)) && !Number.isNaN(Date.parse(value)), {
    message: 'Use a date (2026-11-01) or an ISO date-time (2026-11-01T00:00:00Z)',
  })
  .refine((value) => !(Date.parse(value) < EARLIEST), { message: 'Use a date from 1970 on' });

const analyticsQuery = z.object({
  from: instant.optional(),
  /** A date alone includes that whole day (UTC). */
  to: instant.optional(),
  groupBy: z.enum(ANALYTICS_GROUPS).default('funnel'),
});

const relatedKeys = z.object({
  related: z.union([z.string().min(1).max(255), z.array(z.string().min(1).max(255)).max(10)]).optional(),
});

export function ledgerRouter(ctx: AppContext, ledger: Ledger): Router {
  const router = Router();

  router.get('/orders/:orderKey/ledger', async (req, res) => {
    const { shopId } = authenticatedShop(res);
    const { related } = parseQuery(relatedKeys, req.query, 'Invalid related order keys.');
    const orderKeys = [req.params.orderKey, ...(related === undefined ? [] : typeof related === 'string' ? [related] : related)];
    const [decisions, events] = await Promise.all([ledger.decisionsForOrder(shopId, orderKeys), ledger.eventsForOrder(shopId, orderKeys)]);
    res.json({ orderKeys: [...new Set(orderKeys)], decisions, events });
  });

  router.get('/analytics', async (req, res) => {
    const { shopId } = authenticatedShop(res);
    const query = parseQuery(analyticsQuery, req.query, 'Invalid analytics query.');
    const to =
      query.to === undefined
        ? ctx.clock.now()
        : new Date(Math.min(LATEST, DATE_ONLY.test(query.to) ? Date.parse(query.to) + DAY_MS : Date.parse(query.to)));
    const from = query.from === undefined ? new Date(to.getTime() - DEFAULT_ANALYTICS_DAYS * DAY_MS) : new Date(Date.parse(query.from));
    if (from.getTime() >= to.getTime())
      throw new BadRequestError('"from" must be before "to".', [{ field: 'from', message: 'Must be before "to"' }]);
    if (to.getTime() - from.getTime() > MAX_ANALYTICS_DAYS * DAY_MS) {
      throw new BadRequestError(`Ask for at most ${MAX_ANALYTICS_DAYS} days at once.`, [
        { field: 'from', message: `At most ${MAX_ANALYTICS_DAYS} days before "to"` },
      ]);
    }
    res.json(await ledger.analytics(shopId, { from, to, groupBy: query.groupBy }));
  });

  return router;
}
