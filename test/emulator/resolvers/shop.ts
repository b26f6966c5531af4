// shop, currentAppInstallation (scopes, app-owned metafields) and the app itself.

import { type Args, argBoolean, type ResolverContext, type TypeResolvers } from '../graphql/resolver-kit.js';
import { gid } from '../store/ids.js';
import type { ShopStore } from '../store/shop-store.js';
import { metafieldFields } from './common.js';

const SCOPE_DESCRIPTIONS: Record<string, string> = {
  read_products: 'Read products, variants, and collections',
  write_products: 'Modify products, variants, and collections',
  read_orders: 'Read orders, transactions, and fulfillments',
  write_orders: 'Modify orders, transactions, and fulfillments',
  write_order_edits: 'Modify orders by adding, removing, or changing line items',
  read_customers: 'Read customer details and customer groups',
  read_own_subscription_contracts: 'Read subscription contracts made by the app',
  write_own_subscription_contracts: 'Modify subscription contracts made by the app',
  read_customer_payment_methods: 'Read customer payment methods',
  write_discounts: 'Modify discounts',
  write_merchant_managed_fulfillment_orders: 'Modify fulfillment orders assigned to merchant-managed locations',
  write_third_party_fulfillment_orders: 'Modify fulfillment orders assigned to third-party locations',
};

export interface ShopSource {
  store: ShopStore;
}

const Shop: TypeResolvers<ShopSource> = {
  id: ({ store }) => store.shopGid,
  name: ({ store }) => store.shop.name,
  email: ({ store }) => store.shop.email,
  contactEmail: ({ store }) => store.shop.contactEmail,
  myshopifyDomain: ({ store }) => store.shop.myshopifyDomain,
  currencyCode: ({ store }) => store.shop.currencyCode,
  enabledPresentmentCurrencies: ({ store }) => store.shop.enabledPresentmentCurrencies,
  ianaTimezone: ({ store }) => store.shop.ianaTimezone,
  timezoneAbbreviation: ({ store }) => (store.shop.ianaTimezone === 'America/New_York' ? 'EST' : 'UTC'),
  createdAt: ({ store }) => store.shop.createdAt,
  updatedAt: ({ store }) => store.shop.createdAt,
  taxesIncluded: () => false,
  taxShipping: () => false,
  weightUnit: () => 'GRAMS',
  unitSystem: () => 'METRIC_SYSTEM',
  url: ({ store }) => `https://${store.shop.primaryDomainHost}`,
  plan: ({ store }) => ({ ...store.shop.plan, displayName: store.shop.plan.publicDisplayName }),
  features: ({ store }) => ({ ...store.shop.features, shopifyPlus: store.shop.plan.shopifyPlus }),
  primaryDomain: ({ store }) => ({
    id: gid('Domain', store.shop.id),
    host: store.shop.primaryDomainHost,
    url: `https://${store.shop.primaryDomainHost}`,
    sslEnabled: true,
  }),
  billingAddress: ({ store }) => shopAddress(store),
  shopAddress: ({ store }) => shopAddress(store),
  shipsToCountries: ({ store }) => [...new Set(['US', 'CA', store.shop.billingCountryCode, 'FR', 'DE'])],
  ...metafieldFields<ShopSource>(({ store }) => store.shopGid),
};

function shopAddress(store: ShopStore): Record<string, unknown> {
  const country = store.shop.billingCountryCode;
  return {
    id: gid('ShopAddress', store.shop.id),
    address1: '100 Roaster Row',
    address2: null,
    city: 'New York',
    province: 'New York',
    provinceCode: 'NY',
    zip: '10013',
    country: country === 'US' ? 'United States' : country,
    countryCodeV2: country,
    company: store.shop.name,
    phone: null,
    coordinatesValidated: false,
    latitude: null,
    longitude: null,
  };
}

export interface AppInstallationSource {
  store: ShopStore;
}

const AppInstallation: TypeResolvers<AppInstallationSource> = {
  id: ({ store }) => store.appInstallationGid,
  accessScopes: ({ store }) => store.app.grantedScopes.map((handle) => ({ handle, description: SCOPE_DESCRIPTIONS[handle] ?? handle })),
  app: ({ store }) => ({ store }),
  launchUrl: ({ store }) => `https://${store.domain}/admin/apps/encore`,
  uninstallUrl: () => null,
  activeSubscriptions: () => [],
  ...metafieldFields<AppInstallationSource>(({ store }) => store.appInstallationGid),
};

const App: TypeResolvers<{ store: ShopStore }> = {
  id: ({ store }) => gid('App', store.app.id + 1),
  apiKey: ({ store }) => store.deps.apiClientId,
  handle: () => 'encore-upsell',
  title: () => 'Encore',
  embedded: () => true,
  developerName: () => 'Encore',
  installation: ({ store }) => ({ store }),
  requestedAccessScopes: ({ store }) =>
    store.app.grantedScopes.map((handle) => ({ handle, description: SCOPE_DESCRIPTIONS[handle] ?? handle })),
  isPostPurchaseAppInUse: () => true,
};

export const shopResolvers = {
  Shop,
  AppInstallation,
  App,
  QueryRoot: {
    shop: (_source: unknown, _args: unknown, ctx: ResolverContext) => ({ store: ctx.store }),
    currentAppInstallation: (_source: unknown, _args: unknown, ctx: ResolverContext) => ({ store: ctx.store }),
    appInstallation: (_source: unknown, _args: unknown, ctx: ResolverContext) => ({ store: ctx.store }),
    shopLocales: (_source: unknown, args: Args, ctx: ResolverContext) => {
      const published = argBoolean(args, 'published');
      return ctx.store.shop.locales
        .filter((l) => published === null || l.published === published)
        .map((l) => ({ locale: l.locale, name: l.name, primary: l.primary, published: l.published, marketWebPresences: [] }));
    },
  },
};
