// The one @shopify/shopify-api instance: embedded app, token exchange, session tokens, webhook validation.
// Its GraphQL client reaches Shopify through the library's own fetch; tests and the demo redirect that fetch
// to the emulator from outside (setAbstractFetchFunc), so nothing here knows about the emulator.
import '@shopify/shopify-api/adapters/node';
import { LogSeverity, type Shopify, shopifyApi } from '@shopify/shopify-api';
import type { AppConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { ADMIN_API_VERSION } from './api-version.js';

export type ShopifyApi = Shopify;
/** A shop's session (its access token and scopes), as the library stores and refreshes it. */
export type { Session } from '@shopify/shopify-api';

export function createShopifyApi(config: Pick<AppConfig, 'apiKey' | 'apiSecret' | 'scopes' | 'appUrl'>, logger: Logger): ShopifyApi {
  const url = new URL(config.appUrl);
  const log = logger.child({ component: 'shopify-api' });
  return shopifyApi({
    apiKey: config.apiKey,
    apiSecretKey: config.apiSecret,
    scopes: config.scopes,
    hostName: url.host,
    hostScheme: url.protocol === 'http:' ? 'http' : 'https',
    apiVersion: ADMIN_API_VERSION,
    isEmbeddedApp: true,
    logger: {
      level: LogSeverity.Warning,
      httpRequests: false,
      timestamps: false,
      log: async (severity, message) => {
        if (severity === LogSeverity.Error) log.error(message);
        else if (severity === LogSeverity.Warning) log.warn(message);
        else log.debug(message);
      },
    },
  });
}
