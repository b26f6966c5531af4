// The public offer page over HTTP, on SQLite and PostgreSQL: what each link, form and language gets back, what a GET
// leaves behind (only the ledger's "opened", once), the cross-site and stale-form refusals, and the end of an offer
// nobody accepted ("safe to fulfil"). The same page in real Chromium at 320 px, checked with axe-core, is at the end.
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_VARIANTS } from '../../../test/emulator/seed/demo-store.js';
import { gid } from '../../../test/emulator/store/ids.js';
import { TEST_API_SECRET } from '../../../test/support/harness.js';
import { formNonce, type OrderEditBackend, openOffer, startOrderEditBackend, submitAccept } from '../../../test/support/order-edit.js';
import { signOfferLink } from '../email/index.js';
import { LOCALES } from '../offers/index.js';
import { scheduleOfferWindowEnd } from './index.js';

const MINUTE = 60_000;

describe.each(['sqlite', 'postgresql'] as const)('the email offer page (%s)', (database) => {
  let b: OrderEditBackend;

  beforeAll(async () => {
    b = await startOrderEditBackend(database);
  });
  afterAll(async () => b?.close());

  const prisma = () => b.h.server.ctx.db.prisma;
  const newOffer = async (options: Parameters<OrderEditBackend['createOffer']>[1] = { variantIds: [DEMO_VARIANTS.mugSand] }) => {
    const order = await b.placeOrder([{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }]);
    return { order, offer: await b.createOffer(order, options) };
  };

  describe('opening the link', () => {
    it.each(LOCALES.map((locale) => [locale]))(
      'shows the offer in the shopper’s language (%s), with a labelled form and time left',
      async (locale) => {
        const { offer } = await newOffer({ variantIds: [DEMO_VARIANTS.mugSand, DEMO_VARIANTS.mugMossLowStock], locale });
        const page = await openOffer(offer.url);
        expect(page.status).toBe(200);
        expect(page.html).toContain(`<html lang="${locale}">`);
        const words = {
          en: 'Choose your item',
          fr: 'Choisissez votre article',
          es: 'Elige tu artículo',
          de: 'Wählen Sie Ihren Artikel',
          sv: 'Välj din artikel',
        };
        expect(page.html).toContain(`<legend>${words[locale]}</legend>`);
        expect(page.html).toMatch(/<label for="quantity">/);
        expect(page.html).toMatch(/<time datetime="[^"]+">[^<]*60/);
        expect(page.headers.get('cache-control')).toBe('no-store');
        expect(page.headers.get('referrer-policy')).toBe('same-origin');
        expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      },
    );

    it('reads the engine’s PresentedStep as well as the email module’s snapshot, and accepts from it', async () => {
      const { order, offer } = await newOffer({ variantIds: [DEMO_VARIANTS.mugSand], shape: 'presented-step' });
      const page = await openOffer(offer.url);
      expect(page.status).toBe(200);
      const answer = await submitAccept(offer.url, {
        nonce: formNonce(page.html),
        variant: gid('ProductVariant', DEMO_VARIANTS.mugSand),
        quantity: 1,
      });
      expect(answer.status).toBe(303);
      expect(
        b.h.emulator.store.orders
          .get(order.id)!
          .lines.filter((l) => l.addedByEditAt)
          .map((l) => l.variantId),
      ).toEqual([DEMO_VARIANTS.mugSand]);
    });

    it('changes nothing but the ledger’s "opened", recorded once however often the page is opened', async () => {
      const { order, offer } = await newOffer();
      const linesBefore = JSON.stringify(b.h.emulator.store.orders.get(order.id)!.lines);
      const jobsBefore = await prisma().job.count();
      await openOffer(offer.url);
      await openOffer(offer.url);
      expect(await prisma().offerEvent.findMany({ where: { orderKey: offer.orderGid }, select: { kind: true, detail: true } })).toEqual([
        { kind: 'shown', detail: { opened: true } },
      ]);
      expect(await prisma().orderEdit.count({ where: { emailOfferId: offer.id } })).toBe(0);
      expect(await prisma().job.count()).toBe(jobsBefore);
      expect(JSON.stringify(b.h.emulator.store.orders.get(order.id)!.lines)).toBe(linesBefore);
    });

    it('refuses a tampered link (403), a malformed one (400) and one for no offer (404), in the browser’s language', async () => {
      const { offer } = await newOffer();
      const [payload, signature] = offer.token.split('.') as [string, string];
      const tampered = `${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
      const german = { 'Accept-Language': 'de-CH,de;q=0.9,en;q=0.5' };
      const refused = await openOffer(offer.url.replace(offer.token, tampered), german);
      expect(refused.status).toBe(403);
      expect(refused.html).toContain('Dieser Link funktioniert nicht');
      expect((await openOffer(offer.url.replace(offer.token, 'not-a-link'))).status).toBe(400);
      expect((await openOffer(offer.url.replace(offer.token, 'x'.repeat(5_000)))).status).toBe(400);
      const unknown = signOfferLink({ shop: b.shop.domain, emailOfferId: 'no-such-offer', expiresAt: offer.expiresAt }, TEST_API_SECRET);
      expect((await openOffer(offer.url.replace(offer.token, unknown))).status).toBe(404);
      const posted = await submitAccept(offer.url.replace(offer.token, tampered), { nonce: 'x', variant: 'y', quantity: 1 });
      expect(posted.status).toBe(403);
      expect(await prisma().orderEdit.count({ where: { emailOfferId: offer.id } })).toBe(0);
    });

    it('says the offer has ended (410) once its window is over, and accepts nothing then', async () => {
      const { order, offer } = await newOffer({ variantIds: [DEMO_VARIANTS.mugSand], expiresInMs: 5 * MINUTE });
      const page = await openOffer(offer.url);
      b.clock.advance(6 * MINUTE);
      const ended = await openOffer(offer.url);
      expect(ended.status).toBe(410);
      expect(ended.html).toContain('This offer has ended');
      const late = await submitAccept(offer.url, {
        nonce: formNonce(page.html),
        variant: gid('ProductVariant', DEMO_VARIANTS.mugSand),
        quantity: 1,
      });
      expect(late.status).toBe(410);
      expect(b.h.emulator.store.orders.get(order.id)!.lines.filter((l) => l.addedByEditAt)).toEqual([]);
    });

    it('shows a friendly page, not an error, for an offer whose stored snapshot it cannot read', async () => {
      const { offer } = await newOffer({ variantIds: [DEMO_VARIANTS.mugSand], rawOffer: { headline: 'an older shape' } });
      const page = await openOffer(offer.url);
      expect(page.status).toBe(409);
      expect(page.html).toContain('cannot be accepted right now');
      const posted = await submitAccept(offer.url, { nonce: 'x', variant: 'y', quantity: 1 });
      expect(posted.status).toBe(403);
    });
  });

  describe('posting the form', () => {
    const accept = async (headers: Record<string, string>, nonce?: (html: string, offerId: string) => string) => {
      const { order, offer } = await newOffer({ variantIds: [DEMO_VARIANTS.mugSand], expiresInMs: 4 * 60 * MINUTE });
      const page = await openOffer(offer.url);
      const answer = await submitAccept(
        offer.url,
        {
          nonce: nonce ? nonce(page.html, offer.id) : formNonce(page.html),
          variant: gid('ProductVariant', DEMO_VARIANTS.mugSand),
          quantity: 1,
        },
        headers,
      );
      return { answer, order, offer };
    };

    it.each([
      ['from another site (Origin)', { Origin: 'https://evil.example' }],
      ['from another site (Sec-Fetch-Site)', { 'Sec-Fetch-Site': 'cross-site' }],
      ['with Origin null', { Origin: 'null' }],
    ])('refuses a post %s with 403, and edits nothing', async (_name, headers) => {
      const { answer, offer } = await accept(headers);
      expect(answer.status).toBe(403);
      expect(answer.html).toContain('Please try again');
      expect(await prisma().orderEdit.count({ where: { emailOfferId: offer.id } })).toBe(0);
    });

    it('refuses a form without its nonce, with another offer’s, or one left open for hours', async () => {
      expect((await accept({}, () => '')).answer.status).toBe(403);
      const other = await newOffer();
      const otherPage = await openOffer(other.offer.url);
      expect((await accept({}, () => formNonce(otherPage.html))).answer.status).toBe(403);
      const { offer } = await newOffer({ variantIds: [DEMO_VARIANTS.mugSand], expiresInMs: 4 * 60 * MINUTE });
      const page = await openOffer(offer.url);
      b.clock.advance(3 * 60 * MINUTE);
      const stale = await submitAccept(offer.url, {
        nonce: formNonce(page.html),
        variant: gid('ProductVariant', DEMO_VARIANTS.mugSand),
        quantity: 1,
      });
      expect(stale.status).toBe(403);
      expect(await prisma().orderEdit.count({ where: { emailOfferId: offer.id } })).toBe(0);
    });

    it.each([
      ['a variant the offer does not have', gid('ProductVariant', DEMO_VARIANTS.biscotti), '1'],
      ['a quantity above the offer’s maximum', gid('ProductVariant', DEMO_VARIANTS.mugSand), '9'],
      ['a quantity that is not a number', gid('ProductVariant', DEMO_VARIANTS.mugSand), '1e3'],
    ])('answers %s with the form again (422) and edits nothing', async (_name, variant, quantity) => {
      const { order, offer } = await newOffer();
      const page = await openOffer(offer.url);
      const answer = await submitAccept(offer.url, { nonce: formNonce(page.html), variant, quantity });
      expect(answer.status).toBe(422);
      expect(answer.html).toContain('Please check your choice');
      expect(answer.html).toContain('name="nonce"');
      expect(b.h.emulator.store.orders.get(order.id)!.lines.filter((l) => l.addedByEditAt)).toEqual([]);
    });
  });

  describe('when the offer ends without an accept', () => {
    it('marks the offer expired and the order safe to fulfil, with the shop’s tag and metafield', async () => {
      const put = await b.h.adminFetch('/api/admin/order-edit/settings', {
        method: 'PUT',
        body: JSON.stringify({ readyTag: 'ready-to-ship', readyMetafield: { namespace: 'warehouse', key: 'release' } }),
      });
      expect(put.status).toBe(200);
      const { order, offer } = await newOffer({ variantIds: [DEMO_VARIANTS.mugSand], expiresInMs: 60 * MINUTE });
      await scheduleOfferWindowEnd(b.h.server.ctx, { id: offer.id, shopDomain: b.shop.domain, expiresAt: offer.expiresAt });
      await b.runJobs();
      expect(b.h.emulator.store.orders.get(order.id)!.tags).not.toContain('ready-to-ship');

      b.clock.advance(61 * MINUTE);
      await b.runJobs();
      expect((await prisma().emailOffer.findUnique({ where: { id: offer.id } }))?.status).toBe('expired');
      expect(b.h.emulator.store.orders.get(order.id)!.tags).toContain('ready-to-ship');
      const metafield = [...b.h.emulator.store.metafields.values()]
        .flat()
        .find((m) => m.ownerGid === offer.orderGid && m.namespace === 'warehouse' && m.key === 'release');
      expect(metafield).toMatchObject({ type: 'boolean', value: 'true' });
      await b.h.adminFetch('/api/admin/order-edit/settings', { method: 'PUT', body: '{}' });
    });

    it('refuses invalid settings with a problem per field', async () => {
      const answer = await b.h.adminFetch('/api/admin/order-edit/settings', {
        method: 'PUT',
        body: JSON.stringify({ readyTag: 'a,b', readyMetafield: { namespace: 'x', key: 'ok' }, holdUntilReady: 'yes' }),
      });
      expect(answer.status).toBe(422);
      const body = (await answer.json()) as { error: { problems: { field: string }[] } };
      expect(body.error.problems.map((p) => p.field).sort()).toEqual(['holdUntilReady', 'readyMetafield.namespace', 'readyTag']);
    });

    it('with "hold until ready" on, holds a new order from orders/create and releases it once it is marked ready', async () => {
      await b.h.adminFetch('/api/admin/order-edit/settings', { method: 'PUT', body: JSON.stringify({ holdUntilReady: true }) });
      try {
        const { order, offer } = await newOffer({ variantIds: [DEMO_VARIANTS.mugSand], expiresInMs: 60 * MINUTE });
        const fulfillmentOrders = () =>
          b.h.emulator.store.orders.get(order.id)!.fulfillmentOrderIds.map((id) => b.h.emulator.store.fulfillmentOrders.get(id)!);
        expect(fulfillmentOrders().map((fo) => [fo.status, fo.holds.map((h) => h.handle)])).toEqual([['ON_HOLD', ['encore-until-ready']]]);
        await scheduleOfferWindowEnd(b.h.server.ctx, { id: offer.id, shopDomain: b.shop.domain, expiresAt: offer.expiresAt });
        b.clock.advance(61 * MINUTE);
        await b.runJobs();
        expect(fulfillmentOrders().map((fo) => [fo.status, fo.holds.length])).toEqual([['OPEN', 0]]);
        expect(b.h.emulator.store.orders.get(order.id)!.tags).toContain('encore-ready');
      } finally {
        await b.h.adminFetch('/api/admin/order-edit/settings', { method: 'PUT', body: '{}' });
      }
    });
  });
});

describe('the email offer page in Chromium', () => {
  let b: OrderEditBackend;
  const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

  beforeAll(async () => {
    b = await startOrderEditBackend('sqlite');
  });
  afterAll(async () => b?.close());

  it('fits 320 px, passes axe-core’s WCAG 2 A/AA rules, works from the keyboard, and lands on Shopify’s payment page', async () => {
    const order = await b.placeOrder([{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }]);
    const offer = await b.createOffer(order, {
      variantIds: [DEMO_VARIANTS.mugSand, DEMO_VARIANTS.mugSlateOutOfStock, DEMO_VARIANTS.mugMossLowStock],
    });
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      // bypassCSP lets the test inject axe-core into a page whose policy allows no script at all.
      const context = await browser.newContext({ viewport: { width: 320, height: 640 }, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(offer.url);

      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(320);
      await page.addScriptTag({ path: axePath });
      const violations = await page.evaluate(
        `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
          .then((result) => result.violations.map((v) => v.id + ' (' + v.nodes.length + ')'))`,
      );
      expect(violations).toEqual([]);
      expect(await page.locator('input[type=radio]:disabled').count()).toBe(1);

      await page.keyboard.press('Tab'); // the checked radio of the group
      expect(await page.evaluate('document.activeElement.getAttribute("type")')).toBe('radio');
      await page.keyboard.press('ArrowDown'); // skips the sold-out slate mug
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement.id')).toBe('quantity');
      await page.keyboard.press('Tab');
      // The accept answers 303 to Shopify's payment page; the browser follows it (there is no network to load it).
      const [payment] = await Promise.all([
        page.waitForRequest((request) => request.url().includes('.myshopify.com/')),
        page.keyboard.press('Enter'),
      ]);
      expect(payment.url()).toMatch(/\/invoices\//);
      const added = b.h.emulator.store.orders.get(order.id)!.lines.filter((l) => l.addedByEditAt);
      expect(added.map((l) => l.variantId)).toEqual([DEMO_VARIANTS.mugMossLowStock]);
    } finally {
      await browser.close();
    }
  });
});
