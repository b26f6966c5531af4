import type { ShopInfoQuery as ShopInfoData } from './generated/admin.generated.js';
import { defineOperation } from './operation.js';

export type { ShopInfoData };

export const ShopInfoQuery = defineOperation(`#graphql
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
