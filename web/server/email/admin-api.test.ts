// The merchant API of email offers over HTTP, with App Bridge session tokens, on both databases: settings,
// templates (a Liquid error is refused at save with its line and column), previews on the demo order and on a real
// order, a test send received over SMTP, the emails of an order and the list of emails sent, analytics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS, DEMO_VARIANTS } from '../../../test/emulator/seed/demo-store.js';
import { type EmailBackend, mugEmailFunnel, startEmailBackend } from '../../../test/support/email-backend.js';

describe.each(['sqlite', 'postgresql'] as const)('email merchant API on %s', (database) => {
  let b: EmailBackend;

  beforeAll(async () => {
    b = await startEmailBackend({ database });
    await b.h.server.ctx.settings.update(b.shop.id, { locales: ['en', 'fr', 'es', 'de', 'sv'], defaultLocale: 'en' });
    await b.createFunnel(mugEmailFunnel());
  });
  afterAll(async () => b?.close());

  // biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field in the assertions
  type Json = any;
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> => {
    const response = await b.h.adminFetch(`/api/admin/email${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };

  it('when the merchant saves settings, then they are read back with defaults filled in, and bad values are a 422 per field', async () => {
    const saved = await call('PUT', '/settings', { delayMinutes: 5, brand: { button: '#ff0000' }, senderName: 'Encore Coffee' });
    expect(saved.status).toBe(200);
    expect(saved.body.settings).toMatchObject({
      enabled: true,
      delayMinutes: 5,
      windowMinutes: 60,
      brand: { button: '#ff0000', primary: '#111827' },
    });
    expect((await call('GET', '/settings')).body).toMatchObject({ settings: { delayMinutes: 5 }, smtpConfigured: true });

    const bad = await call('PUT', '/settings', {
      windowMinutes: 5,
      brand: { logoUrl: 'http://x.test/logo.png' },
      senderName: 'Evil\r\nBcc: x',
    });
    expect(bad.status).toBe(422);
    const fields = (bad.body.error.problems as Array<{ field: string }>).map((p) => p.field).sort();
    expect(fields).toEqual(['brand.logoUrl', 'senderName', 'windowMinutes']);
    await call('PUT', '/settings', {});
  });

  it('when a template with a Liquid error is saved, then it is refused with the part, line and column, and nothing is stored', async () => {
    const html = '<table>\n<tr><td>{{ offer.headline }}</td></tr>\n<tr><td>{% if offer.url %}Go{% endfi %}</td></tr>\n</table>';
    const refused = await call('PUT', '/templates/fr', { subject: 'Hello {{ order.name }}', html });
    expect(refused.status).toBe(422);
    expect(refused.body.error.problems[0]).toMatchObject({ field: 'html', line: 3 });
    expect(refused.body.error.message).toMatch(/line 3, column \d+/);

    const unknownFilter = await call('PUT', '/templates/fr', { subject: '{{ order.name | upcasee }}', html: '<p>x</p>' });
    expect(unknownFilter.status).toBe(422);
    expect(unknownFilter.body.error.problems[0]).toMatchObject({ field: 'subject', line: 1, column: 1 });
    expect(unknownFilter.body.error.problems[0].message).toMatch(/upcasee/);

    const include = await call('PUT', '/templates/fr', { subject: 'x', html: '<p>\n  {% include "secrets" %}</p>' });
    expect(include.status).toBe(422);
    expect(include.body.error.problems[0]).toMatchObject({ field: 'html', line: 2, column: 3 });

    const current = await call('GET', '/templates/fr');
    expect(current.body.template.custom).toBe(false);
  });

  it('when a valid template is saved, then it is used for previews and can be reset to the shipped one', async () => {
    const saved = await call('PUT', '/templates/de', {
      subject: 'Für {{ customer.first_name }}: {{ order.name }}',
      preheader: 'Nur heute',
      html: '<p style="color:red">{{ offer.headline }} – {{ offer.products[0].price }}</p><a href="{{ offer.url }}">{{ offer.button }}</a>',
    });
    expect(saved.status).toBe(200);
    expect(saved.body.template).toMatchObject({ custom: true, version: 1, locale: 'de' });
    const preview = await call('POST', '/preview', { order: 'demo', locale: 'de' });
    expect(preview.status).toBe(200);
    expect(preview.body.email.subject).toBe('Für Alex: #1001');
    expect(preview.body.email.html).toContain('Ergänzen Sie Ihre Bestellung');
    // The shipped German text part is used when the template has none.
    expect(preview.body.email.text).toContain('Warum Sie diese E-Mail erhalten');
    const reset = await call('DELETE', '/templates/de');
    expect(reset.body.template.custom).toBe(false);
    expect((await call('GET', '/templates')).body.templates).toHaveLength(5);
  });

  it('when the merchant previews a real order, then its customer, number, language and the engine offer are used', async () => {
    const order = b.h.emulator.store.createOrder({
      customerId: DEMO_CUSTOMERS.frenchReturning,
      lines: [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }],
    });
    const preview = await call('POST', '/preview', { order: String(order.id) });
    expect(preview.status).toBe(200);
    expect(preview.body.source).toMatchObject({ source: 'order', engineOffer: true, orderId: `gid://shopify/Order/${order.id}` });
    expect(preview.body.email.subject).toBe(`Un petit plus pour votre commande ${order.name}`);
    expect(preview.body.email.html).toContain('Stoneware Mug');
    const latest = await call('POST', '/preview', {});
    expect(latest.body.source.source).toBe('order');
    expect((await call('POST', '/preview', { order: '999999999' })).status).toBe(404);
    expect((await call('POST', '/preview', { order: 'drop table' })).status).toBe(422);
    // An unsaved template with an error is refused with its position too.
    const broken = await call('POST', '/preview', { order: 'demo', template: { subject: 'x', html: '{{ offer.url ' } });
    expect(broken.status).toBe(422);
    expect(broken.body.error.problems[0]).toMatchObject({ field: 'html', line: 1 });
  });

  it('when the merchant sends a test, then the demo email arrives at that address over SMTP', async () => {
    const before = b.smtp.messages.length;
    const sent = await call('POST', '/test-send', { to: 'merchant@example.net', locale: 'sv' });
    expect(sent.status).toBe(200);
    const [email] = (await b.smtp.waitForCount(before + 1)).slice(before);
    expect(email!.envelope.to).toEqual(['merchant@example.net']);
    expect(email!.parsed.subject).toBe('[Test] Något extra till din beställning #1001');
    expect((await call('POST', '/test-send', { to: 'not an address' })).status).toBe(422);
  });

  it('when an order was emailed, then the merchant reads the decision, the email as sent and its outcome; analytics count it', async () => {
    const orderId = b.placeOrder({
      customerId: DEMO_CUSTOMERS.newFirstOrder,
      lines: [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }],
    });
    await b.settle();
    await b.advance(10 * 60_000);
    const view = await call('GET', `/orders/${orderId.split('/').pop()}`);
    expect(view.status).toBe(200);
    expect(view.body.decision.outcome).toBe('offer');
    expect(view.body.offer.status).toBe('sent');
    expect(view.body.emails).toHaveLength(1);
    expect(view.body.emails[0]).toMatchObject({ status: 'sent', locale: 'es' });
    expect(view.body.emails[0].html).toContain('<table');
    expect(view.body.outcome.map((e: { kind: string }) => e.kind)).toContain('shown');
    expect((await call('GET', '/orders/123')).status).toBe(404);

    // The list of emails sent names it (without its body); the email itself is read by its id.
    // (An earlier test's order was emailed at the same minute of the shared clock: find this one by its order.)
    const list = await call('GET', '/messages');
    expect(list.status).toBe(200);
    const listed = list.body.messages.find((m: { orderId: string }) => m.orderId === orderId);
    expect(listed).toMatchObject({ orderId, status: 'sent', locale: 'es', subject: view.body.emails[0].subject });
    expect(listed.html).toBeUndefined();
    const firstPage = await call('GET', '/messages?limit=1');
    expect(firstPage.body.messages).toHaveLength(1);
    expect(firstPage.body.next).toBe(firstPage.body.messages[0].id);
    const one = await call('GET', `/messages/${listed.id}`);
    expect(one.status).toBe(200);
    expect(one.body.email).toMatchObject({ html: view.body.emails[0].html, text: view.body.emails[0].text, to: view.body.emails[0].to });
    expect((await call('GET', '/messages/nope')).status).toBe(404);
    expect((await call('GET', '/messages?status=lost')).status).toBe(400);
    expect((await call('GET', '/messages?status=failed')).body.messages).toEqual([]);

    const analytics = await call('GET', '/analytics?from=2020-01-01');
    expect(analytics.status).toBe(200);
    expect(analytics.body.sent).toBeGreaterThanOrEqual(1);
    expect((await call('GET', '/analytics?from=yesterday')).status).toBe(400);
  });

  it('when a call carries no session token, then it is refused', async () => {
    const response = await b.h.adminFetch('/api/admin/email/settings', { auth: false });
    expect(response.status).toBe(401);
  });
});
