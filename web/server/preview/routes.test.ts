// The preview's endpoints over real HTTP, with the real backend, SQLite and the Admin API emulator playing Shopify's
// side (test/support/preview-shopify.ts): what they hand the host pages is accepted by the production endpoints (the
// checkout session token by /api/checkout/events, the purchase token by /api/post-purchase/offer), and outside demo
// mode none of them exists even when Shopify's side is injected. One backend at a time: a harness redirects
// Shopify's fetch for the whole process.
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkoutEvent } from '../../../extensions/checkout-upsell/src/events.js';
import { VariantSellingPlansQuery } from '../../../extensions/checkout-upsell/src/graphql/VariantSellingPlansQuery.js';
import type { CheckoutOffersContract } from '../../../extensions/checkout-upsell/src/offers-contract.js';
import { offerRequestOf } from '../../../extensions/post-purchase-offer/src/api.js';
import { DEMO_PRODUCTS, DEMO_SHOP_DOMAIN, DEMO_VARIANTS } from '../../../test/emulator/seed/demo-store.js';
import { type PostPurchaseBackend, startPostPurchaseBackend, TEST_API_SECRET } from '../../../test/support/post-purchase/backend.js';
import { coffeeFunnel } from '../../../test/support/post-purchase/demo-funnels.js';
import type { ShopifyInputData } from '../../../test/support/post-purchase/shopify-host.js';

const PREVIEW_PATHS = [
  '/api/preview/checkout',
  '/api/preview/checkout/session-token',
  '/api/preview/storefront',
  '/api/preview/post-purchase',
  '/api/preview/post-purchase/calculate',
  '/api/preview/post-purchase/apply',
  '/api/preview/funnels/some-funnel/api/post-purchase/offer',
];

const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('the preview in demo mode', () => {
  let backend: PostPurchaseBackend;
  beforeAll(async () => {
    backend = await startPostPurchaseBackend({ env: { ENCORE_DEMO: '1' }, preview: true });
    await backend.createFunnel(coffeeFunnel());
    await backend.createFunnel({
      name: 'Glass cups',
      surface: 'checkout',
      rootStepId: 'cups',
      steps: [
        {
          id: 'cups',
          offer: {
            kind: 'product',
            source: { type: 'product', productId: `gid://shopify/Product/${DEMO_PRODUCTS.glassCups}` },
            discount: { type: 'percentage', percent: 10 },
          },
          content: { en: { headline: '{product}: {discount}', body: 'Only in this checkout.', button: 'Add' } },
        },
      ],
    });
  }, 60_000);
  afterAll(async () => backend?.close());

  it('when the checkout preview starts, then its metafield is the synced offers and the events endpoint accepts its token', async () => {
    const response = await postJson(`${backend.url}/api/preview/checkout`, { shop: DEMO_SHOP_DOMAIN });
    expect(response.status).toBe(200);
    const preview = (await response.json()) as {
      cart: { currencyCode: string; lines: Array<{ variantId: number; quantity: number; title: string }> };
      appMetafield: { namespace: string; key: string; value: string };
      checkoutToken: string;
      sessionToken: string;
    };
    expect(preview.cart.lines).toEqual([expect.objectContaining({ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 })]);
    expect(preview.appMetafield).toMatchObject({ namespace: '$app', key: 'checkout_offers' });
    const contract = JSON.parse(preview.appMetafield.value) as CheckoutOffersContract;
    const [offer] = contract.offers;
    expect(offer).toMatchObject({ merchandiseId: `gid://shopify/ProductVariant/${DEMO_VARIANTS.glassCups}` });
    expect(offer?.discountCode).toMatch(/^ENCORE-/);

    // A checkout token as Shopify mints it: bare shop domain in dest, five minutes.
    const claims = jwt.verify(preview.sessionToken, TEST_API_SECRET, { algorithms: ['HS256'] }) as jwt.JwtPayload;
    expect(claims.dest).toBe(DEMO_SHOP_DOMAIN);
    expect((claims.exp ?? 0) - (claims.nbf ?? 0)).toBe(300);
    const event = checkoutEvent('shown', {
      offerId: offer!.id,
      variantId: offer!.merchandiseId,
      quantity: 1,
      checkoutToken: preview.checkoutToken,
    });
    const events = await postJson(
      `${backend.url}/api/checkout/events`,
      { events: [event] },
      { Authorization: `Bearer ${preview.sessionToken}` },
    );
    // Accepted (202) and recorded in the ledger once the batch is written.
    expect(events.status).toBe(202);
    await vi.waitFor(
      async () => {
        const recorded = await backend.h.server.ctx.db.prisma.offerEvent.findMany({ where: { surface: 'checkout', kind: 'shown' } });
        expect(recorded.some((row) => row.idempotencyKey.endsWith(event.idempotencyKey))).toBe(true);
      },
      { timeout: 5_000, interval: 50 },
    );
  });

  it('when the post-purchase preview starts, then its purchase token opens the real offer endpoint', async () => {
    const response = await postJson(`${backend.url}/api/preview/post-purchase`, { shop: DEMO_SHOP_DOMAIN });
    expect(response.status).toBe(200);
    const purchase = (await response.json()) as { referenceId: string; orderName: string; inputData: ShopifyInputData };
    expect(purchase.orderName).toMatch(/^#\d+$/);
    const offer = await backend.post('offer', offerRequestOf(purchase.inputData), purchase.inputData.token);
    expect(offer.status).toBe(200);
    expect(((await offer.json()) as { offer: { firstStepId: string } }).offer.firstStepId).toBe('grinder');

    const calculated = await postJson(`${backend.url}/api/preview/post-purchase/calculate`, {
      referenceId: purchase.referenceId,
      changeset: { changes: [{ type: 'add_variant', variantId: DEMO_VARIANTS.handGrinder, quantity: 1 }] },
    });
    expect(await calculated.json()).toMatchObject({ status: 'processed' });
    // A token the app did not sign is refused as Shopify refuses it.
    const forged = await postJson(`${backend.url}/api/preview/post-purchase/apply`, { referenceId: purchase.referenceId, token: 'a.b.c' });
    expect(await forged.json()).toMatchObject({ status: 'unprocessed', errors: [{ code: 'invalid_request' }] });
    const unknown = await postJson(`${backend.url}/api/preview/post-purchase/apply`, { referenceId: 'no-such-purchase', token: 'a.b.c' });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('POST /api/preview/post-purchase');
  });

  it('when a funnel that is off is previewed, then the preview’s endpoints offer it and the real ones still do not', async () => {
    const off = await backend.createFunnel({ ...coffeeFunnel(), name: 'Off for now', enabled: false, priority: 99 });
    const start = async () => {
      const response = await postJson(`${backend.url}/api/preview/post-purchase`, { shop: DEMO_SHOP_DOMAIN });
      return ((await response.json()) as { inputData: ShopifyInputData }).inputData;
    };
    const offerFrom = async (base: string, inputData: ShopifyInputData) => {
      const response = await postJson(`${base}/api/post-purchase/offer`, offerRequestOf(inputData), {
        Authorization: `Bearer ${inputData.token}`,
      });
      const text = await response.text();
      expect(response.status, text).toBe(200);
      return (JSON.parse(text) as { offer: { funnelId: string } | null }).offer?.funnelId ?? null;
    };
    expect(await offerFrom(`${backend.url}/api/preview/funnels/${off.id}`, await start())).toBe(off.id);
    expect(await offerFrom(backend.url, await start())).not.toBe(off.id);
    const badId = await postJson(`${backend.url}/api/preview/funnels/not%20an%20id/api/post-purchase/offer`, {});
    expect(badId.status).toBe(404);
  });

  it('when the cart line asks the Storefront API for plans, then the store’s subscription plans come back in Shopify’s shape', async () => {
    const response = await postJson(`${backend.url}/api/preview/storefront`, {
      shop: DEMO_SHOP_DOMAIN,
      query: VariantSellingPlansQuery,
      variables: { variantId: `gid://shopify/ProductVariant/${DEMO_VARIANTS.ethiopia250g}` },
    });
    const result = (await response.json()) as {
      data: { node: { sellingPlanAllocations: { nodes: Array<{ sellingPlan: { name: string } }> } } };
    };
    expect(result.data.node.sellingPlanAllocations.nodes.length).toBeGreaterThan(0);
  });

  it('when a request is malformed, then it is a 4xx naming what to send, never a 500', async () => {
    const badShop = await postJson(`${backend.url}/api/preview/checkout`, { shop: 'evil.example.com' });
    expect(badShop.status).toBe(422);
    expect(await badShop.text()).toContain('myshopify.com');
    const notObject = await fetch(`${backend.url}/api/preview/post-purchase`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '[]',
    });
    expect(notObject.status).toBe(400);
    const host = await fetch(`${backend.url}/preview-hosts/no-such-file.js`);
    expect(host.status).toBe(404);
  });
});

describe('the preview outside demo mode', () => {
  let backend: PostPurchaseBackend;
  beforeAll(async () => {
    // Shopify's side injected on purpose: only demo mode may mount the preview.
    backend = await startPostPurchaseBackend({ preview: true });
  }, 60_000);
  afterAll(async () => backend?.close());

  it.each(PREVIEW_PATHS)('when %s is called, then it does not exist (404) and mints nothing', async (path) => {
    const response = await postJson(`${backend.url}${path}`, { shop: DEMO_SHOP_DOMAIN, referenceId: 'x', token: 'x' });
    expect(response.status).toBe(404);
    expect(await response.text()).not.toMatch(/eyJ/);
  });

  it('when a host page is asked for, then it is not served', async () => {
    expect((await fetch(`${backend.url}/preview-hosts/checkout.html?shop=${DEMO_SHOP_DOMAIN}`)).status).toBe(404);
  });
});
