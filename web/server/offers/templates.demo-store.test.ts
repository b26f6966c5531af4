// The five templates on the emulator's demo catalog (a coffee and tea shop), with the clock at SEED_NOW.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEMO_ORDERS, DEMO_PRODUCTS, demoStore, SEED_NOW } from '../../../test/emulator/seed/demo-store.js';
import { EN } from '../../../test/support/engine-fixtures.js';
import { catalogFromDemoStore, orderContextFromDemoStore } from '../../../test/support/engine-inputs-from-demo-store.js';
import { buildCatalog } from './catalog.js';
import { compileFunnels } from './compile.js';
import { EMPTY_LEDGER } from './context.js';
import type { Decision } from './decision.js';
import { FunnelSchema, ShopSettingsSchema, type Template } from './definitions.js';
import { decide } from './engine.js';
import { buildOrderFacts } from './targeting.js';
import { rankTemplate } from './templates.js';

const catalogInput = catalogFromDemoStore(demoStore);
const catalog = buildCatalog(catalogInput);
const now = new Date(SEED_NOW);
const gid = (name: keyof typeof DEMO_PRODUCTS) => `gid://shopify/Product/${DEMO_PRODUCTS[name]}`;
const nameOf = new Map(Object.entries(DEMO_PRODUCTS).map(([name, id]) => [`gid://shopify/Product/${id}`, name]));
const settings = ShopSettingsSchema.parse({ locales: ['en', 'fr'], exchangeRates: { EUR: 0.92, CAD: 1.39 } });

/** Offers up to three template picks as a choice on the post-purchase page of a seeded order. */
function picks(orderName: keyof typeof DEMO_ORDERS, template: Template | Record<string, unknown>): { names: string[]; decision: Decision } {
  const funnel = FunnelSchema.parse({
    id: 'template',
    name: 'Template funnel',
    surface: 'post_purchase',
    rootStepId: 'pick',
    steps: [{ id: 'pick', offer: { kind: 'choice', source: { type: 'template', template, limit: 3 } }, content: { en: EN } }],
  });
  const { order, customer, locale } = orderContextFromDemoStore(demoStore, DEMO_ORDERS[orderName]);
  const decision = decide({
    surface: 'post_purchase',
    now,
    order,
    customer,
    locale,
    ledger: EMPTY_LEDGER,
    settings,
    catalog,
    funnels: compileFunnels([funnel], catalog),
  });
  return {
    names: (decision.step?.options ?? []).map((option) => nameOf.get(option.productId) ?? option.productId),
    decision,
  };
}

describe('templates on the demo store', () => {
  it('when the order has Ethiopia beans, then "related" offers the other coffees sharing its collections, type and tags', () => {
    const { names, decision } = picks('newCustomerFirstOrder', { template: 'related' });
    expect(names).toEqual(['espresso', 'sumatraNew', 'decafLowStock']);
    expect(decision.trace).toContainEqual(expect.objectContaining({ candidate: gid('ethiopia'), reason: 'in_order' }));
  });

  it('when a regular who bought most coffees orders espresso and a mug, then "related" skips what she owns and what she orders', () => {
    const { names, decision } = picks('paidUnfulfilled', { template: 'related' });
    // decaf and Sumatra share the espresso's coffee collections; the glass cups share the mug's drinkware ones
    expect(names).toEqual(['decafLowStock', 'sumatraNew', 'glassCups']);
    expect(decision.trace).toContainEqual(expect.objectContaining({ candidate: gid('ethiopia'), reason: 'bought_before' }));
    expect(decision.trace).toContainEqual(expect.objectContaining({ candidate: gid('mug'), reason: 'in_order' }));
  });

  it('when the order has beans and a dripper, then "complementary" offers filters first (wanted by both), in the order currency', () => {
    const pairs = [
      { productId: gid('ethiopia'), complementIds: [gid('handGrinder'), gid('paperFilters')] },
      { productId: gid('dripper'), complementIds: [gid('paperFilters'), gid('kettle')] },
    ];
    const { names, decision } = picks('guestCad', { template: 'complementary', pairs });
    expect(names).toEqual(['paperFilters', 'handGrinder', 'kettle']);
    // 6.50 USD at 1.39 = 9.035 CAD -> 9.04
    expect(decision.step?.options[0]?.variants[0]?.price.presentment).toMatchObject({
      currency: 'CAD',
      totalMinor: 904,
    });
  });

  it('when "new arrivals" looks back a week, then the newest active products come first and drafts never appear', () => {
    const { names } = picks('newCustomerFirstOrder', { template: 'new_arrivals', withinDays: 7 });
    expect(names).toEqual(['stroopwafelsNew', 'sumatraNew', 'matchaNew']);
    const facts = buildOrderFacts(orderContextFromDemoStore(demoStore, DEMO_ORDERS.newCustomerFirstOrder));
    const ranked = rankTemplate({ template: 'new_arrivals', withinDays: 7 }, catalog, facts, now.getTime(), 10).map((p) =>
      nameOf.get(p.id),
    );
    expect(ranked).toEqual(['stroopwafelsNew', 'sumatraNew', 'matchaNew', 'tumbler']);
  });

  it('when "slow movers" ranks stock against the last 30 days of sales, then unsold stock leads and brand-new products wait', () => {
    const { names } = picks('newCustomerFirstOrder', { template: 'slow_movers' });
    // bonded filters: 120 in stock, none sold; cold brew: 18, none sold; espresso: 175 in stock for 9 sold
    expect(names).toEqual(['bondedFilters', 'coldBrewExpiring', 'espresso']);
    expect(names).not.toContain('sumatraNew'); // 3 days old: too young to call slow
  });

  it('when "expiring soon" looks a week ahead, then the soonest-expiring products come first', () => {
    const { names } = picks('newCustomerFirstOrder', {
      template: 'expiring_soon',
      metafield: 'custom.expiry_date',
      withinDays: 7,
    });
    expect(names).toEqual(['biscottiExpiring', 'coldBrewExpiring', 'chocolateBarkExpiring']);
  });

  it('when the catalog arrives in any order, then every template ranks the same (stable tie-breaks)', () => {
    const templates: Template[] = [
      { template: 'related', basis: ['collections', 'tags', 'productType', 'vendor'] },
      { template: 'new_arrivals', withinDays: 60 },
      { template: 'slow_movers', minInventory: 1, minAgeDays: 0 },
      { template: 'expiring_soon', metafield: 'custom.expiry_date', withinDays: 365 },
      {
        template: 'complementary',
        pairs: [
          { productId: gid('ethiopia'), complementIds: [gid('kettle'), gid('mug')] },
          { productId: gid('espresso'), complementIds: [gid('mug'), gid('kettle')] },
        ],
      },
    ];
    const orderKeys = Object.keys(DEMO_ORDERS) as Array<keyof typeof DEMO_ORDERS>;
    const rank = (products: typeof catalogInput.products, orderName: keyof typeof DEMO_ORDERS, template: Template) => {
      const shuffled = buildCatalog({ ...catalogInput, products });
      const facts = buildOrderFacts(orderContextFromDemoStore(demoStore, DEMO_ORDERS[orderName]));
      return rankTemplate(template, shuffled, facts, now.getTime(), 25).map((p) => p.id);
    };
    fc.assert(
      fc.property(
        fc.shuffledSubarray(catalogInput.products, { minLength: catalogInput.products.length }),
        fc.constantFrom(...orderKeys),
        fc.constantFrom(...templates),
        (products, orderName, template) => {
          expect(rank(products, orderName, template)).toEqual(rank(catalogInput.products, orderName, template));
        },
      ),
      { numRuns: 60 },
    );
  });
});
