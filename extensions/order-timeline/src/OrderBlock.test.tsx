// The block rendered headlessly (happy-dom at the extensions' origin) against the real Encore backend over HTTP: the
// Express app, its database, the Admin API emulator and an SMTP server, with an order whose email offer was opened,
// accepted and paid and an order that got no offer (test/support/order-timeline.ts). The `shopify` global is a
// fake (src/test-support/fake-shopify.ts): Shopify's admin cannot run here. Its ID token is the emulator's admin
// session token, signed with the app secret, which the backend checks as it checks App Bridge's.
import type { Window } from 'happy-dom';
import { render } from 'preact';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type OrderTimelineBackend, startOrderTimelineBackend } from '../../../test/support/order-timeline.js';
import extension from './OrderBlock.js';
import { all, bodyText, eventually, installDom, one, prop, texts } from './test-support/dom.js';
import { type FakeShopify, installFakeShopify } from './test-support/fake-shopify.js';

let t: OrderTimelineBackend;
let window: Window;
beforeAll(async () => {
  t = await startOrderTimelineBackend();
}, 60_000);
afterAll(async () => t?.close());
beforeEach(() => {
  window = installDom();
  vi.stubEnv('BACKEND_URL', t.b.h.server.url);
});
afterEach(async () => {
  render(null, document.body);
  vi.unstubAllEnvs();
  await window.happyDOM.close();
});

const adminToken =
  (shop = t.b.shop.domain) =>
  async () =>
    t.b.h.emulator.issueSessionToken(shop);

async function renderBlock(options: {
  orderId: string | null;
  locale?: string;
  idToken?: () => Promise<string | null>;
}): Promise<FakeShopify> {
  const shopify = installFakeShopify({ idToken: adminToken(), ...options });
  await extension();
  return shopify;
}

const block = () => one('s-admin-block');

describe('an order Encore made offers on', () => {
  it('when the page opens, then it shows a loading state, then every event with its time, surface, amount and funnel', async () => {
    const shopify = await renderBlock({ orderId: t.offered });
    expect(all('s-spinner')).toHaveLength(1);
    expect(bodyText()).toContain('Loading what Encore did on this order…');

    await eventually(() => expect(all('s-list-item')).toHaveLength(5));
    expect(all('s-spinner')).toHaveLength(0);
    expect(prop(block(), 'heading')).toBe('Encore offers');
    expect(prop(block(), 'collapsedSummary')).toBe('5 events');
    const lines = texts('s-list-item');
    expect(lines.map((line) => line.replace(/^.*? (Email ·)/, '$1'))).toEqual([
      'Email · Decided · Mug by email',
      'Email · Offer shown · Mug by email',
      'Email · Offer page opened · Mug by email',
      'Email · Offer accepted · Mug by email',
      expect.stringMatching(/^Email · Paid · \$\d+\.\d{2} · Mug by email$/),
    ]);
    // Each line starts with its time, in the merchant's locale.
    expect(lines[0]).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s?[AP]M /);
    expect(texts('s-stack s-stack s-text')).toContain('Email: offered "Mug by email".');
    expect(shopify.auth.idToken).toHaveBeenCalled();
  });

  it('when the email went out, then the block says when and with which subject, and links to it and to the full timeline', async () => {
    await renderBlock({ orderId: t.offered });
    await eventually(() => expect(all('s-link')).toHaveLength(2));
    const sent = await t.b.h.server.ctx.db.prisma.emailMessage.findFirstOrThrow({ where: { orderId: t.offered } });
    expect(bodyText()).toContain(`Email offer sent `);
    expect(bodyText()).toContain(`: “${sent.subject}”`);
    const [email, timeline] = all('s-link');
    const path = `orders/${encodeURIComponent(t.offered)}/`;
    expect(prop(email!, 'href')).toMatch(new RegExp(`^app:${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^/]+#email$`));
    expect(email!.textContent).toBe('See the email as sent');
    expect(prop(timeline!, 'href')).toBe(prop(email!, 'href')?.replace(/#email$/, ''));
    expect(timeline!.textContent).toBe('Full timeline in Encore');
  });
});

describe('an order Encore made no offer on', () => {
  it.each([
    ['en', 'Encore offers', 'No offer', 'Encore made no offer on this order: the order has no email address.'],
    ['fr', 'Offres Encore', 'Aucune offre', "Encore n'a fait aucune offre sur cette commande : la commande n'a pas d'adresse e-mail."],
    [
      'es',
      'Ofertas de Encore',
      'Sin oferta',
      'Encore no hizo ninguna oferta en este pedido: el pedido no tiene dirección de correo electrónico.',
    ],
    [
      'de',
      'Encore-Angebote',
      'Kein Angebot',
      'Encore hat bei dieser Bestellung kein Angebot gemacht, weil die Bestellung keine E-Mail-Adresse hat.',
    ],
    [
      'sv-SE',
      'Encore-erbjudanden',
      'Inget erbjudande',
      'Encore gav inget erbjudande på den här beställningen eftersom beställningen saknar e-postadress.',
    ],
  ])('when the merchant’s admin is in %s, then the block says why in that language', async (locale, heading, summary, line) => {
    await renderBlock({ orderId: t.noOffer, locale });
    await eventually(() => expect(texts('s-paragraph')).toEqual([line]));
    expect(prop(block(), 'heading')).toBe(heading);
    expect(prop(block(), 'collapsedSummary')).toBe(summary);
    expect(all('s-list-item')).toHaveLength(0);
    // No email was sent: only the link to the full timeline.
    const orderPath = `app:orders/${encodeURIComponent(t.noOffer)}/`;
    expect(all('s-link').map((link) => prop(link, 'href')?.startsWith(orderPath) && !prop(link, 'href')?.includes('#'))).toEqual([true]);
  });
});

describe('when the block cannot show the timeline', () => {
  it('when the backend does not answer, then an error with a retry; the retry loads the timeline', async () => {
    vi.stubEnv('BACKEND_URL', 'http://127.0.0.1:1');
    await renderBlock({ orderId: t.offered });
    await eventually(() => expect(prop(one('s-banner'), 'tone')).toBe('critical'));
    expect(bodyText()).toContain("Encore's timeline for this order could not be loaded.");

    vi.stubEnv('BACKEND_URL', t.b.h.server.url);
    one('s-button').click();
    await eventually(() => expect(all('s-list-item')).toHaveLength(5));
    expect(all('s-banner')).toHaveLength(0);
  });

  it('when the backend refuses the token, then the merchant is told to open the app, not shown an error code', async () => {
    const shopper = async () => t.b.h.emulator.issueCheckoutSessionToken(t.b.shop.domain);
    await renderBlock({ orderId: t.offered, locale: 'fr', idToken: shopper });
    await eventually(() => expect(prop(one('s-banner'), 'tone')).toBe('warning'));
    expect(bodyText()).toContain("Ouvrez Encore une fois depuis Applications pour qu'il puisse afficher sa chronologie ici.");
    expect(bodyText()).not.toContain('Mug by email');
  });

  it('when no order is selected, then the block says so and calls nothing', async () => {
    const shopify = await renderBlock({ orderId: null });
    expect(bodyText()).toBe('Open an order to see what Encore did on it.');
    expect(shopify.auth.idToken).not.toHaveBeenCalled();
  });
});
