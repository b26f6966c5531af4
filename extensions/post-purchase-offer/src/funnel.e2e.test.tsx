// The extension against the real backend and the Admin API emulator: ShouldRender asks the backend for a funnel
// decided from the demo store's catalog, Render walks it, the backend signs each accepted step, and Shopify's
// side (test/support/post-purchase/shopify-host.ts) verifies and applies the changesets to the emulator's
// order, including a subscription whose contract the backend then stores from the webhook.
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureSchemas } from '../../../test/emulator/schema/fetch.js';
import { DEMO_CUSTOMERS, DEMO_PRODUCTS, DEMO_SELLING_PLANS, DEMO_VARIANTS } from '../../../test/emulator/seed/demo-store.js';
import {
  type PostPurchaseBackend,
  startPostPurchaseBackend,
  TEST_API_KEY,
  TEST_API_SECRET,
} from '../../../test/support/post-purchase/backend.js';
import { coffeeFunnel } from '../../../test/support/post-purchase/demo-funnels.js';
import { fakeStorage, type RenderApi, type ShopifyPurchase } from '../../../test/support/post-purchase/shopify-host.js';
import { type LoadedExtension, loadExtension, type MountedPage } from './test-support/extension.js';
import { buttonNamed, eventually, findAll, selectLabeled, textsOf } from './test-support/remote-tree.js';

let backend: PostPurchaseBackend;
let extension: LoadedExtension;

beforeAll(async () => {
  await ensureSchemas();
  backend = await startPostPurchaseBackend();
  await backend.createFunnel(coffeeFunnel());
  vi.stubEnv('BACKEND_URL', backend.url);
  extension = await loadExtension();
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await backend?.close();
});

/** A purchase in the emulator, ShouldRender run for it, and the page rendered with what it stored. */
async function openPage(purchase: ShopifyPurchase): Promise<{ api: RenderApi; page: MountedPage; tokens: string[] }> {
  const storage = fakeStorage();
  expect(await extension.shouldRender(purchase.shouldRenderApi(storage))).toEqual({ render: true });
  const api = purchase.renderApi(storage);
  const tokens: string[] = [];
  const apply = api.applyChangeset;
  api.applyChangeset = async (token, options) => {
    tokens.push(token);
    return apply(token, options);
  };
  const page = await extension.mount(api);
  return { api, page, tokens };
}

function newPurchase(): ShopifyPurchase {
  return backend.purchase({ customerId: DEMO_CUSTOMERS.newFirstOrder, lines: [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }] });
}

async function ledgerKinds(purchase: ShopifyPurchase): Promise<string[]> {
  const events = await backend.ledger.eventsForOrder(backend.shop.id, purchase.referenceId);
  return events.map((event) => `${event.kind}:${event.stepId ?? '-'}`).sort();
}

describe('a shopper walking a funnel on the post-purchase page', () => {
  it('when they accept the first offer and decline the next, then the order gets exactly the signed item and the page ends', async () => {
    const purchase = newPurchase();
    const { api, page, tokens } = await openPage(purchase);

    // First step: the grinder at 15 % off, with Shopify's price summary (8 % US tax) on the accept button.
    expect(textsOf(page.root(), 'Heading')).toEqual(['Grind it fresh']);
    expect(textsOf(page.root(), 'Text')).toEqual(['$75.65', '$109.00', '15% off']);
    expect(findAll(page.root(), 'Image')[0]?.props).toMatchObject({ description: 'Hand Burr Grinder' });
    expect(selectLabeled(page.root(), 'Quantity').props.options.map((o) => o.value)).toEqual(['1', '2']);
    await page.settled(() => expect(textsOf(page.root(), 'Button')).toEqual(['Add to my order · $81.70', 'No thanks']));

    buttonNamed(page.root(), 'Add to my order · $81.70').props.onPress();

    // Accepted: Shopify applied the changeset and the next step (accept branch) is shown.
    await page.settled(() => expect(textsOf(page.root(), 'Heading')).toEqual(['Tea on repeat']));
    expect(tokens).toHaveLength(1);
    const claims = jwt.verify(tokens[0]!, TEST_API_SECRET, { algorithms: ['HS256'] }) as jwt.JwtPayload;
    expect(claims.iss).toBe(TEST_API_KEY);
    expect(claims.sub).toBe(purchase.referenceId);
    expect(claims.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(claims.iat).toBeGreaterThanOrEqual(purchase.completedAt);
    expect(claims.iat).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 1);
    expect(claims.changes).toEqual([
      {
        type: 'add_variant',
        variantId: DEMO_VARIANTS.handGrinder,
        quantity: 1,
        discount: { value: 15, valueType: 'percentage', title: '15% off' },
      },
    ]);
    const added = purchase.order.lines.filter((line) => line.addedByEditAt !== null);
    expect(
      added.map((line) => ({ productId: line.productId, quantity: line.quantity, net: line.unitPrice * line.quantity - line.discount })),
    ).toEqual([{ productId: DEMO_PRODUCTS.handGrinder, quantity: 1, net: 7565 }]);

    // Second step: one-time or a plan; the shopper declines and the funnel ends (decline leads nowhere).
    expect(selectLabeled(page.root(), 'Purchase option').props.options.map((o) => o.label)).toEqual([
      'One-time purchase · $12.00',
      'Delivered monthly, save 10% · $10.26 (5% off)',
      'Delivered every 2 months, save 10% · $10.26 (5% off)',
      'Yearly prepaid, monthly delivery, save 15% · $9.69 (5% off)',
    ]);
    buttonNamed(page.root(), 'No thanks').props.onPress();
    await eventually(() => expect(api.doneCalls).toBe(1));
    expect(purchase.applied).toHaveLength(1);

    // The ledger has the whole story, once each.
    await eventually(async () =>
      expect(await ledgerKinds(purchase)).toEqual(['accepted:grinder', 'decided:-', 'declined:sencha', 'shown:grinder', 'shown:sencha']),
    );
    const accepted = (await backend.ledger.eventsForOrder(backend.shop.id, purchase.referenceId)).find(
      (event) => event.kind === 'accepted',
    );
    expect(accepted).toMatchObject({
      amountMinor: 7565,
      currencyCode: 'USD',
      quantity: 1,
      variantId: `gid://shopify/ProductVariant/${DEMO_VARIANTS.handGrinder}`,
    });
  });

  it('when they take the subscription with consent, then Shopify adds it and the backend stores the contract it creates', async () => {
    const purchase = newPurchase();
    const { api, page, tokens } = await openPage(purchase);
    await page.settled(() => expect(buttonNamed(page.root(), 'Add to my order · $81.70').props.disabled).toBe(false));
    buttonNamed(page.root(), 'Add to my order · $81.70').props.onPress();
    await page.settled(() => expect(textsOf(page.root(), 'Heading')).toEqual(['Tea on repeat']));

    selectLabeled(page.root(), 'Purchase option').props.onChange(`plan:gid://shopify/SellingPlan/${DEMO_SELLING_PLANS.monthly}`);
    await page.settled(() => expect(findAll(page.root(), 'BuyerConsent')).toHaveLength(1));
    await page.settled(() => expect(buttonNamed(page.root(), 'Subscribe · $11.08').props.disabled).toBe(false));

    // Without consent nothing is signed; the consent box says why.
    buttonNamed(page.root(), 'Subscribe · $11.08').props.onPress();
    await page.settled(() =>
      expect(findAll(page.root(), 'BuyerConsent')[0]?.props?.error).toBe('Please agree to the subscription terms first.'),
    );
    expect(tokens).toHaveLength(1);

    (findAll(page.root(), 'BuyerConsent')[0]!.props!.onChange as (checked: boolean) => void)(true);
    await page.settled(() => expect(findAll(page.root(), 'BuyerConsent')[0]?.props?.checked).toBe(true));
    buttonNamed(page.root(), 'Subscribe · $11.08').props.onPress();
    await eventually(() => expect(api.doneCalls).toBe(1));

    expect(tokens).toHaveLength(2);
    const claims = jwt.verify(tokens[1]!, TEST_API_SECRET, { algorithms: ['HS256'] }) as jwt.JwtPayload;
    expect(claims.changes).toEqual([
      {
        type: 'add_subscription',
        variantId: DEMO_VARIANTS.sencha100g,
        sellingPlanId: DEMO_SELLING_PLANS.monthly,
        quantity: 1,
        initialShippingPrice: 0,
        recurringShippingPrice: 0,
        shippingOption: { title: 'Subscription shipping (Encore)', presentmentTitle: 'Free shipping' },
        discount: { value: 5, valueType: 'percentage', title: '5% off' },
      },
    ]);

    // Shopify created the contract on the original order and told the app; the backend stores it.
    const delivery = await backend.h.emulator.webhooks.waitFor(
      'subscription_contracts/create',
      (payload) => payload.origin_order_id === purchase.order.id,
    );
    expect(delivery.state).toBe('delivered');
    await eventually(async () => {
      await backend.runJobs();
      const stored = await backend.h.server.ctx.db.prisma.subscriptionContract.findMany({
        where: { shopId: backend.shop.id, originOrderId: `gid://shopify/Order/${purchase.order.id}` },
      });
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({
        status: 'ACTIVE',
        billingInterval: 'MONTH',
        billingCount: 1,
        currencyCode: 'USD',
        customerId: `gid://shopify/Customer/${DEMO_CUSTOMERS.newFirstOrder}`,
      });
      expect(stored[0]!.nextBillingDate).not.toBeNull();
      expect(stored[0]!.lines).toEqual([
        expect.objectContaining({
          variantId: `gid://shopify/ProductVariant/${DEMO_VARIANTS.sencha100g}`,
          quantity: 1,
          sellingPlanId: `gid://shopify/SellingPlan/${DEMO_SELLING_PLANS.monthly}`,
        }),
      ]);
    });
  });

  it('when they decline the first offer, then the decline branch shows its variants; accepting it leads to quantity tiers', async () => {
    const purchase = newPurchase();
    const { api, page, tokens } = await openPage(purchase);
    buttonNamed(page.root(), 'No thanks').props.onPress();
    await page.settled(() => expect(textsOf(page.root(), 'Heading')).toEqual(['A mug for it']));

    // The slate mug is out of stock, so only sand and moss are offered.
    const variants = selectLabeled(page.root(), 'Option');
    expect(variants.props.options.map((o) => o.label)).toEqual(['Sand', 'Moss']);
    variants.props.onChange(String(DEMO_VARIANTS.mugMossLowStock));
    await page.settled(() => expect(findAll(page.root(), 'Image')[0]?.props).toMatchObject({ description: 'Stoneware Mug 350 ml - Moss' }));
    await page.settled(() => expect(buttonNamed(page.root(), 'Add the mug · $21.38').props.disabled).toBe(false));
    buttonNamed(page.root(), 'Add the mug · $21.38').props.onPress();

    await page.settled(() => expect(textsOf(page.root(), 'Heading')).toEqual(['Stock up on filters']));
    expect(selectLabeled(page.root(), 'Choose an amount').props.options.map((o) => o.label)).toEqual([
      '2 × Paper Filters #2 (100 pack) · $12.35 (5% off)',
      '4 × Paper Filters #2 (100 pack) · $23.40 (10% off)',
    ]);
    buttonNamed(page.root(), 'No thanks').props.onPress();
    await eventually(() => expect(api.doneCalls).toBe(1));
    expect((jwt.decode(tokens[0]!) as jwt.JwtPayload).changes).toEqual([
      {
        type: 'add_variant',
        variantId: DEMO_VARIANTS.mugMossLowStock,
        quantity: 1,
        discount: { value: 10, valueType: 'percentage', title: '10% off' },
      },
    ]);
    await eventually(async () =>
      expect(await ledgerKinds(purchase)).toEqual([
        'accepted:mug',
        'decided:-',
        'declined:filters',
        'declined:grinder',
        'shown:filters',
        'shown:grinder',
        'shown:mug',
      ]),
    );
  });

  it('when applying gets payment_required, then a retry signs the change anew, applies it once; the spent token stays spent', async () => {
    const purchase = newPurchase();
    const { page, tokens } = await openPage(purchase);
    purchase.failNextApply('payment_required');
    await page.settled(() => expect(buttonNamed(page.root(), 'Add to my order · $81.70').props.disabled).toBe(false));
    buttonNamed(page.root(), 'Add to my order · $81.70').props.onPress();
    await page.settled(() =>
      expect(textsOf(page.root(), 'Banner')).toEqual([
        'Your payment needs attention before this can be added. You have not been charged for it.',
      ]),
    );
    expect(purchase.applied).toHaveLength(0);

    buttonNamed(page.root(), 'Add to my order · $81.70').props.onPress();
    await page.settled(() => expect(textsOf(page.root(), 'Heading')).toEqual(['Tea on repeat']));

    // Two attempts, two tokens: the same stored change, a new jti and iat; only the second was applied.
    expect(tokens).toHaveLength(2);
    const [spent, fresh] = tokens.map((token) => jwt.verify(token, TEST_API_SECRET, { algorithms: ['HS256'] }) as jwt.JwtPayload);
    expect(fresh!.jti).not.toBe(spent!.jti);
    expect(fresh!.iat).toBeGreaterThanOrEqual(spent!.iat!);
    expect(fresh!.changes).toEqual(spent!.changes);
    expect(purchase.applied.map((entry) => entry.jti)).toEqual([fresh!.jti]);
    expect(purchase.order.lines.filter((line) => line.addedByEditAt !== null).map((line) => line.productId)).toEqual([
      DEMO_PRODUCTS.handGrinder,
    ]);

    // Neither token yields a second change: the spent one was used up, the applied one was applied.
    expect(await purchase.applyChangeset(tokens[0]!)).toMatchObject({ status: 'unprocessed', errors: [{ code: 'invalid_request' }] });
    expect(await purchase.applyChangeset(tokens[1]!)).toMatchObject({
      status: 'unprocessed',
      errors: [{ code: 'changeset_already_applied' }],
    });
    expect(purchase.applied).toHaveLength(1);

    // The ledger counts the acceptance once, at the signed price.
    await eventually(async () => {
      const accepted = (await backend.ledger.eventsForOrder(backend.shop.id, purchase.referenceId)).filter(
        (event) => event.kind === 'accepted',
      );
      expect(accepted).toHaveLength(1);
      expect(accepted[0]).toMatchObject({ amountMinor: 7565, stepId: 'grinder' });
    });
  });

  it('when the backend is down, then ShouldRender answers no page at once and the shopper is not held up', async () => {
    const purchase = newPurchase();
    vi.stubEnv('BACKEND_URL', 'http://127.0.0.1:9');
    try {
      const started = performance.now();
      expect(await extension.shouldRender(purchase.shouldRenderApi())).toEqual({ render: false });
      expect(performance.now() - started).toBeLessThan(2_500);
    } finally {
      vi.stubEnv('BACKEND_URL', backend.url);
    }
  });
});
