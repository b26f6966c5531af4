// Subscription notices through the email module, over real parts: a contract sold in the emulator, the app's job
// worker on a ManualClock, a real SMTP server on loopback, the merchant API over HTTP. The reminder arrives in the
// customer's language with a signed link that opens the self-service page; the merchant's template (checked at save
// time, Liquid errors refused with line and column) is the one sent; a duplicate reminder job sends nothing; a pause
// is confirmed by email.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS, DEMO_SELLING_PLANS, DEMO_VARIANTS } from '../../../test/emulator/seed/demo-store.js';
import { type SubscriptionsBackend, startSubscriptionsBackend } from '../../../test/support/subscriptions.js';
import { REMIND_JOB } from './index.js';

const DAY = 86_400_000;

let b: SubscriptionsBackend;
beforeAll(async () => {
  b = await startSubscriptionsBackend();
});
afterAll(async () => b?.close());

const db = () => b.h.server.ctx.db.prisma;

async function sell(customerId: number) {
  const { contract } = b.h.emulator.store.createSubscriptionContractFromCheckout({
    customerId,
    variantId: DEMO_VARIANTS.sencha100g,
    sellingPlanId: DEMO_SELLING_PLANS.monthly,
  });
  await b.settle();
  return db().subscriptionContract.findFirstOrThrow({ where: { shopifyId: `gid://shopify/SubscriptionContract/${contract.id}` } });
}

const inboxFor = (to: string) => b.notices.filter((n) => n.to === to);

describe('subscription notices through the email module', () => {
  it('when a template with a Liquid error is saved, then it is refused with its part, line and column; a valid one is kept', async () => {
    const refused = await b.api('/email/notices/subscription_renewal_reminder/templates/fr', {
      method: 'PUT',
      body: { subject: 'Rappel', html: '<p>Bonjour</p>\n<p>{% if subscription.amount %}{{ subscription.amount }}</p>' },
    });
    expect(refused.status).toBe(422);
    const problem = refused.body.error.problems[0];
    expect(problem).toMatchObject({ field: 'html', line: 2 });
    expect(problem.column).toBeGreaterThan(0);
    expect(refused.body.error.message).toMatch(/html template has a Liquid error at line 2, column \d+/);
    const filter = await b.api('/email/notices/subscription_renewal_reminder/templates/fr', {
      method: 'PUT',
      body: { subject: '{{ subscription.amount | no_such_filter }}', html: '<p>x</p>' },
    });
    expect(filter.status).toBe(422);
    expect(filter.body.error.problems[0]).toMatchObject({ field: 'subject', line: 1 });
    expect((await b.api('/email/notices/subscription_renewal_reminder/templates/fr')).body.template.custom).toBe(false);

    const shipped = (await b.api('/email/notices/subscription_renewal_reminder/templates/fr')).body.template;
    const saved = await b.api('/email/notices/subscription_renewal_reminder/templates/fr', {
      method: 'PUT',
      body: {
        preheader: shipped.preheader,
        html: shipped.html,
        text: shipped.text,
        subject: 'Rappel : votre abonnement chez {{ shop.name }} le {{ subscription.next_billing_date }}',
      },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.template).toMatchObject({ custom: true, kind: 'subscription_renewal_reminder', locale: 'fr' });
    expect((await b.api('/email/notices/nope/templates/fr')).status).toBe(404);
  });

  it('when the merchant previews a notice, then it is rendered on sample data in the chosen language', async () => {
    const preview = await b.api('/email/notices/subscription_payment_failed/preview', { method: 'POST', body: { locale: 'de' } });
    expect(preview.status).toBe(200);
    expect(preview.body.email.subject).toBe('Die Zahlung für Ihr Abonnement ist fehlgeschlagen');
    expect(preview.body.email.html).toContain('style="'); // CSS inlined by juice
    expect(preview.body.email.text).toContain('/subscriptions/manage/');
    const list = await b.api('/email/notices');
    expect(list.body.kinds).toContain('subscription_paused');
    expect(list.body.templates).toHaveLength(list.body.kinds.length * 5);
  });

  it('when a renewal is 3 days away, then the reminder arrives in the customer’s language and its link opens the manage page', async () => {
    const contract = await sell(DEMO_CUSTOMERS.frenchReturning);
    expect(contract.customerLocale).toBe('fr');
    const to = contract.customerEmail!;
    const due = contract.nextBillingDate!;
    await b.advanceTo(new Date(due.getTime() - 3 * DAY - 60_000));
    expect(inboxFor(to)).toHaveLength(0);
    await b.advanceTo(new Date(due.getTime() - 3 * DAY));
    const [reminder, ...others] = inboxFor(to);
    expect(others).toHaveLength(0);
    // The merchant's saved French template (previous test), with the shop's name and a French date.
    expect(reminder?.subject).toMatch(/^Rappel : votre abonnement chez .+ le \d{1,2} \p{L}+ \d{4}$/u);
    expect(reminder?.text).toContain('Gérer votre abonnement');
    const link = /https?:\/\/\S+\/subscriptions\/manage\/[A-Za-z0-9._~-]+/.exec(reminder?.text ?? '')?.[0];
    expect(link).toBeDefined();
    expect(reminder?.html).toContain(link);
    const page = await fetch(`${b.h.server.url}${new URL(link!).pathname}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Skip next delivery');
    const stored = await db().emailNotice.findMany({ where: { shopId: b.shopId, dedupeKey: `${contract.id}:1` } });
    expect(stored.map((n) => [n.kind, n.status, n.locale])).toEqual([['subscription_renewal_reminder', 'sent', 'fr']]);

    // A duplicate reminder job (another key, same contract, cycle and date): nothing is sent again.
    await b.h.server.ctx.jobs.enqueue(
      REMIND_JOB,
      { contractId: contract.id, cycle: 1, due: due.toISOString() },
      { idempotencyKey: `duplicate:${contract.id}`, shopDomain: b.h.shop },
    );
    await b.settle();
    const duplicate = await db().job.findFirstOrThrow({ where: { idempotencyKey: `duplicate:${contract.id}` } });
    expect(duplicate.status).toBe('succeeded');
    expect(duplicate.result).toMatchObject({ sent: false, reason: 'already_sent' });
    expect(inboxFor(to)).toHaveLength(1);
  });

  it('when the shopper pauses on the self-service page, then a confirmation arrives once, in their language', async () => {
    const contract = await sell(DEMO_CUSTOMERS.subscriber);
    const link = await b.api(`/subscriptions/contracts/${contract.id}/manage-link`);
    const path = new URL(link.body.url).pathname;
    const post = {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: '',
      redirect: 'manual' as const,
    };
    expect((await fetch(`${b.h.server.url}${path}/pause`, post)).status).toBe(303);
    expect((await fetch(`${b.h.server.url}${path}/pause`, post)).status).toBe(303);
    await b.settle();
    const paused = inboxFor(contract.customerEmail!).filter((n) => n.subject === 'Your subscription is paused');
    expect(paused).toHaveLength(1);
    expect(paused[0]?.text).toContain('/subscriptions/manage/');
  });
});
