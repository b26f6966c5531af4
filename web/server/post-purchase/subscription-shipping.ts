// Shipping for a subscription added on the post-purchase page. add_subscription must name a first-cycle price, a
// recurring price and a shipping option. The first delivery rides with the order just paid for, so it is free;
// renewals ship free unless the merchant sets otherwise (the engine's ShopSettings have no shipping field yet,
// so the app passes a policy through PostPurchaseDeps.subscriptionShipping).
import type { Locale } from '../offers/index.js';
import type { SubscriptionShipping } from './wire.js';

export interface SubscriptionShippingQuery {
  shopId: string;
  /** The locale of the step's texts. */
  locale: Locale;
  /** Presentment currency: the prices are in it, tax-exclusive. */
  currency: string;
}

export type SubscriptionShippingPolicy = (query: SubscriptionShippingQuery) => SubscriptionShipping;

const FREE_SHIPPING: Record<Locale, string> = {
  en: 'Free shipping',
  fr: 'Livraison gratuite',
  es: 'Envío gratis',
  de: 'Kostenloser Versand',
  sv: 'Fri frakt',
};

export const freeSubscriptionShipping: SubscriptionShippingPolicy = ({ locale }) => ({
  initialShippingPrice: 0,
  recurringShippingPrice: 0,
  shippingOption: { title: 'Subscription shipping (Encore)', presentmentTitle: FREE_SHIPPING[locale] },
});
