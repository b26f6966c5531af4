// The email flow through the real app, on both databases: an order placed in the emulator -> orders/create,
// signed, through the webhook intake -> the decision job -> ten minutes on a controlled clock -> the send job ->
// the email received by a real SMTP server and parsed with mailparser. Nothing is mocked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS, DEMO_PRODUCTS, DEMO_VARIANTS } from '../../../test/emulator/seed/demo-store.js';
import { orderPayload } from '../../../test/emulator/store/orders.js';
import { type EmailBackend, mugEmailFunnel, startEmailBackend, TEST_EMAIL_FROM } from '../../../test/support/email-backend.js';
import { formNonce, openOffer, submitAccept } from '../../../test/support/order-edit.js';
import { verifyOfferLink } from './offer-link.js';
import { parseOfferSnapshot } from './offer-snapshot.js';

const TEN_MINUTES = 10 * 60_000;

describe.each(['sqlite', 'postgresql'] as const)('email offers on %s', (database) => {
  let b: EmailBackend;

  beforeAll(async () => {
    b = await startEmailBackend({ database });
    await b.h.server.ctx.settings.update(b.shop.id, { locales: ['en', 'fr', 'es', 'de', 'sv'], defaultLocale: 'en' });
    await b.createFunnel(mugEmailFunnel());
  });
  afterAll(async () => b?.close());

  const prisma = () => b.h.server.ctx.db.prisma;
  const offerOf = (orderId: string) => prisma().emailOffer.findUnique({ where: { shopId_orderId: { shopId: b.shop.id, orderId } } });
  const decisionOf = (orderId: string) =>
    prisma().offerDecision.findUnique({ where: { shopId_surface_orderKey: { shopId: b.shop.id, surface: 'email', orderKey: orderId } } });
  const reasonsOf = async (orderId: string) =>
    ((await decisionOf(orderId))?.trace as { trace: Array<{ reason: string }> } | undefined)?.trace.map((entry) => entry.reason) ?? [];

  it('when an eligible order arrives, then ten minutes later one email with the offer is received over SMTP', async () => {
    const before = b.smtp.messages.length;
    const orderId = b.placeOrder({
      customerId: DEMO_CUSTOMERS.newFirstOrder,
      lines: [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }],
    });
    await b.settle();
    const scheduled = await offerOf(orderId);
    expect(scheduled).toMatchObject({ status: 'scheduled', locale: 'es' });
    expect(scheduled!.scheduledFor.getTime() - b.clock.now().getTime()).toBe(TEN_MINUTES);
    expect(b.smtp.messages.length).toBe(before);

    await b.advance(TEN_MINUTES - 1_000);
    expect(b.smtp.messages.length).toBe(before);
    await b.advance(1_000);
    const [email] = (await b.smtp.waitForCount(before + 1)).slice(before);

    // Spanish: the order's customer locale.
    expect(email!.parsed.subject).toMatch(/^Algo más para tu pedido #\d+$/);
    expect(email!.parsed.to && 'text' in email!.parsed.to ? email!.parsed.to.text : '').toContain('@');
    expect(email!.envelope.from).toBe(TEST_EMAIL_FROM);
    expect(email!.parsed.from?.value[0]).toMatchObject({ address: TEST_EMAIL_FROM, name: 'Encore Demo Store' });
    // Both parts exist in the source (mailparser would derive a text from the HTML otherwise).
    expect(email!.raw).toMatch(/Content-Type: text\/plain/);
    expect(email!.raw).toMatch(/Content-Type: text\/html/);
    const html = String(email!.parsed.html);
    expect(html).toContain('Completa tu ritual');
    expect(html).toContain('Stoneware Mug');
    expect(html).not.toMatch(/<style>[^<]*\.button/);
    expect(html).toMatch(/<table[^>]+role="presentation"/);
    expect(html).toMatch(/class="button"[^>]*style="[^"]*background: ?#1d4ed8/);
    expect(email!.parsed.text).toContain('Por qué recibes este correo');

    // The button's link: the offer page, signed for this EmailOffer, valid until the window closes.
    const links = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
    const offerLink = links.find((link) => link.includes('/offers/email/'))!;
    expect(offerLink.startsWith('https://encore.test/offers/email/')).toBe(true);
    expect(email!.parsed.text).toContain(offerLink);
    const sent = (await offerOf(orderId))!;
    const verdict = verifyOfferLink(offerLink.split('/').pop()!, b.h.config.apiSecret, b.clock.now());
    expect(verdict).toMatchObject({ ok: true, claims: { subject: sent.id, shop: b.shop.domain } });
    expect(sent.status).toBe('sent');
    expect(sent.expiresAt.getTime() - sent.sentAt!.getTime()).toBe(60 * 60_000);
    expect(verdict.ok && verdict.claims.expiresAt.getTime()).toBe(sent.expiresAt.getTime());

    // The snapshot the offer page reads: the mug in stock colours only, priced with the discount.
    const snapshot = parseOfferSnapshot(sent.offer)!;
    expect(snapshot.products.map((p) => p.productId)).toEqual([`gid://shopify/Product/${DEMO_PRODUCTS.mug}`]);
    expect(snapshot.products[0]!.variants.map((v) => v.id)).not.toContain(
      `gid://shopify/ProductVariant/${DEMO_VARIANTS.mugSlateOutOfStock}`,
    );
    expect(snapshot.products[0]!.variants[0]!.price.presentment.discountMinor).toBeGreaterThan(0);

    // What the merchant sees: the stored email, exactly as sent.
    const stored = await prisma().emailMessage.findUniqueOrThrow({ where: { emailOfferId: sent.id } });
    expect(stored).toMatchObject({ status: 'sent', subject: email!.parsed.subject, to: sent.email });
    expect(email!.parsed.messageId).toBe(stored.messageId);
    // Ledger: the email counts as an offer shown to this customer (frequency cap).
    const events = await b.h.server.ctx.ledger.eventsForOrder(b.shop.id, orderId);
    expect(events.filter((e) => e.surface === 'email' && e.kind === 'shown')).toHaveLength(1);
  });

  it('when nobody answers an email, then at the window end the offer expires and the order is tagged safe to fulfil', async () => {
    const emailed = b.placeOrder({
      customerId: DEMO_CUSTOMERS.vipWithCard,
      lines: [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }],
    });
    const guest = b.placeOrder({ customerId: null, email: null, lines: [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }] });
    await b.settle();
    const tagsOf = (orderId: string) => b.h.emulator.store.orders.get(Number(orderId.split('/').pop()))!.tags;
    // An order that gets no email is ready at once; the emailed one waits for its window.
    expect(tagsOf(guest)).toContain('encore-ready');
    await b.advance(TEN_MINUTES);
    expect((await offerOf(emailed))?.status).toBe('sent');
    expect(tagsOf(emailed)).not.toContain('encore-ready');

    await b.advance(60 * 60_000);
    expect((await offerOf(emailed))?.status).toBe('expired');
    expect(tagsOf(emailed)).toContain('encore-ready');
  });

  it('when the shopper clicks the email and accepts, then the original order gets the line and a balance to pay', async () => {
    const before = b.smtp.messages.length;
    const orderId = b.placeOrder({
      customerId: DEMO_CUSTOMERS.frenchReturning,
      lines: [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }],
    });
    await b.settle();
    await b.advance(TEN_MINUTES);
    const [email] = (await b.smtp.waitForCount(before + 1)).slice(before);
    const link = [...String(email!.parsed.html).matchAll(/href="([^"]+)"/g)].map((m) => m[1]!).find((l) => l.includes('/offers/email/'))!;
    // The email names the app's public URL; the test's server listens on a local port.
    const url = `${b.h.server.url}${new URL(link).pathname}`;

    const page = await openOffer(url);
    expect(page.status).toBe(200);
    const variant =
      /name="variant"[^>]*value="([^"]+)"/.exec(page.html)?.[1] ?? /value="(gid:\/\/shopify\/ProductVariant\/\d+)"/.exec(page.html)![1]!;
    const accepted = await submitAccept(url, { nonce: formNonce(page.html), variant, quantity: 1 });
    expect(accepted.status).toBe(303);
    expect(accepted.location).toMatch(/^https?:\/\//);

    await b.settle();
    const order = b.h.emulator.store.orders.get(Number(orderId.split('/').pop()))!;
    expect(order.lines.some((line) => `gid://shopify/ProductVariant/${line.variantId}` === variant && line.quantity > 0)).toBe(true);
    expect((await offerOf(orderId))?.status).toBe('accepted');
  });

  it('when orders/create is delivered twice, under two event ids, then one email is sent', async () => {
    const before = b.smtp.messages.length;
    const orderId = b.placeOrder({ customerId: DEMO_CUSTOMERS.wholesale, lines: [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }] });
    await b.settle();
    const payload = () => orderPayload(b.h.emulator.store, b.h.emulator.store.orders.get(Number(orderId.split('/').pop()))!);
    // The same event again under a new event id (Shopify may do this), before and after the email went out.
    await b.h.emulator.webhooks.send('orders/create', b.shop.domain, payload());
    await b.settle();
    await b.advance(TEN_MINUTES);
    await b.h.emulator.webhooks.send('orders/create', b.shop.domain, payload());
    await b.advance(TEN_MINUTES);
    await b.smtp.waitForCount(before + 1);
    const offer = (await offerOf(orderId))!;
    expect(b.smtp.messages.filter((m) => offerIdHeader(m.raw) === offer.id)).toHaveLength(1);
    expect(b.smtp.messages.length).toBe(before + 1);
    expect(await prisma().emailMessage.count({ where: { orderId } })).toBe(1);
  });

  it('when the order is cancelled before the email is due, then no email is sent and the reason is kept', async () => {
    const before = b.smtp.messages.length;
    const orderId = b.placeOrder({ customerId: DEMO_CUSTOMERS.noOrders, lines: [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }] });
    await b.settle();
    expect((await offerOf(orderId))?.status).toBe('scheduled');
    b.h.emulator.store.cancelOrder(Number(orderId.split('/').pop()));
    await b.advance(TEN_MINUTES);
    const offer = await offerOf(orderId);
    expect(offer?.status).toBe('cancelled');
    expect(JSON.stringify(offer?.sendOutcome)).toContain('order_cancelled');
    expect(b.smtp.messages.length).toBe(before);
  });

  it('when the order is fulfilled before the email is due, then no email is sent', async () => {
    const before = b.smtp.messages.length;
    const orderId = b.placeOrder({ customerId: DEMO_CUSTOMERS.canadian, lines: [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }] });
    await b.settle();
    b.h.emulator.store.fulfill(Number(orderId.split('/').pop()));
    await b.advance(TEN_MINUTES);
    expect((await offerOf(orderId))?.status).toBe('cancelled');
    expect(JSON.stringify((await offerOf(orderId))?.sendOutcome)).toContain('order_fulfilled');
    expect(b.smtp.messages.length).toBe(before);
  });

  it('when an order is not eligible, then no email is scheduled and each reason is in the decision trace', async () => {
    const guest = b.placeOrder({ customerId: null, email: null, lines: [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }] });
    const tagged = b.placeOrder({
      customerId: DEMO_CUSTOMERS.subscriber,
      tags: ['Upsold-By-Other-App'],
      lines: [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }],
    });
    await b.h.server.ctx.db.prisma.emailSettings.upsert({
      where: { shopId: b.shop.id },
      create: { shopId: b.shop.id, settings: { skipOrderTags: ['upsold-by-other-app'] } },
      update: { settings: { skipOrderTags: ['upsold-by-other-app'] } },
    });
    await b.settle();
    expect(await reasonsOf(guest)).toEqual(['no_email_address']);
    expect(await reasonsOf(tagged)).toEqual(['order_tagged']);
    expect(await offerOf(guest)).toBeNull();
    expect(await offerOf(tagged)).toBeNull();
    await prisma().emailSettings.deleteMany({ where: { shopId: b.shop.id } });
  });
});

function offerIdHeader(raw: string): string | null {
  return /X-Encore-Email-Offer: (\S+)/.exec(raw)?.[1] ?? null;
}
