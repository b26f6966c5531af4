// The shopper's self-service page, reached from the signed link in every subscription notice: skip the next
// delivery, change the frequency among the plan's options, change the next date, pause, resume, cancel. Plain
// server-rendered HTML with one form per action (works without JavaScript); each action is one click (two for a
// date or a frequency: choose, then save), and cancelling takes no more than subscribing did.
//   GET  /subscriptions/manage/:token
//   POST /subscriptions/manage/:token/skip|pause|resume|cancel|date|frequency   (form posts; 303 back to the page)
import express, { type Request, type Response, Router } from 'express';
import { AppError } from '../errors.js';
import { cancelContract, changeFrequency, pauseContract, rescheduleContract, resumeContract, skipCycle } from './actions.js';
import type { StoredContractLine } from './contracts.js';
import type { SubscriptionDeps } from './deps.js';
import { verifyManageLink } from './manage-link.js';
import { frequencyOptions, type StoredPlan } from './plans.js';
import { managedContract } from './queries.js';
import { cycleAmountMinor, formatMinor } from './schedule.js';
import type { ContractRecord } from './scheduling.js';

const esc = (value: unknown) =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const DONE: Record<string, string> = {
  skip: 'Your next delivery is skipped.',
  pause: 'Your subscription is paused. Resume it whenever you like.',
  resume: 'Your subscription is active again.',
  cancel: 'Your subscription is cancelled. You will not be charged again.',
  date: 'Your next delivery date is changed.',
  frequency: 'Your delivery frequency is changed.',
};

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
form{display:inline-block;margin:.25rem .5rem .25rem 0}button{font-size:1rem;padding:.5rem 1rem;cursor:pointer}
.note{background:#eef6ee;padding:.5rem 1rem}.error{background:#fbeaea;padding:.5rem 1rem}section{margin:1.5rem 0}</style></head>
<body>${body}</body></html>`;
}

function button(token: string, action: string, label: string): string {
  return (
    `<form method="post" action="/subscriptions/manage/${esc(token)}/${action}">` +
    `<button type="submit" name="action" value="${action}">${esc(label)}</button></form>`
  );
}

function render(contract: ContractRecord, plans: StoredPlan[], token: string, notice: { ok?: string; error?: string }): string {
  const lines = contract.lines as unknown as StoredContractLine[];
  const amount = `${formatMinor(cycleAmountMinor(lines, contract.deliveryPriceMinor))} ${contract.currencyCode}`;
  const next = contract.nextBillingDate ? contract.nextBillingDate.toISOString().slice(0, 10) : null;
  const active = contract.status === 'ACTIVE';
  const items = lines
    .map((l) => `<li>${esc(l.quantity)} × ${esc(l.title)}${l.variantTitle ? ` (${esc(l.variantTitle)})` : ''}</li>`)
    .join('');
  const current = lines.find((l) => l.sellingPlanId)?.sellingPlanId;
  const choices = plans.map((p) => `<option value="${esc(p.id)}"${p.id === current ? ' selected' : ''}>${esc(p.name)}</option>`).join('');
  const actions = active
    ? `${button(token, 'skip', 'Skip next delivery')}${button(token, 'pause', 'Pause')}${button(token, 'cancel', 'Cancel subscription')}
<section><form method="post" action="/subscriptions/manage/${esc(token)}/date">
<label>Next delivery date <input type="date" name="date" value="${esc(next)}" required></label>
<button type="submit">Change date</button></form></section>
${plans.length > 1 ? frequencyForm(token, choices) : ''}`
    : contract.status === 'PAUSED'
      ? `${button(token, 'resume', 'Resume')}${button(token, 'cancel', 'Cancel subscription')}`
      : '';
  return page(
    'Your subscription',
    `<h1>Your subscription</h1>
${notice.ok ? `<p class="note" role="status">${esc(notice.ok)}</p>` : ''}
${notice.error ? `<p class="error" role="alert">${esc(notice.error)}</p>` : ''}
<p>Status: <strong>${esc(contract.status.toLowerCase())}</strong></p><ul>${items}</ul>
<p>${
      active && next
        ? `Next delivery: <strong>${esc(next)}</strong>, ${esc(amount)} (plus taxes, if any).`
        : `Each delivery: ${esc(amount)}.`
    }</p>
${actions}`,
  );
}

export function selfServiceRouter(deps: SubscriptionDeps): Router {
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: '4kb' }));

  async function open(
    req: Request,
    res: Response,
  ): Promise<{ contract: ContractRecord; shop: { id: string; domain: string }; token: string } | null> {
    const token = String(req.params.token ?? '');
    const verdict = verifyManageLink(token, deps.linkSecret, deps.clock.now());
    if (!verdict.ok) {
      const expired = verdict.reason === 'expired';
      res
        .status(expired ? 410 : 404)
        .type('html')
        .send(
          page(
            'Link not valid',
            `<h1>${expired ? 'This link has expired' : 'This link is not valid'}</h1>` +
              '<p>Open the link in your latest subscription email, or contact the shop.</p>',
          ),
        );
      return null;
    }
    const found = await managedContract(deps.db, verdict.claims.shop, verdict.claims.subject);
    if (!found) {
      res
        .status(404)
        .type('html')
        .send(page('Not found', '<h1>This subscription cannot be managed here any more</h1><p>Please contact the shop.</p>'));
      return null;
    }
    return { ...found, token };
  }

  router.get('/subscriptions/manage/:token', async (req, res) => {
    const opened = await open(req, res);
    if (!opened) return;
    const plans = await frequencyOptions(
      deps,
      opened.shop.id,
      (opened.contract.lines as unknown as StoredContractLine[])[0]?.sellingPlanId ?? null,
    );
    const done = typeof req.query.done === 'string' ? DONE[req.query.done] : undefined;
    res
      .type('html')
      .setHeader('Cache-Control', 'no-store')
      .send(render(opened.contract, plans, opened.token, done ? { ok: done } : {}));
  });

  router.post('/subscriptions/manage/:token/:action', async (req, res) => {
    const opened = await open(req, res);
    if (!opened) return;
    const { contract, shop, token } = opened;
    const action = String(req.params.action);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const lines = contract.lines as unknown as StoredContractLine[];
    const plans = await frequencyOptions(deps, shop.id, lines[0]?.sellingPlanId ?? null);
    try {
      if (action === 'skip') await skipCycle(deps, shop, contract.id);
      else if (action === 'pause') await pauseContract(deps, shop, contract.id);
      else if (action === 'resume') await resumeContract(deps, shop, contract.id);
      else if (action === 'cancel') await cancelContract(deps, shop, contract.id);
      else if (action === 'date') {
        const value = typeof body.date === 'string' ? body.date : '';
        const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(Number.NaN);
        if (Number.isNaN(date.getTime())) throw new AppError(400, 'bad_request', 'Choose a date such as 2026-12-24.');
        await rescheduleContract(deps, shop, contract.id, date);
      } else if (action === 'frequency') {
        const plan = plans.find((p) => p.id === body.planId);
        if (!plan) throw new AppError(400, 'bad_request', 'Choose one of the frequencies offered.');
        await changeFrequency(deps, shop, contract.id, plan, plans);
      } else {
        res.status(404).type('html').send(page('Not found', '<h1>Unknown action</h1>'));
        return;
      }
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const current = (await managedContract(deps.db, shop.domain, contract.id))?.contract ?? contract;
      res
        .status(error.status)
        .type('html')
        .send(render(current, plans, token, { error: error.message }));
      return;
    }
    res.redirect(303, `/subscriptions/manage/${token}?done=${encodeURIComponent(action)}`);
  });
  return router;
}

function frequencyForm(token: string, choices: string): string {
  return `<section><form method="post" action="/subscriptions/manage/${esc(token)}/frequency">
<label>Frequency <select name="planId">${choices}</select></label>
<button type="submit">Change frequency</button></form></section>`;
}
