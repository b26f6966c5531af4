// The post-purchase endpoints over HTTP, on a real database, with the demo store's catalog loaded from the Admin
// API emulator and funnels saved through the funnels service. Tokens are minted as Shopify mints them.
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS, DEMO_PRODUCTS, DEMO_SELLING_PLANS, DEMO_VARIANTS } from '../../../test/emulator/seed/demo-store.js';
import {
  type PostPurchaseBackend,
  startPostPurchaseBackend,
  TEST_API_KEY,
  TEST_API_SECRET,
} from '../../../test/support/post-purchase/backend.js';
import { coffeeFunnel } from '../../../test/support/post-purchase/demo-funnels.js';
import { mintPurchaseToken, unsignedToken } from '../../../test/support/post-purchase/purchase-token.js';
import type { ShopifyPurchase } from '../../../test/support/post-purchase/shopify-host.js';
import { MAX_PURCHASE_TOKEN_AGE_SECONDS } from './token.js';
import type { FunnelView, SignResponse } from './wire.js';

let backend: PostPurchaseBackend;

beforeAll(async () => {
  backend = await startPostPurchaseBackend();
  await backend.createFunnel(coffeeFunnel());
});
afterAll(async () => backend?.close());

const GRINDER_OPTION = `gid://shopify/Product/${DEMO_PRODUCTS.handGrinder}`;
const MUG_OPTION = `gid://shopify/Product/${DEMO_PRODUCTS.mug}`;
const MONTHLY = `plan:gid://shopify/SellingPlan/${DEMO_SELLING_PLANS.monthly}`;
const EVERY_TWO_MONTHS = `plan:gid://shopify/SellingPlan/${DEMO_SELLING_PLANS.everyTwoMonths}`;

function purchase(overrides: Partial<Parameters<PostPurchaseBackend['purchase']>[0]> = {}): ShopifyPurchase {
  return backend.purchase({
    customerId: DEMO_CUSTOMERS.newFirstOrder,
    lines: [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }],
    ...overrides,
  });
}

async function offer(p: ShopifyPurchase): Promise<FunnelView> {
  const response = await backend.post('offer', p.offerRequest(), p.inputData.token);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { offer: FunnelView | null };
  expect(body.offer).not.toBeNull();
  return body.offer!;
}

function signBody(p: ShopifyPurchase, stepId: string, optionId: string, variantId: number, quantity = 1) {
  return { referenceId: p.referenceId, shopDomain: backend.shop.domain, stepId, optionId, variantId, quantity };
}

async function sign(p: ShopifyPurchase, stepId: string, optionId: string, variantId: number, quantity = 1): Promise<Response> {
  return backend.post('sign', signBody(p, stepId, optionId, variantId, quantity), p.inputData.token);
}

async function events(p: ShopifyPurchase, list: unknown[]): Promise<Response> {
  return backend.post('events', { referenceId: p.referenceId, shopDomain: backend.shop.domain, events: list }, p.inputData.token);
}

async function errorCode(response: Response): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

describe('CORS for the extension’s sandboxed worker', () => {
  it('when a browser asks before posting (preflight), then any origin may post with a bearer token', async () => {
    const response = await fetch(`${backend.url}/api/post-purchase/sign`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://extensions.shopifycdn.com',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(response.headers.get('access-control-allow-methods')).toMatch(/POST/);
  });

  it('when a request is refused, then the answer still carries the CORS header so the extension can read it', async () => {
    const response = await backend.post('offer', purchase().offerRequest());
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('the purchase token', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const forged: Array<[string, (p: ShopifyPurchase) => string | undefined]> = [
    ['missing', () => undefined],
    ['signed with another secret', (p) => mintPurchaseToken({ secret: 'someone-else', referenceId: p.referenceId })],
    [
      'too old',
      (p) =>
        mintPurchaseToken({ secret: TEST_API_SECRET, referenceId: p.referenceId, issuedAt: now() - MAX_PURCHASE_TOKEN_AGE_SECONDS - 5 }),
    ],
    [
      'expired',
      (p) =>
        mintPurchaseToken({ secret: TEST_API_SECRET, referenceId: p.referenceId, issuedAt: now() - 100, extraClaims: { exp: now() - 50 } }),
    ],
    ['for another purchase', () => mintPurchaseToken({ secret: TEST_API_SECRET, referenceId: 'someone-elses-purchase' })],
    ['unsigned (alg: none)', (p) => unsignedToken({ iss: 'shopify', sub: p.referenceId, iat: now() })],
    ['not issued by Shopify', (p) => mintPurchaseToken({ secret: TEST_API_SECRET, referenceId: p.referenceId, issuer: TEST_API_KEY })],
    ['garbage', () => 'not-a-jwt'],
  ];

  it.each(forged)('when it is %s, then every endpoint answers 401 with a JSON error and records nothing', async (_name, tokenFor) => {
    const p = purchase();
    const before = await backend.h.server.ctx.db.prisma.offerDecision.count();
    for (const [path, body] of [
      ['offer', p.offerRequest()],
      ['sign', signBody(p, 'grinder', GRINDER_OPTION, DEMO_VARIANTS.handGrinder)],
      ['events', { referenceId: p.referenceId, shopDomain: backend.shop.domain, events: [{ type: 'shown', stepId: 'grinder' }] }],
    ] as const) {
      const response = await backend.post(path, body, tokenFor(p));
      expect(response.status, path).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
      expect(await errorCode(response)).toBe('invalid_token');
    }
    expect(await backend.h.server.ctx.db.prisma.offerDecision.count()).toBe(before);
  });

  it('when Shopify’s signed copy of the input names another shop than the body, then the request is refused', async () => {
    const p = purchase();
    const response = await backend.post('offer', { ...p.offerRequest(), shopDomain: 'another-shop.myshopify.com' }, p.inputData.token);
    expect(response.status).toBe(401);
  });
});

describe('POST /offer', () => {
  it("when a purchase comes in, then the engine's funnel is answered ready to display and the decision is in the ledger", async () => {
    const p = purchase();
    const view = await offer(p);
    expect(view).toMatchObject({
      version: 2,
      referenceId: p.referenceId,
      locale: 'en',
      currencyCode: 'USD',
      firstStepId: 'grinder',
      maxAccepts: 3,
    });
    expect(Object.keys(view.steps).sort()).toEqual(['filters', 'grinder', 'mug', 'sencha']);
    expect(view.steps.grinder).toMatchObject({
      headline: 'Grind it fresh',
      body: 'Add a Hand Burr Grinder at 15% off.',
      accept: 'sencha',
      decline: 'mug',
      countdownSeconds: 600,
    });
    expect(view.steps.grinder!.options[0]!.variants[0]).toMatchObject({
      id: DEMO_VARIANTS.handGrinder,
      unitPrice: { amount: '89.00', currencyCode: 'USD' },
      totals: [
        { quantity: 1, total: { amount: '75.65', currencyCode: 'USD' }, compareAtTotal: { amount: '109.00', currencyCode: 'USD' } },
        { quantity: 2, total: { amount: '151.30', currencyCode: 'USD' }, compareAtTotal: { amount: '218.00', currencyCode: 'USD' } },
      ],
    });
    // The slate mug is out of stock in the demo store.
    expect(view.steps.mug!.options[0]!.variants.map((v) => v.title)).toEqual(['Sand', 'Moss']);

    const stored = await backend.ledger.decisionFor(backend.shop.id, 'post_purchase', p.referenceId);
    expect(stored).toMatchObject({ outcome: 'offer', funnelId: view.funnelId });
  });

  it('when ShouldRender asks again for the same purchase, then the first decision is answered and nothing new is recorded', async () => {
    const p = purchase();
    const first = await offer(p);
    const second = await offer(p);
    expect(second).toEqual(first);
    expect(await backend.h.server.ctx.db.prisma.offerDecision.count({ where: { orderKey: p.referenceId } })).toBe(1);
  });

  it('when the purchase token carries no signed input, then the body describes the purchase', async () => {
    const p = purchase({ tokenWithoutInputData: true });
    expect((jwt.decode(p.inputData.token) as jwt.JwtPayload).input_data).toBeUndefined();
    expect((await offer(p)).firstStepId).toBe('grinder');
  });

  it('when the shopper reads German, then the step texts are the German ones, and a language without texts falls back', async () => {
    expect((await offer(purchase({ locale: 'de-DE' }))).steps.grinder!.headline).toBe('DE: Grind it fresh');
    expect((await offer(purchase({ locale: 'ja' }))).steps.grinder!.headline).toBe('Grind it fresh');
  });

  it('when the order already holds the offered products, then the engine passes over those steps', async () => {
    const p = purchase({ lines: [{ variantId: DEMO_VARIANTS.handGrinder, quantity: 1 }] });
    const view = await offer(p);
    expect(view.firstStepId).toBe('mug');
    expect(view.steps.grinder).toBeUndefined();
  });

  it('when the shop never installed Encore, then there is no offer', async () => {
    const p = purchase();
    const response = await backend.post(
      'offer',
      { ...p.offerRequest(), shopDomain: 'unknown-shop.myshopify.com' },
      mintPurchaseToken({ secret: TEST_API_SECRET, referenceId: p.referenceId }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ offer: null });
  });

  it('when the body is not a purchase, then the answer is 422 naming the fields', async () => {
    const p = purchase();
    const response = await backend.post('offer', { ...p.offerRequest(), lineItems: [{ productId: 'x' }] }, p.inputData.token);
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { problems: Array<{ field: string }> } };
    expect(body.error.problems.map((problem) => problem.field)).toContain('lineItems.0.productId');
  });
});

describe('POST /sign', () => {
  it('when the shopper accepts, then the JWT is signed with the app secret, names the purchase and holds the step’s change', async () => {
    const p = purchase();
    await offer(p);
    const before = Math.floor(Date.now() / 1000);
    const response = await sign(p, 'grinder', GRINDER_OPTION, DEMO_VARIANTS.handGrinder, 2);
    expect(response.status).toBe(200);
    const { token, changes } = (await response.json()) as SignResponse;

    const claims = jwt.verify(token, TEST_API_SECRET, { algorithms: ['HS256'] }) as jwt.JwtPayload;
    expect(jwt.decode(token, { complete: true })?.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(claims.iss).toBe(TEST_API_KEY);
    expect(claims.sub).toBe(p.referenceId);
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect(claims.iat).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(claims.exp).toBeUndefined();
    const expected = [
      {
        type: 'add_variant',
        variantId: DEMO_VARIANTS.handGrinder,
        quantity: 2,
        discount: { value: 15, valueType: 'percentage', title: '15% off' },
      },
    ];
    expect(claims.changes).toEqual(expected);
    expect(changes).toEqual(expected);

    const row = await backend.h.server.ctx.db.prisma.postPurchaseChangeset.findUniqueOrThrow({ where: { jti: claims.jti! } });
    expect(row).toMatchObject({
      referenceId: p.referenceId,
      stepId: 'grinder',
      amountMinor: 15130,
      currencyCode: 'USD',
      appliedAt: null,
      token,
    });
  });

  it('when the same choice is sent again, then the same token comes back; another choice for that step is refused', async () => {
    const p = purchase();
    await offer(p);
    const first = (await (await sign(p, 'grinder', GRINDER_OPTION, DEMO_VARIANTS.handGrinder)).json()) as SignResponse;
    const again = (await (await sign(p, 'grinder', GRINDER_OPTION, DEMO_VARIANTS.handGrinder)).json()) as SignResponse;
    expect(again.token).toBe(first.token);

    const other = await sign(p, 'grinder', GRINDER_OPTION, DEMO_VARIANTS.handGrinder, 2);
    expect(other.status).toBe(409);
    expect(await errorCode(other)).toBe('choice_conflict');
  });

  it('when the same choice arrives twice at once, then both get the one token that was stored', async () => {
    const p = purchase();
    await offer(p);
    const answers = await Promise.all([1, 2, 3].map(() => sign(p, 'grinder', GRINDER_OPTION, DEMO_VARIANTS.handGrinder)));
    const tokens = await Promise.all(answers.map(async (answer) => ((await answer.json()) as SignResponse).token));
    expect(new Set(tokens).size).toBe(1);
    expect(await backend.h.server.ctx.db.prisma.postPurchaseChangeset.count({ where: { referenceId: p.referenceId } })).toBe(1);
  });

  it.each([
    ['a variant the step does not offer', 'grinder', GRINDER_OPTION, DEMO_VARIANTS.mugSand, 1, 422, 'unknown_variant'],
    ['an out-of-stock variant of the step’s product', 'mug', MUG_OPTION, DEMO_VARIANTS.mugSlateOutOfStock, 1, 422, 'unknown_variant'],
    ['a quantity above what the step allows', 'grinder', GRINDER_OPTION, DEMO_VARIANTS.handGrinder, 3, 422, 'quantity_not_allowed'],
    ['an option of another step', 'grinder', MUG_OPTION, DEMO_VARIANTS.mugSand, 1, 422, 'unknown_option'],
    ['a step that does not exist', 'free-stuff', GRINDER_OPTION, DEMO_VARIANTS.handGrinder, 1, 404, 'unknown_step'],
    ['a step on the accept branch of a step never accepted', 'sencha', 'one_time', DEMO_VARIANTS.sencha100g, 1, 409, 'step_not_reachable'],
  ])(
    'when the choice is tampered with (%s), then nothing is signed',
    async (_name, stepId, optionId, variantId, quantity, status, code) => {
      const p = purchase();
      await offer(p);
      const response = await sign(p, stepId, optionId, variantId, quantity);
      expect(response.status).toBe(status);
      expect(await errorCode(response)).toBe(code);
      expect(await backend.h.server.ctx.db.prisma.postPurchaseChangeset.count({ where: { referenceId: p.referenceId } })).toBe(0);
    },
  );

  it('when the body carries prices or a discount, then they are refused, not used', async () => {
    const p = purchase();
    await offer(p);
    const response = await backend.post(
      'sign',
      { ...signBody(p, 'grinder', GRINDER_OPTION, DEMO_VARIANTS.handGrinder), discount: { value: 100, valueType: 'percentage' } },
      p.inputData.token,
    );
    expect(response.status).toBe(422);
  });

  it('when a step was applied, then its decline branch can no longer be signed; its accept branch can', async () => {
    const p = purchase();
    await offer(p);
    await sign(p, 'grinder', GRINDER_OPTION, DEMO_VARIANTS.handGrinder);
    expect((await events(p, [{ type: 'applied', stepId: 'grinder', status: 'processed', errorCodes: [] }])).status).toBe(200);

    const declineBranch = await sign(p, 'mug', MUG_OPTION, DEMO_VARIANTS.mugSand);
    expect(declineBranch.status).toBe(409);
    expect(await errorCode(declineBranch)).toBe('step_not_reachable');
    expect((await sign(p, 'sencha', 'one_time', DEMO_VARIANTS.sencha100g)).status).toBe(200);
  });

  it('when a subscription plan is accepted, then add_subscription carries the plan, its shipping and the step’s discount', async () => {
    const p = purchase();
    await offer(p);
    await sign(p, 'grinder', GRINDER_OPTION, DEMO_VARIANTS.handGrinder);
    const response = await sign(p, 'sencha', MONTHLY, DEMO_VARIANTS.sencha100g);
    expect(response.status).toBe(200);
    const { changes } = (await response.json()) as SignResponse;
    expect(changes).toEqual([
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
    // The plan's own 10 % and the offer's 5 %: 12.00 -> 10.80 -> 10.26.
    const row = await backend.h.server.ctx.db.prisma.postPurchaseChangeset.findFirstOrThrow({
      where: { referenceId: p.referenceId, stepId: 'sencha' },
    });
    expect(row.amountMinor).toBe(1026);
    // One step, one choice: a different plan for the same step is refused.
    expect(await errorCode(await sign(p, 'sencha', EVERY_TWO_MONTHS, DEMO_VARIANTS.sencha100g))).toBe('choice_conflict');
  });

  it('when the order already contains a subscription, then no plan is offered, and one cannot be signed', async () => {
    const p = purchase({ lines: [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1, sellingPlanId: DEMO_SELLING_PLANS.monthly }] });
    // The funnel targets orders without a subscription, so the engine offers nothing at all.
    const response = await backend.post('offer', p.offerRequest(), p.inputData.token);
    expect(await response.json()).toEqual({ offer: null });
    const refused = await sign(p, 'grinder', GRINDER_OPTION, DEMO_VARIANTS.handGrinder);
    expect(refused.status).toBe(404);
    expect(await errorCode(refused)).toBe('no_offer');
  });

  it('when no offer was decided for the purchase, then signing is refused', async () => {
    const p = purchase();
    const response = await sign(p, 'grinder', GRINDER_OPTION, DEMO_VARIANTS.handGrinder);
    expect(response.status).toBe(404);
    expect(await errorCode(response)).toBe('no_offer');
  });
});

describe('POST /sign after an attempt Shopify answered unprocessed', () => {
  function claimsOf(token: string): jwt.JwtPayload {
    return jwt.verify(token, TEST_API_SECRET, { algorithms: ['HS256'] }) as jwt.JwtPayload;
  }

  async function signed(response: Response): Promise<SignResponse> {
    expect(response.status).toBe(200);
    return (await response.json()) as SignResponse;
  }

  function retry(p: ShopifyPurchase, token: string, errorCodes: string[]) {
    return backend.post(
      'sign',
      { ...signBody(p, 'grinder', GRINDER_OPTION, DEMO_VARIANTS.handGrinder), retryOf: { token, errorCodes } },
      p.inputData.token,
    );
  }

  it('when the shopper retries, then the stored change is signed again with a new jti and iat, and Shopify applies it once', async () => {
    const p = purchase();
    await offer(p);
    const first = await signed(await sign(p, 'grinder', GRINDER_OPTION, DEMO_VARIANTS.handGrinder));
    p.failNextApply('payment_required');
    expect(await p.applyChangeset(first.token)).toMatchObject({ status: 'unprocessed', errors: [{ code: 'payment_required' }] });
    // Shopify spent the jti on that attempt: the same token can never succeed.
    expect(await p.applyChangeset(first.token)).toMatchObject({ status: 'unprocessed', errors: [{ code: 'invalid_request' }] });

    const second = await signed(await retry(p, first.token, ['payment_required']));
    const [before, after] = [claimsOf(first.token), claimsOf(second.token)];
    expect(after.jti).not.toBe(before.jti);
    expect(after.iat).toBeGreaterThanOrEqual(before.iat!);
    expect(after.changes).toEqual(before.changes);
    expect(second.changes).toEqual(first.changes);
    expect(after).toMatchObject({ iss: TEST_API_KEY, sub: p.referenceId });

    expect(await p.applyChangeset(second.token)).toMatchObject({ status: 'processed', errors: [] });
    expect(p.applied.map((entry) => entry.jti)).toEqual([after.jti]);
    const rows = await backend.h.server.ctx.db.prisma.postPurchaseChangeset.findMany({ where: { referenceId: p.referenceId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ jti: after.jti, token: second.token, amountMinor: 7565 });
    // The plain "same choice" request now answers the live token, not the spent one.
    expect((await signed(await sign(p, 'grinder', GRINDER_OPTION, DEMO_VARIANTS.handGrinder))).token).toBe(second.token);
  });

  it('when the changeset was applied, then a retry gets the applied token, never a new one, and replaying it adds nothing', async () => {
    const p = purchase();
    await offer(p);
    const first = await signed(await sign(p, 'grinder', GRINDER_OPTION, DEMO_VARIANTS.handGrinder));
    expect(await p.applyChangeset(first.token)).toMatchObject({ status: 'processed' });
    expect((await events(p, [{ type: 'applied', stepId: 'grinder', status: 'processed', errorCodes: [] }])).status).toBe(200);

    // A client claiming the applied attempt failed does not get a second token for the same change.
    const again = await signed(await retry(p, first.token, ['server_error']));
    expect(again.token).toBe(first.token);
    expect(await p.applyChangeset(again.token)).toMatchObject({ status: 'unprocessed', errors: [{ code: 'changeset_already_applied' }] });
    expect(p.applied).toHaveLength(1);
    expect(p.order.lines.filter((line) => line.addedByEditAt !== null)).toHaveLength(1);
  });

  it('when the attempt named is no longer the step’s token, then the current token comes back and nothing is signed', async () => {
    const p = purchase();
    await offer(p);
    const first = await signed(await sign(p, 'grinder', GRINDER_OPTION, DEMO_VARIANTS.handGrinder));
    const second = await signed(await retry(p, first.token, ['server_error']));
    // A late duplicate of the same retry (a double tap): no third signature.
    const late = await signed(await retry(p, first.token, ['server_error']));
    expect(late.token).toBe(second.token);
    expect(claimsOf(late.token).jti).toBe(claimsOf(second.token).jti);
  });

  it('when the same retry arrives several times at once, then one new token is signed and all get it', async () => {
    const p = purchase();
    await offer(p);
    const first = await signed(await sign(p, 'grinder', GRINDER_OPTION, DEMO_VARIANTS.handGrinder));
    const answers = await Promise.all([1, 2, 3].map(() => retry(p, first.token, ['server_error'])));
    const tokens = new Set(await Promise.all(answers.map(async (answer) => (await signed(answer)).token)));
    expect(tokens.size).toBe(1);
    expect([...tokens][0]).not.toBe(first.token);
    const row = await backend.h.server.ctx.db.prisma.postPurchaseChangeset.findFirstOrThrow({ where: { referenceId: p.referenceId } });
    expect(row.token).toBe([...tokens][0]);
  });

  it.each([
    ['insufficient_inventory', ['insufficient_inventory']],
    ['changeset_already_applied', ['changeset_already_applied']],
    ['a retryable code beside one that is not', ['payment_required', 'order_released_error']],
  ])(
    'when Shopify’s answer cannot be fixed by signing again (%s), then the retry is refused with 409 not_retryable',
    async (_name, codes) => {
      const p = purchase();
      await offer(p);
      const first = await signed(await sign(p, 'grinder', GRINDER_OPTION, DEMO_VARIANTS.handGrinder));
      const refused = await retry(p, first.token, codes);
      expect(refused.status).toBe(409);
      expect(await errorCode(refused)).toBe('not_retryable');
      const row = await backend.h.server.ctx.db.prisma.postPurchaseChangeset.findFirstOrThrow({ where: { referenceId: p.referenceId } });
      expect(row.token).toBe(first.token);
    },
  );

  it('when nothing was signed for the step, or the retry names another choice, then it is refused', async () => {
    const p = purchase();
    await offer(p);
    const unsigned = await retry(p, 'not-a-token-we-signed', ['server_error']);
    expect(unsigned.status).toBe(409);
    expect(await errorCode(unsigned)).toBe('not_signed');

    const first = await signed(await sign(p, 'grinder', GRINDER_OPTION, DEMO_VARIANTS.handGrinder));
    const otherChoice = await backend.post(
      'sign',
      {
        ...signBody(p, 'grinder', GRINDER_OPTION, DEMO_VARIANTS.handGrinder, 2),
        retryOf: { token: first.token, errorCodes: ['server_error'] },
      },
      p.inputData.token,
    );
    expect(otherChoice.status).toBe(409);
    expect(await errorCode(otherChoice)).toBe('choice_conflict');
  });

  it('when the retry names no error code, then the body is refused as invalid', async () => {
    const p = purchase();
    await offer(p);
    const first = await signed(await sign(p, 'grinder', GRINDER_OPTION, DEMO_VARIANTS.handGrinder));
    expect((await retry(p, first.token, [])).status).toBe(422);
  });
});

describe('POST /events', () => {
  it('when impressions, declines and outcomes arrive (and again), then each is recorded once, with the accepted amount', async () => {
    const p = purchase();
    await offer(p);
    await sign(p, 'grinder', GRINDER_OPTION, DEMO_VARIANTS.handGrinder);
    const batch = [
      { type: 'shown', stepId: 'grinder' },
      { type: 'applied', stepId: 'grinder', status: 'processed', errorCodes: [], changesetApplicationsRemaining: 2 },
      { type: 'shown', stepId: 'sencha' },
      { type: 'declined', stepId: 'sencha' },
    ];
    const first = await events(p, batch);
    expect(first.status).toBe(200);
    expect(((await first.json()) as { results: Array<{ recorded: boolean }> }).results.map((r) => r.recorded)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    const replay = await events(p, batch);
    expect(((await replay.json()) as { results: Array<{ recorded: boolean }> }).results.map((r) => r.recorded)).toEqual([
      false,
      false,
      false,
      false,
    ]);

    const recorded = await backend.ledger.eventsForOrder(backend.shop.id, p.referenceId);
    expect(recorded.map((event) => `${event.kind}:${event.stepId ?? '-'}`).sort()).toEqual([
      'accepted:grinder',
      'decided:-',
      'declined:sencha',
      'shown:grinder',
      'shown:sencha',
    ]);
    const accepted = recorded.find((event) => event.kind === 'accepted')!;
    expect(accepted).toMatchObject({
      amountMinor: 7565,
      currencyCode: 'USD',
      customerId: `gid://shopify/Customer/${DEMO_CUSTOMERS.newFirstOrder}`,
      surface: 'post_purchase',
    });
    const declined = recorded.find((event) => event.kind === 'declined')!;
    expect(declined.offerId).toBe('sencha');
    expect(declined.detail).toMatchObject({ productIds: [`gid://shopify/Product/${DEMO_PRODUCTS.sencha}`] });
    const row = await backend.h.server.ctx.db.prisma.postPurchaseChangeset.findFirstOrThrow({ where: { referenceId: p.referenceId } });
    expect(row.appliedAt).not.toBeNull();
  });

  it('when Shopify applied the change but the payment failed, then the acceptance is recorded without revenue', async () => {
    const p = purchase();
    await offer(p);
    await sign(p, 'grinder', GRINDER_OPTION, DEMO_VARIANTS.handGrinder);
    await events(p, [{ type: 'applied', stepId: 'grinder', status: 'partially_processed', errorCodes: ['payment_required'] }]);
    const accepted = (await backend.ledger.eventsForOrder(backend.shop.id, p.referenceId)).find((event) => event.kind === 'accepted')!;
    expect(accepted.amountMinor).toBeNull();
    expect(accepted.detail).toMatchObject({ pendingMinor: 7565, status: 'partially_processed' });
  });

  it('when an outcome names a step never signed or unknown, then it is refused and nothing of the batch is recorded', async () => {
    const p = purchase();
    await offer(p);
    const unsigned = await events(p, [{ type: 'applied', stepId: 'grinder', status: 'processed', errorCodes: [] }]);
    expect(unsigned.status).toBe(409);
    const unknown = await events(p, [
      { type: 'shown', stepId: 'grinder' },
      { type: 'shown', stepId: 'nope' },
    ]);
    expect(unknown.status).toBe(404);
    const kinds = (await backend.ledger.eventsForOrder(backend.shop.id, p.referenceId)).map((event) => event.kind);
    expect(kinds).toEqual(['decided']);
  });

  it('when a decline was recorded, then a later decision for the same purchase on another surface would skip that offer', async () => {
    const p = purchase();
    await offer(p);
    await events(p, [{ type: 'declined', stepId: 'grinder' }]);
    const facts = await backend.ledger.factsFor({
      shopId: backend.shop.id,
      orderKey: p.referenceId,
      customerId: null,
      now: new Date(),
      settings: { frequencyCap: null },
    });
    expect(facts.declinedOfferIds).toEqual(['grinder']);
    expect(facts.declinedProductIds).toEqual([`gid://shopify/Product/${DEMO_PRODUCTS.handGrinder}`]);
  });
});
