import { Router } from 'express';
import type { AppContext } from '../context.js';

/** Liveness plus a database round trip; 503 when the database does not answer. */
export function healthRouter(ctx: Pick<AppContext, 'db'>): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    try {
      await ctx.db.prisma.$queryRawUnsafe('SELECT 1');
      res.json({ ok: true, database: ctx.db.provider });
    } catch {
      res.status(503).json({ ok: false, database: 'unreachable' });
    }
  });
  return router;
}
