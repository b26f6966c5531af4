// Shop lookups fail with the Shopify module's error: a shop without a usable offline token is not installed.
export { ShopNotInstalledError } from '../shopify/errors.js';
