import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import extension from './AddOnBlock.js';
import type { CheckoutOffer, CheckoutOffersContract } from './offers-contract.js';
import { accessibilityLabel, all, bodyText, buttonNamed, eventually, isLoading, one, texts } from './test-support/dom.js';
import { type EventsBackend, startEventsBackend } from './test-support/events-backend.js';
import { allowedInstructions, appMetafield, cartLine, type FakeShopify, installFakeShopify } from './test-support/fake-shopify.js';

const socks: CheckoutOffer = {
  id: 'offer_socks',
  productId: 'gid://shopify/Product/9',
  merchandiseId: 'gid://shopify/ProductVariant/91',
  quantity: 1,
  discountCode: 'ENCORE-SOCKS-10',
  title: { en: 'Merino socks', fr: 'Chaussettes en mérinos', sv: 'Strumpor i merinoull' },
  description: { en: '10% off when added now', sv: '10 % rabatt om du lägger till dem nu' },
  image: { url: 'https://cdn.shopify.com/s/files/socks.jpg', alt: { en: 'Grey merino socks' } },
  prices: [{ currencyCode: 'EUR', amount: 9, compareAtAmount: 10 }],
};

const beans: CheckoutOffer = {
  id: 'offer_beans',
  productId: 'gid://shopify/Product/8',
  merchandiseId: 'gid://shopify/ProductVariant/81',
  quantity: 2,
  sellingPlanId: 'gid://shopify/SellingPlan/5',
  title: { fr: 'Grains du mois', en: 'Beans of the month' },
  prices: [{ currencyCode: 'EUR', amount: 12.5 }],
  conditions: { subtotal: [{ currencyCode: 'EUR', min: 30 }] },
};

const contract: CheckoutOffersContract = { version: 1, defaultLanguage: 'fr', maxOffers: 2, offers: [socks, beans] };

const shoes = cartLine({ variantId: 'gid://shopify/ProductVariant/11', productId: 'gid://shopify/Product/1', title: 'Runner', amount: 80 });

let backend: EventsBackend;
beforeEach(async () => {
  backend = await startEventsBackend();
  vi.stubEnv('BACKEND_URL', backend.url);
});
afterEach(async () => {
  render(null, document.body);
  vi.unstubAllEnvs();
  await backend.close();
});

async function renderBlock(options: Parameters<typeof installFakeShopify>[0] & { offers?: unknown } = {}): Promise<FakeShopify> {
  const shopify = installFakeShopify({
    lines: [shoes],
    appMetafields: [appMetafield(options.offers ?? contract)],
    checkoutToken: 'checkout-1',
    ...options,
  });
  // Like checkout: an added line appears in `lines`.
  shopify.applyCartLinesChange.mockImplementation(async (change) => {
    if (change.type !== 'addCartLine') return { type: 'error', message: 'unexpected change' };
    const offer = [socks, beans].find((candidate) => candidate.merchandiseId === change.merchandiseId)!;
    shopify.lines.value = [
      ...shopify.lines.value,
      cartLine({ variantId: offer.merchandiseId, productId: offer.productId, quantity: change.quantity }),
    ];
    return { type: 'success' };
  });
  await extension();
  return shopify;
}

const kinds = () => backend.received.flatMap((request) => request.body.events.map((event) => `${event.kind}:${event.offerId}`));

describe('AddOnBlock', () => {
  it("when the metafield has the cart's offers, then the first paint, with no fetch, shows price, image, accessible labels", async () => {
    const shopify = await renderBlock();

    // Synchronously after the first render: nothing was fetched yet.
    expect(one('s-heading').textContent).toBe('Recommended for you');
    expect(texts()).toEqual(['Merino socks', '10% off when added now', '€9.00 €10.00', '€10.00', 'Beans of the month', '€12.50']);
    expect(one('s-product-thumbnail').getAttribute('src')).toBe('https://cdn.shopify.com/s/files/socks.jpg');
    expect(one('s-product-thumbnail').getAttribute('alt')).toBe('Grey merino socks');
    expect(one('s-text[type="redundant"]').textContent).toBe('€10.00');
    expect(all('s-button').map(accessibilityLabel)).toEqual(['Add Merino socks for €9.00', 'Add Beans of the month for €12.50']);
    expect(shopify.query).not.toHaveBeenCalled();
    expect(backend.received).toHaveLength(0);

    // Impressions follow the paint, in one request.
    await eventually(() => expect(kinds()).toEqual(['shown:offer_socks', 'shown:offer_beans']));
    expect(backend.received).toHaveLength(1);
    expect(backend.received[0]?.authorization).toBe('Bearer session-token-1');
    expect(backend.received[0]?.body.events[0]).toMatchObject({
      surface: 'checkout',
      variantId: socks.merchandiseId,
      discountCode: 'ENCORE-SOCKS-10',
      checkoutToken: 'checkout-1',
      idempotencyKey: 'checkout-1:offer_socks:gid://shopify/ProductVariant/91:shown',
    });
  });

  it('when the buyer adds an offer, then its line gets plan and quantity, the button shows progress, the accept is reported', async () => {
    const shopify = await renderBlock();
    let finish: () => void = () => undefined;
    const add = shopify.applyCartLinesChange.getMockImplementation()!;
    shopify.applyCartLinesChange.mockImplementationOnce((change) => new Promise((resolve) => (finish = () => resolve(add(change)))));

    all('s-button')[1]!.click();

    await eventually(() => expect(isLoading(all('s-button')[1]!)).toBe(true));
    expect(all('s-button')[0]?.hasAttribute('disabled')).toBe(true);
    expect(shopify.applyCartLinesChange).toHaveBeenCalledWith({
      type: 'addCartLine',
      merchandiseId: beans.merchandiseId,
      quantity: 2,
      sellingPlanId: 'gid://shopify/SellingPlan/5',
    });
    finish();

    await eventually(() => expect(bodyText()).toContain('Beans of the month was added to your order'));
    expect(bodyText()).not.toContain('€12.50');
    expect(shopify.applyDiscountCodeChange).not.toHaveBeenCalled();
    await eventually(() => expect(kinds()).toContain('accepted:offer_beans'));
  });

  it('when the added offer has a discount code, then the code is applied after the line', async () => {
    const shopify = await renderBlock();
    buttonNamed('Add').click();

    await eventually(() =>
      expect(shopify.applyDiscountCodeChange).toHaveBeenCalledWith({ type: 'addDiscountCode', code: 'ENCORE-SOCKS-10' }),
    );
    expect(shopify.applyCartLinesChange.mock.invocationCallOrder[0]!).toBeLessThan(
      shopify.applyDiscountCodeChange.mock.invocationCallOrder[0]!,
    );
    await eventually(() => expect(one('s-stack[accessibilityRole="status"]').textContent).toBe('Merino socks was added to your order'));
    expect(all('s-banner')).toHaveLength(0);
  });

  it('when the discount code is refused, then the buyer is told the item was added without its discount', async () => {
    const shopify = await renderBlock();
    shopify.applyDiscountCodeChange.mockResolvedValueOnce({ type: 'error', message: 'Discount code is not applicable' });
    buttonNamed('Add').click();

    await eventually(() => expect(one('s-banner').textContent).toBe("Merino socks was added, but its discount couldn't be applied."));
    expect(one('s-banner').getAttribute('tone')).toBe('warning');
    await eventually(() => expect(kinds()).toContain('accepted:offer_socks'));
  });

  it('when the checkout does not allow discount codes, then the regular price is shown and no code is applied', async () => {
    const shopify = await renderBlock({ instructions: allowedInstructions({ discounts: { canUpdateDiscountCodes: false } }) });
    expect(texts()).toEqual(['Merino socks', '10% off when added now', '€10.00', 'Beans of the month', '€12.50']);
    expect(all('s-text[type="redundant"]')).toHaveLength(0);

    buttonNamed('Add').click();
    await eventually(() => expect(bodyText()).toContain('Merino socks was added to your order'));
    expect(shopify.applyDiscountCodeChange).not.toHaveBeenCalled();
  });

  it('when the checkout does not allow adding lines, then nothing is rendered and nothing is reported', async () => {
    await renderBlock({ instructions: allowedInstructions({ lines: { canAddCartLine: false } }) });
    expect(document.body.innerHTML).toBe('');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(backend.received).toHaveLength(0);
  });

  it('when adding the line fails, then an error banner shows, no code is applied and no accept is reported', async () => {
    const shopify = await renderBlock();
    shopify.applyCartLinesChange.mockResolvedValueOnce({ type: 'error', message: 'Cart lines cannot be changed with Apple Pay' });
    buttonNamed('Add').click();

    await eventually(() => expect(one('s-banner').textContent).toBe("This item couldn't be added. Please try again."));
    expect(one('s-banner').getAttribute('tone')).toBe('critical');
    expect(all('s-button').every((button) => !isLoading(button) && !button.hasAttribute('disabled'))).toBe(true);
    expect(shopify.applyDiscountCodeChange).not.toHaveBeenCalled();

    // A rejected change is a failure too; retrying clears the old message.
    shopify.applyCartLinesChange.mockRejectedValueOnce(new Error('checkout went away'));
    buttonNamed('Add').click();
    await eventually(() => expect(shopify.applyCartLinesChange).toHaveBeenCalledTimes(2));
    await eventually(() => expect(all('s-banner')).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(kinds().filter((kind) => kind.startsWith('accepted'))).toEqual([]);
  });

  it('when the cart changes, then offers follow the rules: items in the cart and out-of-range subtotals disappear', async () => {
    const shopify = await renderBlock({ subtotal: { amount: 20, currencyCode: 'EUR' } });
    expect(all('s-button')).toHaveLength(1);
    expect(bodyText()).not.toContain('Beans of the month');

    shopify.cost.subtotalAmount.value = { amount: 45, currencyCode: 'EUR' };
    await eventually(() => expect(bodyText()).toContain('Beans of the month'));

    shopify.lines.value = [...shopify.lines.value, cartLine({ variantId: 'gid://shopify/ProductVariant/92', productId: socks.productId })];
    await eventually(() => expect(bodyText()).not.toContain('Merino socks'));
    expect(all('s-button')).toHaveLength(1);
  });

  it('when the metafield is missing or malformed, then nothing is rendered', async () => {
    await renderBlock({ appMetafields: [] });
    expect(document.body.innerHTML).toBe('');
    render(null, document.body);
    await renderBlock({ offers: { version: 99, offers: [socks] } });
    expect(document.body.innerHTML).toBe('');
    render(null, document.body);
    // The checkout may report the app namespace in its resolved form.
    await renderBlock({ appMetafields: [appMetafield(contract, 'app--1234')] });
    expect(all('s-button')).toHaveLength(2);
  });

  it('when the events backend fails or never answers, then adding works the same', async () => {
    backend.mode = 'hang';
    const shopify = await renderBlock();
    buttonNamed('Add').click();
    await eventually(() => expect(bodyText()).toContain('Merino socks was added to your order'));
    backend.mode = 'fail';
    buttonNamed('Add').click();
    await eventually(() => expect(bodyText()).toContain('Beans of the month was added to your order'));
    expect(shopify.applyCartLinesChange).toHaveBeenCalledTimes(2);
    expect(all('s-banner')).toHaveLength(0);
  });

  it("when the buyer reads Swedish, then interface and offer texts are Swedish, missing texts in the shop's language", async () => {
    await renderBlock({ language: 'sv-SE' });
    expect(one('s-heading').textContent).toBe('Rekommenderat för dig');
    // No Swedish title for the beans: the shop's default language (French) is used.
    expect(texts()).toEqual([
      'Strumpor i merinoull',
      '10 % rabatt om du lägger till dem nu',
      '9,00\u00a0€ 10,00\u00a0€',
      '10,00\u00a0€',
      'Grains du mois',
      '12,50\u00a0€',
    ]);
    expect(all('s-button').map((button) => button.textContent)).toEqual(['Lägg till', 'Lägg till']);
    expect(accessibilityLabel(all('s-button')[0]!)).toMatch(/^Lägg till Strumpor i merinoull för 9,00\s€$/);
  });

  it('when the buyer language has no interface translation, then the shop default language is used', async () => {
    await renderBlock({ language: 'ja' });
    expect(one('s-heading').textContent).toBe('Recommandé pour vous');
    expect(bodyText()).toContain('Chaussettes en mérinos');
  });

  it('when checkout reports no language at all, then the block still renders, in the shop default language', async () => {
    await renderBlock({ language: null });
    expect(one('s-heading').textContent).toBe('Recommandé pour vous');
    expect(bodyText()).toContain('Chaussettes en mérinos');
  });
});
