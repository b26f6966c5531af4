// Shops: install by token exchange, uninstall, and the one lookup of a shop's row (cached for hot paths by the
// directory). Other capabilities import from here. See README.md.

export { createShopDirectory, SHOP_CACHE_TTL_MS, type ShopDirectory, type ShopDirectoryDeps } from './directory.js';
export { ShopNotInstalledError } from './errors.js';
export { ensureInstalled, type InstallDeps, install, markUninstalled, offlineSession, type ShopRecord } from './install.js';
export { findShop, installedShop, type ShopFacts, type ShopKey, type ShopProfile, shopProfile } from './lookup.js';
