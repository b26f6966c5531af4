// Shops: install by token exchange, uninstall, and the one lookup of a shop's row (cached for hot paths by the
// directory). Other capabilities import from here. See README.md.
export { findShop, installedShop, shopProfile, type ShopFacts, type ShopKey, type ShopProfile } from './lookup.js';
export { createShopDirectory, SHOP_CACHE_TTL_MS, type ShopDirectory, type ShopDirectoryDeps } from './directory.js';
export { ensureInstalled, install, markUninstalled, offlineSession, type InstallDeps, type ShopRecord } from './install.js';
export { ShopNotInstalledError } from './errors.js';
