// The email flow when things go wrong, through the real app on both databases: stock that runs out before the
// send, Shopify 5xx and THROTTLED, SMTP refusing, a worker that dies between SMTP and the record, orders Shopify
// cannot edit, a purchase already answered on the post-purchase page, the frequency cap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS, DEMO_PRODUCTS, DEMO_VARIANTS } from '../../../test/emulator/seed/demo-store.js';
import { type EmailBackend, mugEmailFunnel, startEmailBackend } from '../../../test/support/email-backend.js';
import { emailFlowDeps } from './module.js';
import { parseOfferSnapshot } from './offer-snapshot.js';
import { SENDING_GRACE_MS, sendEmailOffer } from './send.js';
import type { EmailTransport } from './transport.js';
import { smtpTransport } from './transport.js';

const TEN_MINUTES = 10 * 60_000;
const product = (n: number) => `gid://shopify/Product/${n}`;

/** A choice of the glass cups or the tumbler, for orders tagged `tag`; out-of-stock behaviour as given. */
function choiceFunnel(tag: string, whenOutOfStock: 'send_remaining' | 'skip') {
  const base = mugEmailFunnel();
  const content = base.steps[0]!.content;
  return {
    ...base,
    name: `Cups (${whenOutOfStock})`,
    priority: 100,
    whenOutOfStock,
    targeting: { match: 'all' as const, conditions: [{ type: 'orderTags' as const, tags: [tag] }] },
    rootStepId: 'cups',
    steps: [
      {
        id: 'cups',
        offer: {
          kind: 'choice' as const,
          source: {
            type: 'products' as const,
            items: [
              { productId: product(DEMO_PRODUCTS.glassCups), variantIds: null, discount: { type: 'percentage' as const, percent: 5 } },
              { productId: product(DEMO_PRODUCTS.tumbler), variantIds: null, discount: { type: 'percentage' as const, percent: 5 } },
            ],
          },
        },
        content,
        accept: null,
        decline: null,
      },
    ],
  };
}

describe.each(['sqlite', 'postgresql'] as const)('email offers on %s, when things go wrong', (database) => {
  let b: EmailBackend;

  beforeAll(async () => {
    b = await startEmailBackend({ database });
    await b.createFunnel(mugEmailFunnel());
    await b.createFunnel(choiceFunnel('cups-remaining', 'send_remaining'));
    await b.createFunnel(choiceFunnel('cups-skip', 'skip'));
  });
  afterAll(async () => b?.close());

  const prisma = () => b.h.server.ctx.db.prisma;
  const offerOf = (orderId: string) => prisma().emailOffer.findUnique({ where: { shopId_orderId: { shopId: b.shop.id, orderId } } });
  const reasonsOf = async (orderId: string) => {
    const row = await prisma().offerDecision.findUnique({
      where: { shopId_surface_orderKey: { shopId: b.shop.id, surface: 'email', orderKey: orderId } },
    });
    return ((row?.trace as { trace?: Array<{ reason: string; outcome: string; funnelId: string | null }> } | undefined)?.trace ?? [])
      .filter((entry) => entry.funnelId === null)
      .map((entry) => entry.reason);
  };
  const order = (customerId: number | null, tags: string[] = []) =>
    b.placeOrder({ customerId, tags, lines: [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }] });
  const sentTo = (offerId: string) => b.smtp.messages.filter((m) => m.raw.includes(`X-Encore-Email-Offer: ${offerId}`));

  it('when one offered product goes out of stock before the send, then the email offers what is left', async () => {
    const orderId = order(DEMO_CUSTOMERS.wholesale, ['cups-remaining']);
    await b.settle();
    const scheduled = parseOfferSnapshot((await offerOf(orderId))!.offer)!;
    expect(scheduled.products).toHaveLength(2);
    b.h.emulator.store.setInventory(DEMO_VARIANTS.glassCups, 0);
    await b.advance(TEN_MINUTES);
    const offer = (await offerOf(orderId))!;
    expect(offer.status).toBe('sent');
    expect(parseOfferSnapshot(offer.offer)!.products.map((p) => p.productId)).toEqual([product(DEMO_PRODUCTS.tumbler)]);
    const [email] = sentTo(offer.id);
    // The product lines of the email list the tumbler only (the step's texts were written at decision time).
    expect(email!.parsed.text).toContain('- Travel Tumbler 475 ml');
    expect(email!.parsed.text).not.toContain('- Double-Wall Glass Cups');
    b.h.emulator.store.setInventory(DEMO_VARIANTS.glassCups, 50);
  });

  it('when an offered product goes out of stock and the funnel says skip, then no email is sent', async () => {
    const before = b.smtp.messages.length;
    const orderId = order(DEMO_CUSTOMERS.canadian, ['cups-skip']);
    await b.settle();
    b.h.emulator.store.setInventory(DEMO_VARIANTS.glassCups, 0);
    await b.advance(TEN_MINUTES);
    const offer = (await offerOf(orderId))!;
    expect(offer.status).toBe('cancelled');
    expect(JSON.stringify(offer.sendOutcome)).toContain('all_out_of_stock');
    expect(b.smtp.messages.length).toBe(before);
    b.h.emulator.store.setInventory(DEMO_VARIANTS.glassCups, 50);
  });

  it('when Shopify answers 5xx, then the decision and the send are retried later and the email goes out once', async () => {
    const orderId = order(DEMO_CUSTOMERS.noOrders);
    b.h.emulator.faults.next({ status: 503, count: 50 });
    await b.settle();
    const decide = await prisma().job.findFirstOrThrow({ where: { name: 'email.decide', idempotencyKey: { endsWith: orderId } } });
    expect(decide.status).toBe('queued');
    expect(decide.lastError).toMatch(/503|unavailable/i);
    expect(await offerOf(orderId)).toBeNull();
    b.h.emulator.faults.clear();
    await b.advance(60_000);
    const offer = (await offerOf(orderId))!;
    expect(offer.status).toBe('scheduled');

    b.clock.set(offer.scheduledFor);
    b.h.emulator.faults.next({ status: 502, count: 50 });
    await b.settle();
    expect((await offerOf(orderId))!.status).toBe('scheduled');
    b.h.emulator.faults.clear();
    await b.advance(60_000);
    expect((await offerOf(orderId))!.status).toBe('sent');
    expect(sentTo(offer.id)).toHaveLength(1);
  });

  it('when the shop is throttled at send time, then the email waits for the bucket and goes out', async () => {
    const orderId = order(DEMO_CUSTOMERS.subscriber);
    await b.settle();
    const offer = (await offerOf(orderId))!;
    b.clock.set(offer.scheduledFor);
    b.h.emulator.bucket().drain();
    await b.settle();
    expect((await offerOf(orderId))!.status).toBe('scheduled');
    await b.advance(60_000);
    expect((await offerOf(orderId))!.status).toBe('sent');
    expect(sentTo(offer.id)).toHaveLength(1);
  });

  it('when SMTP answers 451 (try later), then the email is retried', async () => {
    const orderId = order(DEMO_CUSTOMERS.vipWithCard);
    await b.settle();
    const offer = (await offerOf(orderId))!;
    b.smtp.rejectNext(451);
    b.clock.set(offer.scheduledFor);
    await b.settle();
    expect((await offerOf(orderId))!.status).toBe('scheduled');
    expect(await prisma().emailMessage.count({ where: { emailOfferId: offer.id } })).toBe(0);
    await b.advance(60_000);
    expect((await offerOf(orderId))!.status).toBe('sent');
    expect(sentTo(offer.id)).toHaveLength(1);
  });

  it('when SMTP answers 550 (refused for good), then the email is marked failed and not retried', async () => {
    const orderId = order(DEMO_CUSTOMERS.revokedCard);
    await b.settle();
    const offer = (await offerOf(orderId))!;
    b.smtp.rejectNext(550);
    b.clock.set(offer.scheduledFor);
    await b.settle();
    await b.advance(60 * 60_000);
    expect((await offerOf(orderId))!.status).toBe('failed');
    expect(await prisma().emailMessage.findUnique({ where: { emailOfferId: offer.id } })).toMatchObject({ status: 'failed' });
    expect(sentTo(offer.id)).toHaveLength(0);
  });

  it('when the worker dies after SMTP took the email but before it was recorded, then the retry sends no second email', async () => {
    const orderId = order(DEMO_CUSTOMERS.frenchReturning);
    await b.settle();
    const offer = (await offerOf(orderId))!;
    b.clock.set(offer.scheduledFor);
    // Stands for the process dying: the message reaches the SMTP server, and the attempt never returns.
    const real = smtpTransport(b.smtp.url);
    const dying: EmailTransport = {
      send: async (email) => {
        await real.send(email);
        return new Promise(() => {});
      },
      close: () => real.close(),
    };
    const ctx = b.h.server.ctx;
    void sendEmailOffer(emailFlowDeps(ctx, { transport: dying }), offer.id, ctx.logger);
    await waitUntil(() => sentTo(offer.id).length === 1);
    expect(await prisma().emailMessage.findUnique({ where: { emailOfferId: offer.id } })).toMatchObject({ status: 'sending' });

    // The retried job (the queue's lease ran out) within the grace period waits; after it, reconciles.
    await expect(sendEmailOffer(emailFlowDeps(ctx), offer.id, ctx.logger)).rejects.toThrow(/may still be under way/);
    b.clock.advance(SENDING_GRACE_MS);
    expect(await sendEmailOffer(emailFlowDeps(ctx), offer.id, ctx.logger)).toEqual({ unconfirmed: true });
    expect(await sendEmailOffer(emailFlowDeps(ctx), offer.id, ctx.logger)).toEqual({ already: 'unconfirmed' });
    await b.settle();
    expect(sentTo(offer.id)).toHaveLength(1);
    expect((await offerOf(orderId))!.status).toBe('sent');
    const events = await ctx.ledger.eventsForOrder(b.shop.id, orderId);
    expect(events.filter((e) => e.surface === 'email' && e.kind === 'shown')).toHaveLength(1);
  });

  it('when Shopify says the order cannot be edited, then no email is scheduled and its reason is traced', async () => {
    const orderId = order(DEMO_CUSTOMERS.wholesale);
    b.h.emulator.store.orders.get(Number(orderId.split('/').pop()))!.closedAt = b.clock.now().toISOString();
    await b.settle();
    expect(await reasonsOf(orderId)).toEqual(['order_not_editable']);
    expect(await offerOf(orderId)).toBeNull();
  });

  it('when the shopper already declined an offer on the post-purchase page of the order, then no email is offered', async () => {
    const orderId = order(DEMO_CUSTOMERS.canadian);
    await b.h.server.ctx.ledger.recordEvent({
      shopId: b.shop.id,
      orderKey: orderId,
      surface: 'post_purchase',
      kind: 'declined',
      idempotencyKey: `declined:post_purchase:${orderId}:grinder`,
    });
    await b.settle();
    expect(await reasonsOf(orderId)).toEqual(['offered_after_checkout']);
    expect(await offerOf(orderId)).toBeNull();
  });

  it('when the customer already got as many offers as the frequency cap allows, then the engine offers nothing and says why', async () => {
    await b.h.server.ctx.settings.update(b.shop.id, { frequencyCap: { maxOffers: 1, windowHours: 24 } });
    const first = order(DEMO_CUSTOMERS.newFirstOrder);
    await b.settle();
    await b.advance(TEN_MINUTES);
    expect((await offerOf(first))?.status).toBe('sent');
    const second = order(DEMO_CUSTOMERS.newFirstOrder);
    await b.settle();
    expect(await reasonsOf(second)).toContain('frequency_capped');
    expect(await offerOf(second)).toBeNull();
    await b.h.server.ctx.settings.update(b.shop.id, {});
  });

  it('when two orders of one customer are both scheduled under the cap, then only the first email is sent', async () => {
    await b.h.server.ctx.settings.update(b.shop.id, { frequencyCap: { maxOffers: 1, windowHours: 24 } });
    const first = order(DEMO_CUSTOMERS.cancelledOrder);
    await b.settle();
    b.clock.advance(60_000);
    const second = order(DEMO_CUSTOMERS.cancelledOrder);
    await b.settle();
    expect((await offerOf(first))?.status).toBe('scheduled');
    expect((await offerOf(second))?.status).toBe('scheduled');
    await b.advance(TEN_MINUTES);
    expect((await offerOf(first))?.status).toBe('sent');
    const later = (await offerOf(second))!;
    expect(later.status).toBe('cancelled');
    expect(JSON.stringify(later.sendOutcome)).toContain('frequency_capped');
    await b.h.server.ctx.settings.update(b.shop.id, {});
  });

  it('when orders/create arrives after the order was already cancelled (late delivery), then no email is scheduled', async () => {
    const orderId = order(DEMO_CUSTOMERS.wholesale);
    // The order is cancelled in Shopify before Encore processes its orders/create.
    b.h.emulator.store.cancelOrder(Number(orderId.split('/').pop()));
    await b.settle();
    expect(await reasonsOf(orderId)).toContain('order_cancelled');
    expect(await offerOf(orderId)).toBeNull();
  });
});

async function waitUntil(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
