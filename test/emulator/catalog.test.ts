// Seeded data through real queries (search syntax, paging, money in two currencies, customers, nodes) and the
// catalog-side mutations Encore uses: metafieldsSet, discountCodeBasicCreate, sellingPlanGroupCreate, tagsAdd.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../web/server/clock.js';
import { DEMO_CUSTOMERS, DEMO_ORDERS, DEMO_PRODUCTS, DEMO_SELLING_PLAN_GROUP_ID, DEMO_VARIANTS, SEED_NOW } from './seed/demo-store.js';
import { type RunningEmulator, startEmulator } from './server.js';
import { gid } from './store/ids.js';
import { gql, gqlData } from './testing.js';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ apiKey: 'catalog-key', apiSecret: 'catalog-secret', clock: new ManualClock(SEED_NOW) });
});
afterAll(async () => emulator?.close());

interface ProductsPage {
  products: { nodes: { title: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
}

async function titles(query: string): Promise<string[]> {
  const data = await gqlData<ProductsPage>(
    emulator,
    'query P($q: String) { products(first: 50, query: $q) { nodes { title } pageInfo { hasNextPage endCursor } } }',
    { q: query },
  );
  return data.products.nodes.map((n) => n.title);
}

describe('products', () => {
  it('filters with the search syntax Encore uses', async () => {
    expect(await titles('tag:subscribable AND product_type:Tea')).toEqual(['Sencha Green Tea', 'Earl Grey Supreme', 'Ceremonial Matcha']);
    expect(await titles("vendor:'Crumb Bakery' -tag:perishable")).toEqual(['Oat & Honey Cookies', 'Caramel Stroopwafels (10)']);
    expect(await titles(`created_at:>${new Date(Date.parse(SEED_NOW) - 7 * 86_400_000).toISOString()} status:active`)).toEqual([
      'Sumatra Mandheling Dark Roast',
      'Ceremonial Matcha',
      'Travel Tumbler 475 ml',
      'Caramel Stroopwafels (10)',
    ]);
    expect(await titles('status:draft OR status:archived')).toEqual(['Holiday Sampler Box', 'Geisha Reserve (Limited)']);
    expect(await titles('gift_card:true')).toEqual(['Encore Demo Gift Card']);
  });

  it('pages with cursors', async () => {
    const query = `query P($after: String) {
      products(first: 10, after: $after, sortKey: TITLE) { nodes { title } pageInfo { hasNextPage endCursor } }
    }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: ProductsPage = await gqlData<ProductsPage>(emulator, query, { after });
      seen.push(...page.products.nodes.map((n) => n.title));
      if (!page.products.pageInfo.hasNextPage) break;
      after = page.products.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(25);
    expect(seen).toEqual([...seen].sort((a, b) => a.localeCompare(b)));
  });

  it('serves variants, stock, images, metafields, collections and selling plans of a product', async () => {
    const data = await gqlData<{ product: Record<string, unknown> }>(
      emulator,
      `query P($id: ID!) { product(id: $id) {
        title totalInventory featuredImage { url altText } collections(first: 5) { nodes { handle } }
        expiry: metafield(namespace: "custom", key: "expiry_date") { type value }
        sellingPlanGroups(first: 2) { nodes { name sellingPlans(first: 5) { nodes { name pricingPolicies {
          ... on SellingPlanFixedPricingPolicy {
            adjustmentType adjustmentValue { ... on SellingPlanPricingPolicyPercentageValue { percentage } }
          }
        } } } } }
        variants(first: 3) { nodes { title price availableForSale inventoryQuantity } }
      } }`,
      { id: gid('Product', DEMO_PRODUCTS.coldBrewExpiring) },
    );
    expect(data.product).toMatchObject({
      title: 'Cold Brew Concentrate 1 L',
      totalInventory: 18,
      featuredImage: {
        url: expect.stringMatching(/^https:\/\/cdn\.shopify\.com\/s\/files\/.+cold-brew-concentrate\.jpg/),
        altText: 'Cold Brew Concentrate 1 L',
      },
      collections: { nodes: [{ handle: 'coffee' }] },
      expiry: { type: 'date', value: '2026-11-27' },
      sellingPlanGroups: { nodes: [] },
      variants: { nodes: [{ title: 'Default Title', price: '19.00', availableForSale: true, inventoryQuantity: 18 }] },
    });
    const subscribable = await gqlData<{
      productVariant: { sellingPlanGroups: { nodes: { name: string; sellingPlans: { nodes: { name: string }[] } }[] } };
    }>(
      emulator,
      `query V($id: ID!) {
        productVariant(id: $id) { sellingPlanGroups(first: 2) { nodes { name sellingPlans(first: 5) { nodes { name } } } } }
      }`,
      { id: gid('ProductVariant', DEMO_VARIANTS.sencha100g) },
    );
    expect(subscribable.productVariant.sellingPlanGroups.nodes).toEqual([
      {
        name: 'Subscribe & save',
        sellingPlans: {
          nodes: [
            { name: 'Delivered monthly, save 10%' },
            { name: 'Delivered every 2 months, save 10%' },
            { name: 'Yearly prepaid, monthly delivery, save 15%' },
          ],
        },
      },
    ]);
    const soldOut = await gqlData<{ productVariant: { availableForSale: boolean } }>(
      emulator,
      'query V($id: ID!) { productVariant(id: $id) { availableForSale } }',
      { id: gid('ProductVariant', DEMO_VARIANTS.mugSlateOutOfStock) },
    );
    expect(soldOut.productVariant.availableForSale).toBe(false);
  });

  it('resolves nodes(ids) of mixed types and null for unknown ids', async () => {
    const data = await gqlData<{ nodes: (Record<string, unknown> | null)[] }>(
      emulator,
      'query N($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Product { title } ... on ProductVariant { sku } } }',
      { ids: [gid('Product', DEMO_PRODUCTS.kettle), gid('ProductVariant', DEMO_VARIANTS.paperFilters), 'gid://shopify/Product/1'] },
    );
    expect(data.nodes).toEqual([
      { __typename: 'Product', id: gid('Product', DEMO_PRODUCTS.kettle), title: 'Gooseneck Pour-Over Kettle' },
      { __typename: 'ProductVariant', id: gid('ProductVariant', DEMO_VARIANTS.paperFilters), sku: 'BC-PF2-100' },
      null,
    ]);
  });
});

describe('orders and customers', () => {
  it('serves an order in shop and presentment money, with its customer', async () => {
    const data = await gqlData<{ order: Record<string, unknown> }>(
      emulator,
      `query O($id: ID!) { order(id: $id) {
        name currencyCode presentmentCurrencyCode displayFinancialStatus sourceName
        totalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
        customer { firstName locale numberOfOrders }
        shippingAddress { countryCodeV2 }
      } }`,
      { id: gid('Order', DEMO_ORDERS.pendingPaymentEur) },
    );
    expect(data.order).toEqual({
      name: '#1047',
      currencyCode: 'USD',
      presentmentCurrencyCode: 'EUR',
      displayFinancialStatus: 'PENDING',
      sourceName: 'web',
      // Matcha 29.00 + Earl Grey 11.00 + 5.00 shipping, no tax to France; EUR at the demo rate 0.92.
      totalPriceSet: { shopMoney: { amount: '45.00', currencyCode: 'USD' }, presentmentMoney: { amount: '41.40', currencyCode: 'EUR' } },
      customer: { firstName: 'Chloé', locale: 'fr', numberOfOrders: expect.any(String) },
      shippingAddress: { countryCodeV2: 'FR' },
    });
  });

  it('filters orders by financial status, tag and date', async () => {
    const data = await gqlData<{ orders: { nodes: { name: string }[] } }>(
      emulator,
      `{ orders(first: 10, query: "financial_status:pending") { nodes { name } } }`,
    );
    expect(data.orders.nodes).toEqual([{ name: '#1047' }]);
    const recent = await gqlData<{ orders: { nodes: { name: string }[] } }>(
      emulator,
      `{ orders(first: 20, query: "created_at:>=2026-11-23") { nodes { name } } }`,
    );
    expect(recent.orders.nodes.map((o) => o.name)).toEqual(['#1046', '#1047', '#1048', '#1049']);
  });

  it('counts returning and new customers and shows vaulted and revoked cards', async () => {
    const data = await gqlData<{
      vip: Record<string, unknown>;
      fresh: Record<string, unknown>;
      hana: { paymentMethods: { nodes: { revokedAt: string | null }[] } };
    }>(
      emulator,
      `query C($vip: ID!, $fresh: ID!, $hana: ID!) {
        vip: customer(id: $vip) {
          tags numberOfOrders amountSpent { currencyCode }
          paymentMethods(first: 5) { nodes { instrument { ... on CustomerCreditCard { brand lastDigits } } } }
        }
        fresh: customer(id: $fresh) { numberOfOrders tags }
        hana: customer(id: $hana) { paymentMethods(first: 5, showRevoked: true) { nodes { revokedAt } } }
      }`,
      {
        vip: gid('Customer', DEMO_CUSTOMERS.vipWithCard),
        fresh: gid('Customer', DEMO_CUSTOMERS.newFirstOrder),
        hana: gid('Customer', DEMO_CUSTOMERS.revokedCard),
      },
    );
    expect(data.vip).toMatchObject({
      tags: ['VIP', 'coffee-club'],
      amountSpent: { currencyCode: 'USD' },
      paymentMethods: { nodes: [{ instrument: { brand: 'visa', lastDigits: '4242' } }] },
    });
    expect(Number(data.vip.numberOfOrders)).toBeGreaterThan(11);
    expect(data.fresh).toEqual({ numberOfOrders: '1', tags: [] });
    expect(data.hana.paymentMethods.nodes.map((n) => n.revokedAt !== null)).toEqual([true, false]);
    const vipOnly = await gqlData<{ customers: { nodes: { firstName: string }[] } }>(
      emulator,
      '{ customers(first: 10, query: "tag:VIP") { nodes { firstName } } }',
    );
    expect(vipOnly.customers.nodes.map((c) => c.firstName)).toEqual(['Alice', 'Farah', 'Julia']);
  });
});

describe('metafields', () => {
  const SET = `mutation S($m: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $m) { metafields { namespace key type value } userErrors { field message code elementIndex } }
  }`;

  it('stores app-owned metafields on the app installation under app--<client id> and reads them back', async () => {
    const installation = await gqlData<{ currentAppInstallation: { id: string } }>(emulator, '{ currentAppInstallation { id } }');
    const result = await gqlData<{ metafieldsSet: { metafields: unknown[]; userErrors: unknown[] } }>(emulator, SET, {
      m: [
        {
          ownerId: installation.currentAppInstallation.id,
          namespace: '$app',
          key: 'checkout_offers',
          type: 'json',
          value: '{"offers":[]}',
        },
      ],
    });
    expect(result.metafieldsSet).toEqual({
      userErrors: [],
      metafields: [{ namespace: 'app--catalog-key', key: 'checkout_offers', type: 'json', value: '{"offers":[]}' }],
    });
    const read = await gqlData<{ currentAppInstallation: { metafield: { jsonValue: unknown } } }>(
      emulator,
      '{ currentAppInstallation { metafield(namespace: "$app", key: "checkout_offers") { jsonValue } } }',
    );
    expect(read.currentAppInstallation.metafield.jsonValue).toEqual({ offers: [] });
  });

  it('refuses values that do not fit their type, unknown owners, and more than 25 at once', async () => {
    const invalid = await gqlData<{
      metafieldsSet: { metafields: unknown; userErrors: { field: string[]; code: string; elementIndex: number }[] };
    }>(emulator, SET, {
      m: [
        {
          ownerId: gid('Product', DEMO_PRODUCTS.biscottiExpiring),
          namespace: 'custom',
          key: 'expiry_date',
          type: 'date',
          value: '27/11/2026',
        },
        { ownerId: 'gid://shopify/Product/1', namespace: 'custom', key: 'note', type: 'single_line_text_field', value: 'x' },
      ],
    });
    expect(invalid.metafieldsSet.metafields).toBeNull();
    expect(invalid.metafieldsSet.userErrors.map((e) => [e.field.join('.'), e.code, e.elementIndex])).toEqual([
      ['metafields.0.value', 'INVALID_VALUE', 0],
      ['metafields.1.ownerId', 'INVALID', 1],
    ]);
    const tooMany = Array.from({ length: 26 }, (_, i) => ({
      ownerId: gid('Product', DEMO_PRODUCTS.mug),
      namespace: 'custom',
      key: `k${i}`,
      type: 'number_integer',
      value: String(i),
    }));
    const refused = await gqlData<{ metafieldsSet: { userErrors: { code: string }[] } }>(emulator, SET, { m: tooMany });
    expect(refused.metafieldsSet.userErrors).toEqual([expect.objectContaining({ code: 'LESS_THAN_OR_EQUAL_TO' })]);
  });
});

describe('discounts', () => {
  const CREATE = `mutation D($d: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $d) {
    codeDiscountNode { id codeDiscount { ... on DiscountCodeBasic {
      title status codes(first: 1) { nodes { code } }
      customerGets {
        value { ... on DiscountPercentage { percentage } }
        items { ... on DiscountProducts { productVariants(first: 5) { nodes { id } } } }
      }
    } } }
    userErrors { field message code }
  } }`;

  function input(code: string, percentage: number) {
    return {
      title: `Checkout add-on ${code}`,
      code,
      startsAt: SEED_NOW,
      appliesOncePerCustomer: true,
      context: { all: 'ALL' },
      customerGets: {
        value: { percentage },
        items: { products: { productVariantsToAdd: [gid('ProductVariant', DEMO_VARIANTS.chocolateBark)] } },
      },
      combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true },
    };
  }
  type CreateAnswer = {
    discountCodeBasicCreate: {
      codeDiscountNode: { id: string } | null;
      userErrors: Array<{ field: string[]; message: string; code: string }>;
    };
  };

  it('creates a code discount limited to one variant and finds it by code', async () => {
    const created = await gqlData<{
      discountCodeBasicCreate: { codeDiscountNode: { id: string; codeDiscount: Record<string, unknown> }; userErrors: unknown[] };
    }>(emulator, CREATE, { d: input('ENCORE-BARK-15', 0.15) });
    expect(created.discountCodeBasicCreate.userErrors).toEqual([]);
    expect(created.discountCodeBasicCreate.codeDiscountNode.codeDiscount).toEqual({
      title: 'Checkout add-on ENCORE-BARK-15',
      status: 'ACTIVE',
      codes: { nodes: [{ code: 'ENCORE-BARK-15' }] },
      customerGets: {
        value: { percentage: 0.15 },
        items: { productVariants: { nodes: [{ id: gid('ProductVariant', DEMO_VARIANTS.chocolateBark) }] } },
      },
    });
    const found = await gqlData<{ codeDiscountNodeByCode: { id: string } }>(
      emulator,
      '{ codeDiscountNodeByCode(code: "encore-bark-15") { id } }',
    );
    expect(found.codeDiscountNodeByCode.id).toBe(created.discountCodeBasicCreate.codeDiscountNode.id);
  });

  it('refuses a taken code and a percentage outside 0..1', async () => {
    const taken = await gqlData<{ discountCodeBasicCreate: { userErrors: { field: string[]; code: string }[] } }>(emulator, CREATE, {
      d: input('WELCOME10', 0.1),
    });
    expect(taken.discountCodeBasicCreate.userErrors).toEqual([
      { field: ['basicCodeDiscount', 'code'], message: 'Code must be unique. Please try a different code.', code: 'TAKEN' },
    ]);
    const range = await gqlData<{ discountCodeBasicCreate: { userErrors: { field: string[]; code: string }[] } }>(emulator, CREATE, {
      d: input('ENCORE-TOO-MUCH', 15),
    });
    expect(range.discountCodeBasicCreate.userErrors.map((e) => e.code)).toEqual(['VALUE_OUTSIDE_RANGE']);
  });

  it('when a create does not say which buyers may use the code, then it is refused, nothing made (Shopify requires context)', async () => {
    const before = emulator.store.discounts.size;
    const { context: _omitted, ...withoutContext } = input('ENCORE-NO-BUYERS', 0.1);
    const refused = await gqlData<CreateAnswer>(emulator, CREATE, { d: withoutContext });
    expect(refused.discountCodeBasicCreate).toEqual({
      codeDiscountNode: null,
      userErrors: [{ field: ['basicCodeDiscount', 'context'], message: "Customer selection can't be blank", code: 'BLANK' }],
    });
    const nobody = await gqlData<CreateAnswer>(emulator, CREATE, { d: { ...withoutContext, customerSelection: { all: false } } });
    expect(nobody.discountCodeBasicCreate.userErrors.map((e) => e.code)).toEqual(['BLANK']);
    expect(emulator.store.discounts.size).toBe(before);
  });

  it('when a create names its buyers twice (context and the deprecated customerSelection), then it is refused', async () => {
    const both = await gqlData<CreateAnswer>(emulator, CREATE, { d: { ...input('ENCORE-TWICE', 0.1), customerSelection: { all: true } } });
    expect(both.discountCodeBasicCreate).toEqual({
      codeDiscountNode: null,
      userErrors: [
        { field: ['basicCodeDiscount', 'context'], message: 'Only one of context or customerSelection can be provided.', code: 'INVALID' },
      ],
    });
  });

  it('when a create uses only the deprecated customerSelection for all customers, then the discount is made for every buyer', async () => {
    const { context: _omitted, ...withoutContext } = input('ENCORE-LEGACY-ALL', 0.1);
    const created = await gqlData<CreateAnswer>(emulator, CREATE, { d: { ...withoutContext, customerSelection: { all: true } } });
    expect(created.discountCodeBasicCreate.userErrors).toEqual([]);
    const read = await gqlData<{ codeDiscountNodeByCode: { codeDiscount: { context: { __typename: string; all?: string } } } }>(
      emulator,
      `{ codeDiscountNodeByCode(code: "ENCORE-LEGACY-ALL") {
        codeDiscount { ... on DiscountCodeBasic { context { __typename ... on DiscountBuyerSelectionAll { all } } } }
      } }`,
    );
    expect(read.codeDiscountNodeByCode.codeDiscount.context).toEqual({ __typename: 'DiscountBuyerSelectionAll', all: 'ALL' });
  });
});

describe('selling plan groups and tags', () => {
  it('creates a plan group with recurring policies, attaches products, and validates plans', async () => {
    const CREATE = `mutation G($input: SellingPlanGroupInput!, $resources: SellingPlanGroupResourceInput) {
      sellingPlanGroupCreate(input: $input, resources: $resources) {
        sellingPlanGroup {
          id name appliesToProduct(productId: "${gid('Product', DEMO_PRODUCTS.bondedFilters)}")
          sellingPlans(first: 5) { nodes { name billingPolicy { ... on SellingPlanRecurringBillingPolicy { interval intervalCount } } } }
        }
        userErrors { field message code }
      }
    }`;
    const plan = (name: string, months: number) => ({
      name,
      options: [`${months} month(s)`],
      category: 'SUBSCRIPTION',
      billingPolicy: { recurring: { interval: 'MONTH', intervalCount: months } },
      deliveryPolicy: { recurring: { interval: 'MONTH', intervalCount: months } },
      pricingPolicies: [{ fixed: { adjustmentType: 'PERCENTAGE', adjustmentValue: { percentage: 5 } } }],
    });
    const created = await gqlData<{ sellingPlanGroupCreate: { sellingPlanGroup: Record<string, unknown>; userErrors: unknown[] } }>(
      emulator,
      CREATE,
      {
        input: {
          name: 'Filter refills',
          merchantCode: 'filter-refills',
          options: ['Every'],
          sellingPlansToCreate: [plan('Monthly refill', 1), plan('Quarterly refill', 3)],
        },
        resources: { productIds: [gid('Product', DEMO_PRODUCTS.bondedFilters)] },
      },
    );
    expect(created.sellingPlanGroupCreate).toEqual({
      userErrors: [],
      sellingPlanGroup: {
        id: expect.stringMatching(/^gid:\/\/shopify\/SellingPlanGroup\/\d+$/),
        name: 'Filter refills',
        appliesToProduct: true,
        sellingPlans: {
          nodes: [
            { name: 'Monthly refill', billingPolicy: { interval: 'MONTH', intervalCount: 1 } },
            { name: 'Quarterly refill', billingPolicy: { interval: 'MONTH', intervalCount: 3 } },
          ],
        },
      },
    });
    const invalid = await gqlData<{ sellingPlanGroupCreate: { userErrors: { code: string }[] } }>(emulator, CREATE, {
      input: {
        name: 'Broken',
        merchantCode: 'broken',
        options: ['Every'],
        sellingPlansToCreate: [{ ...plan('Bad', 1), billingPolicy: { recurring: { interval: 'WEEK', intervalCount: 1 } } }],
      },
    });
    expect(invalid.sellingPlanGroupCreate.userErrors.map((e) => e.code)).toEqual([
      'SELLING_PLAN_BILLING_CYCLE_MUST_BE_A_MULTIPLE_OF_DELIVERY_CYCLE',
    ]);
    const added = await gqlData<{
      sellingPlanGroupAddProducts: { sellingPlanGroup: { productsCount: { count: number } }; userErrors: unknown[] };
    }>(
      emulator,
      `mutation A($id: ID!, $ids: [ID!]!) {
        sellingPlanGroupAddProducts(id: $id, productIds: $ids) { sellingPlanGroup { productsCount { count } } userErrors { code } }
      }`,
      { id: gid('SellingPlanGroup', DEMO_SELLING_PLAN_GROUP_ID), ids: [gid('Product', DEMO_PRODUCTS.oatCookies)] },
    );
    expect(added.sellingPlanGroupAddProducts).toEqual({ sellingPlanGroup: { productsCount: { count: 10 } }, userErrors: [] });
  });

  it('adds tags to an order and answers a userError for an unknown resource', async () => {
    const added = await gqlData<{ tagsAdd: { node: { tags: string[] }; userErrors: unknown[] } }>(
      emulator,
      `mutation T($id: ID!) {
        tagsAdd(id: $id, tags: ["encore-offer-shown, encore"]) { node { ... on Order { tags } } userErrors { field message } }
      }`,
      { id: gid('Order', DEMO_ORDERS.newCustomerFirstOrder) },
    );
    expect(added.tagsAdd).toEqual({ node: { tags: ['encore-offer-shown', 'encore'] }, userErrors: [] });
    const missing = await gql<{ tagsAdd: { userErrors: unknown[] } }>(
      emulator,
      'mutation { tagsAdd(id: "gid://shopify/Order/1", tags: ["x"]) { userErrors { field message } } }',
    );
    expect(missing.data?.tagsAdd.userErrors).toEqual([{ field: ['id'], message: 'Resource does not exist' }]);
  });
});
