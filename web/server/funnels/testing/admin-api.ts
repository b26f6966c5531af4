// Test support: the merchant offer API (funnels, library offers, ledger, settings) served over HTTP with the real
// session-token auth, install by token exchange and error handler, against a harness's backend context and
// emulator. It mounts exactly what the lead mounts under /api/admin (see funnels/README.md), on its own port,
// until those routers are part of createApp; then tests can use the harness's adminFetch directly.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Harness } from '../../../../test/support/harness.js';
import { buildCatalog, type Catalog } from '../../offers/index.js';
import { errorHandler, notFound, requestContext } from '../../http/middleware.js';
import { sessionTokenAuth } from '../../http/session-token-auth.js';
import { ensureInstalled } from '../../shops/install.js';
import { createLedger, ledgerRouter, type Ledger } from '../../ledger/index.js';
import { createSettingsStore, settingsRouter, type SettingsStore } from '../../settings/index.js';
import { createFunnelsModule, funnelsRouter, type FunnelsModule } from '../index.js';

export interface OfferAdminApi {
  url: string;
  funnels: FunnelsModule;
  ledger: Ledger;
  settings: SettingsStore;
  /** fetch with an App Bridge session token for `shop` (the harness's demo shop by default); JSON bodies as objects. */
  request(path: string, init?: { method?: string; body?: unknown; rawBody?: string; shop?: string }): Promise<Response>;
  close(): Promise<void>;
}

export interface OfferAdminApiOptions {
  /** The catalog port; default: no catalog for any shop. */
  catalogFor?: (shopId: string) => Promise<Catalog | null>;
}

export async function startOfferAdminApi(h: Harness, options: OfferAdminApiOptions = {}): Promise<OfferAdminApi> {
  const ctx = h.server.ctx;
  const settings = createSettingsStore(ctx);
  const funnels = createFunnelsModule({ ...ctx, settings, catalogFor: options.catalogFor ?? (async () => null) });
  const ledger = createLedger(ctx);

  const app = express();
  app.use(requestContext(ctx.logger));
  app.use(express.json({ limit: '256kb' }));
  const adminAuth = sessionTokenAuth({
    shopify: ctx.shopify,
    ensureInstalled: (shop, token) => ensureInstalled({ db: ctx.db, shopify: ctx.shopify, sessions: ctx.sessions, logger: ctx.logger }, shop, token),
  });
  app.use('/api/admin', adminAuth, funnelsRouter(ctx, funnels), ledgerRouter(ctx, ledger), settingsRouter(ctx, settings));
  app.use(notFound());
  app.use(errorHandler());

  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    funnels,
    ledger,
    settings,
    request(path, init = {}) {
      const headers = new Headers({ Authorization: `Bearer ${h.emulator.issueSessionToken(init.shop ?? h.shop)}` });
      const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
      if (body !== undefined) headers.set('Content-Type', 'application/json');
      return fetch(`${url}/api/admin${path}`, { method: init.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}) });
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** A catalog port serving one prebuilt catalog to every shop (the same object each time, as a cache would). */
export function fixedCatalog(input: Parameters<typeof buildCatalog>[0]): (shopId: string) => Promise<Catalog | null> {
  const catalog = buildCatalog(input);
  return async () => catalog;
}
