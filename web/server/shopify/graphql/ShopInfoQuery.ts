import { defineOperation } from './operation.js';

export interface ShopInfoData {
  shop: {
    name: string;
    myshopifyDomain: string;
    currencyCode: string;
    ianaTimezone: string;
    plan: { partnerDevelopment: boolean; shopifyPlus: boolean; publicDisplayName: string };
    features: { eligibleForSubscriptions: boolean; sellsSubscriptions: boolean };
  };
  shopLocales: { locale: string; primary: boolean }[];
  currentAppInstallation: { accessScopes: { handle: string }[] };
}

export const ShopInfoQuery = defineOperation<ShopInfoData>(`#graphql
  query ShopInfo {
    shop {
      name
      myshopifyDomain
      currencyCode
      ianaTimezone
      plan { partnerDevelopment shopifyPlus publicDisplayName }
      features { eligibleForSubscriptions sellsSubscriptions }
    }
    shopLocales { locale primary }
    currentAppInstallation { accessScopes { handle } }
  }
`);
