// The accept form's nonce: proof that a POST comes from an offer page Encore rendered for this offer, not long ago.
// With the signed link in the URL and the same-origin check on the request, a page elsewhere cannot make a
// shopper's browser accept an offer (the link alone is not enough, and the nonce is bound to the offer and to time).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** A form older than this is refused (the shopper reloads the offer page for a fresh one). */
export const FORM_NONCE_MAX_AGE_MS = 2 * 60 * 60_000;
const CLOCK_SKEW_MS = 60_000;

function signature(secret: string, offerId: string, issuedAt: number): string {
  const key = createHmac('sha256', secret).update('encore offer form nonce').digest();
  return createHmac('sha256', key).update(`${offerId}.${issuedAt}`).digest('base64url');
}

export function issueFormNonce(secret: string, offerId: string, now: Date): string {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return `${issuedAt}.${signature(secret, offerId, issuedAt)}`;
}

export function verifyFormNonce(secret: string, offerId: string, nonce: unknown, now: Date): boolean {
  if (typeof nonce !== 'string' || nonce.length > 200) return false;
  const match = /^(\d{1,12})\.([\w-]{43})$/.exec(nonce);
  if (!match) return false;
  const issuedAt = Number(match[1]);
  const age = now.getTime() - issuedAt * 1000;
  if (age > FORM_NONCE_MAX_AGE_MS || age < -CLOCK_SKEW_MS) return false;
  const given = Buffer.from(match[2]!);
  const expected = Buffer.from(signature(secret, offerId, issuedAt));
  return given.length === expected.length && timingSafeEqual(given, expected);
}
