// Test support: post-purchase funnels on the emulator's demo store, one of each offer kind.
//
//   grinder (Hand Burr Grinder, 15 % off, up to 2)
//     accept -> sencha (Sencha Green Tea: one-time or any plan, plans 5 % off)
//                 accept -> null, decline -> null
//     decline -> mug (Stoneware Mug, 10 % off; the Slate colour is out of stock)
//                 accept -> filters (paper filters, tiers of 2 at 5 % and 4 at 10 %)
//                 decline -> null

import type { FunnelDefinitionInput } from '../../../web/server/offers/index.js';
import { DEMO_PRODUCTS } from '../../emulator/seed/demo-store.js';

const product = (n: number) => `gid://shopify/Product/${n}`;

const content = (headline: string, body: string, button: string) => ({
  en: { headline, body, button, declineButton: 'No thanks' },
  de: { headline: `DE: ${headline}`, body: `DE: ${body}`, button: 'Hinzufügen', declineButton: 'Nein danke' },
});

export function coffeeFunnel(overrides: Partial<Omit<FunnelDefinitionInput, 'id'>> = {}): Omit<FunnelDefinitionInput, 'id'> {
  return {
    name: 'Coffee lovers',
    surface: 'post_purchase',
    priority: 10,
    // Shopify refuses a subscription on an order that already has one; the validator insists on saying so.
    targeting: { match: 'all', conditions: [{ type: 'hasSubscription', value: false }] },
    rootStepId: 'grinder',
    steps: [
      {
        id: 'grinder',
        offer: {
          kind: 'product',
          source: { type: 'product', productId: product(DEMO_PRODUCTS.handGrinder), variantIds: null },
          discount: { type: 'percentage', percent: 15 },
          maxQuantity: 2,
        },
        content: content('Grind it fresh', 'Add a {product} at {discount}.', 'Add to my order'),
        countdownSeconds: 600,
        accept: 'sencha',
        decline: 'mug',
      },
      {
        id: 'sencha',
        offer: {
          kind: 'plans',
          productId: product(DEMO_PRODUCTS.sencha),
          variantIds: null,
          oneTime: { discount: null },
          plans: { type: 'all', discount: { type: 'percentage', percent: 5 } },
        },
        content: content('Tea on repeat', 'Get {product} delivered on your schedule.', 'Subscribe'),
        accept: null,
        decline: null,
      },
      {
        id: 'mug',
        offer: {
          kind: 'product',
          source: { type: 'product', productId: product(DEMO_PRODUCTS.mug), variantIds: null },
          discount: { type: 'percentage', percent: 10 },
        },
        content: content('A mug for it', '{product}, {discount}.', 'Add the mug'),
        accept: 'filters',
        decline: null,
      },
      {
        id: 'filters',
        offer: {
          kind: 'tiers',
          productId: product(DEMO_PRODUCTS.paperFilters),
          variantIds: null,
          tiers: [
            { quantity: 2, discount: { type: 'percentage', percent: 5 } },
            { quantity: 4, discount: { type: 'percentage', percent: 10 } },
          ],
        },
        content: content('Stock up on filters', 'The more you take, the more you save.', 'Add filters'),
        accept: null,
        decline: null,
      },
    ],
    ...overrides,
  };
}
