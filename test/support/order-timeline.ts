// Test support: a whole backend with two orders for the order block in Shopify's admin (extensions/order-timeline)
// and its route (GET /api/admin/orders/:id/timeline). The email backend (real database, the Admin API emulator with
// the demo store, a real SMTP server), the mug email funnel in five languages, then:
//   - `offered`: an order whose email went out, whose shopper opened the offer page from the email, accepted and paid,
//   - `noOffer`: an order without an email address, on which the email surface decided to make no offer.
import { DEMO_CUSTOMERS, DEMO_VARIANTS } from '../emulator/seed/demo-store.js';
import { type EmailBackend, mugEmailFunnel, startEmailBackend } from './email-backend.js';
import type { HarnessOptions } from './harness.js';
import { formNonce, openOffer, submitAccept } from './order-edit.js';

export interface OrderTimelineBackend {
  b: EmailBackend;
  /** Order GIDs. */
  offered: string;
  noOffer: string;
  close(): Promise<void>;
}

const TEN_MINUTES = 10 * 60_000;

export async function startOrderTimelineBackend(database: HarnessOptions['database'] = 'sqlite'): Promise<OrderTimelineBackend> {
  const b = await startEmailBackend({ database });
  await b.h.server.ctx.settings.update(b.shop.id, { locales: ['en', 'fr', 'es', 'de', 'sv'], defaultLocale: 'en' });
  await b.createFunnel(mugEmailFunnel());

  const before = b.smtp.messages.length;
  const offered = b.placeOrder({
    customerId: DEMO_CUSTOMERS.newFirstOrder,
    lines: [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }],
  });
  const noOffer = b.placeOrder({ customerId: null, email: null, lines: [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }] });
  await b.settle();
  await b.advance(TEN_MINUTES);

  // The shopper follows the email's link (the email names the app's public URL; the server listens locally) and accepts.
  const [email] = (await b.smtp.waitForCount(before + 1)).slice(before);
  const link = [...String(email?.parsed.html).matchAll(/href="([^"]+)"/g)].map((m) => m[1] ?? '').find((l) => l.includes('/offers/email/'));
  if (!link) throw new Error('the offer email has no offer link');
  const url = `${b.h.server.url}${new URL(link).pathname}`;
  const page = await openOffer(url);
  const variant =
    /name="variant"[^>]*value="([^"]+)"/.exec(page.html)?.[1] ?? /value="(gid:\/\/shopify\/ProductVariant\/\d+)"/.exec(page.html)?.[1];
  if (page.status !== 200 || !variant) throw new Error(`the offer page did not open: ${page.status}`);
  const accepted = await submitAccept(url, { nonce: formNonce(page.html), variant, quantity: 1 });
  if (accepted.status !== 303) throw new Error(`the accept failed: ${accepted.status}`);
  await b.settle();
  // The shopper pays the balance on Shopify's invoice: orders/paid, then the `paid` event with its amount.
  b.h.emulator.store.markOrderPaid(Number(offered.split('/').pop()));
  await b.settle();

  return { b, offered, noOffer, close: () => b.close() };
}
