// Smart routing of an accepted email offer (issue 12, point 6) through the real app: the order was fulfilled between
// the email and the click, so the item goes into the next shipment of the shopper's ACTIVE contract (one billing
// cycle, billed once by the existing renewal), or, without a contract, the page offers a checkout link. The signed link
// is opened over HTTP, the form posted, Shopify played by the Admin API emulator (real 2026-07 schema), webhooks
// delivered through the app's intake, jobs run on a ManualClock shared with the emulator; SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS, DEMO_SELLING_PLANS, DEMO_VARIANTS } from '../../../test/emulator/seed/demo-store.js';
import { commitCycleDraft, findCycle, openCycleDraft } from '../../../test/emulator/store/billing-cycles.js';
import { gid } from '../../../test/emulator/store/ids.js';
import type { ContractRecord, OrderRecord } from '../../../test/emulator/store/records.js';
import { contractLineFromVariant } from '../../../test/emulator/store/subscriptions.js';
import {
  type CreatedOffer,
  formNonce,
  type OrderEditBackend,
  openOffer,
  startOrderEditBackend,
  submitAccept,
} from '../../../test/support/order-edit.js';

describe.each(['sqlite', 'postgresql'] as const)('accepted email offer routing (%s)', (database) => {
  let b: OrderEditBackend;

  beforeAll(async () => {
    b = await startOrderEditBackend(database);
  });
  afterAll(async () => b?.close());

  const store = () => b.h.emulator.store;

  /** A subscriber: a contract bought at checkout (Shopify creates it and tells the app, which stores it). */
  async function subscribe(customerId: number): Promise<ContractRecord> {
    const { contract } = store().createSubscriptionContractFromCheckout({
      customerId,
      variantId: DEMO_VARIANTS.ethiopia250g,
      sellingPlanId: DEMO_SELLING_PLANS.monthly,
    });
    await b.deliverWebhooks();
    const stored = await b.h.server.ctx.db.prisma.subscriptionContract.findFirst({
      where: { shopifyId: gid('SubscriptionContract', contract.id) },
    });
    expect(stored?.status).toBe('ACTIVE');
    return contract;
  }

  /** A one-time order of the customer, emailed an offer, then fulfilled before the shopper clicks. */
  async function fulfilledOrderWithOffer(customerId: number | null): Promise<{ order: OrderRecord; offer: CreatedOffer; nonce: string }> {
    const order = store().createOrder({
      customerId,
      email: 'shopper@example.net',
      lines: [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }],
    });
    await b.deliverWebhooks();
    const offer = await b.createOffer(order, { variantIds: [DEMO_VARIANTS.mugSand] });
    const page = await openOffer(offer.url);
    expect(page.status).toBe(200);
    store().fulfill(order.id);
    return { order, offer, nonce: formNonce(page.html) };
  }

  const accept = (offer: CreatedOffer, nonce: string, quantity = 2) =>
    submitAccept(offer.url, { nonce, variant: gid('ProductVariant', DEMO_VARIANTS.mugSand), quantity });

  const cycleEditsOf = (contract: ContractRecord) => [...store().cycleEdits.values()].filter((e) => e.contractId === contract.id);

  async function timeline(order: OrderRecord) {
    const response = await b.h.adminFetch(`/api/admin/orders/${encodeURIComponent(gid('Order', order.id))}/ledger`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { events: { kind: string; surface: string; detail: Record<string, unknown> | null }[] };
    return body.events.filter((e) => e.surface === 'email' && e.kind === 'accepted');
  }

  /** The renewal job runs at the contract's billing date; Shopify settles the attempt and tells the app. */
  async function renew(contract: ContractRecord): Promise<OrderRecord> {
    const ordersBefore = contract.orderIds.length;
    b.clock.set(new Date(Date.parse(contract.nextBillingDate) + 60_000));
    await b.runJobs();
    for (let round = 0; round < 10 && contract.orderIds.length === ordersBefore; round++) {
      store().settleBillingAttempts();
      await b.deliverWebhooks();
    }
    await b.deliverWebhooks();
    expect(contract.orderIds.length).toBe(ordersBefore + 1);
    return store().orders.get(contract.orderIds.at(-1)!)!;
  }

  const linesOf = (order: OrderRecord) => order.lines.map((l) => [l.variantId, l.quantity, l.unitPrice]);

  it('when the order was fulfilled and the shopper subscribes, then the item joins the next delivery once, at offer price', async () => {
    const contract = await subscribe(DEMO_CUSTOMERS.wholesale);
    const contractLines = contract.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity, currentPrice: l.currentPrice }));
    const { order, offer, nonce } = await fulfilledOrderWithOffer(DEMO_CUSTOMERS.wholesale);
    const mug = store().variants.get(DEMO_VARIANTS.mugSand)!;
    const offerUnit = mug.price - Math.round(mug.price * 0.1);

    // A double click: both posts answer the same page, one cycle edit.
    const [first, second] = await Promise.all([accept(offer, nonce), accept(offer, nonce)]);
    for (const answer of [first, second]) {
      expect([200, 202]).toContain(answer.status);
    }
    const again = await accept(offer, nonce);
    expect(again.status).toBe(200);
    expect(again.html).toContain('Added to your next delivery');
    const reopened = await openOffer(offer.url);
    expect(reopened.html).toContain('Added to your next delivery');

    const edits = cycleEditsOf(contract);
    expect(edits).toHaveLength(1);
    const added = edits[0]!.lines.filter((l) => l.variantId === DEMO_VARIANTS.mugSand);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ quantity: 2, currentPrice: offerUnit });
    expect(added[0]!.customAttributes).toEqual([{ key: '_encore_email_offer', value: offer.id }]);
    // The contract itself is unchanged: the item is for one delivery only.
    expect(contract.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity, currentPrice: l.currentPrice }))).toEqual(
      contractLines,
    );
    expect(
      store()
        .orders.get(order.id)!
        .lines.filter((l) => l.variantId === DEMO_VARIANTS.mugSand),
    ).toEqual([]);

    const route = await b.h.server.ctx.db.prisma.offerRoute.findUniqueOrThrow({ where: { emailOfferId: offer.id } });
    expect(route).toMatchObject({
      route: 'next_shipment',
      status: 'done',
      contractId: gid('SubscriptionContract', contract.id),
      cycleIndex: 1,
      amountMinor: offerUnit * 2,
    });
    expect(route.deliveryDate?.toISOString()).toBe(contract.nextBillingDate);
    expect((await b.h.server.ctx.db.prisma.emailOffer.findUniqueOrThrow({ where: { id: offer.id } })).status).toBe('routed');
    const accepted = await timeline(order);
    expect(accepted).toHaveLength(1);
    expect(accepted[0]!.detail).toMatchObject({
      route: 'next_shipment',
      contractId: gid('SubscriptionContract', contract.id),
      cycleIndex: 1,
    });
    // The admin Orders page's timeline says it in plain words.
    const plain = await b.h.adminFetch(`/api/admin/orders/timeline?key=${encodeURIComponent(gid('Order', order.id))}`);
    const { entries } = (await plain.json()) as { entries: { kind: string; text: string }[] };
    const text = entries.find((e) => e.kind === 'accepted')?.text ?? '';
    expect(text).toContain(`added to the next delivery of subscription ${gid('SubscriptionContract', contract.id)} (billing cycle 1`);

    // The renewal bills that cycle with the item, once; the following cycle is the contract as it was.
    const renewal = await renew(contract);
    expect(linesOf(renewal)).toEqual([
      [DEMO_VARIANTS.ethiopia250g, 1, contractLines[0]!.currentPrice],
      [DEMO_VARIANTS.mugSand, 2, offerUnit],
    ]);
    const attempts = await b.h.server.ctx.db.prisma.billingAttempt.findMany({
      where: { contract: { shopifyId: gid('SubscriptionContract', contract.id) } },
    });
    expect(attempts.map((a) => [a.cycleIndex, a.status])).toEqual([[1, 'succeeded']]);
    const following = await renew(contract);
    expect(linesOf(following)).toEqual([[DEMO_VARIANTS.ethiopia250g, 1, contractLines[0]!.currentPrice]]);
  });

  it('when an earlier attempt committed the cycle edit but died before recording it, then the retry adds nothing', async () => {
    const contract = await subscribe(DEMO_CUSTOMERS.noOrders);
    const { offer, nonce } = await fulfilledOrderWithOffer(DEMO_CUSTOMERS.noOrders);
    // Shopify already has the line (with this offer's marker); Encore only has its pending route.
    const cycle = findCycle(store(), gid('SubscriptionContract', contract.id), { date: contract.nextBillingDate });
    if (!cycle.ok) throw new Error(cycle.message);
    const draft = openCycleDraft(store(), cycle.cycle);
    const line = contractLineFromVariant(store(), DEMO_VARIANTS.mugSand, 2, 1980, null, null);
    line.customAttributes = [{ key: '_encore_email_offer', value: offer.id }];
    draft.lines.push(line);
    commitCycleDraft(store(), draft, cycle.cycle.cycleIndex);
    await b.h.server.ctx.db.prisma.offerRoute.create({
      data: {
        shopId: b.shop.id,
        emailOfferId: offer.id,
        orderId: offer.orderGid,
        route: 'checkout_link',
        variantId: gid('ProductVariant', DEMO_VARIANTS.mugSand),
        quantity: 2,
      },
    });

    const answer = await accept(offer, nonce);
    expect(answer.html).toContain('Added to your next delivery');
    const mugs = cycleEditsOf(contract).flatMap((e) => e.lines.filter((l) => l.variantId === DEMO_VARIANTS.mugSand));
    expect(mugs).toHaveLength(1);
  });

  it('when the order was fulfilled and the shopper has no contract, then the page offers a checkout link', async () => {
    const { order, offer, nonce } = await fulfilledOrderWithOffer(DEMO_CUSTOMERS.newFirstOrder);
    const answer = await accept(offer, nonce, 1);
    expect(answer.status).toBe(200);
    expect(answer.html).toContain('Your order has already shipped');
    expect(answer.html).toContain(`href="https://${b.shop.domain}/cart/${DEMO_VARIANTS.mugSand}:1"`);
    expect((await accept(offer, nonce, 1)).html).toContain(`/cart/${DEMO_VARIANTS.mugSand}:1`);
    const [event, ...others] = await timeline(order);
    expect(others).toEqual([]);
    expect(event!.detail).toMatchObject({ route: 'checkout_link', reason: 'no_contract' });
    expect(await b.h.server.ctx.db.prisma.offerRoute.count({ where: { emailOfferId: offer.id } })).toBe(1);
  });

  it('when the order is still editable, then the accept edits the order as before and records the route "edited_order"', async () => {
    const order = store().createOrder({
      customerId: DEMO_CUSTOMERS.frenchReturning,
      email: 'shopper@example.net',
      lines: [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }],
    });
    await b.deliverWebhooks();
    const offer = await b.createOffer(order, { variantIds: [DEMO_VARIANTS.mugSand] });
    const page = await openOffer(offer.url);
    const answer = await accept(offer, formNonce(page.html), 1);
    expect(answer.status).toBe(303);
    const [event] = await timeline(order);
    expect(event!.detail).toMatchObject({ route: 'edited_order' });
  });

  describe('when the offer is a subscription', () => {
    async function planOffer(customerId: number) {
      const order = store().createOrder({
        customerId,
        email: 'shopper@example.net',
        lines: [{ variantId: DEMO_VARIANTS.biscotti, quantity: 1 }],
      });
      await b.deliverWebhooks();
      const offer = await b.createOffer(order, { variantIds: [DEMO_VARIANTS.ethiopia250g], sellingPlanId: DEMO_SELLING_PLANS.monthly });
      const page = await openOffer(offer.url);
      expect(page.status).toBe(200);
      return { order, offer, nonce: formNonce(page.html) };
    }
    const subscribeTo = (offer: CreatedOffer, nonce: string) =>
      submitAccept(offer.url, { nonce, variant: gid('ProductVariant', DEMO_VARIANTS.ethiopia250g), quantity: 1 });

    it('creates one contract with the card on file, stores it like a webhook contract, and the existing billing charges it', async () => {
      const { order, offer, nonce } = await planOffer(DEMO_CUSTOMERS.vipWithCard);
      const coffee = store().variants.get(DEMO_VARIANTS.ethiopia250g)!;
      const offerUnit = coffee.price - Math.round(coffee.price * 0.1);

      const [first, second] = await Promise.all([subscribeTo(offer, nonce), subscribeTo(offer, nonce)]);
      expect([first.status, second.status].sort()).toEqual(expect.arrayContaining([200]));
      expect((await subscribeTo(offer, nonce)).html).toContain('Your subscription has started');

      const created = [...store().contracts.values()].filter((c) =>
        c.customAttributes.some((a) => a.key === '_encore_email_offer' && a.value === offer.id),
      );
      expect(created).toHaveLength(1);
      const contract = created[0]!;
      expect(contract).toMatchObject({ status: 'ACTIVE', customerId: DEMO_CUSTOMERS.vipWithCard });
      expect(contract.lines.map((l) => [l.variantId, l.quantity, l.currentPrice, l.sellingPlanId])).toEqual([
        [DEMO_VARIANTS.ethiopia250g, 1, offerUnit, DEMO_SELLING_PLANS.monthly],
      ]);
      const card = store().customers.get(DEMO_CUSTOMERS.vipWithCard)!.paymentMethodIds;
      expect(card).toContain(contract.paymentMethodId);
      const shipTo = store().orders.get(order.id)!.shippingAddress!;
      expect(contract.deliveryMethod?.address).toMatchObject({ address1: shipTo.address1, city: shipTo.city, zip: shipTo.zip });

      const stored = await b.h.server.ctx.db.prisma.subscriptionContract.findFirstOrThrow({
        where: { shopifyId: gid('SubscriptionContract', contract.id) },
      });
      expect(stored).toMatchObject({ status: 'ACTIVE', origin: 'encore' });
      const [event, ...others] = await timeline(order);
      expect(others).toEqual([]);
      expect(event!.detail).toMatchObject({ route: 'contract_created', contractId: gid('SubscriptionContract', contract.id) });
      expect((await b.h.server.ctx.db.prisma.emailOffer.findUniqueOrThrow({ where: { id: offer.id } })).status).toBe('routed');

      // The renewal job bills its first cycle (due at once), through the same billing as every contract.
      const firstOrder = await renew(contract);
      expect(linesOf(firstOrder)).toEqual([[DEMO_VARIANTS.ethiopia250g, 1, offerUnit]]);
      const attempts = await b.h.server.ctx.db.prisma.billingAttempt.findMany({ where: { contractId: stored.id } });
      expect(attempts.map((a) => [a.cycleIndex, a.status])).toEqual([[1, 'succeeded']]);
    });

    it('offers a checkout for the plan when the customer has no card on file', async () => {
      const { order, offer, nonce } = await planOffer(DEMO_CUSTOMERS.newFirstOrder);
      const answer = await subscribeTo(offer, nonce);
      expect(answer.status).toBe(200);
      const query = `id=${DEMO_VARIANTS.ethiopia250g}&#38;quantity=1&#38;selling_plan=${DEMO_SELLING_PLANS.monthly}`;
      const link = `https://${b.shop.domain}/cart/add?${query}`;
      expect(answer.html).toContain(link);
      expect(answer.html).toContain('Finish your subscription at checkout');
      const [event] = await timeline(order);
      expect(event!.detail).toMatchObject({ route: 'checkout_link', reason: 'no_payment_method' });
      expect([...store().contracts.values()].some((c) => c.customAttributes.some((a) => a.value === offer.id))).toBe(false);
    });

    it('when a plans step offers the same item one-time and on a plan, then each radio does what it says', async () => {
      const order = store().createOrder({
        customerId: DEMO_CUSTOMERS.vipWithCard,
        email: 'shopper@example.net',
        lines: [{ variantId: DEMO_VARIANTS.biscotti, quantity: 1 }],
      });
      await b.deliverWebhooks();
      const offer = await b.createOffer(order, {
        variantIds: [DEMO_VARIANTS.ethiopia250g],
        sellingPlanId: DEMO_SELLING_PLANS.monthly,
        withOneTime: true,
      });
      const page = await openOffer(offer.url);
      const planValue = `${gid('ProductVariant', DEMO_VARIANTS.ethiopia250g)}@plan:${gid('SellingPlan', DEMO_SELLING_PLANS.monthly)}`;
      expect(page.html).toContain(`value="${gid('ProductVariant', DEMO_VARIANTS.ethiopia250g)}" checked`);
      expect(page.html).toContain(`value="${planValue}"`);
      const answer = await submitAccept(offer.url, { nonce: formNonce(page.html), variant: planValue, quantity: 1 });
      expect(answer.html).toContain('Your subscription has started');
      expect(
        store()
          .orders.get(order.id)!
          .lines.map((l) => l.variantId),
      ).toEqual([DEMO_VARIANTS.biscotti]);
      const [event] = await timeline(order);
      expect(event!.detail).toMatchObject({ route: 'contract_created', sellingPlanId: gid('SellingPlan', DEMO_SELLING_PLANS.monthly) });
    });
  });
});
