// Links Encore puts in shopper emails (the email offer page, the subscription self-service page) carry who they
// are for and until when, signed with a key derived from the app secret, so no login is needed and nothing in
// them can be changed. Each kind of link has its own purpose, so a link made for one page never opens another.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SignedLinkClaims {
  /** What the link opens, e.g. `email-offer`; a link is only accepted for its own purpose. */
  purpose: string;
  /** The shop's myshopify domain. */
  shop: string;
  /** The record the link is for (an EmailOffer id, a SubscriptionContract id…). */
  subject: string;
  expiresAt: Date;
}

export type SignedLinkVerdict =
  | { ok: true; claims: SignedLinkClaims }
  /** Well signed but past its time: the page can still say which offer it was. */
  | { ok: false; reason: 'expired'; claims: SignedLinkClaims }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'wrong_purpose' };

interface Payload {
  v: 1;
  p: string;
  s: string;
  o: string;
  /** Expiry, in seconds since the epoch. */
  e: number;
}

const SIGNATURE_BYTES = 32;

function keyFor(secret: string, purpose: string): Buffer {
  return createHmac('sha256', secret).update(`encore signed link: ${purpose}`).digest();
}

function signatureOf(encodedPayload: string, secret: string, purpose: string): Buffer {
  return createHmac('sha256', keyFor(secret, purpose)).update(encodedPayload).digest();
}

/** `<payload>.<signature>`, both base64url: safe in a URL path segment. */
export function signLink(claims: SignedLinkClaims, secret: string): string {
  const payload: Payload = {
    v: 1,
    p: claims.purpose,
    s: claims.shop,
    o: claims.subject,
    e: Math.floor(claims.expiresAt.getTime() / 1000),
  };
  const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${encoded}.${signatureOf(encoded, secret, claims.purpose).toString('base64url')}`;
}

function decodePayload(encoded: string): Payload | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null) return null;
    const { v, p, s, o, e } = value as Record<string, unknown>;
    if (v !== 1 || typeof p !== 'string' || typeof s !== 'string' || typeof o !== 'string') return null;
    if (typeof e !== 'number' || !Number.isSafeInteger(e)) return null;
    return { v, p, s, o, e };
  } catch {
    return null;
  }
}

export function verifyLink(token: string, secret: string, purpose: string, now: Date): SignedLinkVerdict {
  const parts = token.split('.');
  if (parts.length !== 2 || !/^[\w-]+$/.test(parts[0]!) || !/^[\w-]+$/.test(parts[1]!)) {
    return { ok: false, reason: 'malformed' };
  }
  const [encoded, signature] = parts as [string, string];
  const payload = decodePayload(encoded);
  if (!payload) return { ok: false, reason: 'malformed' };
  if (payload.p !== purpose) return { ok: false, reason: 'wrong_purpose' };
  const given = Buffer.from(signature, 'base64url');
  const expected = signatureOf(encoded, secret, purpose);
  if (given.length !== SIGNATURE_BYTES || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  const claims: SignedLinkClaims = { purpose: payload.p, shop: payload.s, subject: payload.o, expiresAt: new Date(payload.e * 1000) };
  if (now.getTime() >= claims.expiresAt.getTime()) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}
