// The post-purchase endpoints' refusals, shared by the service and its helpers.
import { AppError } from '../errors.js';
import type { PriceChangeError } from '../offers/index.js';

/** Refusals of the sign and events endpoints (404, 409, 422), each with a code the extension and a log reader can act on. */
export class PostPurchaseRefusedError extends AppError {
  override name = 'PostPurchaseRefusedError';
  constructor(
    status: 404 | 409 | 422,
    code:
      | 'no_offer'
      | 'unknown_step'
      | 'step_not_reachable'
      | 'choice_conflict'
      | 'accept_limit'
      | 'subscription_limit'
      | 'not_signed'
      | 'not_retryable'
      | PriceChangeError,
    message: string,
  ) {
    super(status, code, message);
  }
}
