import type { GraphQLSchema } from 'graphql';
import { render } from 'preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import extension from './CartLineUpgrade.js';
import { SUBSCRIPTION_UPGRADE_OFFER_ID } from './offers-contract.js';
import { accessibilityLabel, all, bodyText, buttonNamed, eventually, isLoading, one } from './test-support/dom.js';
import { type EventsBackend, startEventsBackend } from './test-support/events-backend.js';
import { allowedInstructions, cartLine, type FakeShopify, installFakeShopify } from './test-support/fake-shopify.js';
import { storefrontQuery, storefrontSchema, type VariantFixture } from './test-support/storefront.js';

const VARIANT = 'gid://shopify/ProductVariant/101';
const MONTHLY = 'gid://shopify/SellingPlan/1';
const BIWEEKLY = 'gid://shopify/SellingPlan/2';

const coffee: VariantFixture = {
  id: VARIANT,
  price: '20.00',
  plans: [
    { id: MONTHLY, name: 'Every month', price: '18.00', compareAtPrice: '20.00' },
    { id: BIWEEKLY, name: 'Every 2 weeks', price: '17.00', compareAtPrice: '20.00' },
  ],
};

let schema: GraphQLSchema;
let backend: EventsBackend;

beforeAll(async () => {
  schema = await storefrontSchema();
});
beforeEach(async () => {
  backend = await startEventsBackend();
  vi.stubEnv('BACKEND_URL', backend.url);
});
afterEach(async () => {
  render(null, document.body);
  vi.unstubAllEnvs();
  await backend.close();
});

/** Renders the extension for one cart line; the fake applies line changes to the target like checkout does. */
async function renderLine(options: {
  sellingPlanId?: string;
  quantity?: number;
  variants?: VariantFixture[];
  broken?: string[];
  canUpdateCartLine?: boolean;
  language?: string | null;
}): Promise<FakeShopify> {
  const shopify = installFakeShopify({
    target: cartLine({
      variantId: VARIANT,
      productId: 'gid://shopify/Product/1',
      title: 'House coffee',
      quantity: options.quantity ?? 1,
      ...(options.sellingPlanId ? { sellingPlanId: options.sellingPlanId } : {}),
    }),
    instructions: allowedInstructions({ lines: { canUpdateCartLine: options.canUpdateCartLine ?? true } }),
    language: options.language === undefined ? 'en' : options.language,
    country: 'FR',
    checkoutToken: 'checkout-1',
  });
  shopify.query.mockImplementation(storefrontQuery(schema, options.variants ?? [coffee], options.broken));
  shopify.applyCartLinesChange.mockImplementation(async (change) => {
    if (change.type !== 'updateCartLine') return { type: 'error', message: 'unexpected change' };
    const line = shopify.target.value;
    const { sellingPlan: _previous, ...merchandise } = line.merchandise;
    shopify.target.value = {
      ...line,
      id: `${line.id}-updated`,
      merchandise: change.sellingPlanId
        ? { ...merchandise, sellingPlan: { id: change.sellingPlanId, recurringDeliveries: true } }
        : merchandise,
    };
    return { type: 'success' };
  });
  await extension();
  return shopify;
}

function choosePlan(planId: string) {
  const list = one('s-choice-list') as HTMLElement & { values: string[] };
  list.values = [planId];
  list.dispatchEvent(new Event('change'));
}

describe('CartLineUpgrade', () => {
  it('when a one-time line has subscription plans, then it shows the best saving and each plan with its price per delivery', async () => {
    const shopify = await renderLine({ quantity: 2 });

    await eventually(() => expect(bodyText()).toContain('Subscribe and save 15%'));
    expect(all('s-choice').map((choice) => choice.textContent)).toEqual([
      'Every 2 weeks · €34.00 per delivery (save 15%)',
      'Every month · €36.00 per delivery (save 10%)',
    ]);
    expect(accessibilityLabel(buttonNamed('Subscribe'))).toBe('Subscribe to House coffee, Every 2 weeks');
    expect(shopify.query).toHaveBeenCalledWith(expect.stringContaining('sellingPlanAllocations'), {
      variables: { variantId: VARIANT, country: 'FR', language: 'EN' },
      version: '2026-07',
    });
    await eventually(() => expect(backend.received).toHaveLength(1));
    expect(backend.received[0]?.authorization).toBe('Bearer session-token-1');
    expect(backend.received[0]?.body.events).toEqual([
      expect.objectContaining({
        kind: 'shown',
        offerId: SUBSCRIPTION_UPGRADE_OFFER_ID,
        surface: 'checkout',
        variantId: VARIANT,
        quantity: 2,
        checkoutToken: 'checkout-1',
      }),
    ]);
  });

  it('when the buyer picks a plan and subscribes, then the line takes it, the button shows progress, the accept is reported', async () => {
    const shopify = await renderLine({});
    await eventually(() => one('s-choice-list'));
    let finish: () => void = () => undefined;
    const applied = shopify.applyCartLinesChange.getMockImplementation();
    shopify.applyCartLinesChange.mockImplementationOnce((change) => new Promise((resolve) => (finish = () => resolve(applied!(change)))));

    choosePlan(MONTHLY);
    await eventually(() => expect(accessibilityLabel(buttonNamed('Subscribe'))).toBe('Subscribe to House coffee, Every month'));
    buttonNamed('Subscribe').click();

    await eventually(() => expect(isLoading(buttonNamed('Subscribe'))).toBe(true));
    expect(shopify.applyCartLinesChange).toHaveBeenCalledWith({
      type: 'updateCartLine',
      id: 'gid://shopify/CartLine/101',
      sellingPlanId: MONTHLY,
    });
    finish();

    await eventually(() => expect(bodyText()).toContain('Subscription: Every month'));
    expect(all('s-banner')).toHaveLength(0);
    await eventually(() =>
      expect(backend.received.flatMap((request) => request.body.events.map((event) => event.kind))).toEqual(['shown', 'accepted']),
    );
    expect(backend.received[1]?.body.events[0]).toMatchObject({ kind: 'accepted', sellingPlanId: MONTHLY, variantId: VARIANT });
  });

  it('when the line is subscribed, then it offers going back to one-time and does so with a null selling plan', async () => {
    const shopify = await renderLine({ sellingPlanId: BIWEEKLY });
    await eventually(() => expect(bodyText()).toContain('Subscription: Every 2 weeks'));
    expect(accessibilityLabel(buttonNamed('Switch to one-time purchase'))).toBe('Switch House coffee to a one-time purchase');

    buttonNamed('Switch to one-time purchase').click();

    await eventually(() =>
      expect(shopify.applyCartLinesChange).toHaveBeenCalledWith({
        type: 'updateCartLine',
        id: 'gid://shopify/CartLine/101',
        sellingPlanId: null,
      }),
    );
    await eventually(() => expect(bodyText()).toContain('Subscribe and save 15%'));
    await eventually(() =>
      expect(backend.received.flatMap((request) => request.body.events)).toContainEqual(
        expect.objectContaining({ kind: 'declined', sellingPlanId: BIWEEKLY, offerId: SUBSCRIPTION_UPGRADE_OFFER_ID }),
      ),
    );
  });

  it('when the change fails (e.g. accelerated checkout), then a banner shows, the button works again, no accept is reported', async () => {
    const shopify = await renderLine({});
    await eventually(() => buttonNamed('Subscribe'));
    shopify.applyCartLinesChange.mockResolvedValueOnce({ type: 'error', message: 'Cart lines cannot be changed with Apple Pay' });

    buttonNamed('Subscribe').click();

    await eventually(() => expect(one('s-banner').textContent).toBe("This item couldn't be changed. Please try again."));
    expect(one('s-banner').getAttribute('tone')).toBe('critical');
    expect(isLoading(buttonNamed('Subscribe'))).toBe(false);

    shopify.applyCartLinesChange.mockRejectedValueOnce(new Error('checkout went away'));
    buttonNamed('Subscribe').click();
    await eventually(() => expect(shopify.applyCartLinesChange).toHaveBeenCalledTimes(2));
    await eventually(() => expect(isLoading(buttonNamed('Subscribe'))).toBe(false));
    expect(all('s-banner')).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(backend.received.flatMap((request) => request.body.events.map((event) => event.kind))).toEqual(['shown']);
  });

  it('when the variant has no subscription plans, then nothing is rendered', async () => {
    const shopify = await renderLine({
      variants: [
        { ...coffee, plans: [{ id: MONTHLY, name: 'Pre-order', price: '20.00', compareAtPrice: '20.00', recurringDeliveries: false }] },
      ],
    });
    await eventually(() => expect(shopify.query).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(document.body.innerHTML).toBe('');
  });

  it('when the checkout does not allow updating lines, then nothing is rendered and the Storefront API is not called', async () => {
    const shopify = await renderLine({ canUpdateCartLine: false });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(document.body.innerHTML).toBe('');
    expect(shopify.query).not.toHaveBeenCalled();
  });

  it('when a subscribed variant can only be sold on a plan, then one-time is not offered', async () => {
    const shopify = await renderLine({ sellingPlanId: MONTHLY, variants: [{ ...coffee, requiresSellingPlan: true }] });
    await eventually(() => expect(shopify.query).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(document.body.innerHTML).toBe('');
  });

  it('when the Storefront query fails, then nothing is rendered', async () => {
    const shopify = await renderLine({ broken: [VARIANT] });
    await eventually(() => expect(shopify.query).toHaveBeenCalled());
    expect(await shopify.query.mock.results[0]?.value).toMatchObject({
      errors: [expect.objectContaining({ message: expect.any(String) })],
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(document.body.innerHTML).toBe('');
  });

  it('when the events backend fails or never answers, then subscribing works the same', async () => {
    backend.mode = 'hang';
    const shopify = await renderLine({});
    await eventually(() => buttonNamed('Subscribe'));
    buttonNamed('Subscribe').click();
    await eventually(() => expect(bodyText()).toContain('Subscription: Every 2 weeks'));
    expect(shopify.applyCartLinesChange).toHaveBeenCalledTimes(1);

    backend.mode = 'fail';
    buttonNamed('Switch to one-time purchase').click();
    await eventually(() => expect(bodyText()).toContain('Subscribe and save 15%'));
    expect(all('s-banner')).toHaveLength(0);
  });

  it('when the buyer reads French, then the texts, prices and Storefront language are French', async () => {
    const shopify = await renderLine({ language: 'fr' });
    await eventually(() => expect(bodyText()).toContain('Abonnez-vous et économisez 15\u00a0%'));
    expect(all('s-choice')[0]?.textContent).toBe('Every 2 weeks · 17,00\u00a0€ par livraison (économisez 15\u00a0%)');
    expect(one('s-choice-list').getAttribute('label')).toBe('Fréquence de livraison');
    expect(buttonNamed("S'abonner")).toBeTruthy();
    expect(shopify.query.mock.calls[0]?.[1]?.variables).toMatchObject({ language: 'FR' });
  });

  // The Storefront query runs against the real 2026-07 schema: a language its LanguageCode enum lacks (EN_US) would
  // fail the whole query and hide the upgrade.
  it.each([
    ['en-US', 'EN'],
    ['pt-BR', 'PT_BR'],
    ['zh-TW', 'ZH_TW'],
    ['zh-Hant-HK', 'ZH_TW'],
    ['fr-CA', 'FR'],
  ])('when the buyer reads a regional language (%s), then the Storefront is asked in %s and the upgrade shows', async (tag, language) => {
    const shopify = await renderLine({ language: tag });
    await eventually(() => expect(buttonNamed(tag.startsWith('fr') ? "S'abonner" : 'Subscribe')).toBeTruthy());
    expect(shopify.query).toHaveBeenCalledTimes(1);
    expect(shopify.query.mock.calls[0]?.[1]?.variables).toEqual({ variantId: VARIANT, country: 'FR', language });
  });

  it.each([
    ['no language at all', null],
    ['an empty tag', ''],
    ['a tag that is not a language', '42!'],
  ])('when checkout reports %s, then the query runs without a language and the upgrade shows in English', async (_case, tag) => {
    const shopify = await renderLine({ language: tag });
    await eventually(() => expect(bodyText()).toContain('Subscribe and save 15%'));
    expect(shopify.query.mock.calls[0]?.[1]?.variables).toEqual({ variantId: VARIANT, country: 'FR' });
  });

  it('when the language is well formed but unknown to the Storefront (tlh), then it asks without a language and still shows', async () => {
    const shopify = await renderLine({ language: 'tlh' });
    await eventually(() => expect(bodyText()).toContain('Subscribe and save 15%'));
    expect(shopify.query.mock.calls.map((call) => call[1]?.variables)).toEqual([
      { variantId: VARIANT, country: 'FR', language: 'TLH' },
      { variantId: VARIANT, country: 'FR' },
    ]);
  });
});
