// How a failed call to Shopify ends a background job: retry what time can fix (throttling, outages), stop on what
// it cannot (a revoked or missing token, a query Shopify refuses).
import { RetriableJobError, TerminalJobError } from '../jobs/errors.js';
import { ShopifyAuthError, ShopifyGraphqlError, ShopifyUnavailableError, ShopNotInstalledError } from './errors.js';

/** The job error for `error` when it is a Shopify failure; anything else is returned as it is. */
export function shopifyJobError(error: unknown): unknown {
  if (error instanceof ShopifyUnavailableError) return new RetriableJobError(error.message, error.retryAfterMs);
  if (error instanceof ShopNotInstalledError || error instanceof ShopifyAuthError || error instanceof ShopifyGraphqlError) {
    return new TerminalJobError(error.message);
  }
  return error;
}
