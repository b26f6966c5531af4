// How calls to Shopify fail, as types the job runner and routes can branch on.

/** Shopify answered, but the operation itself is wrong (a bug on our side): never retry. */
export class ShopifyGraphqlError extends Error {
  override name = 'ShopifyGraphqlError';
  constructor(
    readonly operation: string,
    readonly errors: { message: string; code?: string }[],
  ) {
    super(`Shopify rejected ${operation}: ${errors.map((e) => e.message).join('; ')}`);
  }
}

/** A mutation returned userErrors. Retrying the same input will fail the same way. */
export class ShopifyUserErrors extends Error {
  override name = 'ShopifyUserErrors';
  constructor(
    readonly operation: string,
    readonly userErrors: { field?: string[] | null; message: string; code?: string | null }[],
  ) {
    super(`${operation} failed: ${userErrors.map((e) => (e.field?.length ? `${e.field.join('.')}: ` : '') + e.message).join('; ')}`);
  }
}

/** Still throttled, or Shopify unavailable, after our retries: worth retrying later. */
export class ShopifyUnavailableError extends Error {
  override name = 'ShopifyUnavailableError';
  constructor(
    readonly operation: string,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(`${operation}: ${message}`);
  }
}

/** The shop's access token was refused (app uninstalled, token revoked): the shop must be reinstalled. */
export class ShopifyAuthError extends Error {
  override name = 'ShopifyAuthError';
  constructor(
    readonly shop: string,
    readonly status: number,
  ) {
    super(`Shopify refused the access token of ${shop} (HTTP ${status})`);
  }
}

/** No usable offline token for the shop: not installed, uninstalled, or its refresh token lapsed. */
export class ShopNotInstalledError extends Error {
  override name = 'ShopNotInstalledError';
  constructor(readonly shop: string) {
    super(
      `${shop} has no usable offline session: the app is not installed there, was uninstalled, or needs the merchant to open it again.`,
    );
  }
}
