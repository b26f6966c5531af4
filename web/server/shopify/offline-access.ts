// Offline Admin API access for background work, with expiring offline tokens. Public apps created since
// 2026-04-01 must use expiring offline tokens (60 minutes, with a refresh token), and from 2027-01-01 Shopify refuses
// non-expiring ones (shopify.dev, "About offline access tokens"). So the token is refreshed shortly before it
// expires, and once more when Shopify answers 401 anyway (a clock out of step, a token revoked early).
//
// Refreshing twice at once is harmless: Shopify keeps a used refresh token valid until its replacement is used
// (changelog "More resilient refreshes for expiring offline access tokens"), so two instances that refresh together
// both succeed and the last stored pair wins. Within one process, refreshes of a shop are shared.
import { HttpResponseError, type Session } from '@shopify/shopify-api';
import type { Logger } from '../logger.js';
import { type AdminClient, type AdminClientOptions, createAdminClient } from './admin-client.js';
import { ShopifyAuthError, ShopNotInstalledError } from './errors.js';
import type { PrismaSessionStorage } from './session-storage.js';
import type { ShopifyApi } from './shopify-api.js';

/** Refresh when less than this is left of the access token's life. */
export const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;

export interface OfflineAccessDeps {
  shopify: ShopifyApi;
  sessions: PrismaSessionStorage;
  logger: Logger;
  adminClientOptions?: AdminClientOptions;
  refreshMarginMs?: number;
  /** Real time: token lifetimes are Shopify's, not the app's (possibly simulated) clock. */
  now?: () => number;
}

export interface OfflineAccess {
  /** An Admin API client for an installed shop; throws ShopNotInstalledError without a usable offline token. */
  adminFor(shop: string): Promise<AdminClient>;
  /** The shop's offline session with an access token that is good for at least the refresh margin. */
  session(shop: string): Promise<Session>;
}

export function createOfflineAccess(deps: OfflineAccessDeps): OfflineAccess {
  const margin = deps.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  const now = deps.now ?? Date.now;
  const refreshing = new Map<string, Promise<Session>>();
  const log = deps.logger.child({ component: 'offline-access' });

  async function stored(shop: string): Promise<Session> {
    const session = await deps.sessions.loadSession(deps.shopify.session.getOfflineId(shop));
    if (!session?.accessToken) throw new ShopNotInstalledError(shop);
    return session;
  }

  /** Refreshes once per shop at a time; `expected` is the token the caller saw, so a token refreshed meanwhile is reused. */
  function refresh(shop: string, expected: string): Promise<Session> {
    const running = refreshing.get(shop);
    if (running) return running;
    const task = (async () => {
      const current = await stored(shop);
      if (current.accessToken !== expected && !needsRefresh(current)) return current;
      if (!current.refreshToken) throw new ShopNotInstalledError(shop);
      try {
        const { session } = await deps.shopify.auth.refreshToken({ shop, refreshToken: current.refreshToken });
        await deps.sessions.storeSession(session);
        log.info({ shop, expires: session.expires }, 'offline access token refreshed');
        return session;
      } catch (error) {
        // invalid_grant: the refresh token expired (90 days unused) or was revoked. Forget the session; the
        // merchant's next visit to the app exchanges a new one.
        if (error instanceof HttpResponseError && error.response.code >= 400 && error.response.code < 500) {
          // Another instance may have refreshed (and used the replacement) meanwhile: its pair is good.
          const latest = await deps.sessions.loadSession(current.id);
          if (latest?.accessToken && latest.refreshToken !== current.refreshToken) return latest;
          await deps.sessions.deleteSessionWithRefreshToken(current.id, current.refreshToken);
          log.warn({ shop, status: error.response.code }, 'offline token could not be refreshed; the shop must open the app again');
          throw new ShopNotInstalledError(shop);
        }
        throw error;
      }
    })().finally(() => refreshing.delete(shop));
    refreshing.set(shop, task);
    return task;
  }

  function needsRefresh(session: Session): boolean {
    return Boolean(session.expires && session.refreshToken && session.expires.getTime() - margin <= now());
  }

  async function session(shop: string): Promise<Session> {
    const current = await stored(shop);
    return needsRefresh(current) ? refresh(shop, current.accessToken as string) : current;
  }

  return {
    session,
    async adminFor(shop) {
      let current = await session(shop);
      let client = createAdminClient(deps.shopify, current, deps.logger, deps.adminClientOptions);
      return {
        shop,
        lastCost: () => client.lastCost(),
        async request(operation, variables) {
          try {
            return await client.request(operation, variables);
          } catch (error) {
            if (!(error instanceof ShopifyAuthError) || error.status !== 401 || !current.refreshToken) throw error;
            // Refused before the expiry we know of: refresh once and try again.
            current = await refresh(shop, current.accessToken as string);
            client = createAdminClient(deps.shopify, current, deps.logger, deps.adminClientOptions);
            return client.request(operation, variables);
          }
        },
      };
    },
  };
}
