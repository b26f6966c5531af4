// Purchase tokens as Shopify mints them, and every forgery we can think of.
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { mintPurchaseToken, unsignedToken } from '../../../test/support/post-purchase/purchase-token.js';
import { ManualClock } from '../clock.js';
import { createPurchaseTokenVerifier, InvalidPurchaseTokenError, MAX_PURCHASE_TOKEN_AGE_SECONDS } from './token.js';

const SECRET = 'app-secret';
const clock = new ManualClock('2026-11-23T12:00:00Z');
const now = Math.floor(clock.now().getTime() / 1000);
const verifier = createPurchaseTokenVerifier({ apiSecret: SECRET, clock });

function reasonOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidPurchaseTokenError);
    expect((error as InvalidPurchaseTokenError).status).toBe(401);
    expect((error as InvalidPurchaseTokenError).code).toBe('invalid_token');
    return (error as InvalidPurchaseTokenError).reason;
  }
  throw new Error('the token was accepted');
}

describe('verifying the purchase token', () => {
  it('when Shopify signed it with the app secret, then the purchase and the signed input come out', () => {
    const token = mintPurchaseToken({
      secret: SECRET,
      referenceId: 'ref-1',
      issuedAt: now - 60,
      inputData: { shop: { domain: 'x.myshopify.com' } },
    });
    expect(verifier.verifyAuthorization(`Bearer ${token}`)).toEqual({
      referenceId: 'ref-1',
      issuedAt: now - 60,
      inputData: { shop: { domain: 'x.myshopify.com' } },
    });
  });

  it('when the token is just under the age limit, then it is accepted; just over, it is refused', () => {
    const fresh = mintPurchaseToken({ secret: SECRET, referenceId: 'ref-1', issuedAt: now - MAX_PURCHASE_TOKEN_AGE_SECONDS });
    expect(verifier.verify(fresh).referenceId).toBe('ref-1');
    const old = mintPurchaseToken({ secret: SECRET, referenceId: 'ref-1', issuedAt: now - MAX_PURCHASE_TOKEN_AGE_SECONDS - 1 });
    expect(reasonOf(() => verifier.verify(old))).toBe('too_old');
  });

  it.each([
    ['signed with another secret', () => mintPurchaseToken({ secret: 'not-the-secret', referenceId: 'ref-1', issuedAt: now }), 'signature'],
    ['unsigned (alg: none)', () => unsignedToken({ iss: 'shopify', sub: 'ref-1', iat: now }), 'signature'],
    ['signed with HS512', () => jwt.sign({ iss: 'shopify', sub: 'ref-1', iat: now }, SECRET, { algorithm: 'HS512' }), 'malformed'],
    [
      'issued by someone else',
      () => mintPurchaseToken({ secret: SECRET, referenceId: 'ref-1', issuedAt: now, issuer: 'attacker' }),
      'issuer',
    ],
    ['without a subject', () => jwt.sign({ iss: 'shopify', iat: now }, SECRET, { algorithm: 'HS256' }), 'subject'],
    ['issued in the future', () => mintPurchaseToken({ secret: SECRET, referenceId: 'ref-1', issuedAt: now + 60 }), 'not_yet_valid'],
    [
      'expired by its own exp',
      () => mintPurchaseToken({ secret: SECRET, referenceId: 'ref-1', issuedAt: now - 120, extraClaims: { exp: now - 60 } }),
      'expired',
    ],
    [
      'tampered with after signing',
      () => tamper(mintPurchaseToken({ secret: SECRET, referenceId: 'ref-1', issuedAt: now }), { sub: 'ref-2' }),
      'signature',
    ],
    ['not a JWT', () => 'hello', 'malformed'],
  ])('when the token is %s, then it is refused', (_name, token, reason) => {
    expect(reasonOf(() => verifier.verify(token()))).toBe(reason);
  });

  it('when the Authorization header is missing or not a bearer token, then it is refused', () => {
    expect(reasonOf(() => verifier.verifyAuthorization(undefined))).toBe('missing');
    expect(reasonOf(() => verifier.verifyAuthorization('Basic abc'))).toBe('missing');
    expect(reasonOf(() => verifier.verifyAuthorization('Bearer'))).toBe('missing');
  });
});

/** Rewrites claims and keeps the old signature, as someone without the secret would. */
function tamper(token: string, claims: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const decoded = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
  return `${header}.${Buffer.from(JSON.stringify({ ...decoded, ...claims })).toString('base64url')}.${signature}`;
}
