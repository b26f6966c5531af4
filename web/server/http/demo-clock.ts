// Demo only (ENCORE_DEMO=1 with the demo's movable clock): POST /api/demo/clock {"days": 30} moves the app's and the
// emulator's clock forward, so renewals and dunning retries that were weeks away come due now; the in-process
// worker then bills them within a second or two. Never mounted outside demo mode.
import { Router } from 'express';
import { z } from 'zod';
import { parseBody } from '../http/input.js';

const advance = z
  .object({
    days: z.number().min(0).max(400).default(0),
    hours: z
      .number()
      .min(0)
      .max(24 * 400)
      .default(0),
  })
  .strict();

export function demoClockRouter(clock: { now(): Date; advance(ms: number): void }): Router {
  const router = Router();
  router.post('/clock', (req, res) => {
    const { days, hours } = parseBody(advance, req.body ?? {}, 'Send {"days": n} and/or {"hours": n}.');
    clock.advance((days * 24 + hours) * 3_600_000);
    res.json({ now: clock.now().toISOString() });
  });
  router.get('/clock', (_req, res) => {
    res.json({ now: clock.now().toISOString() });
  });
  return router;
}
