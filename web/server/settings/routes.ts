// GET/PUT /settings (mounted under /api/admin, after session-token auth): the shop's engine settings.
import { Router } from 'express';
import type { AppContext } from '../context.js';
import { requireObjectBody } from '../http/input.js';
import { authenticatedShop } from '../http/request-context.js';
import type { SettingsStore } from './service.js';

export function settingsRouter(_ctx: AppContext, settings: SettingsStore): Router {
  const router = Router();

  router.get('/settings', async (_req, res) => {
    const { settings: current, shopCurrency } = await settings.read(authenticatedShop(res).shopId);
    res.json({ settings: current, shopCurrency });
  });

  router.put('/settings', async (req, res) => {
    res.json({ settings: await settings.update(authenticatedShop(res).shopId, requireObjectBody(req.body)) });
  });

  return router;
}
