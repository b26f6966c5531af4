// The email-upsell order edit, end to end on the demo store: begin, add a variant with a discount, commit, the
// balance and payment link, the hold on the added items until payment, and removing unpaid items again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORDERS, DEMO_VARIANTS } from './seed/demo-store.js';
import { type RunningEmulator, startEmulator } from './server.js';
import { gid } from './store/ids.js';
import { gql, gqlData, startWebhookReceiver, type WebhookReceiver } from './testing.js';

let emulator: RunningEmulator;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  emulator = await startEmulator({
    apiKey: 'edit-key',
    apiSecret: 'edit-secret',
    appUrl: receiver.url,
    webhookTopics: 'all',
    webhookRetryDelaysMs: [],
  });
});
afterAll(async () => {
  await emulator?.close();
  await receiver?.close();
});

const ORDER = `query Order($id: ID!) {
  order(id: $id) {
    name displayFinancialStatus displayFulfillmentStatus
    subtotalPriceSet { shopMoney { amount currencyCode } }
    totalPriceSet { shopMoney { amount } presentmentMoney { amount currencyCode } }
    currentTotalPriceSet { shopMoney { amount } }
    totalOutstandingSet { shopMoney { amount } }
    paymentCollectionDetails { additionalPaymentCollectionUrl }
    lineItems(first: 10) { nodes {
      id title quantity currentQuantity unfulfilledQuantity
      originalUnitPriceSet { shopMoney { amount } } discountedTotalSet { shopMoney { amount } }
    } }
    fulfillmentOrders(first: 10) { nodes {
      id status supportedActions { action } fulfillmentHolds { reason handle }
      lineItems(first: 10) { nodes { id totalQuantity remainingQuantity lineItem { id } } }
    } }
  }
}`;

const BEGIN = `mutation Begin($id: ID!) {
  orderEditBegin(id: $id) {
    calculatedOrder {
      id lineItems(first: 10) { nodes { id quantity editableQuantity variant { id } } } totalPriceSet { shopMoney { amount } }
    }
    userErrors { field message }
  }
}`;

const ADD_VARIANT = `mutation Add($id: ID!, $variantId: ID!, $quantity: Int!) {
  orderEditAddVariant(id: $id, variantId: $variantId, quantity: $quantity) {
    calculatedLineItem { id quantity title originalUnitPriceSet { shopMoney { amount } } }
    calculatedOrder { id addedLineItems(first: 5) { nodes { id } } }
    userErrors { field message }
  }
}`;

const ADD_DISCOUNT = `mutation Discount($id: ID!, $lineItemId: ID!, $discount: OrderEditAppliedDiscountInput!) {
  orderEditAddLineItemDiscount(id: $id, lineItemId: $lineItemId, discount: $discount) {
    calculatedLineItem { id discountedUnitPriceSet { shopMoney { amount } } hasStagedLineItemDiscount }
    addedDiscountStagedChange { id description value { ... on PricingPercentageValue { percentage } } }
    calculatedOrder {
      subtotalPriceSet { shopMoney { amount } } totalPriceSet { shopMoney { amount } } totalOutstandingSet { shopMoney { amount } }
    }
    userErrors { field message }
  }
}`;

const SET_QUANTITY = `mutation SetQuantity($id: ID!, $lineItemId: ID!, $quantity: Int!, $restock: Boolean) {
  orderEditSetQuantity(id: $id, lineItemId: $lineItemId, quantity: $quantity, restock: $restock) {
    calculatedLineItem { id quantity }
    userErrors { field message }
  }
}`;

const COMMIT = `mutation Commit($id: ID!, $notify: Boolean, $note: String) {
  orderEditCommit(id: $id, notifyCustomer: $notify, staffNote: $note) {
    order { id totalOutstandingSet { shopMoney { amount } } }
    userErrors { field message }
  }
}`;

interface OrderView {
  order: {
    name: string;
    displayFinancialStatus: string;
    displayFulfillmentStatus: string;
    subtotalPriceSet: { shopMoney: { amount: string } };
    totalPriceSet: { shopMoney: { amount: string }; presentmentMoney: { amount: string; currencyCode: string } };
    currentTotalPriceSet: { shopMoney: { amount: string } };
    totalOutstandingSet: { shopMoney: { amount: string } };
    paymentCollectionDetails: { additionalPaymentCollectionUrl: string | null };
    lineItems: { nodes: { id: string; title: string; quantity: number; currentQuantity: number; unfulfilledQuantity: number }[] };
    fulfillmentOrders: {
      nodes: {
        id: string;
        status: string;
        supportedActions: { action: string }[];
        fulfillmentHolds: { reason: string; handle: string | null }[];
        lineItems: { nodes: { id: string; totalQuantity: number; remainingQuantity: number; lineItem: { id: string } }[] };
      }[];
    };
  };
}

const orderId = gid('Order', DEMO_ORDERS.paidUnfulfilled);

async function readOrder(id = orderId): Promise<OrderView['order']> {
  return (await gqlData<OrderView>(emulator, ORDER, { id })).order;
}

async function begin(id: string): Promise<{
  calculatedOrder: {
    id: string;
    lineItems: { nodes: { id: string; quantity: number; editableQuantity: number; variant: { id: string } | null }[] };
  } | null;
  userErrors: { field: string[] | null; message: string }[];
}> {
  return (await gqlData<{ orderEditBegin: never }>(emulator, BEGIN, { id })).orderEditBegin;
}

describe('order edit flow', () => {
  it('when an upsell is added with a 10% discount and committed, the order owes the difference and is billable', async () => {
    const before = await readOrder();
    expect(before).toMatchObject({
      name: '#1048',
      displayFinancialStatus: 'PAID',
      displayFulfillmentStatus: 'UNFULFILLED',
      subtotalPriceSet: { shopMoney: { amount: '89.00', currencyCode: 'USD' } },
      totalPriceSet: { shopMoney: { amount: '96.12' } },
      totalOutstandingSet: { shopMoney: { amount: '0.00' } },
      paymentCollectionDetails: { additionalPaymentCollectionUrl: null },
    });

    const started = await begin(orderId);
    expect(started.userErrors).toEqual([]);
    const calculatedOrderId = started.calculatedOrder!.id;
    expect(started.calculatedOrder!.lineItems.nodes.map((l) => l.quantity)).toEqual([1, 2]);

    const added = (
      await gqlData<{
        orderEditAddVariant: { calculatedLineItem: { id: string; quantity: number; title: string }; userErrors: unknown[] };
      }>(emulator, ADD_VARIANT, {
        id: calculatedOrderId,
        variantId: gid('ProductVariant', DEMO_VARIANTS.biscotti),
        quantity: 2,
      })
    ).orderEditAddVariant;
    expect(added.userErrors).toEqual([]);
    expect(added.calculatedLineItem).toMatchObject({ quantity: 2, title: 'Almond Biscotti (8-pack)' });

    const discounted = (
      await gqlData<{
        orderEditAddLineItemDiscount: {
          calculatedOrder: { subtotalPriceSet: { shopMoney: { amount: string } }; totalOutstandingSet: { shopMoney: { amount: string } } };
          addedDiscountStagedChange: { description: string; value: { percentage: number } };
          userErrors: unknown[];
        };
      }>(emulator, ADD_DISCOUNT, {
        id: calculatedOrderId,
        lineItemId: added.calculatedLineItem.id,
        discount: { percentValue: 10, description: 'Encore email offer' },
      })
    ).orderEditAddLineItemDiscount;
    expect(discounted.userErrors).toEqual([]);
    expect(discounted.addedDiscountStagedChange).toMatchObject({ description: 'Encore email offer', value: { percentage: 10 } });
    // 89.00 + 2 x 8.00 less 10% = 103.40; tax 8% = 8.27; the customer already paid 96.12.
    expect(discounted.calculatedOrder.subtotalPriceSet.shopMoney.amount).toBe('103.40');
    expect(discounted.calculatedOrder.totalOutstandingSet.shopMoney.amount).toBe('15.55');

    const committed = (
      await gqlData<{ orderEditCommit: { order: { totalOutstandingSet: { shopMoney: { amount: string } } }; userErrors: unknown[] } }>(
        emulator,
        COMMIT,
        { id: calculatedOrderId, notify: false, note: 'Encore upsell' },
      )
    ).orderEditCommit;
    expect(committed.userErrors).toEqual([]);
    expect(committed.order.totalOutstandingSet.shopMoney.amount).toBe('15.55');

    const after = await readOrder();
    expect(after.displayFinancialStatus).toBe('PARTIALLY_PAID');
    expect(after.totalPriceSet.shopMoney.amount).toBe('111.67');
    expect(after.paymentCollectionDetails.additionalPaymentCollectionUrl).toMatch(
      /^https:\/\/encore-demo\.myshopify\.com\/\d+\/invoices\//,
    );
    expect(after.lineItems.nodes.map((l) => [l.title, l.currentQuantity])).toEqual([
      ['House Espresso Blend', 1],
      ['Stoneware Mug 350 ml', 2],
      ['Almond Biscotti (8-pack)', 2],
    ]);

    const [updated] = await receiver.waitFor(1, 'orders/updated');
    const [edited] = await receiver.waitFor(1, 'orders/edited');
    expect(JSON.parse(updated!.rawBody)).toMatchObject({
      id: DEMO_ORDERS.paidUnfulfilled,
      total_outstanding: '15.55',
      financial_status: 'partially_paid',
    });
    expect(JSON.parse(edited!.rawBody).order_edit).toMatchObject({
      order_id: DEMO_ORDERS.paidUnfulfilled,
      staff_note: 'Encore upsell',
      line_items: { additions: [{ delta: 2 }], removals: [] },
    });
  });

  it('holds the added items on their own fulfillment order until the balance is paid', async () => {
    const order = await readOrder();
    const addedLine = order.lineItems.nodes.find((l) => l.title === 'Almond Biscotti (8-pack)')!;
    const addedFulfillmentOrder = order.fulfillmentOrders.nodes.find((fo) =>
      fo.lineItems.nodes.some((li) => li.lineItem.id === addedLine.id),
    )!;
    expect(addedFulfillmentOrder.status).toBe('OPEN');
    expect(addedFulfillmentOrder.lineItems.nodes).toHaveLength(1);

    const hold = await gqlData<{
      fulfillmentOrderHold: {
        fulfillmentOrder: { status: string; supportedActions: { action: string }[] };
        fulfillmentHold: { reason: string; handle: string };
        userErrors: unknown[];
      };
    }>(
      emulator,
      `mutation Hold($id: ID!, $hold: FulfillmentOrderHoldInput!) {
        fulfillmentOrderHold(id: $id, fulfillmentHold: $hold) {
          fulfillmentHold { reason handle } fulfillmentOrder { status supportedActions { action } } userErrors { field message code }
        }
      }`,
      {
        id: addedFulfillmentOrder.id,
        hold: { reason: 'AWAITING_PAYMENT', handle: 'encore-upsell', reasonNotes: 'Unpaid upsell', notifyMerchant: false },
      },
    );
    expect(hold.fulfillmentOrderHold).toMatchObject({
      userErrors: [],
      fulfillmentHold: { reason: 'AWAITING_PAYMENT', handle: 'encore-upsell' },
      fulfillmentOrder: { status: 'ON_HOLD' },
    });
    expect(hold.fulfillmentOrderHold.fulfillmentOrder.supportedActions.map((a) => a.action)).toContain('RELEASE_HOLD');

    emulator.store.markOrderPaid(DEMO_ORDERS.paidUnfulfilled);
    const [paid] = await receiver.waitFor(1, 'orders/paid');
    expect(JSON.parse(paid!.rawBody)).toMatchObject({
      id: DEMO_ORDERS.paidUnfulfilled,
      financial_status: 'paid',
      total_outstanding: '0.00',
    });

    const released = await gqlData<{ fulfillmentOrderReleaseHold: { fulfillmentOrder: { status: string }; userErrors: unknown[] } }>(
      emulator,
      'mutation Release($id: ID!) { fulfillmentOrderReleaseHold(id: $id) { fulfillmentOrder { status } userErrors { field message } } }',
      { id: addedFulfillmentOrder.id },
    );
    expect(released.fulfillmentOrderReleaseHold).toEqual({ fulfillmentOrder: { status: 'OPEN' }, userErrors: [] });
    expect((await readOrder()).displayFinancialStatus).toBe('PAID');
  });

  it('when unpaid added items are removed with quantity 0, the order total and stock go back', async () => {
    const order = emulator.store.createOrder({
      customerId: null,
      email: 'guest@example.net',
      lines: [{ variantId: DEMO_VARIANTS.espresso250g, quantity: 1 }],
      shippingPrice: '5.00',
    });
    const id = gid('Order', order.id);
    const stockBefore = emulator.store.variant(DEMO_VARIANTS.stroopwafels)!.inventoryQuantity;
    const first = await begin(id);
    const added = (
      await gqlData<{ orderEditAddVariant: { calculatedLineItem: { id: string } } }>(emulator, ADD_VARIANT, {
        id: first.calculatedOrder!.id,
        variantId: gid('ProductVariant', DEMO_VARIANTS.stroopwafels),
        quantity: 1,
      })
    ).orderEditAddVariant;
    expect(added.calculatedLineItem.id).toMatch(/^gid:\/\/shopify\/CalculatedLineItem\//);
    await gqlData(emulator, COMMIT, { id: first.calculatedOrder!.id });
    expect((await readOrder(id)).totalOutstandingSet.shopMoney.amount).toBe('9.00');
    expect(emulator.store.variant(DEMO_VARIANTS.stroopwafels)!.inventoryQuantity).toBe(stockBefore - 1);

    const second = await begin(id);
    const line = second.calculatedOrder!.lineItems.nodes.find((l) => l.variant?.id === gid('ProductVariant', DEMO_VARIANTS.stroopwafels))!;
    const removed = (
      await gqlData<{ orderEditSetQuantity: { calculatedLineItem: { quantity: number }; userErrors: unknown[] } }>(emulator, SET_QUANTITY, {
        id: second.calculatedOrder!.id,
        lineItemId: line.id,
        quantity: 0,
        restock: true,
      })
    ).orderEditSetQuantity;
    expect(removed).toEqual({ calculatedLineItem: { quantity: 0, id: line.id }, userErrors: [] });
    await gqlData(emulator, COMMIT, { id: second.calculatedOrder!.id, notify: false, note: 'Offer window closed' });
    const after = await readOrder(id);
    expect(after.totalOutstandingSet.shopMoney.amount).toBe('0.00');
    expect(after.lineItems.nodes.find((l) => l.title.startsWith('Caramel'))).toMatchObject({ quantity: 1, currentQuantity: 0 });
    expect(emulator.store.variant(DEMO_VARIANTS.stroopwafels)!.inventoryQuantity).toBe(stockBefore);
  });
});

describe('test helpers on the store', () => {
  it('when an order is fulfilled through the store, it reads FULFILLED, its fulfillment orders close, orders/updated is sent', async () => {
    const order = emulator.store.createOrder({
      lines: [
        { variantId: DEMO_VARIANTS.tumblerBlack, quantity: 1 },
        { variantId: DEMO_VARIANTS.paperFilters, quantity: 3 },
      ],
    });
    emulator.store.fulfill(order.id, [{ lineItemId: order.lines[1]!.id, quantity: 3 }]);
    expect((await readOrder(gid('Order', order.id))).displayFulfillmentStatus).toBe('PARTIALLY_FULFILLED');
    emulator.store.fulfill(order.id);
    const after = await readOrder(gid('Order', order.id));
    expect(after.displayFulfillmentStatus).toBe('FULFILLED');
    expect(after.fulfillmentOrders.nodes.map((fo) => fo.status)).toEqual(['CLOSED']);
    await emulator.webhooks.waitFor('orders/updated', (payload) => payload.id === order.id && payload.fulfillment_status === 'fulfilled');
    const updates = receiver.received.filter((r) => r.topic === 'orders/updated');
    expect(
      updates
        .map((u) => JSON.parse(u.rawBody))
        .filter((p) => p.id === order.id)
        .map((p) => p.fulfillment_status),
    ).toEqual(['partial', 'fulfilled']);
  });
});

describe("Shopify's refusals", () => {
  it('when a fulfilled quantity would be removed, answers a userError and changes nothing', async () => {
    const started = await begin(gid('Order', DEMO_ORDERS.partiallyFulfilled));
    const filters = started.calculatedOrder!.lineItems.nodes.find(
      (l) => l.variant?.id === gid('ProductVariant', DEMO_VARIANTS.paperFilters),
    )!;
    expect(filters).toMatchObject({ quantity: 10, editableQuantity: 0 });
    const result = (
      await gqlData<{ orderEditSetQuantity: { calculatedLineItem: unknown; userErrors: { field: string[]; message: string }[] } }>(
        emulator,
        SET_QUANTITY,
        { id: started.calculatedOrder!.id, lineItemId: filters.id, quantity: 4 },
      )
    ).orderEditSetQuantity;
    expect(result.calculatedLineItem).toBeNull();
    expect(result.userErrors).toEqual([{ field: ['quantity'], message: 'The quantity cannot be lower than the 10 already fulfilled.' }]);
  });

  it('when the variant does not exist or is out of stock, answers userErrors', async () => {
    const started = await begin(gid('Order', DEMO_ORDERS.newCustomerFirstOrder));
    const id = started.calculatedOrder!.id;
    const missing = (
      await gqlData<{ orderEditAddVariant: { userErrors: { field: string[]; message: string }[] } }>(emulator, ADD_VARIANT, {
        id,
        variantId: 'gid://shopify/ProductVariant/1',
        quantity: 1,
      })
    ).orderEditAddVariant;
    expect(missing.userErrors).toEqual([{ field: ['variantId'], message: 'The variant does not exist.' }]);
    const soldOut = (
      await gqlData<{ orderEditAddVariant: { userErrors: { field: string[]; message: string }[] } }>(emulator, ADD_VARIANT, {
        id,
        variantId: gid('ProductVariant', DEMO_VARIANTS.chamomileOutOfStock),
        quantity: 1,
      })
    ).orderEditAddVariant;
    expect(soldOut.userErrors[0]?.message).toMatch(/out of stock/);
    const duplicate = (
      await gqlData<{ orderEditAddVariant: { userErrors: { field: string[]; message: string }[] } }>(emulator, ADD_VARIANT, {
        id,
        variantId: gid('ProductVariant', DEMO_VARIANTS.ethiopia250g),
        quantity: 1,
      })
    ).orderEditAddVariant;
    expect(duplicate.userErrors[0]?.field).toEqual(['variantId']);
  });

  it('when the order is cancelled, refuses to begin an edit', async () => {
    const result = await begin(gid('Order', DEMO_ORDERS.cancelled));
    expect(result.calculatedOrder).toBeNull();
    expect(result.userErrors[0]?.message).toMatch(/canceled/);
  });

  it('when a committed edit is used again, refuses it', async () => {
    const order = emulator.store.createOrder({ lines: [{ variantId: DEMO_VARIANTS.glassCups, quantity: 1 }] });
    const started = await begin(gid('Order', order.id));
    await gqlData(emulator, COMMIT, { id: started.calculatedOrder!.id });
    const again = await gql<{ orderEditCommit: { userErrors: { message: string }[] } }>(emulator, COMMIT, {
      id: started.calculatedOrder!.id,
    });
    expect(again.data?.orderEditCommit.userErrors).toEqual([
      { field: ['id'], message: 'The calculated order has already been committed.' },
    ]);
  });
});
