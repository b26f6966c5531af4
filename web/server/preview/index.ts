// Previews without a store (demo mode only): the endpoints and host pages the admin's Preview page frames, and the
// shape of Shopify's side that the demo and the tests inject. See README.md.
export { DEFAULT_PREVIEW_DIST, type PreviewRouterOptions, previewRouter } from './routes.js';
export {
  mintPreviewCheckoutToken,
  PREVIEW_CHECKOUT_TOKEN_LIFETIME_S,
  type PreviewCart,
  type PreviewCartLine,
  type PreviewPurchase,
  type PreviewShopify,
  type ShopifyAnswer,
} from './shopify-side.js';
