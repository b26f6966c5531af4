// The life of a contract through the real app (HTTP, webhooks signed by the emulator, the job queue, SQLite and
// PostgreSQL, one controlled clock): sold in checkout, renewed on time and once per cycle, dunning after failures,
// a 3-D Secure challenge, an inventory failure, duplicate and late webhooks, and a worker that dies mid-charge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS, DEMO_SELLING_PLANS, DEMO_VARIANTS } from '../../../test/emulator/seed/demo-store.js';
import { billingAttemptPayload } from '../../../test/emulator/store/subscriptions.js';
import { type SubscriptionsBackend, startSubscriptionsBackend } from '../../../test/support/subscriptions.js';
import { subscriptionsFor } from './index.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(['sqlite', 'postgresql'] as const)('renewals on %s', (database) => {
  let b: SubscriptionsBackend;
  beforeAll(async () => {
    b = await startSubscriptionsBackend({ database });
  });
  afterAll(async () => b?.close());

  const db = () => b.h.server.ctx.db.prisma;
  const attemptsOf = (contractId: number) =>
    [...b.h.emulator.store.billingAttempts.values()].filter((a) => a.contractId === contractId).sort((x, y) => x.id - y.id);
  const rowOf = (contractId: number) =>
    db().subscriptionContract.findFirstOrThrow({ where: { shopifyId: `gid://shopify/SubscriptionContract/${contractId}` } });

  /** A checkout with a selling-plan line: Shopify creates the contract and announces it. */
  async function sell(customerId: number = DEMO_CUSTOMERS.vipWithCard, variantId: number = DEMO_VARIANTS.sencha100g) {
    const { contract } = b.h.emulator.store.createSubscriptionContractFromCheckout({
      customerId,
      variantId,
      sellingPlanId: DEMO_SELLING_PLANS.monthly,
    });
    await b.settle();
    return contract.id;
  }

  async function due(contractId: number): Promise<Date> {
    const row = await rowOf(contractId);
    return (row.failedAttempts > 0 ? row.nextRetryAt : row.nextBillingDate) as Date;
  }

  it('when a plan is sold in checkout, then three cycles are billed on time, once each, as revenue, after reminders', async () => {
    const id = await sell();
    const row = await rowOf(id);
    expect(row).toMatchObject({ status: 'ACTIVE', currentCycle: 1, billingInterval: 'MONTH', customerEmail: expect.stringContaining('@') });
    for (let cycle = 1; cycle <= 3; cycle++) {
      const date = await due(id);
      await b.advanceTo(new Date(date.getTime() - HOUR));
      expect(attemptsOf(id)).toHaveLength(cycle - 1);
      await b.advanceTo(date);
      const attempts = attemptsOf(id);
      expect(attempts).toHaveLength(cycle);
      expect(attempts.at(-1)).toMatchObject({ state: 'success', idempotencyKey: `encore:${id}:${cycle}:1` });
      expect((await rowOf(id)).currentCycle).toBe(cycle + 1);
    }
    expect(new Set(attemptsOf(id).map((a) => a.idempotencyKey)).size).toBe(3);
    const paid = await db().offerEvent.findMany({ where: { shopId: b.shopId, surface: 'subscription', kind: 'paid' } });
    const mine = paid.filter((e) => (e.detail as { contractId?: string }).contractId === row.shopifyId);
    expect(mine).toHaveLength(3);
    expect(mine.every((e) => e.amountMinor === 2 * 1080 || e.amountMinor! > 0)).toBe(true);
    const reminders = b.notices.filter((n) => n.subject.startsWith('Your subscription renews') && n.to === row.customerEmail);
    expect(reminders.length).toBeGreaterThanOrEqual(3);
    expect(reminders[0]?.text).toContain('/subscriptions/manage/');
  });

  it('when a card is declined, then the charge is retried a day later and the cycle is billed', async () => {
    const id = await sell(DEMO_CUSTOMERS.subscriber);
    b.h.emulator.store.scriptBillingOutcome(id, [{ kind: 'failure', errorCode: 'INSUFFICIENT_FUNDS' }, { kind: 'success' }]);
    const date = await due(id);
    await b.advanceTo(date);
    expect(attemptsOf(id).map((a) => a.state)).toEqual(['failed']);
    const failed = await rowOf(id);
    expect(failed).toMatchObject({ dunningState: 'retrying', failedAttempts: 1, lastErrorCode: 'INSUFFICIENT_FUNDS', currentCycle: 1 });
    expect(failed.nextRetryAt?.getTime()).toBe(b.clock.now().getTime() + DAY);
    // The customer is told once, with the retry date (the email module's notice, English for this customer).
    const told = await db().emailNotice.findMany({ where: { dedupeKey: `${failed.id}:1`, kind: 'subscription_payment_failed' } });
    expect(told.map((n) => [n.status, n.subject])).toEqual([['sent', 'Your subscription payment did not go through']]);
    expect(told[0]?.text).toMatch(/We will try again on \w+ \d{1,2}, \d{4}\./);
    await b.advance(DAY - HOUR);
    expect(attemptsOf(id)).toHaveLength(1);
    await b.advance(HOUR);
    expect(attemptsOf(id).map((a) => [a.state, a.idempotencyKey])).toEqual([
      ['failed', `encore:${id}:1:1`],
      ['success', `encore:${id}:1:2`],
    ]);
    expect(await rowOf(id)).toMatchObject({ currentCycle: 2, dunningState: 'none', failedAttempts: 0 });
  });

  it("when every retry fails, then after the last one the shop's final action applies (here: cancel)", async () => {
    expect((await b.api('/subscriptions/settings', { method: 'PUT', body: { retryDays: [1, 3], finalAction: 'cancel' } })).status).toBe(
      200,
    );
    const id = await sell(DEMO_CUSTOMERS.wholesale);
    b.h.emulator.store.scriptBillingOutcome(id, { kind: 'failure', errorCode: 'CARD_DECLINED' });
    await b.advanceTo(await due(id));
    await b.advance(DAY);
    expect(b.shopifyContract(id).status).toBe('ACTIVE');
    await b.advance(3 * DAY);
    expect(attemptsOf(id).map((a) => a.state)).toEqual(['failed', 'failed', 'failed']);
    expect(b.shopifyContract(id).status).toBe('CANCELLED');
    expect(await rowOf(id)).toMatchObject({ status: 'CANCELLED', dunningState: 'exhausted', failedAttempts: 3 });
    const detail = await b.api(`/subscriptions/contracts/${(await rowOf(id)).id}`);
    expect(detail.body.contract.billingHistory.map((h: { dunningAction: string }) => h.dunningAction)).toEqual([
      'retry',
      'retry',
      'cancel',
    ]);
    await b.advance(40 * DAY);
    expect(attemptsOf(id)).toHaveLength(3);
    await b.api('/subscriptions/settings', { method: 'PUT', body: { retryDays: [1, 3, 7], finalAction: 'pause' } });
  });

  it('when the card has expired, then Shopify emails the customer a link to replace it and the retry bills the new card', async () => {
    const id = await sell(DEMO_CUSTOMERS.frenchReturning);
    b.h.emulator.store.scriptBillingOutcome(id, [{ kind: 'failure', errorCode: 'EXPIRED_PAYMENT_METHOD' }, { kind: 'success' }]);
    await b.advanceTo(await due(id));
    const row = await rowOf(id);
    expect(row.dunningState).toBe('awaiting_payment_method');
    expect(
      b.h.emulator.store.sentPaymentUpdateEmails.filter(
        (m) => `gid://shopify/CustomerPaymentMethod/${m.paymentMethodId}` === row.paymentMethodId,
      ),
    ).toHaveLength(1);
    await b.advance(DAY);
    expect(attemptsOf(id).map((a) => a.state)).toEqual(['failed', 'success']);
  });

  it('when the bank asks for 3-D Secure, then Encore asks the customer, never retries, and the confirmation bills once', async () => {
    const id = await sell(DEMO_CUSTOMERS.newFirstOrder);
    b.h.emulator.store.scriptBillingOutcome(id, [{ kind: 'challenged' }, { kind: 'success' }]);
    await b.advanceTo(await due(id));
    const [attempt] = attemptsOf(id);
    expect(attempt?.state).toBe('action_required');
    const row = await rowOf(id);
    expect(row.dunningState).toBe('awaiting_customer');
    // The customer's language is Spanish (Customer.locale "es"): the notice is the Spanish template.
    expect(row.customerLocale).toBe('es');
    const notice = b.notices.find((n) => n.subject === 'Confirma el pago de tu suscripción' && n.to === row.customerEmail);
    expect(notice?.text).toContain(attempt?.nextActionUrl);
    await b.advance(5 * DAY);
    expect(attemptsOf(id)).toHaveLength(1);
    b.h.emulator.store.completeChallenge(attempt!.id, 'success');
    await b.settle();
    expect(attemptsOf(id)).toHaveLength(1);
    expect(await rowOf(id)).toMatchObject({ currentCycle: 2, dunningState: 'none' });
  });

  it("when nobody answers a 3-D Secure challenge, then after 7 days the shop's final action (pause) ends the wait", async () => {
    const id = await sell(DEMO_CUSTOMERS.frenchReturning);
    b.h.emulator.store.scriptBillingOutcome(id, [{ kind: 'challenged' }]);
    await b.advanceTo(await due(id));
    expect((await rowOf(id)).dunningState).toBe('awaiting_customer');
    await b.advance(6 * DAY);
    expect(await rowOf(id)).toMatchObject({ status: 'ACTIVE', dunningState: 'awaiting_customer' });
    await b.advance(DAY + HOUR);
    expect(await rowOf(id)).toMatchObject({ status: 'PAUSED', dunningState: 'exhausted', lastErrorCode: 'AUTHENTICATION_EXPIRED' });
    expect(b.shopifyContract(id).status).toBe('PAUSED');
    expect(attemptsOf(id)).toHaveLength(1);
    const [attempt] = await db().billingAttempt.findMany({
      where: { contract: { shopifyId: `gid://shopify/SubscriptionContract/${id}` } },
    });
    expect(attempt).toMatchObject({ status: 'challenged', dunningAction: 'challenge_expired_pause' });
  });

  it('when an item is out of stock, then the cycle is skipped (the default) and the next one is billed on its date', async () => {
    const id = await sell(DEMO_CUSTOMERS.canadian);
    b.h.emulator.store.scriptBillingOutcome(id, [{ kind: 'failure', errorCode: 'INSUFFICIENT_INVENTORY' }, { kind: 'success' }]);
    const first = await due(id);
    await b.advanceTo(first);
    const row = await rowOf(id);
    expect(row).toMatchObject({ currentCycle: 2, dunningState: 'none' });
    expect(row.nextBillingDate!.getTime()).toBeGreaterThan(first.getTime() + 27 * DAY);
    expect(new Date(b.shopifyContract(id).nextBillingDate).getTime()).toBe(row.nextBillingDate!.getTime());
    await b.advance(3 * DAY);
    expect(attemptsOf(id)).toHaveLength(1);
    await b.advanceTo(row.nextBillingDate!);
    expect(attemptsOf(id).map((a) => [a.state, a.idempotencyKey])).toEqual([
      ['failed', `encore:${id}:1:1`],
      ['success', `encore:${id}:2:1`],
    ]);
  });

  it('when webhooks arrive twice or out of order, then nothing is recorded twice and nothing goes back', async () => {
    const id = await sell(DEMO_CUSTOMERS.noOrders);
    await b.advanceTo(await due(id));
    const [attempt] = attemptsOf(id);
    const before = await rowOf(id);
    const events = () => db().offerEvent.count({ where: { shopId: b.shopId, surface: 'subscription' } });
    const eventsBefore = await events();
    const domain = b.h.shop;
    await b.h.emulator.webhooks.send('subscription_billing_attempts/success', domain, billingAttemptPayload(attempt!));
    await b.h.emulator.webhooks.send('subscription_billing_attempts/failure', domain, {
      ...billingAttemptPayload(attempt!),
      error_code: 'card_declined',
      order_id: null,
    });
    await b.settle();
    expect(await events()).toBe(eventsBefore);
    const after = await rowOf(id);
    expect(after).toMatchObject({ currentCycle: before.currentCycle, dunningState: 'none', failedAttempts: 0 });
    expect(after.nextBillingDate?.getTime()).toBe(before.nextBillingDate?.getTime());
    expect(attemptsOf(id)).toHaveLength(1);
  });

  it('when the worker dies after Shopify accepted the attempt, before it was recorded, then the retry charges nothing more', async () => {
    const id = await sell(DEMO_CUSTOMERS.vipWithCard, DEMO_VARIANTS.earlGrey100g);
    const module = subscriptionsFor(b.h.server.ctx);
    const rowId = (await rowOf(id)).id;
    let killed = 0;
    module.onAttemptCreated(async (contractId) => {
      if (contractId === rowId && killed++ === 0) throw new Error('worker killed');
    });
    try {
      const date = await due(id);
      b.clock.set(date);
      await b.worker.runDue();
      expect(attemptsOf(id)).toHaveLength(1);
      expect(
        (await db().billingAttempt.findFirstOrThrow({ where: { contract: { shopifyId: `gid://shopify/SubscriptionContract/${id}` } } }))
          .status,
      ).toBe('pending');
      // The retry runs before Shopify settles the attempt and its webhook arrives (otherwise the webhook, processed
      // by another job at the same moment, may record the outcome first, and the retry has nothing left to send).
      b.clock.advance(10 * 60_000);
      await b.worker.runDue();
      await b.settle();
    } finally {
      module.onAttemptCreated(undefined);
    }
    expect(killed).toBe(2);
    expect(attemptsOf(id)).toHaveLength(1);
    expect(b.h.emulator.store.contracts.get(id)!.orderIds).toHaveLength(2);
    expect(await rowOf(id)).toMatchObject({ currentCycle: 2 });
  });

  it('when a contract is paused, then it is not billed; resumed, it is billed again', async () => {
    const id = await sell(DEMO_CUSTOMERS.subscriber, DEMO_VARIANTS.earlGrey100g);
    const row = await rowOf(id);
    expect((await b.api(`/subscriptions/contracts/${row.id}/pause`, { method: 'POST' })).body.contract.status).toBe('PAUSED');
    await b.advanceTo(new Date(row.nextBillingDate!.getTime() + DAY));
    expect(attemptsOf(id)).toHaveLength(0);
    const resumed = await b.api(`/subscriptions/contracts/${row.id}/resume`, { method: 'POST' });
    expect(resumed.body.contract.status).toBe('ACTIVE');
    await b.advanceTo(new Date(resumed.body.contract.nextBillingDate));
    expect(attemptsOf(id).map((a) => a.state)).toEqual(['success']);
  });
});
