// What the webhook benchmark sends: signed `orders/create` deliveries as Shopify sends them (the X-Shopify-* headers,
// base64 HMAC-SHA256 of the raw body with the app secret: https://shopify.dev/docs/apps/build/webhooks/verify-deliveries),
// each with its own webhook and event id and a ~2 KB order body whose customer is one of a few thousand (so the orders/create handler
// both creates and updates customer profiles). A small share are retries of an earlier delivery (same ids, same
// body), which the intake must answer without processing them again.
import { createHmac } from 'node:crypto';
import { random } from '../engine/workload.js';

export const SHOP_DOMAIN = 'bench-webhooks.myshopify.com';
export const TOPIC = 'orders/create';
const CUSTOMERS = 3_000;
const GUEST_SHARE = 0.2;

export interface Delivery {
  eventId: string;
  /** Present on deliveries of an order with a customer: the profile it counts towards. */
  customerId: number | null;
  body: string;
  headers: Record<string, string>;
  /** True when this is Shopify retrying an earlier delivery. */
  retry: boolean;
}

export interface DeliveryStream {
  next(): Delivery;
  /** Distinct deliveries (retries not counted) and, of those, orders with a customer. */
  readonly sent: { distinct: number; withCustomer: number };
}

function orderBody(orderId: number, customerId: number | null, r: ReturnType<typeof random>, at: Date): string {
  const lines = Array.from({ length: r.int(1, 3) }, (_, index) => {
    const productId = 7_000_000_000 + r.int(1, 10_000);
    const quantity = r.int(1, 3);
    const price = (r.int(500, 9_000) / 100).toFixed(2);
    return {
      id: orderId * 10 + index,
      admin_graphql_api_id: `gid://shopify/LineItem/${orderId * 10 + index}`,
      product_id: productId,
      variant_id: productId * 10 + r.int(0, 3),
      title: `Product ${productId}`,
      variant_title: r.pick(['Small', 'Medium', 'Large', 'Default Title']),
      sku: `SKU-${productId}`,
      vendor: 'Bench Goods',
      quantity,
      price,
      price_set: { shop_money: { amount: price, currency_code: 'USD' }, presentment_money: { amount: price, currency_code: 'USD' } },
      requires_shipping: true,
      taxable: true,
      fulfillment_status: null,
    };
  });
  const subtotal = lines.reduce((sum, line) => sum + Number(line.price) * line.quantity, 0).toFixed(2);
  const address = {
    first_name: 'Ada',
    last_name: 'Lovelace',
    address1: '12 Analytical Row',
    city: 'London',
    zip: 'EC1A 1BB',
    country_code: 'GB',
    phone: null,
  };
  return JSON.stringify({
    id: orderId,
    admin_graphql_api_id: `gid://shopify/Order/${orderId}`,
    name: `#${orderId - 5_000_000_000}`,
    email: customerId === null ? 'guest@example.com' : `customer${customerId}@example.com`,
    created_at: at.toISOString(),
    updated_at: at.toISOString(),
    cancelled_at: null,
    currency: 'USD',
    financial_status: 'paid',
    subtotal_price: subtotal,
    total_price: subtotal,
    total_tax: '0.00',
    source_name: 'web',
    client_details: {
      browser_ip: '203.0.113.7',
      accept_language: 'en-GB,en;q=0.9',
      user_agent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
    },
    discount_codes: [],
    tags: '',
    note: null,
    customer:
      customerId === null
        ? null
        : {
            id: customerId,
            email: `customer${customerId}@example.com`,
            first_name: 'Ada',
            last_name: 'Lovelace',
            tags: r.pick(['', 'vip', 'wholesale, vip', 'newsletter']),
            state: 'enabled',
          },
    billing_address: address,
    shipping_address: address,
    line_items: lines,
    shipping_lines: [{ title: 'Standard', price: '4.90', code: 'STANDARD' }],
  });
}

/** Deliveries for one run; `retryShare` of them repeat an earlier delivery of the same stream. */
export function deliveryStream(options: { secret: string; seed: number; runId: string; retryShare: number }): DeliveryStream {
  const r = random(options.seed);
  const sentDeliveries: Delivery[] = [];
  const sent = { distinct: 0, withCustomer: 0 };
  let orderSerial = 0;
  return {
    sent,
    next() {
      if (sentDeliveries.length > 20 && r.next() < options.retryShare) {
        return { ...r.pick(sentDeliveries), retry: true };
      }
      orderSerial += 1;
      const orderId = 5_000_000_000 + options.seed * 1_000_000 + orderSerial;
      const customerId = r.next() < GUEST_SHARE ? null : 8_000_000_000 + r.int(1, CUSTOMERS);
      const at = new Date();
      const body = orderBody(orderId, customerId, r, at);
      const eventId = `${options.runId}-${orderSerial}`;
      const delivery: Delivery = {
        eventId,
        customerId,
        body,
        retry: false,
        headers: {
          'content-type': 'application/json',
          'x-shopify-hmac-sha256': createHmac('sha256', options.secret).update(body, 'utf8').digest('base64'),
          'x-shopify-topic': TOPIC,
          'x-shopify-shop-domain': SHOP_DOMAIN,
          'x-shopify-api-version': '2026-07',
          'x-shopify-webhook-id': `wh-${eventId}`,
          'x-shopify-event-id': eventId,
          'x-shopify-triggered-at': at.toISOString(),
        },
      };
      sent.distinct += 1;
      if (customerId !== null) sent.withCustomer += 1;
      sentDeliveries.push(delivery);
      if (sentDeliveries.length > 2_000) sentDeliveries.shift();
      return delivery;
    },
  };
}
