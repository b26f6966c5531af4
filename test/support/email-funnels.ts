// Test support: email funnels on the emulator's demo store (the tests' and `npm run demo`'s).
import type { FunnelDefinitionInput } from '../../web/server/offers/index.js';
import { DEMO_PRODUCTS } from '../emulator/seed/demo-store.js';

const product = (n: number) => `gid://shopify/Product/${n}`;

const TEXTS = {
  en: { headline: 'Complete your ritual', body: 'Add {product} to the order you just placed, {discount}.', button: 'Add to my order' },
  fr: { headline: 'Complétez votre rituel', body: 'Ajoutez {product} à votre commande, {discount}.', button: 'Ajouter à ma commande' },
  es: { headline: 'Completa tu ritual', body: 'Añade {product} a tu pedido, {discount}.', button: 'Añadir a mi pedido' },
  de: { headline: 'Vervollständigen Sie Ihr Ritual', body: 'Fügen Sie {product} hinzu, {discount}.', button: 'Zur Bestellung hinzufügen' },
  sv: { headline: 'Fullända din ritual', body: 'Lägg till {product} i din beställning, {discount}.', button: 'Lägg till' },
};

/** An email funnel on the demo store: the stoneware mug (three colours, one out of stock), 10 % off, in five languages. */
export function mugEmailFunnel(overrides: Partial<Omit<FunnelDefinitionInput, 'id'>> = {}): Omit<FunnelDefinitionInput, 'id'> {
  return {
    name: 'Mug by email',
    surface: 'email',
    priority: 10,
    rootStepId: 'mug',
    steps: [
      {
        id: 'mug',
        offer: {
          kind: 'product',
          source: { type: 'product', productId: product(DEMO_PRODUCTS.mug), variantIds: null },
          discount: { type: 'percentage', percent: 10 },
          maxQuantity: 2,
        },
        content: Object.fromEntries(Object.entries(TEXTS).map(([locale, t]) => [locale, { ...t, declineButton: null }])),
        accept: null,
        decline: null,
      },
    ],
    ...overrides,
  };
}
