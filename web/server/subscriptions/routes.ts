// The merchant API for subscriptions (mounted under /api/admin, after session-token auth; every call is scoped to
// the token's shop):
//   GET/POST /subscriptions/plan-groups, GET/PUT/DELETE /subscriptions/plan-groups/:id
//   GET  /subscriptions/contracts?status=&customer=&limit=&cursor=      GET /subscriptions/contracts/:id
//   POST /subscriptions/contracts/:id/pause|resume|cancel|skip            (on the shopper's behalf)
//   POST /subscriptions/contracts/:id/frequency {planId}                  another plan of the group, re-priced
//   GET  /subscriptions/contracts/:id/manage-link                          the shopper's self-service link
//   GET  /subscriptions/upcoming?days=30                                   upcoming renewals, forecast revenue
//   GET/PUT /subscriptions/settings                                        retry schedule, final action, reminders
//   POST /subscriptions/reconcile                                          read every contract from Shopify again
import { Router } from 'express';
import { z } from 'zod';
import { UnprocessableError } from '../errors.js';
import { parseBody, parseQuery, requireObjectBody } from '../http/input.js';
import { authenticatedShop } from '../http/request-context.js';
import {
  CONTRACT_ACTIONS,
  type ContractAction,
  cancelContract,
  changeFrequency,
  pauseContract,
  resumeContract,
  skipCycle,
} from './actions.js';
import { requestReconciliation } from './contracts.js';
import type { SubscriptionDeps } from './deps.js';
import { managePageUrl, signManageLink } from './manage-link.js';
import { createPlanGroup, deletePlanGroup, frequencyOptions, getPlanGroup, listPlanGroups, updatePlanGroup } from './plans.js';
import { contractDetail, listContracts, upcomingRenewals } from './queries.js';
import { readSubscriptionSettings, updateSubscriptionSettings } from './settings.js';

const contractQuery = z.object({
  status: z.enum(['ACTIVE', 'PAUSED', 'CANCELLED', 'EXPIRED', 'FAILED']).optional(),
  customer: z.string().min(1).max(255).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(100).optional(),
});
const frequencyBody = z.object({ planId: z.string().regex(/^gid:\/\/shopify\/SellingPlan\/\d+$/, 'a selling plan GID') }).strict();
const upcomingQuery = z.object({ days: z.coerce.number().int().min(1).max(366).default(30) });

export function subscriptionsAdminRouter(deps: SubscriptionDeps): Router {
  const router = Router();
  const shopOf = (res: Parameters<typeof authenticatedShop>[0]) => {
    const { shopId, domain } = authenticatedShop(res);
    return { id: shopId, domain };
  };

  router.get('/subscriptions/plan-groups', async (_req, res) => {
    res.json({ planGroups: await listPlanGroups(deps, shopOf(res).id) });
  });
  router.post('/subscriptions/plan-groups', async (req, res) => {
    res.status(201).json({ planGroup: await createPlanGroup(deps, shopOf(res), requireObjectBody(req.body)) });
  });
  router.get('/subscriptions/plan-groups/:id', async (req, res) => {
    res.json({ planGroup: await getPlanGroup(deps, shopOf(res).id, req.params.id) });
  });
  router.put('/subscriptions/plan-groups/:id', async (req, res) => {
    res.json({ planGroup: await updatePlanGroup(deps, shopOf(res), req.params.id, requireObjectBody(req.body)) });
  });
  router.delete('/subscriptions/plan-groups/:id', async (req, res) => {
    await deletePlanGroup(deps, shopOf(res), req.params.id);
    res.status(204).end();
  });

  router.get('/subscriptions/contracts', async (req, res) => {
    const filter = parseQuery(contractQuery, req.query, 'Invalid contract filter.');
    res.json(await listContracts(deps.db, shopOf(res).id, filter));
  });
  router.get('/subscriptions/contracts/:id', async (req, res) => {
    res.json({ contract: await contractDetail(deps.db, shopOf(res).id, req.params.id) });
  });
  router.post('/subscriptions/contracts/:id/frequency', async (req, res) => {
    const shop = shopOf(res);
    const { planId } = parseBody(frequencyBody, req.body, 'Name the plan to move to.');
    const contract = await contractDetail(deps.db, shop.id, req.params.id);
    const plans = await frequencyOptions(deps, shop.id, contract.lines[0]?.sellingPlanId ?? null);
    const plan = plans.find((p) => p.id === planId);
    if (!plan)
      throw new UnprocessableError('This plan is not one this subscription can move to.', [
        {
          field: 'planId',
          message: `Use one of: ${plans.map((p) => p.id).join(', ') || 'none (the subscription is not on a known plan group)'}`,
        },
      ]);
    await changeFrequency(deps, shop, contract.id, plan, plans);
    res.json({ contract: await contractDetail(deps.db, shop.id, req.params.id) });
  });
  router.post('/subscriptions/contracts/:id/:action', async (req, res) => {
    const action = req.params.action as ContractAction;
    if (!CONTRACT_ACTIONS.includes(action)) {
      res
        .status(404)
        .json({ error: { code: 'not_found', message: `Unknown action "${req.params.action}": use ${CONTRACT_ACTIONS.join(', ')}.` } });
      return;
    }
    const shop = shopOf(res);
    const run = { pause: pauseContract, resume: resumeContract, cancel: cancelContract, skip: skipCycle }[action];
    await run(deps, shop, req.params.id);
    res.json({ contract: await contractDetail(deps.db, shop.id, req.params.id) });
  });
  router.get('/subscriptions/contracts/:id/manage-link', async (req, res) => {
    const shop = shopOf(res);
    const contract = await contractDetail(deps.db, shop.id, req.params.id);
    const token = signManageLink({ shop: shop.domain, contractId: contract.id, now: deps.clock.now() }, deps.linkSecret);
    res.json({ url: managePageUrl(deps.appUrl, token) });
  });

  router.get('/subscriptions/upcoming', async (req, res) => {
    const { days } = parseQuery(upcomingQuery, req.query, 'Invalid period.');
    res.json(await upcomingRenewals(deps.db, shopOf(res).id, deps.clock.now(), days));
  });
  router.get('/subscriptions/settings', async (_req, res) => {
    res.json({ settings: await readSubscriptionSettings(deps.db, shopOf(res).id) });
  });
  router.put('/subscriptions/settings', async (req, res) => {
    res.json({ settings: await updateSubscriptionSettings(deps.db, shopOf(res).id, requireObjectBody(req.body)) });
  });
  router.post('/subscriptions/reconcile', async (_req, res) => {
    const jobId = await requestReconciliation(deps, shopOf(res).domain);
    res.status(202).json({ jobId });
  });
  return router;
}
