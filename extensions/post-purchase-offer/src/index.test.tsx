import { createRemoteRoot, type RemoteReceiver } from '@remote-ui/core';
import type { PostPurchaseRenderApi, PostPurchaseShouldRenderApi } from '@shopify/post-purchase-ui-extensions-react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OfferRequest, PostPurchaseOffer } from './offer.js';
import { startBackend, type FakeBackend } from './test-support/backend.js';
import { buttonNamed, createHost, eventually, findAll, rootOf, textOf, textsOf } from './test-support/remote-tree.js';

type Registered = (...args: unknown[]) => unknown;
const registered = new Map<string, Registered>();

beforeAll(async () => {
  // What the post-purchase worker provides before it loads the extension script.
  Object.assign(globalThis, { self: globalThis, shopify: { extend: (target: string, callback: Registered) => registered.set(target, callback) } });
  await import('./index.js');
});

let backend: FakeBackend;
beforeEach(async () => {
  backend = await startBackend();
  vi.stubEnv('BACKEND_URL', backend.url);
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await backend.close();
});

const eur = (amount: string) => ({ amount, currencyCode: 'EUR' });

function inputData(locale = 'en'): PostPurchaseShouldRenderApi['inputData'] {
  return {
    extensionPoint: 'Checkout::PostPurchase::ShouldRender',
    locale,
    token: 'purchase-jwt',
    version: 'unstable',
    shop: { id: 1, domain: 'encore-demo.myshopify.com', metafields: [] },
    initialPurchase: {
      referenceId: 'ref-1',
      customerId: '77',
      destinationCountryCode: 'FR',
      totalPriceSet: { shopMoney: eur('50.00'), presentmentMoney: eur('50.00') },
      lineItems: [
        {
          product: { id: 1, title: 'House coffee', metafields: [], variant: { id: 11, title: '250 g', metafields: [] } },
          quantity: 2,
          sellingPlanId: 5,
          totalPriceSet: { shopMoney: eur('40.00'), presentmentMoney: eur('40.00') },
        },
      ],
    },
  };
}

const offer: PostPurchaseOffer = {
  offerId: 'step-1',
  title: 'Add a grinder',
  description: 'Burr grinder, 20% off today',
  image: { url: 'https://cdn.shopify.com/s/files/grinder.jpg', alt: 'Steel burr grinder' },
  price: eur('40.00'),
  compareAtPrice: eur('50.00'),
  changes: [{ type: 'add_variant', variantId: 31, quantity: 1, discount: { value: 20, valueType: 'percentage', title: 'Encore' } }],
};

function shouldRender(): (api: Pick<PostPurchaseShouldRenderApi, 'inputData' | 'storage'>) => Promise<{ render: boolean }> {
  return registered.get('Checkout::PostPurchase::ShouldRender') as never;
}

describe('ShouldRender', () => {
  it('when the backend has an offer, then it is stored for Render and the page renders; the request carries the purchase', async () => {
    backend.replies.set('/api/post-purchase/offer', { status: 200, json: { offer } });
    const storage = { initialData: undefined, update: vi.fn(async () => undefined) };

    expect(await shouldRender()({ inputData: inputData(), storage })).toEqual({ render: true });

    expect(storage.update).toHaveBeenCalledWith({ offer });
    expect(backend.requests).toHaveLength(1);
    expect(backend.requests[0]?.authorization).toBe('Bearer purchase-jwt');
    expect(backend.requests[0]?.body).toEqual({
      referenceId: 'ref-1',
      shopDomain: 'encore-demo.myshopify.com',
      locale: 'en',
      customerId: '77',
      destinationCountryCode: 'FR',
      totalPrice: eur('50.00'),
      lineItems: [{ productId: 1, variantId: 11, quantity: 2, sellingPlanId: 5, totalPrice: eur('40.00') }],
    } satisfies OfferRequest);
  });

  it('when the backend has no offer, fails, or answers nonsense, then the page does not render and nothing is stored', async () => {
    const storage = { initialData: undefined, update: vi.fn(async () => undefined) };
    for (const reply of [
      { status: 200, json: { offer: null } },
      { status: 500, json: { error: 'boom' } },
      { status: 401, json: { error: 'invalid token' } },
      { status: 200, raw: '<html>gateway</html>' },
      { status: 200, json: { offer: { offerId: 'x', title: 'No price' } } },
    ]) {
      backend.replies.set('/api/post-purchase/offer', reply);
      expect(await shouldRender()({ inputData: inputData(), storage })).toEqual({ render: false });
    }
    expect(storage.update).not.toHaveBeenCalled();
  });

  it('when storing the offer fails, then the page does not render', async () => {
    backend.replies.set('/api/post-purchase/offer', { status: 200, json: { offer } });
    const storage = { initialData: undefined, update: vi.fn(async () => Promise.reject(new Error('quota'))) };
    expect(await shouldRender()({ inputData: inputData(), storage })).toEqual({ render: false });
  });

  it('when no backend URL was built in, then the page does not render and no request is made', async () => {
    vi.stubEnv('BACKEND_URL', '');
    const storage = { initialData: undefined, update: vi.fn(async () => undefined) };
    expect(await shouldRender()({ inputData: inputData(), storage })).toEqual({ render: false });
    expect(backend.requests).toHaveLength(0);
  });

  it('when the backend does not answer within 2.5 s, then ShouldRender gives up and the page does not render', async () => {
    backend.replies.set('/api/post-purchase/offer', 'hang');
    const storage = { initialData: undefined, update: vi.fn(async () => undefined) };
    const started = performance.now();
    expect(await shouldRender()({ inputData: inputData(), storage })).toEqual({ render: false });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(2_400);
    expect(elapsed).toBeLessThan(4_000);
  });
});

describe('Render', () => {
  function renderInput(overrides: Partial<PostPurchaseRenderApi> = {}, locale = 'en') {
    const input = {
      extensionPoint: 'Checkout::PostPurchase::Render',
      locale,
      version: 'unstable',
      inputData: inputData(locale),
      storage: { initialData: { offer }, update: vi.fn(async () => undefined) },
      calculateChangeset: vi.fn(async () => ({
        status: 'processed',
        errors: [],
        calculatedPurchase: {
          subtotalPriceSet: { shopMoney: eur('90.00'), presentmentMoney: eur('90.00') },
          totalPriceSet: { shopMoney: eur('98.00'), presentmentMoney: eur('98.00') },
          totalOutstandingSet: { shopMoney: eur('48.00'), presentmentMoney: eur('48.00') },
          addedTaxLines: [{ priceSet: { shopMoney: eur('8.00'), presentmentMoney: eur('8.00') }, rate: 0.2, title: 'TVA' }],
          addedShippingLines: [],
          updatedLineItems: [
            { totalPriceSet: { shopMoney: eur('40.00'), presentmentMoney: eur('40.00') }, priceSet: { shopMoney: eur('40.00'), presentmentMoney: eur('40.00') }, productId: 3, variantId: 31, productHandle: 'grinder', quantity: 1 },
          ],
        },
      })),
      applyChangeset: vi.fn(async () => ({ status: 'processed', errors: [], changesetApplicationsRemaining: 2 })),
      done: vi.fn(async () => undefined),
      ...overrides,
    } as unknown as PostPurchaseRenderApi & Record<'calculateChangeset' | 'applyChangeset' | 'done', ReturnType<typeof vi.fn>>;
    return input;
  }

  async function mount(input: PostPurchaseRenderApi): Promise<RemoteReceiver> {
    const host = createHost();
    const root = createRemoteRoot(host.receive);
    (registered.get('Checkout::PostPurchase::Render') as Registered)(root, input);
    await eventually(async () => {
      await host.flush();
      expect(findAll(rootOf(host), 'Heading')).toHaveLength(1);
    });
    return host;
  }

  async function settled(host: RemoteReceiver, check: () => void) {
    await eventually(async () => {
      await host.flush();
      check();
    });
  }

  it('when the offer is stored, then the page shows image, title, prices and Shopify’s price summary with the total to pay', async () => {
    const input = renderInput();
    const host = await mount(input);
    const page = () => rootOf(host);

    expect(findAll(page(), 'Image')[0]?.props).toMatchObject({ source: 'https://cdn.shopify.com/s/files/grinder.jpg', description: 'Steel burr grinder' });
    expect(textsOf(page(), 'Heading')).toEqual(['Add a grinder']);
    expect(textsOf(page(), 'Text')).toEqual(['€40.00', '€50.00']);
    expect(findAll(page(), 'Text')[1]?.props).toMatchObject({ role: 'deletion' });
    await settled(host, () => expect(textsOf(page(), 'TextBlock')).toEqual(['Burr grinder, 20% off today', 'Subtotal', '€40.00', 'Shipping', 'Free', 'Taxes', '€8.00', 'Total', '€48.00']));
    expect(input.calculateChangeset).toHaveBeenCalledWith({ changes: offer.changes });
    expect(textsOf(page(), 'Button')).toEqual(['Pay now · €48.00', 'Decline this offer']);
  });

  it('when the buyer accepts, then the backend signs the offer, the changeset is applied and the page ends', async () => {
    backend.replies.set('/api/post-purchase/sign', { status: 200, json: { token: 'signed-changeset' } });
    const input = renderInput();
    const host = await mount(input);
    await settled(host, () => expect(buttonNamed(rootOf(host), 'Pay now · €48.00').props.disabled).toBe(false));

    buttonNamed(rootOf(host), 'Pay now · €48.00').props.onPress();

    await eventually(() => expect(input.done).toHaveBeenCalledTimes(1));
    expect(backend.requests).toEqual([{ path: '/api/post-purchase/sign', authorization: 'Bearer purchase-jwt', body: { referenceId: 'ref-1', offerId: 'step-1' } }]);
    expect(input.applyChangeset).toHaveBeenCalledWith('signed-changeset');
  });

  it('when signing or applying fails, then the buyer is told nothing was charged and can still continue', async () => {
    const input = renderInput();
    const host = await mount(input);
    await settled(host, () => expect(buttonNamed(rootOf(host), 'Pay now · €48.00').props.disabled).toBe(false));

    backend.replies.set('/api/post-purchase/sign', { status: 500, json: { error: 'boom' } });
    buttonNamed(rootOf(host), 'Pay now · €48.00').props.onPress();
    await settled(host, () => expect(textsOf(rootOf(host), 'Banner')).toEqual(["We couldn't add this to your order, and you haven't been charged for it."]));
    expect(input.applyChangeset).not.toHaveBeenCalled();
    expect(buttonNamed(rootOf(host), 'Pay now · €48.00').props.loading).toBe(false);

    backend.replies.set('/api/post-purchase/sign', { status: 200, json: { token: 'signed-changeset' } });
    input.applyChangeset.mockResolvedValueOnce({ status: 'unprocessed', errors: [{ code: 'insufficient_inventory', message: 'Out of stock' }], changesetApplicationsRemaining: 2 });
    buttonNamed(rootOf(host), 'Pay now · €48.00').props.onPress();
    await eventually(() => expect(input.applyChangeset).toHaveBeenCalledTimes(1));
    await settled(host, () => expect(buttonNamed(rootOf(host), 'Pay now · €48.00').props.loading).toBe(false));
    expect(textsOf(rootOf(host), 'Banner')).toHaveLength(1);
    expect(input.done).not.toHaveBeenCalled();

    buttonNamed(rootOf(host), 'Decline this offer').props.onPress();
    await eventually(() => expect(input.done).toHaveBeenCalledTimes(1));
  });

  it('when the buyer declines, then the page ends without asking the backend anything', async () => {
    const input = renderInput();
    const host = await mount(input);
    buttonNamed(rootOf(host), 'Decline this offer').props.onPress();
    await eventually(() => expect(input.done).toHaveBeenCalledTimes(1));
    expect(backend.requests).toHaveLength(0);
  });

  it('when Shopify cannot calculate the offer any more, then accepting is not offered and the buyer can continue', async () => {
    const input = renderInput({
      calculateChangeset: vi.fn(async () => ({ status: 'unprocessed', errors: [{ code: 'insufficient_inventory', message: 'Out of stock' }] })),
    } as never);
    const host = await mount(input);
    await settled(host, () => expect(textsOf(rootOf(host), 'Banner')).toEqual(['This offer is no longer available.']));
    expect(textsOf(rootOf(host), 'Button')).toEqual(['Continue to order confirmation']);
  });

  it('when the buyer reads German, then labels and amounts are German', async () => {
    const input = renderInput({}, 'de-DE');
    const host = await mount(input);
    await settled(host, () => expect(textsOf(rootOf(host), 'Button')).toEqual(['Jetzt bezahlen · 48,00\u00a0€', 'Angebot ablehnen']));
    expect(textsOf(rootOf(host), 'TextBlock')).toContain('Zwischensumme');
    expect(textOf(findAll(rootOf(host), 'Text')[0]!)).toBe('40,00\u00a0€');
  });
});
