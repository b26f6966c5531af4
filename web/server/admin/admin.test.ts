// The admin's backend over HTTP against the real app, database and emulator: the embedded page as Shopify loads it
// (App Bridge from Shopify's CDN, the frame policy), the demo's shortcut present in demo mode only, and the JSON the
// pages read (Home, order search and timeline, product picker, template drafts), with clear 4xx for bad input.
// Demo mode has its own file (demo-mode.test.ts): a harness redirects Shopify's fetch for the whole process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS, DEMO_PRODUCTS, DEMO_SHOP_DOMAIN, DEMO_VARIANTS } from '../../../test/emulator/seed/demo-store.js';
import type { Harness } from '../../../test/support/harness.js';
import { acceptFirstStep } from '../../../test/support/post-purchase/accept.js';
import { type PostPurchaseBackend, startPostPurchaseBackend } from '../../../test/support/post-purchase/backend.js';
import { coffeeFunnel } from '../../../test/support/post-purchase/demo-funnels.js';
import { APP_BRIDGE_CDN } from './page.js';

let backend: PostPurchaseBackend;
let h: Harness;

beforeAll(async () => {
  backend = await startPostPurchaseBackend();
  h = backend.h;
}, 60_000);
afterAll(async () => backend?.close());

const json = async <T>(response: Response): Promise<T> => (await response.json()) as T;

describe('the embedded page (application_url)', () => {
  it('when Shopify opens the app, then it loads App Bridge from Shopify’s CDN first, with the API key, in the admin’s frame', async () => {
    const response = await fetch(`${h.server.url}/?embedded=1&shop=${DEMO_SHOP_DOMAIN}&host=abc`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(`frame-ancestors https://${DEMO_SHOP_DOMAIN} https://admin.shopify.com;`);
    const html = await response.text();
    expect(html).toContain(`<meta name="shopify-api-key" content="${h.config.apiKey}" />`);
    const scripts = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts[0]).toBe(APP_BRIDGE_CDN);
    expect(html).not.toMatch(/<script[^>]*src="https:\/\/cdn\.shopify\.com[^"]*"[^>]*(async|defer|type="module")/);
    // Inside the admin's frame the page renders in the browser (its layout is App Bridge's).
    expect(html).toContain('<div id="root"></div>');
  });

  it('when the app runs outside demo mode, then the demo’s App Bridge stand-in and token endpoint do not exist', async () => {
    const html = await (await fetch(`${h.server.url}/?shop=${DEMO_SHOP_DOMAIN}`)).text();
    expect(html).not.toContain('/demo/');
    expect((await fetch(`${h.server.url}/demo/app-bridge.js`)).status).toBe(404);
    expect((await fetch(`${h.server.url}/demo/session-token?shop=${DEMO_SHOP_DOMAIN}`)).status).toBe(404);
  });

  it('when / is opened outside the admin’s frame, then Home comes prerendered; deep links get the app; assets cache for good', async () => {
    const html = await (await fetch(`${h.server.url}/`)).text();
    expect(html).toMatch(/<div id="root"><div/);
    expect(html).toContain('What Encore added to your orders');
    const deep = await fetch(`${h.server.url}/funnels/some-id`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="root"></div>');
    const asset = /"(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeTruthy();
    const file = await fetch(`${h.server.url}${asset}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${h.server.url}/assets/nothing-here.js`)).status).toBe(404);
  });
});

describe('what the admin pages read', () => {
  let orderName: string;
  let orderKeys: string[];
  beforeAll(async () => {
    await backend.createFunnel(coffeeFunnel());
    const purchase = backend.purchase({
      customerId: DEMO_CUSTOMERS.newFirstOrder,
      lines: [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }],
    });
    await acceptFirstStep(backend, purchase);
    orderName = purchase.order.name;
    orderKeys = [`gid://shopify/Order/${purchase.order.id}`, purchase.referenceId];
  });

  it('when Home asks for a period, then it gets every surface, the funnel, its steps, gross and net, and the holdout', async () => {
    const report = await json<{
      bySurface: Array<{ key: { surface: string }; revenueMinor: number }>;
      byFunnel: Array<{ name: string; acceptedOrders: number }>;
      byStep: Array<{ key: { stepId: string } }>;
      totals: { revenueMinor: number; refundedMinor: number; netRevenueMinor: number };
      holdout: { treatedOrders: number };
      daily: Array<{ date: string }>;
    }>(await h.adminFetch('/api/admin/home?days=7'));
    expect(report.bySurface.map((row) => row.key.surface)).toEqual(['checkout', 'post_purchase', 'email', 'subscription']);
    expect(report.bySurface.find((row) => row.key.surface === 'post_purchase')?.revenueMinor).toBeGreaterThan(0);
    expect(report.byFunnel).toEqual([expect.objectContaining({ name: 'Coffee lovers', acceptedOrders: 1 })]);
    expect(report.byStep.map((row) => row.key.stepId)).toContain('grinder');
    expect(report.totals.netRevenueMinor).toBe(report.totals.revenueMinor - report.totals.refundedMinor);
    expect(report.holdout.treatedOrders).toBe(1);
    expect(report.daily).toHaveLength(7);
  });

  it('when Home is asked for a period it does not offer, then 400 names the choices', async () => {
    const response = await h.adminFetch('/api/admin/home?days=12');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('1, 7, 30, 90, 365');
  });

  it('when the merchant finds an order by number, then its ledger keys come back and its timeline says what and why', async () => {
    const search = await h.adminFetch(`/api/admin/orders?query=${encodeURIComponent(orderName)}`);
    const found = await json<{ orders: Array<{ name: string; orderKeys: string[] }> }>(search);
    expect(search.status, JSON.stringify(found)).toBe(200);
    expect(found.orders).toEqual([expect.objectContaining({ name: orderName, orderKeys })]);
    const timeline = await json<{
      entries: Array<{ kind: string; text: string }>;
      decisions: Array<{ summary: string; reasons: string[] }>;
    }>(await h.adminFetch(`/api/admin/orders/timeline?${orderKeys.map((k) => `key=${encodeURIComponent(k)}`).join('&')}`));
    expect(timeline.entries.map((e) => e.kind)).toEqual(expect.arrayContaining(['decided', 'accepted']));
    expect(timeline.entries.find((e) => e.kind === 'accepted')?.text).toMatch(
      /^Post-purchase: The shopper accepted step "grinder" \(\d+\.\d{2} USD\)\.$/,
    );
    expect(timeline.decisions[0]?.summary).toBe('Post-purchase: Encore offered "Coffee lovers".');
    expect(timeline.decisions[0]?.reasons.length).toBeGreaterThan(0);
  });

  it('when the order search is not an order number or an email, then 400 says what to type', async () => {
    const response = await h.adminFetch(`/api/admin/orders?query=${encodeURIComponent('status:any OR name:*')}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('order number');
    expect((await h.adminFetch('/api/admin/orders/timeline')).status).toBe(400);
  });

  it('when the product picker searches the catalog or names products, then it gets them from the cached catalog', async () => {
    const search = await json<{ products: Array<{ id: string; title: string }>; catalogReady: boolean }>(
      await h.adminFetch('/api/admin/catalog/products?query=grinder'),
    );
    expect(search.catalogReady).toBe(true);
    expect(search.products.map((p) => p.title)).toContain('Hand Burr Grinder');
    const grinder = `gid://shopify/Product/${DEMO_PRODUCTS.handGrinder}`;
    const named = await json<{ products: Array<{ id: string }> }>(
      await h.adminFetch(`/api/admin/catalog/products?ids=${encodeURIComponent(grinder)}`),
    );
    expect(named.products.map((p) => p.id)).toEqual([grinder]);
    expect((await h.adminFetch('/api/admin/catalog/products?ids=42')).status).toBe(400);
  });

  it('when the merchant starts from a template, then product templates validate, the others ask for a pick on the step', async () => {
    const { templates } = await json<{ templates: Array<{ key: string; draft: unknown }> }>(
      await h.adminFetch('/api/admin/funnel-templates'),
    );
    expect(templates.map((t) => t.key)).toEqual(['related', 'complementary', 'new_arrivals', 'slow_movers', 'expiring_soon', 'blank']);
    const verdicts: Record<string, { valid: boolean; problems: Array<{ stepId?: string }> }> = {};
    for (const template of templates) {
      verdicts[template.key] = await json(
        await h.adminFetch('/api/admin/funnels/validate', { method: 'POST', body: JSON.stringify(template.draft) }),
      );
    }
    for (const key of ['related', 'new_arrivals', 'slow_movers', 'expiring_soon']) expect(verdicts[key]?.valid, key).toBe(true);
    for (const key of ['complementary', 'blank']) {
      expect(verdicts[key]?.valid, key).toBe(false);
      expect(
        verdicts[key]?.problems.every((p) => p.stepId === 'first-offer'),
        key,
      ).toBe(true);
    }
  });

  it('when a call comes without a session token, then it is refused', async () => {
    for (const route of ['/home', '/orders?query=1001', '/orders/recent', '/catalog/products', '/funnel-templates']) {
      expect((await h.adminFetch(`/api/admin${route}`, { auth: false })).status, route).toBe(401);
    }
  });
});
