// Revenue net of refunds: Shopify's refunds/create, delivered by the emulator to the real backend on SQLite and
// PostgreSQL, records the refunded part of the line Encore added (and nothing for lines it did not add); Home's
// analytics show gross and net; the handler is idempotent. Plus the attribution rules, pure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS, DEMO_VARIANTS } from '../../../test/emulator/seed/demo-store.js';
import { lineNet } from '../../../test/emulator/store/orders.js';
import { databaseCases } from '../../../test/support/jobs.js';
import { acceptFirstStep } from '../../../test/support/post-purchase/accept.js';
import { type PostPurchaseBackend, startPostPurchaseBackend } from '../../../test/support/post-purchase/backend.js';
import { coffeeFunnel } from '../../../test/support/post-purchase/demo-funnels.js';
import { silentLogger } from '../logger.js';
import type { LedgerEvent } from './events.js';
import { attributeRefund, parseRefundPayload, refundsCreateHandler } from './refunds.js';

describe.each(databaseCases)('refunds/create on %s', (provider) => {
  let backend: PostPurchaseBackend;
  beforeAll(async () => {
    backend = await startPostPurchaseBackend({ database: provider as 'sqlite' | 'postgresql' });
    await backend.createFunnel(coffeeFunnel());
  }, 60_000);
  afterAll(async () => backend?.close());

  async function acceptedPurchase() {
    const purchase = backend.purchase({
      customerId: DEMO_CUSTOMERS.newFirstOrder,
      lines: [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }],
    });
    await acceptFirstStep(backend, purchase);
    const added = purchase.order.lines.find((line) => line.addedByEditAt !== null);
    const original = purchase.order.lines.find((line) => line.addedByEditAt === null);
    if (!added || !original) throw new Error('expected the original line and the line Encore added');
    return { purchase, added, original };
  }

  async function deliverRefund(orderId: number, lines: Array<{ lineItemId: number; quantity: number }>) {
    const payload = backend.h.emulator.store.refundOrder(orderId, { lines });
    await backend.h.emulator.webhooks.settled();
    await backend.runJobs();
    return payload;
  }

  const refundedEvents = async (orderKey: string) =>
    (await backend.ledger.eventsForOrder(backend.shop.id, orderKey)).filter((event) => event.kind === 'refunded');

  it('when the merchant refunds the line Encore added, then the ledger records it; analytics show gross and net', async () => {
    const { purchase, added } = await acceptedPurchase();
    const [accepted] = (await backend.ledger.eventsForOrder(backend.shop.id, purchase.referenceId)).filter((e) => e.kind === 'accepted');
    expect(accepted?.amountMinor).toBeGreaterThan(0);
    const from = new Date(Date.now() - 86_400_000);
    const before = await backend.ledger.analytics(backend.shop.id, { from, to: new Date(Date.now() + 86_400_000), groupBy: 'funnel' });

    await deliverRefund(purchase.order.id, [{ lineItemId: added.id, quantity: 1 }]);

    const refunded = await refundedEvents(purchase.referenceId);
    const expected = Math.min(accepted?.amountMinor ?? 0, lineNet(added, 1));
    expect(refunded).toHaveLength(1);
    expect(refunded[0]).toMatchObject({
      surface: 'post_purchase',
      funnelId: accepted?.funnelId,
      stepId: accepted?.stepId,
      variantId: accepted?.variantId,
      quantity: 1,
      amountMinor: expected,
      currencyCode: 'USD',
    });
    const after = await backend.ledger.analytics(backend.shop.id, { from, to: new Date(Date.now() + 86_400_000), groupBy: 'funnel' });
    expect(after.totals.revenueMinor).toBe(before.totals.revenueMinor);
    expect(after.totals.refundedMinor - before.totals.refundedMinor).toBe(expected);
    expect(after.totals.netRevenueMinor).toBe(after.totals.revenueMinor - after.totals.refundedMinor);
  });

  it('when the merchant refunds only the line the shopper bought themselves, then nothing is recorded', async () => {
    const { purchase, original } = await acceptedPurchase();
    await deliverRefund(purchase.order.id, [{ lineItemId: original.id, quantity: 1 }]);
    expect(await refundedEvents(purchase.referenceId)).toEqual([]);
    const delivery = backend.h.emulator.webhooks.deliveries({ topic: 'refunds/create' }).at(-1);
    const row = await backend.h.server.ctx.db.prisma.webhookDelivery.findFirst({
      where: { topic: 'refunds/create', eventId: delivery?.eventId ?? '' },
    });
    expect(row?.status).toBe('processed');
  });

  it('when the same refund is handled again (Shopify sends an event twice), then nothing more is recorded', async () => {
    const { purchase, added } = await acceptedPurchase();
    const payload = await deliverRefund(purchase.order.id, [{ lineItemId: added.id, quantity: 1 }]);
    const handler = refundsCreateHandler({
      db: backend.h.server.ctx.db,
      ledger: backend.ledger,
      adminFor: (shop) => backend.h.server.ctx.adminFor(shop),
    });
    const event = { deliveryId: 'again', topic: 'refunds/create', shop: backend.shop.domain, triggeredAt: null, body: payload };
    await handler(event, silentLogger());
    await handler(event, silentLogger());
    expect(await refundedEvents(purchase.referenceId)).toHaveLength(1);
  });
});

describe('attributing a refund (pure)', () => {
  const acceptance = (overrides: Partial<LedgerEvent> = {}): LedgerEvent => ({
    id: 'acc-1',
    orderKey: 'token-1',
    customerId: null,
    surface: 'post_purchase',
    kind: 'accepted',
    funnelId: 'f1',
    stepId: 's1',
    offerId: 's1',
    variantId: 'gid://shopify/ProductVariant/7',
    quantity: 2,
    amountMinor: 2000,
    currencyCode: 'USD',
    arm: null,
    idempotencyKey: 'accepted:1',
    detail: {},
    occurredAt: '2026-12-01T00:00:00.000Z',
    ...overrides,
  });
  const refund = (quantity: number, subtotal: string, variantId = 7) =>
    parseRefundPayload({
      id: 99,
      order_id: 5,
      refund_line_items: [
        {
          id: 1,
          line_item_id: 10,
          quantity,
          subtotal_set: { shop_money: { amount: subtotal, currency_code: 'USD' } },
          line_item: { id: 10, variant_id: variantId },
        },
      ],
    });

  it('when the payload names no refund or order, then it is not a refund', () => {
    expect(parseRefundPayload({ refund_line_items: [] })).toBeNull();
    expect(parseRefundPayload('x')).toBeNull();
  });

  it('when one of two added units is refunded, then half the line’s refunded subtotal is recorded, once per refund line', () => {
    const facts = refund(1, '10.00');
    expect(facts).not.toBeNull();
    const out = attributeRefund('shop', facts!, [acceptance()]);
    expect(out).toEqual([
      expect.objectContaining({
        kind: 'refunded',
        quantity: 1,
        amount: { minor: 1000, currencyCode: 'USD' },
        idempotencyKey: 'refunded:99:1:acc-1',
      }),
    ]);
  });

  it('when more units are refunded than Encore added, then only Encore’s units count, never more money than it counted', () => {
    const out = attributeRefund('shop', refund(5, '60.00')!, [acceptance()]);
    expect(out).toEqual([expect.objectContaining({ quantity: 2, amount: { minor: 2000, currencyCode: 'USD' } })]);
  });

  it('when an earlier refund already gave back the acceptance, then a later one adds nothing', () => {
    const earlier = acceptance({ id: 'r1', kind: 'refunded', quantity: 2, amountMinor: 2000, detail: { acceptanceId: 'acc-1' } });
    expect(attributeRefund('shop', refund(1, '10.00')!, [acceptance(), earlier])).toEqual([]);
  });

  it('when the refunded variant is not one Encore added, then nothing is attributed', () => {
    expect(attributeRefund('shop', refund(1, '10.00', 8)!, [acceptance()])).toEqual([]);
  });
});
