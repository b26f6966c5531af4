// The order block's route (GET /api/admin/orders/:id/timeline, read by extensions/order-timeline from Shopify's
// admin) over HTTP against the real app, database, SMTP server and the Admin API emulator: the events of every
// surface with their amounts, why a surface made no offer, the email sent and the app's links; the session token
// checked like every /api/admin call; unknown and foreign orders; the CORS answers for the extensions' origin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderTimelineResponse } from '../../../extensions/order-timeline/src/contract.js';
import { type OrderTimelineBackend, startOrderTimelineBackend } from '../../../test/support/order-timeline.js';
import { ADMIN_EXTENSION_ORIGIN } from '../http/middleware.js';

const numeric = (gid: string) => gid.split('/').pop() ?? '';
interface ErrorBody {
  error: { code: string; message: string };
}

describe.each(['sqlite', 'postgresql'] as const)('the order block’s route on %s', (database) => {
  let t: OrderTimelineBackend;
  beforeAll(async () => {
    t = await startOrderTimelineBackend(database);
  }, 60_000);
  afterAll(async () => t?.close());

  const timelineOf = async (id: string, init?: Parameters<OrderTimelineBackend['b']['h']['adminFetch']>[1]) => {
    const response = await t.b.h.adminFetch(`/api/admin/orders/${id}/timeline`, init);
    return { status: response.status, headers: response.headers, body: (await response.json()) as OrderTimelineResponse & ErrorBody };
  };

  describe('GET /api/admin/orders/:id/timeline', () => {
    it('when the order’s email offer was opened, accepted and paid, then its events, decision, email and links come back', async () => {
      const { status, body } = await timelineOf(numeric(t.offered));
      expect(status).toBe(200);
      expect(body.orderId).toBe(t.offered);
      expect(body.orderKeys[0]).toBe(t.offered);
      expect(body.events.map((e) => `${e.surface}:${e.kind}${e.opened ? ' (opened)' : ''}`)).toEqual([
        'email:decided',
        // Once when the email went out, once when the shopper opened the offer page (email/ledger-keys.ts).
        'email:shown',
        'email:shown (opened)',
        'email:accepted',
        'email:paid',
      ]);
      const paid = body.events.find((e) => e.kind === 'paid');
      expect(paid).toMatchObject({ funnelName: 'Mug by email', stepId: 'mug', currencyCode: 'USD' });
      expect(paid?.amountMinor).toBeGreaterThan(0);
      expect(body.events.map((e) => e.at)).toEqual([...body.events.map((e) => e.at)].sort());
      expect(body.decisions).toEqual([
        { surface: 'email', decidedAt: expect.any(String), outcome: 'offer', funnelName: 'Mug by email', reason: null },
      ]);
      const sent = await t.b.h.server.ctx.db.prisma.emailMessage.findFirstOrThrow({ where: { orderId: t.offered } });
      expect(body.email).toEqual({ subject: sent.subject, sentAt: sent.sentAt?.toISOString(), locale: sent.locale });
      const path = `/orders/${body.orderKeys.map(encodeURIComponent).join('/')}`;
      expect(body.links).toEqual({ timeline: path, email: `${path}#email` });
    });

    it('when the order is named by its GID instead of its number, then the answer is the same', async () => {
      const byGid = await timelineOf(encodeURIComponent(t.offered));
      expect(byGid.status).toBe(200);
      expect(byGid.body).toEqual((await timelineOf(numeric(t.offered))).body);
    });

    it('when a surface made no offer, then its reason comes with its code and sentence, and there is no email', async () => {
      const { status, body } = await timelineOf(numeric(t.noOffer));
      expect(status).toBe(200);
      expect(body.decisions).toEqual([
        {
          surface: 'email',
          decidedAt: expect.any(String),
          outcome: 'no_offer',
          funnelName: null,
          reason: { code: 'no_email_address', funnelName: null, message: expect.stringMatching(/\w/) },
        },
      ]);
      expect(body.events.every((e) => e.kind === 'decided')).toBe(true);
      expect(body.email).toBeNull();
      expect(body.links.email).toBeNull();
    });

    it('when the order does not exist in the shop, then 404; when the id is not an order id, then 400 says what to send', async () => {
      const unknown = await timelineOf('987654321987');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toContain('gid://shopify/Order/987654321987');
      const bad = await timelineOf('not-an-order');
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('gid://shopify/Order/<number>');
      expect((await timelineOf(encodeURIComponent('gid://shopify/Product/1'))).status).toBe(400);
    });

    it('when the call has no session token, or a token that is not an admin one, then 401 and nothing about the order', async () => {
      const none = await timelineOf(numeric(t.offered), { auth: false });
      expect(none.status).toBe(401);
      const checkout = t.b.h.emulator.issueCheckoutSessionToken(t.b.shop.domain);
      const shopper = await timelineOf(numeric(t.offered), { auth: false, headers: { Authorization: `Bearer ${checkout}` } });
      expect(shopper.status).toBe(401);
      expect(shopper.body.error.message).toMatch(/admin session token/);
      const expired = t.b.h.emulator.issueSessionToken(t.b.shop.domain, { exp: Math.floor(Date.now() / 1000) - 120 });
      expect((await timelineOf(numeric(t.offered), { auth: false, headers: { Authorization: `Bearer ${expired}` } })).status).toBe(401);
      for (const answer of [none, shopper]) expect(JSON.stringify(answer.body)).not.toContain('Mug by email');
    });

    it('when another shop’s admin asks for this shop’s order, then it is not found there (404), and nothing leaks', async () => {
      const other = `other-encore-shop-${database}.myshopify.com`;
      t.b.h.emulator.addShop(other, { seed: 'empty' });
      const foreign = await timelineOf(numeric(t.offered), { shop: other });
      expect(foreign.status).toBe(404);
      expect(JSON.stringify(foreign.body)).not.toContain('Mug by email');
    });
  });

  describe('CORS for the extensions’ origin', () => {
    const url = () => `${t.b.h.server.url}/api/admin/orders/${numeric(t.offered)}/timeline`;

    it('when Shopify’s admin preflights the block’s request, then it is allowed without a token, for that origin only', async () => {
      const preflight = await fetch(url(), {
        method: 'OPTIONS',
        headers: {
          Origin: ADMIN_EXTENSION_ORIGIN,
          'Access-Control-Request-Method': 'GET',
          'Access-Control-Request-Headers': 'authorization',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://extensions.shopifycdn.com');
      expect(preflight.headers.get('access-control-allow-methods')).toContain('GET');
      expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/i);
      expect(preflight.headers.get('vary')).toContain('Origin');

      const elsewhere = await fetch(url(), {
        method: 'OPTIONS',
        headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' },
      });
      expect(elsewhere.status).toBe(204);
      expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('when the block’s request comes from that origin, then the answer, and a refusal too, can be read there', async () => {
      const ok = await timelineOf(numeric(t.offered), { headers: { Origin: ADMIN_EXTENSION_ORIGIN } });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('access-control-allow-origin')).toBe(ADMIN_EXTENSION_ORIGIN);
      const refused = await timelineOf(numeric(t.offered), { auth: false, headers: { Origin: ADMIN_EXTENSION_ORIGIN } });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('access-control-allow-origin')).toBe(ADMIN_EXTENSION_ORIGIN);
      const elsewhere = await timelineOf(numeric(t.offered), { headers: { Origin: 'https://evil.example' } });
      expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});
