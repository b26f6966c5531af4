// The extension on its own: src/index.tsx loaded as the post-purchase worker loads it, rendered through a real
// @remote-ui receiver, talking to a real HTTP server that plays the backend. Shopify's render API is a set of
// spies here; funnel.e2e.test.tsx runs the same extension against the real backend and Shopify's emulated side.
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventsRequest, OfferRequest, SignRequest } from './offer.js';
import { type FakeBackend, startBackend } from './test-support/backend.js';
import { type LoadedExtension, loadExtension, type MountedPage } from './test-support/extension.js';
import { eur, funnel, inputData, monthlyTeaChange, renderInput } from './test-support/funnel-fixture.js';
import { buttonNamed, eventually, findAll, selectLabeled, textOf, textsOf } from './test-support/remote-tree.js';

let extension: LoadedExtension;
let backend: FakeBackend;

beforeAll(async () => {
  extension = await loadExtension();
});
beforeEach(async () => {
  backend = await startBackend();
  vi.stubEnv('BACKEND_URL', backend.url);
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await backend.close();
});

function storage() {
  return { initialData: undefined as unknown, update: vi.fn(async (_data: unknown) => undefined) };
}

describe('ShouldRender', () => {
  it('when the backend has a funnel, then it is stored for Render and the page renders; the request carries the purchase', async () => {
    backend.replies.set('/api/post-purchase/offer', { status: 200, json: { offer: funnel() } });
    const store = storage();

    expect(await extension.shouldRender({ inputData: inputData(), storage: store })).toEqual({ render: true });

    expect(store.update).toHaveBeenCalledWith({ funnel: funnel() });
    expect(backend.requests).toHaveLength(1);
    expect(backend.requests[0]?.authorization).toBe('Bearer purchase-jwt');
    const bag = (amount: string) => ({ shopMoney: eur(amount), presentmentMoney: eur(amount) });
    expect(backend.requests[0]?.body).toEqual({
      referenceId: 'ref-1',
      shopDomain: 'encore-demo.myshopify.com',
      locale: 'en',
      customerId: '77',
      destinationCountryCode: 'FR',
      totalPriceSet: bag('50.00'),
      lineItems: [{ productId: 1, variantId: 11, quantity: 2, sellingPlanId: 5, totalPriceSet: bag('40.00') }],
    } satisfies OfferRequest);
  });

  it('when the backend has no offer, fails, or answers a non-funnel, then the page does not render and nothing is stored', async () => {
    const store = storage();
    const broken = funnel();
    delete (broken.steps as Record<string, unknown>).grinder;
    for (const reply of [
      { status: 200, json: { offer: null } },
      { status: 500, json: { error: { code: 'internal_error' } } },
      { status: 401, json: { error: { code: 'invalid_token' } } },
      { status: 200, raw: '<html>gateway</html>' },
      { status: 200, json: { offer: { version: 1, title: 'an older shape' } } },
      { status: 200, json: { offer: broken } },
    ]) {
      backend.replies.set('/api/post-purchase/offer', reply);
      expect(await extension.shouldRender({ inputData: inputData(), storage: store })).toEqual({ render: false });
    }
    expect(store.update).not.toHaveBeenCalled();
  });

  it('when storing the funnel fails, then the page does not render', async () => {
    backend.replies.set('/api/post-purchase/offer', { status: 200, json: { offer: funnel() } });
    const store = { initialData: undefined, update: vi.fn(async () => Promise.reject(new Error('quota'))) };
    expect(await extension.shouldRender({ inputData: inputData(), storage: store })).toEqual({ render: false });
  });

  it('when no backend URL was built in, then the page does not render and no request is made', async () => {
    vi.stubEnv('BACKEND_URL', '');
    expect(await extension.shouldRender({ inputData: inputData(), storage: storage() })).toEqual({ render: false });
    expect(backend.requests).toHaveLength(0);
  });

  it('when the backend does not answer within 2.5 s, then ShouldRender gives up in time and the page does not render', async () => {
    backend.replies.set('/api/post-purchase/offer', 'hang');
    const started = performance.now();
    expect(await extension.shouldRender({ inputData: inputData(), storage: storage() })).toEqual({ render: false });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(2_400);
    expect(elapsed).toBeLessThan(3_000);
  });
});

describe('Render', () => {
  type Input = ReturnType<typeof renderInput>;

  async function open(
    overrides: { locale?: string; stored?: unknown; prepare?: (input: Input) => void } = {},
  ): Promise<{ input: Input; page: MountedPage }> {
    const input = renderInput(overrides.stored ?? { funnel: funnel() }, overrides.locale);
    overrides.prepare?.(input);
    backend.replies.set('/api/post-purchase/sign', { status: 200, json: { token: 'signed-changeset' } });
    backend.replies.set('/api/post-purchase/events', { status: 200, json: { results: [] } });
    const page = await extension.mount(input);
    return { input, page };
  }

  const headings = (page: MountedPage) => textsOf(page.root(), 'Heading');
  const buttons = (page: MountedPage) => textsOf(page.root(), 'Button');
  const banners = (page: MountedPage) => textsOf(page.root(), 'Banner');
  const events = () =>
    backend.requests.filter((r) => r.path === '/api/post-purchase/events').flatMap((r) => (r.body as EventsRequest).events);

  it('when a step is shown, then it has image, title, price (regular, discount), labelled pickers and Shopify’s summary', async () => {
    const { input, page } = await open();

    expect(findAll(page.root(), 'Image')[0]?.props).toMatchObject({
      source: 'https://cdn.shopify.com/s/files/v31.jpg',
      description: 'Burr grinder - Steel',
    });
    expect(headings(page)).toEqual(['Grind it fresh']);
    expect(textsOf(page.root(), 'Text')).toEqual(['€40.00', '€50.00', '20% off']);
    expect(findAll(page.root(), 'Text')[1]?.props).toMatchObject({ role: 'deletion' });
    expect(selectLabeled(page.root(), 'Option').props.options).toEqual([
      { value: '31', label: 'Steel' },
      { value: '32', label: 'Black' },
    ]);
    expect(selectLabeled(page.root(), 'Quantity').props.options.map((o) => o.value)).toEqual(['1', '2']);
    await page.settled(() => expect(buttons(page)).toEqual(['Add to order · €48.00', 'No thanks']));
    expect(textsOf(page.root(), 'TextBlock')).toEqual([
      'Burr grinder, 20% off today',
      'Subtotal',
      '€40.00',
      'Shipping',
      'Free',
      'Taxes',
      '€8.00',
      'Total',
      '€48.00',
    ]);
    expect(input.calculateChangeset).toHaveBeenLastCalledWith({
      changes: [{ type: 'add_variant', variantId: 31, quantity: 1, discount: { value: 20, valueType: 'percentage', title: '20% off' } }],
    });
    // Every control says what it is: labelled pickers, a described image, buttons with text and a loading label.
    for (const select of findAll(page.root(), 'Select')) expect(select.props?.label).toBeTruthy();
    expect(findAll(page.root(), 'Button').every((button) => textOf(button).length > 0)).toBe(true);
    expect(buttonNamed(page.root(), 'Add to order · €48.00').props).toMatchObject({ loadingLabel: 'Adding to your order' });
    await eventually(() => expect(events()).toEqual([{ type: 'shown', stepId: 'grinder' }]));
  });

  it('when the shopper picks another quantity or variant, then price and summary follow the choice', async () => {
    const { input, page } = await open();
    selectLabeled(page.root(), 'Quantity').props.onChange('2');
    await page.settled(() => expect(buttons(page)).toEqual(['Add to order · €96.00', 'No thanks']));
    expect(textsOf(page.root(), 'Text')).toEqual(['€80.00', '€100.00', '20% off']);
    expect(input.calculateChangeset).toHaveBeenLastCalledWith({ changes: [expect.objectContaining({ variantId: 31, quantity: 2 })] });

    selectLabeled(page.root(), 'Option').props.onChange('32');
    // The black one only comes one at a time, and has no regular price above the offer.
    await page.settled(() => expect(buttons(page)).toEqual(['Add to order · €52.80', 'No thanks']));
    expect(textsOf(page.root(), 'Text')).toEqual(['€44.00', '20% off']);
    expect(findAll(page.root(), 'Select').map((select) => select.props?.label)).toEqual(['Option']);
  });

  it('when the shopper accepts, then the backend signs the choice, Shopify applies it and the accept branch comes next', async () => {
    const { input, page } = await open();
    await page.settled(() => expect(buttonNamed(page.root(), 'Add to order · €48.00').props.disabled).toBe(false));
    buttonNamed(page.root(), 'Add to order · €48.00').props.onPress();

    await page.settled(() => expect(headings(page)).toEqual(['Tea on repeat']));
    const signs = backend.requests.filter((r) => r.path === '/api/post-purchase/sign');
    expect(signs).toEqual([
      {
        path: '/api/post-purchase/sign',
        authorization: 'Bearer purchase-jwt',
        body: {
          referenceId: 'ref-1',
          shopDomain: 'encore-demo.myshopify.com',
          stepId: 'grinder',
          optionId: 'product:gid://shopify/Product/3',
          variantId: 31,
          quantity: 1,
        },
      },
    ]);
    expect(input.applyChangeset).toHaveBeenCalledWith('signed-changeset', undefined);
    await eventually(() =>
      expect(events()).toEqual([
        { type: 'shown', stepId: 'grinder' },
        { type: 'applied', stepId: 'grinder', status: 'processed', errorCodes: [], changesetApplicationsRemaining: 2 },
        { type: 'shown', stepId: 'tea' },
      ]),
    );
    expect(input.done).not.toHaveBeenCalled();
  });

  it('when the shopper declines, then it is recorded and the decline branch is shown; declining the last step ends the page', async () => {
    const { input, page } = await open();
    buttonNamed(page.root(), 'No thanks').props.onPress();
    await page.settled(() => expect(headings(page)).toEqual(['Stock up on filters']));
    expect(selectLabeled(page.root(), 'Choose an amount').props.options.map((o) => o.label)).toEqual([
      '2 × Filters · €12.35',
      '4 × Filters · €23.40',
    ]);

    buttonNamed(page.root(), 'Decline this offer').props.onPress();
    await eventually(() => expect(input.done).toHaveBeenCalledTimes(1));
    expect(events()).toEqual(
      expect.arrayContaining([
        { type: 'declined', stepId: 'grinder' },
        { type: 'declined', stepId: 'filters' },
      ]),
    );
    expect(backend.requests.some((r) => r.path === '/api/post-purchase/sign')).toBe(false);
  });

  it('when a subscription is chosen, then its terms and a consent box show, and nothing is signed until the shopper consents', async () => {
    const { input, page } = await open({ stored: { funnel: funnel({ firstStepId: 'tea' }) } });
    expect(findAll(page.root(), 'BuyerConsent')).toHaveLength(0);
    selectLabeled(page.root(), 'Purchase option').props.onChange('plan:gid://shopify/SellingPlan/7');
    await page.settled(() => expect(findAll(page.root(), 'BuyerConsent')).toHaveLength(1));
    expect(textsOf(page.root(), 'TextBlock')).toContain(
      'Delivered monthly. Charged to the card you just used on each delivery until you cancel; cancel any time.',
    );
    expect(input.calculateChangeset).toHaveBeenLastCalledWith({ changes: [monthlyTeaChange] });
    await page.settled(() => expect(buttonNamed(page.root(), 'Subscribe · €12.31').props.disabled).toBe(false));

    buttonNamed(page.root(), 'Subscribe · €12.31').props.onPress();
    await page.settled(() =>
      expect(findAll(page.root(), 'BuyerConsent')[0]?.props?.error).toBe('Please agree to the subscription terms first.'),
    );
    expect(backend.requests.some((r) => r.path === '/api/post-purchase/sign')).toBe(false);

    (findAll(page.root(), 'BuyerConsent')[0]!.props!.onChange as (checked: boolean) => void)(true);
    await page.settled(() => expect(findAll(page.root(), 'BuyerConsent')[0]?.props?.error).toBeUndefined());
    buttonNamed(page.root(), 'Subscribe · €12.31').props.onPress();
    await eventually(() => expect(input.done).toHaveBeenCalledTimes(1));
    expect(input.applyChangeset).toHaveBeenCalledWith('signed-changeset', { buyerConsentToSubscriptions: true });
  });

  it.each([
    ['insufficient_inventory', 'Sorry, there is not enough stock left for this offer. You have not been charged for it.', false],
    ['payment_required', 'Your payment needs attention before this can be added. You have not been charged for it.', true],
    ['unsupported_payment_method', "This offer can't be paid with the payment method you used. You have not been charged for it.", false],
    ['buyer_consent_required', 'Please agree to the subscription terms to add it.', true],
    ['subscription_vaulting_error', "We couldn't save your card for the subscription. You have not been charged for it.", false],
    ['subscription_contract_creation_error', "We couldn't set up the subscription. You have not been charged for it.", false],
    ['subscription_no_shipping_address_error', 'A subscription needs a shipping address, and this order has none.', false],
    ['subscription_limit_error', 'Only one subscription can be added to this order.', false],
    ['order_released_error', 'Your order is already being prepared, so nothing more can be added to it.', false],
    ['invalid_request', "We couldn't add this to your order, and you haven't been charged for it.", false],
    ['server_error', "We couldn't add this to your order, and you haven't been charged for it.", true],
  ])(
    'when Shopify refuses the changeset with %s, then the shopper reads why, and may retry only when retrying can help',
    async (code, message, retryable) => {
      const { input, page } = await open({
        prepare: (i) =>
          i.applyChangeset.mockResolvedValueOnce({
            status: 'unprocessed',
            errors: [{ code, message: 'from Shopify' }],
            changesetApplicationsRemaining: 3,
          }),
      });
      await page.settled(() => expect(buttonNamed(page.root(), 'Add to order · €48.00').props.disabled).toBe(false));
      buttonNamed(page.root(), 'Add to order · €48.00').props.onPress();

      await page.settled(() => expect(banners(page)).toEqual([message]));
      expect(headings(page)).toEqual(['Grind it fresh']);
      expect(buttons(page)).toEqual(retryable ? ['Add to order · €48.00', 'No thanks'] : ['No thanks']);
      expect(input.done).not.toHaveBeenCalled();
      await eventually(() =>
        expect(events()).toContainEqual({
          type: 'applied',
          stepId: 'grinder',
          status: 'unprocessed',
          errorCodes: [code],
          changesetApplicationsRemaining: 3,
        }),
      );
    },
  );

  it.each([
    [
      'answers unprocessed with payment_required',
      (i: Input) =>
        i.applyChangeset.mockResolvedValueOnce({
          status: 'unprocessed',
          errors: [{ code: 'payment_required', message: 'x' }],
          changesetApplicationsRemaining: 3,
        }),
      ['payment_required'],
    ],
    ['throws', (i: Input) => i.applyChangeset.mockRejectedValueOnce(new Error('worker lost')), ['server_error']],
  ] as const)(
    'when applyChangeset %s and the shopper retries, then the retry asks for a fresh signature naming the failed attempt and applies that',
    async (_name, fail, codes) => {
      const { input, page } = await open({ prepare: (i) => fail(i) });
      await page.settled(() => expect(buttonNamed(page.root(), 'Add to order · €48.00').props.disabled).toBe(false));
      buttonNamed(page.root(), 'Add to order · €48.00').props.onPress();
      await page.settled(() => expect(banners(page)).toHaveLength(1));
      // The backend holds the signed choice: the pickers keep it for the retry.
      expect(findAll(page.root(), 'Select').map((select) => select.props?.disabled)).toEqual([true, true]);

      backend.replies.set('/api/post-purchase/sign', { status: 200, json: { token: 'signed-again' } });
      buttonNamed(page.root(), 'Add to order · €48.00').props.onPress();
      await page.settled(() => expect(headings(page)).toEqual(['Tea on repeat']));

      const signs = backend.requests.filter((r) => r.path === '/api/post-purchase/sign').map((r) => r.body as SignRequest);
      expect(signs).toHaveLength(2);
      expect(signs[0]?.retryOf).toBeUndefined();
      expect(signs[1]).toEqual({ ...signs[0], retryOf: { token: 'signed-changeset', errorCodes: codes } });
      expect(input.applyChangeset.mock.calls.map((call) => call[0])).toEqual(['signed-changeset', 'signed-again']);
    },
  );

  it('when the changeset was already applied, then the shopper is told it is in the order and follows the accept branch', async () => {
    const { page } = await open({
      prepare: (i) =>
        i.applyChangeset.mockResolvedValueOnce({
          status: 'unprocessed',
          errors: [{ code: 'changeset_already_applied', message: 'x' }],
          changesetApplicationsRemaining: 2,
        }),
    });
    await page.settled(() => expect(buttonNamed(page.root(), 'Add to order · €48.00').props.disabled).toBe(false));
    buttonNamed(page.root(), 'Add to order · €48.00').props.onPress();
    await page.settled(() => expect(banners(page)).toEqual(['This offer is already part of your order.']));
    expect(buttons(page)).toEqual(['Continue']);
    buttonNamed(page.root(), 'Continue').props.onPress();
    await page.settled(() => expect(headings(page)).toEqual(['Tea on repeat']));
  });

  it('when signing fails, then nothing is applied, the shopper is told nothing was charged and may try again', async () => {
    const { input, page } = await open();
    backend.replies.set('/api/post-purchase/sign', { status: 409, json: { error: { code: 'step_not_reachable' } } });
    await page.settled(() => expect(buttonNamed(page.root(), 'Add to order · €48.00').props.disabled).toBe(false));
    buttonNamed(page.root(), 'Add to order · €48.00').props.onPress();
    await page.settled(() => expect(banners(page)).toEqual(["We couldn't add this to your order, and you haven't been charged for it."]));
    expect(input.applyChangeset).not.toHaveBeenCalled();
    expect(buttonNamed(page.root(), 'Add to order · €48.00').props.loading).toBe(false);
  });

  it('when Shopify says no more changesets can be applied, then the page ends after the accepted one', async () => {
    const { input, page } = await open({
      prepare: (i) => i.applyChangeset.mockResolvedValueOnce({ status: 'processed', errors: [], changesetApplicationsRemaining: 0 }),
    });
    await page.settled(() => expect(buttonNamed(page.root(), 'Add to order · €48.00').props.disabled).toBe(false));
    buttonNamed(page.root(), 'Add to order · €48.00').props.onPress();
    await eventually(() => expect(input.done).toHaveBeenCalledTimes(1));
  });

  it('when the countdown runs out, then the offer can no longer be accepted and the shopper continues', async () => {
    const timed = funnel();
    timed.steps.filters = { ...timed.steps.filters!, countdownSeconds: 1 };
    const { page } = await open({ stored: { funnel: { ...timed, firstStepId: 'filters' } } });
    expect(textsOf(page.root(), 'TextBlock')[0]).toBe('Offer ends in 0:01');
    await page.settled(() => expect(banners(page)).toEqual(['This offer has expired.']));
    expect(buttons(page)).toEqual(['Continue to order confirmation']);
  });

  it('when Shopify cannot price the choice any more, then accepting is not offered', async () => {
    const { page } = await open({
      prepare: (i) =>
        i.calculateChangeset.mockResolvedValue({
          status: 'unprocessed',
          errors: [{ code: 'insufficient_inventory', message: 'Out of stock' }],
        } as never),
    });
    await page.settled(() => expect(banners(page)).toEqual(['This offer is no longer available.']));
    expect(buttons(page)).toEqual(['No thanks']);
  });

  it('when the shopper reads German, then the page’s own labels and amounts are German', async () => {
    const { page } = await open({ locale: 'de-DE' });
    await page.settled(() => expect(buttons(page)).toEqual(['Add to order · 48,00\u00a0€', 'No thanks']));
    expect(textsOf(page.root(), 'TextBlock')).toContain('Zwischensumme');
    expect(findAll(page.root(), 'Select').map((select) => select.props?.label)).toEqual(['Variante', 'Menge']);
    expect(textsOf(page.root(), 'Text')[0]).toBe('40,00\u00a0€');
  });

  it('when nothing usable was stored, then the page ends at once without showing anything', async () => {
    const input = renderInput({ funnel: { version: 2, steps: {} } });
    const page = extension.render(input);
    await eventually(() => expect(input.done).toHaveBeenCalledTimes(1));
    await page.host.flush();
    expect(findAll(page.root(), 'Heading')).toHaveLength(0);
    expect(backend.requests).toHaveLength(0);
  });
});
