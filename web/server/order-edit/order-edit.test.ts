// The email offer's order edit through the real app: the signed link opened over HTTP, the accept form posted, the
// order edited in the Admin API emulator (Shopify's real 2026-07 schema), webhooks delivered signed through the
// app's intake, jobs run on a ManualClock shared with the emulator; on SQLite and PostgreSQL. Organised by outcome.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_VARIANTS } from '../../../test/emulator/seed/demo-store.js';
import { gid } from '../../../test/emulator/store/ids.js';
import type { OrderRecord } from '../../../test/emulator/store/records.js';
import {
  formNonce,
  type OrderEditBackend,
  openAndAccept,
  openOffer,
  recordAdminCosts,
  startOrderEditBackend,
  submitAccept,
} from '../../../test/support/order-edit.js';

const MINUTE = 60_000;

describe.each(['sqlite', 'postgresql'] as const)('email offer order edit (%s)', (database) => {
  let b: OrderEditBackend;

  beforeAll(async () => {
    b = await startOrderEditBackend(database);
  });
  afterAll(async () => b?.close());

  const orderOf = (order: OrderRecord) => b.h.emulator.store.orders.get(order.id)!;
  const editOf = (offerId: string) => b.h.server.ctx.db.prisma.orderEdit.findFirst({ where: { emailOfferId: offerId } });
  const eventsOf = (order: OrderRecord) =>
    b.h.server.ctx.db.prisma.offerEvent.findMany({
      where: { orderKey: gid('Order', order.id), surface: 'email' },
      orderBy: { occurredAt: 'asc' },
    });
  const addedLines = (order: OrderRecord) => orderOf(order).lines.filter((l) => l.addedByEditAt !== null);

  describe('when the shopper accepts and pays', () => {
    it('adds the discounted line to the original order, holds it, sends the shopper to pay, releases it once paid', async () => {
      const order = await b.placeOrder([{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }]);
      const offer = await b.createOffer(order, { variantIds: [DEMO_VARIANTS.mugSand, DEMO_VARIANTS.mugMossLowStock] });
      const mug = b.h.emulator.store.variants.get(DEMO_VARIANTS.mugSand)!;
      const stockBefore = mug.inventoryQuantity;

      const answer = await openAndAccept(offer, DEMO_VARIANTS.mugSand, 2);

      expect(answer.status).toBe(303);
      const edited = orderOf(order);
      const [line, ...others] = addedLines(order);
      expect(others).toEqual([]);
      expect(line).toMatchObject({
        variantId: DEMO_VARIANTS.mugSand,
        quantity: 2,
        currentQuantity: 2,
        discount: Math.round(mug.price * 2 * 0.1),
      });
      expect(mug.inventoryQuantity).toBe(stockBefore - 2);
      expect(answer.location).toMatch(/^https:\/\/encore-demo\.myshopify\.com\/.+\/invoices\//);
      const fulfillmentOrders = edited.fulfillmentOrderIds.map((id) => b.h.emulator.store.fulfillmentOrders.get(id)!);
      const held = fulfillmentOrders.filter((fo) => fo.status === 'ON_HOLD');
      expect(held).toHaveLength(1);
      expect(held[0]!.lineItems.map((li) => li.lineItemId)).toEqual([line!.id]);
      expect(held[0]!.holds[0]).toMatchObject({ reason: 'AWAITING_PAYMENT' });
      const edit = await editOf(offer.id);
      expect(edit).toMatchObject({ status: 'committed', quantity: 2, amountMinor: mug.price * 2 - Math.round(mug.price * 2 * 0.1) });

      b.h.emulator.store.markOrderPaid(order.id);
      await b.deliverWebhooks();

      expect(held[0]!.status).toBe('OPEN');
      expect(held[0]!.holds).toEqual([]);
      expect((await editOf(offer.id))?.status).toBe('paid');
      const kinds = (await eventsOf(order)).map((e) => [e.kind, e.amountMinor]);
      expect(kinds).toEqual([
        ['shown', null],
        ['accepted', null],
        ['paid', edit!.amountMinor],
      ]);
      expect(orderOf(order).tags).toContain('encore-ready');
    });
  });

  describe('when the shopper accepts but does not pay', () => {
    it('removes and restocks the line at the window end (not before 15 minutes after the accept): the order is as placed', async () => {
      const order = await b.placeOrder([{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }]);
      const totalBefore = orderOf(order).transactions.reduce((sum, t) => sum + t.amount, 0);
      const offer = await b.createOffer(order, { variantIds: [DEMO_VARIANTS.handGrinder], expiresInMs: 10 * MINUTE });
      const grinder = b.h.emulator.store.variants.get(DEMO_VARIANTS.handGrinder)!;
      const stockBefore = grinder.inventoryQuantity;
      // Observe what the emulator tells Shopify's orders/edited subscribers (the app does not subscribe to it).
      const edits: Record<string, unknown>[] = [];
      const store = b.h.emulator.store;
      const emit = store.emit.bind(store);
      store.emit = (topic, payload) => {
        if (topic === 'orders/edited') edits.push(payload);
        emit(topic, payload);
      };
      expect((await openAndAccept(offer, DEMO_VARIANTS.handGrinder, 1)).status).toBe(303);
      expect(grinder.inventoryQuantity).toBe(stockBefore - 1);

      b.clock.advance(10 * MINUTE); // the offer window is over, but the accept was only 10 minutes ago
      await b.runJobs();
      expect(addedLines(order)[0]!.currentQuantity).toBe(1);

      b.clock.advance(5 * MINUTE);
      await b.runJobs();
      await b.deliverWebhooks();

      const [line] = addedLines(order);
      expect(line!.currentQuantity).toBe(0);
      expect(grinder.inventoryQuantity).toBe(stockBefore);
      const edited = orderOf(order);
      expect(edited.transactions.reduce((sum, t) => sum + t.amount, 0)).toBe(totalBefore);
      const openItems = edited.fulfillmentOrderIds
        .map((id) => b.h.emulator.store.fulfillmentOrders.get(id)!)
        .filter((fo) => fo.status !== 'CLOSED' && fo.status !== 'CANCELLED');
      expect(openItems.flatMap((fo) => fo.lineItems.map((li) => li.lineItemId))).not.toContain(line!.id);
      expect(openItems.flatMap((fo) => fo.holds)).toEqual([]);
      const removal = edits
        .map((payload) => payload as { order_edit: { order_id: number; notify_customer: boolean; line_items: { removals: unknown[] } } })
        .find((p) => p.order_edit.order_id === order.id && p.order_edit.line_items.removals.length > 0);
      expect(removal?.order_edit.notify_customer).toBe(false);
      store.emit = emit;
      expect((await editOf(offer.id))?.status).toBe('removed');
      expect((await eventsOf(order)).map((e) => [e.kind, e.amountMinor])).toEqual([
        ['shown', null],
        ['accepted', null],
        ['removed', null],
      ]);
      expect(edited.tags).toContain('encore-ready');
      expect((await b.h.server.ctx.db.prisma.emailOffer.findUnique({ where: { id: offer.id } }))?.status).toBe('removed');
    });
  });

  describe('when the same offer is accepted twice at once', () => {
    it('edits the order once, whatever the tabs, and both end on the payment page', async () => {
      const order = await b.placeOrder([{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }]);
      const offer = await b.createOffer(order, { variantIds: [DEMO_VARIANTS.biscotti] });
      const [tabA, tabB] = await Promise.all([openOffer(offer.url), openOffer(offer.url)]);
      const variant = gid('ProductVariant', DEMO_VARIANTS.biscotti);
      const answers = await Promise.all([
        submitAccept(offer.url, { nonce: formNonce(tabA!.html), variant, quantity: 1 }),
        submitAccept(offer.url, { nonce: formNonce(tabB!.html), variant, quantity: 1 }),
        submitAccept(offer.url, { nonce: formNonce(tabB!.html), variant, quantity: 2 }),
      ]);
      await b.runJobs();
      expect(addedLines(order)).toHaveLength(1);
      expect(addedLines(order)[0]!.quantity).toBe(1);
      for (const answer of answers) expect([303, 202]).toContain(answer.status);
      expect(answers.filter((a) => a.status === 303).map((a) => a.location)).toEqual(
        answers.filter((a) => a.status === 303).map(() => answers.find((a) => a.status === 303)!.location),
      );
      expect(await b.h.server.ctx.db.prisma.orderEdit.count({ where: { emailOfferId: offer.id } })).toBe(1);
    });

    it('answers a repeated accept of an accepted offer with the same payment page, and adds nothing', async () => {
      const order = await b.placeOrder([{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }]);
      const offer = await b.createOffer(order, { variantIds: [DEMO_VARIANTS.paperFilters] });
      const page = await openOffer(offer.url);
      const fields = { nonce: formNonce(page.html), variant: gid('ProductVariant', DEMO_VARIANTS.paperFilters), quantity: 1 };
      const first = await submitAccept(offer.url, fields);
      const again = await submitAccept(offer.url, fields);
      expect(again).toMatchObject({ status: 303, location: first.location });
      expect(addedLines(order)).toHaveLength(1);
      const reopened = await openOffer(offer.url);
      expect(reopened.status).toBe(200);
      expect(reopened.html).toContain(first.location!);
    });
  });

  describe('when the order changed between the email and the click', () => {
    it('offers a checkout for the item when the order was fulfilled (a guest: no contract to join), and edits nothing', async () => {
      const order = await b.placeOrder([{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }]);
      const offer = await b.createOffer(order, { variantIds: [DEMO_VARIANTS.biscotti] });
      const page = await openOffer(offer.url);
      b.h.emulator.store.fulfill(order.id);
      const answer = await submitAccept(offer.url, {
        nonce: formNonce(page.html),
        variant: gid('ProductVariant', DEMO_VARIANTS.biscotti),
        quantity: 1,
      });
      expect(answer.status).toBe(200);
      expect(answer.html).toContain('already shipped');
      expect(answer.html).toContain(`href="https://${b.shop.domain}/cart/${DEMO_VARIANTS.biscotti}:1"`);
      expect(addedLines(order)).toEqual([]);
      expect((await editOf(offer.id))?.status).toBe('failed');
    });

    it('refuses with a friendly page when the order was cancelled, and edits nothing', async () => {
      const order = await b.placeOrder([{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }]);
      const offer = await b.createOffer(order, { variantIds: [DEMO_VARIANTS.biscotti], locale: 'fr' });
      const page = await openOffer(offer.url);
      b.h.emulator.store.cancelOrder(order.id);
      const answer = await submitAccept(offer.url, {
        nonce: formNonce(page.html),
        variant: gid('ProductVariant', DEMO_VARIANTS.biscotti),
        quantity: 1,
      });
      expect(answer.status).toBe(410);
      expect(answer.html).toContain('<html lang="fr">');
      expect(answer.html).toContain('La commande a été annulée');
      expect(addedLines(order)).toEqual([]);
    });

    it.each([
      ['with import duties', { duties: '12.50' }],
      ['created by a cross-border checkout app', { createdByApp: 'Global-e' }],
    ])('offers a checkout for an order Shopify cannot edit (%s), and edits nothing', async (_name, extra) => {
      const order = await b.placeOrder([{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }], extra);
      const offer = await b.createOffer(order, { variantIds: [DEMO_VARIANTS.biscotti] });
      const answer = await openAndAccept(offer, DEMO_VARIANTS.biscotti, 1);
      expect(answer.status).toBe(200);
      expect(answer.html).toContain(`/cart/${DEMO_VARIANTS.biscotti}:1`);
      expect(addedLines(order)).toEqual([]);
    });
  });

  describe('when the chosen variant sold out since the email', () => {
    it('shows the offer again with a sold-out notice, adds nothing, and the shopper can take another variant', async () => {
      const order = await b.placeOrder([{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }]);
      const offer = await b.createOffer(order, { variantIds: [DEMO_VARIANTS.mugMossLowStock, DEMO_VARIANTS.mugSand] });
      const page = await openOffer(offer.url);
      b.h.emulator.store.setInventory(DEMO_VARIANTS.mugMossLowStock, 0);
      const moss = gid('ProductVariant', DEMO_VARIANTS.mugMossLowStock);
      const refused = await submitAccept(offer.url, { nonce: formNonce(page.html), variant: moss, quantity: 1 });
      expect(refused.status).toBe(409);
      expect(refused.html).toContain('This item just sold out');
      expect(refused.html).toMatch(new RegExp(`value="${moss}" disabled`));
      expect(addedLines(order)).toEqual([]);

      const sand = gid('ProductVariant', DEMO_VARIANTS.mugSand);
      const accepted = await submitAccept(offer.url, { nonce: formNonce(refused.html), variant: sand, quantity: 1 });
      expect(accepted.status).toBe(303);
      expect(addedLines(order).map((l) => l.variantId)).toEqual([DEMO_VARIANTS.mugSand]);
    });
  });

  describe('when webhooks arrive late, twice or out of order', () => {
    it('never releases an unpaid line and records the payment once', async () => {
      const order = await b.placeOrder([{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }]);
      const bodyOf = (d: { body: string }) => JSON.parse(d.body) as Record<string, unknown>;
      const paidAtCheckout = b.h.emulator.webhooks.deliveries({ topic: 'orders/paid' }).find((d) => bodyOf(d).id === order.id);
      const offer = await b.createOffer(order, { variantIds: [DEMO_VARIANTS.chocolateBark] });
      expect((await openAndAccept(offer, DEMO_VARIANTS.chocolateBark, 1)).status).toBe(303);

      // The checkout's orders/paid (financial_status "paid"), delivered again after the edit.
      await b.h.emulator.webhooks.send('orders/paid', b.shop.domain, bodyOf(paidAtCheckout!));
      await b.deliverWebhooks();
      expect((await editOf(offer.id))?.status).toBe('committed');
      const held = () =>
        orderOf(order)
          .fulfillmentOrderIds.map((id) => b.h.emulator.store.fulfillmentOrders.get(id)!)
          .filter((fo) => fo.status === 'ON_HOLD');
      expect(held()).toHaveLength(1);

      b.h.emulator.store.markOrderPaid(order.id);
      await b.h.emulator.webhooks.settled();
      const paid = b.h.emulator.webhooks.deliveries({ topic: 'orders/paid' }).at(-1)!;
      await b.h.emulator.webhooks.send('orders/paid', b.shop.domain, bodyOf(paid));
      await b.deliverWebhooks();

      expect(held()).toEqual([]);
      expect(addedLines(order)).toHaveLength(1);
      expect((await eventsOf(order)).filter((e) => e.kind === 'paid')).toHaveLength(1);
    });
  });

  describe('when the process dies between orderEditCommit and its record', () => {
    const failCommittedRecord = async () => {
      const sql = b.h.server.ctx.db.sql;
      if (database === 'sqlite') {
        await sql.execute(
          `CREATE TRIGGER crash_after_commit BEFORE UPDATE OF "status" ON "OrderEdit" WHEN NEW."status" = 'committed'
           BEGIN SELECT RAISE(ABORT, 'simulated crash'); END`,
          [],
        );
        return () => sql.execute('DROP TRIGGER crash_after_commit', []);
      }
      await sql.execute(
        `CREATE FUNCTION crash_after_commit() RETURNS trigger AS $$
         BEGIN IF NEW."status" = 'committed' THEN RAISE EXCEPTION 'simulated crash'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
        [],
      );
      await sql.execute(
        `CREATE TRIGGER crash_after_commit BEFORE UPDATE ON "OrderEdit" FOR EACH ROW EXECUTE FUNCTION crash_after_commit()`,
        [],
      );
      return async () => {
        await sql.execute('DROP TRIGGER crash_after_commit ON "OrderEdit"', []);
        await sql.execute('DROP FUNCTION crash_after_commit()', []);
      };
    };

    it('finds the committed line on retry and adds no second one', async () => {
      const order = await b.placeOrder([{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }]);
      const offer = await b.createOffer(order, { variantIds: [DEMO_VARIANTS.stroopwafels] });
      const restore = await failCommittedRecord();
      let answer: Awaited<ReturnType<typeof openAndAccept>>;
      try {
        answer = await openAndAccept(offer, DEMO_VARIANTS.stroopwafels, 2);
      } finally {
        await restore();
      }
      expect(answer.status).toBe(202);
      expect(addedLines(order)).toHaveLength(1); // Shopify has the line; our record does not
      expect((await editOf(offer.id))?.status).toBe('pending');

      await b.runJobs();

      expect(addedLines(order)).toHaveLength(1);
      const edit = await editOf(offer.id);
      expect(edit).toMatchObject({ status: 'committed', addedLineItemIds: [gid('LineItem', addedLines(order)[0]!.id)] });
      expect(edit?.amountMinor).toBeGreaterThan(0);
      const page = await openOffer(offer.url);
      expect(page.html).toContain('Pay the difference');
    });
  });

  describe('when Shopify fails mid-flow', () => {
    it('completes the accept later after 5xx answers on the commit', async () => {
      const order = await b.placeOrder([{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }]);
      const offer = await b.createOffer(order, { variantIds: [DEMO_VARIANTS.glassCups] });
      b.h.emulator.faults.next({ status: 503, count: Number.POSITIVE_INFINITY, operation: 'OrderEditCommit' });
      const answer = await openAndAccept(offer, DEMO_VARIANTS.glassCups, 1);
      expect(answer.status).toBe(202);
      expect(answer.html).toContain('We are adding it to your order');
      expect(addedLines(order)).toEqual([]);

      b.h.emulator.faults.clear();
      b.clock.advance(MINUTE);
      await b.runJobs();
      expect(addedLines(order)).toHaveLength(1);
      expect((await editOf(offer.id))?.status).toBe('committed');
    });

    it('completes the accept later when the shop is throttled', async () => {
      const order = await b.placeOrder([{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }]);
      const offer = await b.createOffer(order, { variantIds: [DEMO_VARIANTS.tumblerBlack] });
      const page = await openOffer(offer.url);
      b.h.emulator.bucket().drain();
      const answer = await submitAccept(offer.url, {
        nonce: formNonce(page.html),
        variant: gid('ProductVariant', DEMO_VARIANTS.tumblerBlack),
        quantity: 1,
      });
      expect(answer.status).toBe(202);
      expect(addedLines(order)).toEqual([]);

      b.clock.advance(30_000); // the bucket refills at 100 points per second of the shop's clock
      await b.runJobs();
      expect(addedLines(order)).toHaveLength(1);
    });
  });

  describe('Admin API budget', () => {
    it('spends at most 60 cost points on one accepted offer (begin, add, discount, commit, hold, payment URL)', async () => {
      const order = await b.placeOrder([{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }]);
      const offer = await b.createOffer(order, { variantIds: [DEMO_VARIANTS.espresso250g] });
      const costs = recordAdminCosts(b.h.emulator.url);
      let answer: Awaited<ReturnType<typeof openAndAccept>>;
      try {
        answer = await openAndAccept(offer, DEMO_VARIANTS.espresso250g, 1);
      } finally {
        costs.stop();
      }
      expect(answer.status).toBe(303);
      expect(costs.entries.map((e) => e.operation)).toEqual([
        'OrderEditBegin',
        'OrderEditAddVariant',
        'OrderEditAddLineItemDiscount',
        'OrderEditCommit',
        'FulfillmentOrderHold',
      ]);
      expect(costs.entries.reduce((sum, e) => sum + (e.actualQueryCost ?? e.requestedQueryCost), 0)).toBeLessThanOrEqual(60);
    });
  });
});
