import { Router } from 'express';

/** What the health route reports on; `http/app.ts` passes `databaseHealth` of `db/health.ts`. */
export interface HealthChecks {
  database(): Promise<{ provider: string; reachable: boolean }>;
}

/** Liveness plus a database round trip; 503 when the database does not answer. */
export function healthRouter(checks: HealthChecks): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const database = await checks.database();
    if (database.reachable) res.json({ ok: true, database: database.provider });
    else res.status(503).json({ ok: false, database: 'unreachable' });
  });
  return router;
}
