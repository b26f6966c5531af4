// The backend side of the checkout extension: the add-on offers contract written into the app-owned shop
// metafield (with its discount codes), and the events endpoint. See README.md.
export {
  type CheckoutPlan,
  type ContractWarning,
  DEFAULT_MAX_OFFERS,
  type DiscountTerms,
  METAFIELD_JSON_LIMIT_BYTES,
  type PlanInput,
  type PlannedOffer,
  parseCheckoutOfferId,
  planCheckoutOffers,
  type RenderedContract,
  renderCheckoutContract,
  type WarningCode,
} from './contract.js';
export {
  CheckoutDiscountCodeError,
  CODE_LENGTH,
  deactivateStaleCodes,
  discountCodeInput,
  ensureDiscountCodes,
  generateDiscountCode,
  termsVersion,
} from './discount-codes.js';
export { type CheckoutRouterOptions, checkoutAdminRouter, checkoutRouter, DEFAULT_EVENTS_RATE_LIMIT } from './routes.js';
export { type CheckoutTokenClaims, verifyCheckoutSessionToken } from './session-token.js';
export { type CheckoutSources, databaseSources } from './sources.js';
export {
  CatalogNotReadyError,
  CHECKOUT_SYNC_JOB,
  type CheckoutContext,
  checkoutJobHandlers,
  checkoutSyncOnShopChange,
  DEFAULT_SYNC_DEBOUNCE_MS,
  planForShop,
  requestCheckoutSync,
  type SyncOptions,
  type SyncResult,
  syncCheckoutOffers,
} from './sync.js';
