// The Express app factory: no side effects on import; everything it needs comes in through the context.
import express, { type Express } from 'express';
import { adminPageRouter, adminPagesRouter, createAdminService, demoRouter } from '../admin/index.js';
import { onShopInstalled } from '../catalog/index.js';
import { checkoutAdminRouter, checkoutRouter, databaseSources } from '../checkout/index.js';
import { OffsetClock } from '../clock.js';
import type { AppContext } from '../context.js';
import { databaseHealth } from '../db/health.js';
import { emailFlowDeps, emailRouter, sentOfferEmail } from '../email/index.js';
import { funnelsRouter } from '../funnels/index.js';
import { ledgerRouter } from '../ledger/index.js';
import { createOrderEditModule } from '../order-edit/index.js';
import { postPurchaseRouter } from '../post-purchase/index.js';
import { previewRouter } from '../preview/index.js';
import { settingsRouter } from '../settings/index.js';
import { ensureInstalled } from '../shops/index.js';
import { onSubscriptionShopInstalled, subscriptionsAdmin, subscriptionsSelfService } from '../subscriptions/index.js';
import { createDeliveryRecorder, webhookRouter } from '../webhooks/index.js';
import { adminRouter } from './admin-routes.js';
import { demoClockRouter } from './demo-clock.js';
import { healthRouter } from './health.js';
import { refuseUnstorableInput } from './input-guard.js';
import { adminExtensionCors, errorHandler, notFound, openCors, requestContext } from './middleware.js';
import { sessionTokenAuth } from './session-token-auth.js';

export function createApp(ctx: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.use(requestContext(ctx.logger));

  app.use('/healthz', healthRouter({ database: () => databaseHealth(ctx.db) }));
  // Raw body for HMAC verification: mounted before any JSON parser.
  app.use('/api/webhooks', webhookRouter({ deliveries: createDeliveryRecorder(ctx.db, ctx.clock), shopify: ctx.shopify }));

  // Endpoints that extensions call from Shopify's sandboxes: open CORS, bearer-token auth per route.
  app.use('/api/post-purchase', openCors());
  app.use('/api/checkout', openCors());
  // The order block in Shopify's admin (extensions/order-timeline) reads /api/admin/orders/:id/timeline from there.
  app.use('/api/admin/orders', adminExtensionCors());

  app.use(express.json({ limit: '256kb' }));
  // From here on no route sees text the databases cannot store or JSON nested deeper than they accept.
  app.use(refuseUnstorableInput());

  const catalogFor = (shopId: string) => ctx.catalog.get(shopId);
  app.use(
    '/api/post-purchase',
    postPurchaseRouter(ctx, { catalogFor, activeFunnels: ctx.funnels.activeFunnels, settings: ctx.settings, ledger: ctx.ledger }),
  );
  app.use('/api/checkout', checkoutRouter(ctx));
  // The email offer page: public, the signed link is the credential (web/server/order-edit/README.md).
  const orderEdit = createOrderEditModule(ctx);
  app.use('/offers/email', orderEdit.offerPageRouter());

  const adminAuth = sessionTokenAuth({
    shopify: ctx.shopify,
    ensureInstalled: (shop, token) =>
      ensureInstalled(
        {
          db: ctx.db,
          shopify: ctx.shopify,
          sessions: ctx.sessions,
          logger: ctx.logger,
          ...(ctx.adminClientOptions ? { adminClientOptions: ctx.adminClientOptions } : {}),
          onInstalled: async (installed) => {
            await onShopInstalled(ctx, installed.domain);
            await onSubscriptionShopInstalled(ctx, installed.domain);
          },
        },
        shop,
        token,
      ),
  });
  app.use('/api/admin/checkout', adminAuth, checkoutAdminRouter(ctx, { sources: databaseSources({ ...ctx, catalogFor }) }));
  const adminPages = createAdminService({
    ledger: ctx.ledger,
    funnels: ctx.funnels,
    settings: ctx.settings,
    catalog: ctx.catalog,
    clock: ctx.clock,
    adminFor: (shop) => ctx.adminFor(shop),
    sentEmail: (shopId, orderId) => sentOfferEmail(ctx.db, shopId, orderId),
  });
  app.use(
    '/api/admin',
    adminAuth,
    adminRouter(ctx),
    adminPagesRouter(adminPages, ctx.clock),
    funnelsRouter(ctx, ctx.funnels),
    ledgerRouter(ctx, ctx.ledger),
    settingsRouter(ctx, ctx.settings),
    subscriptionsAdmin(ctx),
    emailRouter(emailFlowDeps(ctx)),
    orderEdit.adminRouter(),
  );
  // The shopper's self-service page: public, the signed link is the credential.
  app.use(subscriptionsSelfService(ctx));
  if (ctx.config.demo && ctx.clock instanceof OffsetClock) app.use('/api/demo', demoClockRouter(ctx.clock));

  // The demo's App Bridge stand-in and its session tokens exist in demo mode only (admin/demo.ts).
  if (ctx.config.demo) app.use(demoRouter(ctx.config, () => ctx.clock.now()));
  // The extension previews play Shopify's checkout: demo mode only, with Shopify's side injected (preview/README.md).
  if (ctx.config.demo && ctx.previewShopify) {
    app.use(previewRouter(ctx, ctx.previewShopify, { sources: databaseSources({ ...ctx, catalogFor }), catalogFor }));
  }
  // The embedded admin (application_url): its page and assets.
  app.use(adminPageRouter(ctx.config, ctx.adminDistDir ? { distDir: ctx.adminDistDir } : {}));
  app.use(notFound());
  app.use(errorHandler());
  return app;
}
