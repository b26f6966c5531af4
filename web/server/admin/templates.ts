// The funnels a merchant starts from: the engine's five product templates (related, complementary, new arrivals,
// slow movers, expiring soon) and a blank funnel, each as an unsaved draft with texts in every locale of the shop.
// The editor opens the draft, the validator checks it as the merchant edits, and nothing is stored until they save.
import type { FunnelDefinitionInput, Locale, Template } from '../offers/index.js';

export const TEMPLATE_KEYS = ['related', 'complementary', 'new_arrivals', 'slow_movers', 'expiring_soon', 'blank'] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

export interface FunnelTemplate {
  key: TemplateKey;
  title: string;
  description: string;
  draft: Omit<FunnelDefinitionInput, 'id'>;
}

type Texts = { headline: string; body: string; button: string; declineButton: string };

/** Starter texts; {product} and {discount} are filled by the engine at display time. */
const STARTER_TEXTS: Readonly<Record<Locale, Texts>> = {
  en: {
    headline: 'You might also like {product}',
    body: 'Add it to your order now: {discount}.',
    button: 'Add to my order',
    declineButton: 'No thanks',
  },
  fr: {
    headline: 'Vous aimerez aussi {product}',
    body: 'Ajoutez-le à votre commande : {discount}.',
    button: 'Ajouter',
    declineButton: 'Non merci',
  },
  es: {
    headline: 'También te gustará {product}',
    body: 'Añádelo a tu pedido: {discount}.',
    button: 'Añadir',
    declineButton: 'No, gracias',
  },
  de: {
    headline: 'Passend dazu: {product}',
    body: 'Jetzt zur Bestellung hinzufügen: {discount}.',
    button: 'Hinzufügen',
    declineButton: 'Nein danke',
  },
  sv: {
    headline: 'Du gillar kanske {product}',
    body: 'Lägg till i din beställning: {discount}.',
    button: 'Lägg till',
    declineButton: 'Nej tack',
  },
};

const INFO: Readonly<Record<TemplateKey, { title: string; description: string; template: Template | null }>> = {
  related: {
    title: 'Related products',
    description: 'Products that share collections, tags, type or vendor with what the shopper just bought.',
    template: { template: 'related', basis: ['collections', 'tags', 'productType', 'vendor'] },
  },
  complementary: {
    title: 'Complementary products',
    description: 'Pairs you choose: for each product bought, the products that go with it. Pick at least one pair.',
    template: { template: 'complementary', pairs: [] },
  },
  new_arrivals: {
    title: 'New arrivals',
    description: 'The newest products of the shop, published within the last 30 days.',
    template: { template: 'new_arrivals', withinDays: 30 },
  },
  slow_movers: {
    title: 'Slow movers',
    description: 'Products with stock that sold little recently: clear inventory with a discount.',
    template: { template: 'slow_movers', minInventory: 1, minAgeDays: 30 },
  },
  expiring_soon: {
    title: 'Expiring soon',
    description: 'Products whose date metafield (best before, end of season) falls within the next 14 days.',
    template: { template: 'expiring_soon', metafield: 'custom.expiry_date', withinDays: 14 },
  },
  blank: {
    title: 'Blank funnel',
    description: 'One step you fill in yourself: pick a product, a discount and your texts.',
    template: null,
  },
};

function contentFor(locales: readonly Locale[]): Partial<Record<Locale, Texts>> {
  return Object.fromEntries(locales.map((locale) => [locale, { ...STARTER_TEXTS[locale] }]));
}

export function funnelTemplates(
  locales: readonly Locale[],
  surface: 'post_purchase' | 'checkout' | 'email' = 'post_purchase',
): FunnelTemplate[] {
  return TEMPLATE_KEYS.map((key) => {
    const info = INFO[key];
    const offer: NonNullable<FunnelDefinitionInput['steps']>[number]['offer'] = info.template
      ? { kind: 'product', source: { type: 'template', template: info.template }, discount: { type: 'percentage', percent: 10 } }
      : // A blank step names no product yet: the validator asks for one on this step until the merchant picks it.
        { kind: 'product', source: { type: 'product', productId: '', variantIds: null }, discount: { type: 'percentage', percent: 10 } };
    return {
      key,
      title: info.title,
      description: info.description,
      draft: {
        name: info.title,
        surface,
        enabled: false,
        targeting: { match: 'all', conditions: [] },
        rootStepId: 'first-offer',
        steps: [{ id: 'first-offer', offer, content: contentFor(locales), countdownSeconds: null, accept: null, decline: null }],
      },
    };
  });
}
