// The backend side of the checkout extension: the add-on offers contract written into the app-owned shop
// metafield (with its discount codes), and the events endpoint. See README.md.
export {
  DEFAULT_MAX_OFFERS,
  METAFIELD_JSON_LIMIT_BYTES,
  parseCheckoutOfferId,
  planCheckoutOffers,
  renderCheckoutContract,
  type CheckoutPlan,
  type ContractWarning,
  type DiscountTerms,
  type PlanInput,
  type PlannedOffer,
  type RenderedContract,
  type WarningCode,
} from './contract.js';
export { CheckoutDiscountCodeError, CODE_LENGTH, discountCodeInput, ensureDiscountCodes, deactivateStaleCodes, generateDiscountCode, termsVersion } from './discount-codes.js';
export {
  CatalogNotReadyError,
  CHECKOUT_SYNC_JOB,
  checkoutJobHandlers,
  checkoutSyncOnShopChange,
  DEFAULT_SYNC_DEBOUNCE_MS,
  planForShop,
  requestCheckoutSync,
  syncCheckoutOffers,
  type CheckoutContext,
  type SyncOptions,
  type SyncResult,
} from './sync.js';
export { checkoutAdminRouter, checkoutRouter, DEFAULT_EVENTS_RATE_LIMIT, type CheckoutRouterOptions } from './routes.js';
export { databaseSources, type CheckoutSources } from './sources.js';
export { verifyCheckoutSessionToken, type CheckoutTokenClaims } from './session-token.js';
