// The merchant's plans and the shopper's page, over HTTP: a "subscribe and save" group created and updated in
// Shopify, a plan in use that cannot be deleted, and the signed page where the shopper skips, reschedules, changes
// frequency, pauses, resumes and cancels, each in one or two clicks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS, DEMO_PRODUCTS, DEMO_SELLING_PLANS, DEMO_VARIANTS } from '../../../test/emulator/seed/demo-store.js';
import { gqlData } from '../../../test/emulator/testing.js';
import { type SubscriptionsBackend, startSubscriptionsBackend } from '../../../test/support/subscriptions.js';
import { IMPORT_PLAN_GROUPS_JOB } from './index.js';

let b: SubscriptionsBackend;
beforeAll(async () => {
  b = await startSubscriptionsBackend();
});
afterAll(async () => b?.close());

const numeric = (gid: string) => Number(gid.slice(gid.lastIndexOf('/') + 1));
const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
  redirect: 'manual' as const,
});

interface Group {
  id: string;
  shopifyId: string;
  plans: { id: string; name: string; option: string }[];
}

async function createGroup(): Promise<Group> {
  const created = await b.api('/subscriptions/plan-groups', {
    method: 'POST',
    body: {
      name: 'Tea club',
      plans: [
        { interval: 'WEEK', intervalCount: 2, discount: { type: 'percentage', percent: 10 } },
        { interval: 'MONTH', intervalCount: 1, discount: { type: 'percentage', percent: 15 } },
      ],
      productIds: [`gid://shopify/Product/${DEMO_PRODUCTS.sencha}`],
    },
  });
  expect(created.status).toBe(201);
  return created.body.planGroup as Group;
}

describe('plan groups through the merchant API', () => {
  it('when the merchant creates a group, then it exists in Shopify with its plans, discounts and products', async () => {
    const group = await createGroup();
    const inShopify = b.h.emulator.store.sellingPlanGroups.get(numeric(group.shopifyId))!;
    expect(inShopify.productIds).toEqual([DEMO_PRODUCTS.sencha]);
    const plans = inShopify.planIds.map((id) => b.h.emulator.store.sellingPlans.get(id)!);
    expect(
      plans.map((p) => [p.options[0], p.billingPolicy.interval, p.billingPolicy.intervalCount, p.pricingPolicies[0]?.adjustmentValue]),
    ).toEqual([
      ['Every 2 weeks', 'WEEK', 2, 10],
      ['Every month', 'MONTH', 1, 15],
    ]);
    expect((await b.api('/subscriptions/plan-groups')).body.planGroups.map((g: Group) => g.id)).toContain(group.id);
  });

  it('when a group is refused by its rules, then the answer is a 422 naming the field', async () => {
    const refused = await b.api('/subscriptions/plan-groups', {
      method: 'POST',
      body: { name: 'x', plans: [{ interval: 'FORTNIGHT', intervalCount: 0 }] },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.problems.map((p: { field: string }) => p.field)).toEqual(
      expect.arrayContaining(['plans.0.interval', 'plans.0.intervalCount']),
    );
  });

  it('when a plan that a contract renews on is deleted, then it is refused with a clear message; unused plans go', async () => {
    const group = await createGroup();
    const [biweekly, monthly] = group.plans;
    b.h.emulator.store.createSubscriptionContractFromCheckout({
      customerId: DEMO_CUSTOMERS.subscriber,
      variantId: DEMO_VARIANTS.sencha100g,
      sellingPlanId: numeric(monthly!.id),
    });
    await b.settle();
    const body = { name: 'Tea club', plans: [{ id: biweekly!.id, interval: 'WEEK', intervalCount: 2 }], productIds: [] };
    const refused = await b.api(`/subscriptions/plan-groups/${group.id}`, { method: 'PUT', body });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/still renew on "Every month, save 15%" \(1 contract\)/);
    expect((await b.api(`/subscriptions/plan-groups/${group.id}`, { method: 'DELETE' })).status).toBe(409);
    const kept = await b.api(`/subscriptions/plan-groups/${group.id}`, {
      method: 'PUT',
      body: {
        name: 'Tea club',
        plans: [{ id: monthly!.id, interval: 'MONTH', intervalCount: 1, discount: { type: 'percentage', percent: 20 } }],
        productIds: [],
      },
    });
    expect(kept.status).toBe(200);
    const inShopify = b.h.emulator.store.sellingPlanGroups.get(numeric(group.shopifyId))!;
    expect(inShopify.planIds).toEqual([numeric(monthly!.id)]);
    expect(inShopify.productIds).toEqual([]);
    expect(b.h.emulator.store.sellingPlans.get(numeric(monthly!.id))?.pricingPolicies[0]?.adjustmentValue).toBe(20);
  });
});

describe('the shopper’s self-service page', () => {
  async function contractWithPage() {
    const group = await createGroup();
    const { contract } = b.h.emulator.store.createSubscriptionContractFromCheckout({
      customerId: DEMO_CUSTOMERS.vipWithCard,
      variantId: DEMO_VARIANTS.sencha100g,
      sellingPlanId: numeric(group.plans[1]!.id),
    });
    await b.settle();
    const list = await b.api(
      `/subscriptions/contracts?customer=${encodeURIComponent(`gid://shopify/Customer/${DEMO_CUSTOMERS.vipWithCard}`)}&status=ACTIVE`,
    );
    const row = list.body.contracts.find((c: { shopifyId: string }) => c.shopifyId === `gid://shopify/SubscriptionContract/${contract.id}`);
    const link = await b.api(`/subscriptions/contracts/${row.id}/manage-link`);
    const path = new URL(link.body.url).pathname;
    return { contract, row, path, group };
  }

  it('when the shopper opens the signed link, then the page shows the subscription and one button per action', async () => {
    const { path } = await contractWithPage();
    const page = await fetch(`${b.h.server.url}${path}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const label of ['Skip next delivery', 'Pause', 'Cancel subscription', 'Change date', 'Change frequency'])
      expect(html).toContain(label);
    expect(html).toContain('Every 2 weeks, save 10%');
  });

  it('when the link is altered or made for another page, then it opens nothing', async () => {
    const { path } = await contractWithPage();
    const tampered = `${path.slice(0, -3)}${path.endsWith('A') ? 'B' : 'A'}xx`;
    expect((await fetch(`${b.h.server.url}${tampered}`)).status).toBe(404);
    expect((await fetch(`${b.h.server.url}/subscriptions/manage/not-a-token`, form({}))).status).toBe(404);
  });

  it('when the shopper skips, reschedules, changes frequency, pauses, resumes and cancels, then Shopify and Encore change', async () => {
    const { contract, row, path, group } = await contractWithPage();
    const before = new Date(row.nextBillingDate).getTime();
    const skip = await fetch(`${b.h.server.url}${path}/skip`, form({}));
    expect(skip.status).toBe(303);
    expect(skip.headers.get('location')).toContain('?done=skip');
    const skipped = new Date(b.shopifyContract(contract.id).nextBillingDate).getTime();
    expect(skipped).toBeGreaterThan(before + 27 * 86_400_000);

    const date = new Date(b.clock.now().getTime() + 10 * 86_400_000).toISOString().slice(0, 10);
    expect((await fetch(`${b.h.server.url}${path}/date`, form({ date }))).status).toBe(303);
    expect(b.shopifyContract(contract.id).nextBillingDate.slice(0, 10)).toBe(date);
    const past = await fetch(`${b.h.server.url}${path}/date`, form({ date: '2020-01-01' }));
    expect(past.status).toBe(422);
    expect(await past.text()).toContain('must be in the future');

    const page = await (await fetch(`${b.h.server.url}${path}`)).text();
    const biweekly = /<option value="([^"]+)"[^>]*>Every 2 weeks/.exec(page)?.[1];
    expect((await fetch(`${b.h.server.url}${path}/frequency`, form({ planId: biweekly! }))).status).toBe(303);
    expect(b.shopifyContract(contract.id).billingPolicy).toMatchObject({ interval: 'WEEK', intervalCount: 2 });
    // Re-priced from the variant's price on the new plan's 10% (it was 15% on the monthly plan).
    const variantPrice = b.h.emulator.store.variants.get(DEMO_VARIANTS.sencha100g)!.price;
    const line = b.shopifyContract(contract.id).lines[0]!;
    expect(line).toMatchObject({
      sellingPlanId: numeric(biweekly!),
      sellingPlanName: 'Every 2 weeks, save 10%',
      currentPrice: Math.round(variantPrice * 0.9),
      pricingPolicy: {
        basePrice: variantPrice,
        cycleDiscounts: [
          { adjustmentType: 'PERCENTAGE', adjustmentValue: 10, afterCycle: 0, computedPrice: Math.round(variantPrice * 0.9) },
        ],
      },
    });
    // The merchant moves it back to the monthly plan through the API: 15% again.
    const monthly = await b.api(`/subscriptions/contracts/${row.id}/frequency`, { method: 'POST', body: { planId: group.plans[1]!.id } });
    expect(monthly.status).toBe(200);
    expect(b.shopifyContract(contract.id).lines[0]).toMatchObject({
      sellingPlanName: 'Every month, save 15%',
      currentPrice: Math.round(variantPrice * 0.85),
    });
    expect(monthly.body.contract.lines[0]).toMatchObject({
      price: (Math.round(variantPrice * 0.85) / 100).toFixed(2),
      sellingPlanName: 'Every month, save 15%',
    });
    const wrongPlan = await b.api(`/subscriptions/contracts/${row.id}/frequency`, {
      method: 'POST',
      body: { planId: 'gid://shopify/SellingPlan/1' },
    });
    expect(wrongPlan.status).toBe(422);

    expect((await fetch(`${b.h.server.url}${path}/pause`, form({}))).status).toBe(303);
    expect(b.shopifyContract(contract.id).status).toBe('PAUSED');
    expect((await fetch(`${b.h.server.url}${path}/resume`, form({}))).status).toBe(303);
    expect(b.shopifyContract(contract.id).status).toBe('ACTIVE');
    const cancelled = await fetch(`${b.h.server.url}${path}/cancel`, form({}));
    expect(cancelled.status).toBe(303);
    expect(b.shopifyContract(contract.id).status).toBe('CANCELLED');
    const after = await (await fetch(`${b.h.server.url}${cancelled.headers.get('location')}`)).text();
    expect(after).toContain('You will not be charged again');
    const detail = await b.api(`/subscriptions/contracts/${row.id}`);
    expect(detail.body.contract.status).toBe('CANCELLED');
  });
});

describe('plan groups created outside Encore', () => {
  const CREATE = `mutation G($input: SellingPlanGroupInput!) {
    sellingPlanGroupCreate(input: $input) { sellingPlanGroup { id } userErrors { field message } }
  }`;
  const plan = (weeks: number, percent: number) => ({
    name: `Every ${weeks} weeks, ${percent}% off`,
    options: [`${weeks} weeks`],
    category: 'SUBSCRIPTION',
    billingPolicy: { recurring: { interval: 'WEEK', intervalCount: weeks } },
    deliveryPolicy: { recurring: { interval: 'WEEK', intervalCount: weeks } },
    pricingPolicies: [{ fixed: { adjustmentType: 'PERCENTAGE', adjustmentValue: { percentage: percent } } }],
  });

  it('when the reconciliation reads Shopify, then groups Encore lacks are imported, paged, and offer frequency changes', async () => {
    // Five groups made in Shopify directly (as the admin or another tool would), besides the demo seed's group.
    const made: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const created = await gqlData<{ sellingPlanGroupCreate: { sellingPlanGroup: { id: string } } }>(b.h.emulator, CREATE, {
        input: {
          name: `Outside ${i}`,
          merchantCode: `outside-${i}`,
          options: ['Every'],
          sellingPlansToCreate: [plan(i, 5), plan(i + 1, 12)],
        },
      });
      made.push(created.sellingPlanGroupCreate.sellingPlanGroup.id);
    }
    const ours = await createGroup();
    // The next daily reconciliation (queued by the previous run) reads the groups.
    await b.advance(24 * 3_600_000);
    // The import starts 10 minutes into the run; its pages are paced by the shop's Admin API budget (700 points
    // each): a page may wait for the bucket to refill.
    await b.advance(10 * 60_000);
    await b.advance(60_000);
    const groups = (await b.api('/subscriptions/plan-groups')).body.planGroups as (Group & { origin: string; shopifyId: string })[];
    for (const id of made) expect(groups.find((g) => g.shopifyId === id)?.origin).toBe('imported');
    expect(groups.find((g) => g.id === ours.id)?.origin).toBe('encore');
    const seed = groups.find((g) => g.plans.some((p) => p.id === `gid://shopify/SellingPlan/${DEMO_SELLING_PLANS.monthly}`));
    expect(seed).toMatchObject({ origin: 'imported', name: 'Subscribe & save' });
    expect(seed?.plans).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ option: '2 months', interval: 'MONTH', intervalCount: 2, discount: { type: 'percentage', percent: 10 } }),
        expect.objectContaining({ option: '1 month, prepaid yearly', interval: 'MONTH', intervalCount: 1, prepaidDeliveries: 12 }),
      ]),
    );
    const pages = await b.h.server.ctx.db.prisma.job.count({ where: { name: IMPORT_PLAN_GROUPS_JOB, status: 'succeeded' } });
    expect(pages).toBeGreaterThanOrEqual(2); // 4 groups per page

    // A contract sold on the seed's plan gets the group's other plans on its page, and moves to one.
    const { contract } = b.h.emulator.store.createSubscriptionContractFromCheckout({
      customerId: DEMO_CUSTOMERS.subscriber,
      variantId: DEMO_VARIANTS.sencha100g,
      sellingPlanId: DEMO_SELLING_PLANS.monthly,
    });
    await b.settle();
    const row = await b.h.server.ctx.db.prisma.subscriptionContract.findFirstOrThrow({
      where: { shopifyId: `gid://shopify/SubscriptionContract/${contract.id}` },
    });
    const path = new URL((await b.api(`/subscriptions/contracts/${row.id}/manage-link`)).body.url).pathname;
    const page = await (await fetch(`${b.h.server.url}${path}`)).text();
    expect(page).toContain('Change frequency');
    const everyTwo = /<option value="([^"]+)"[^>]*>Delivered every 2 months/.exec(page)?.[1];
    expect(everyTwo).toBe(`gid://shopify/SellingPlan/${DEMO_SELLING_PLANS.everyTwoMonths}`);
    expect((await fetch(`${b.h.server.url}${path}/frequency`, form({ planId: everyTwo! }))).status).toBe(303);
    expect(b.shopifyContract(contract.id).billingPolicy).toMatchObject({ interval: 'MONTH', intervalCount: 2 });
    expect(b.shopifyContract(contract.id).lines[0]?.sellingPlanId).toBe(DEMO_SELLING_PLANS.everyTwoMonths);
  });
});

describe('upcoming renewals', () => {
  it('when the merchant asks for the next 60 days, then each active contract due is listed with the revenue forecast', async () => {
    const upcoming = await b.api('/subscriptions/upcoming?days=60');
    expect(upcoming.status).toBe(200);
    expect(upcoming.body.count).toBeGreaterThan(0);
    const total = upcoming.body.renewals.reduce((sum: number, r: { amountMinor: number }) => sum + r.amountMinor, 0);
    expect(upcoming.body.forecast).toEqual([{ currencyCode: 'USD', amountMinor: total }]);
    expect((await b.api('/subscriptions/upcoming?days=abc')).status).toBe(400);
  });
});
