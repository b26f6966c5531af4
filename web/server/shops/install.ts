// Managed install with token exchange: the first authenticated admin request of a shop without a usable
// offline session exchanges its session token for an offline access token, then records the shop.
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { type AdminClientOptions, createAdminClient } from '../shopify/admin-client.js';
import { ShopInfoQuery } from '../shopify/graphql/ShopInfoQuery.js';
import type { PrismaSessionStorage } from '../shopify/session-storage.js';
import type { Session, ShopifyApi } from '../shopify/shopify-api.js';
import { exchangeForOfflineSession } from '../shopify/token-exchange.js';
import { findShop } from './lookup.js';

export interface InstallDeps {
  db: Db;
  shopify: ShopifyApi;
  sessions: PrismaSessionStorage;
  logger: Logger;
  adminClientOptions?: AdminClientOptions;
  /** Called after every (re)install, e.g. to build the shop's catalog. */
  onInstalled?: (shop: ShopRecord) => Promise<void>;
}

export interface ShopRecord {
  id: string;
  domain: string;
  installState: string;
}

export async function offlineSession(deps: Pick<InstallDeps, 'shopify' | 'sessions'>, shop: string): Promise<Session | undefined> {
  return deps.sessions.loadSession(deps.shopify.session.getOfflineId(shop));
}

/** Returns the installed shop, installing it first when there is no valid offline session for the scopes. */
export async function ensureInstalled(deps: InstallDeps, shop: string, sessionToken: string): Promise<ShopRecord> {
  const existing = await offlineSession(deps, shop);
  const known = await findShop(deps.db, { domain: shop });
  // An expired access token with a refresh token is still an installation: background work refreshes it
  // (shopify/offline-access.ts), so the merchant's visit does not reinstall the shop every hour.
  const refreshable =
    existing?.refreshToken &&
    !existing.isScopeChanged(deps.shopify.config.scopes) &&
    !(existing.refreshTokenExpires && existing.refreshTokenExpires.getTime() <= Date.now());
  const usable = existing?.isActive(deps.shopify.config.scopes) || refreshable;
  if (usable && known?.installed) return { id: known.id, domain: known.domain, installState: 'installed' };
  return install(deps, shop, sessionToken);
}

export async function install(deps: InstallDeps, shop: string, sessionToken: string): Promise<ShopRecord> {
  const log = deps.logger.child({ shop });
  const session = await exchangeForOfflineSession(deps.shopify, shop, sessionToken);
  await deps.sessions.storeSession(session);
  const admin = createAdminClient(deps.shopify, session, deps.logger, deps.adminClientOptions);
  const info = await admin.request(ShopInfoQuery, {});
  const primaryLocale = info.shopLocales.find((l) => l.primary)?.locale ?? 'en';
  const fields = {
    name: info.shop.name,
    currencyCode: info.shop.currencyCode,
    primaryLocale,
    ianaTimezone: info.shop.ianaTimezone,
    plan: info.shop.plan.publicDisplayName,
    scopes: info.currentAppInstallation.accessScopes.map((s) => s.handle).join(','),
    installState: 'installed',
    uninstalledAt: null,
  };
  const row = await deps.db.prisma.shop.upsert({
    where: { domain: shop },
    create: { domain: shop, installedAt: new Date(), ...fields },
    update: fields,
  });
  log.info({ plan: fields.plan }, 'shop installed');
  await deps.onInstalled?.(row);
  return row;
}

/** app/uninstalled: the token is already revoked; forget it and stop acting for the shop. Idempotent. */
export async function markUninstalled(deps: Pick<InstallDeps, 'db' | 'sessions' | 'logger'>, shop: string, at: Date): Promise<void> {
  await deps.sessions.deleteSessionsByShop(shop);
  await deps.db.prisma.shop.updateMany({
    where: { domain: shop, installState: 'installed' },
    data: { installState: 'uninstalled', uninstalledAt: at },
  });
  deps.logger.info({ shop }, 'shop uninstalled');
}
