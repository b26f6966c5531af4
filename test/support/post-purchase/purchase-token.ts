// Test support: the purchase token exactly as Shopify mints it for the post-purchase extension (HS256 with the
// app's client secret; `iss` "shopify", `sub` the reference id, `iat`, and `input_data` mirroring the input).
import jwt from 'jsonwebtoken';

export interface MintOptions {
  secret: string;
  referenceId: string;
  /** Seconds since the epoch; default now. */
  issuedAt?: number;
  /** The extension input without its token; omitted when undefined (Shopify's docs do not promise it). */
  inputData?: unknown;
  /** Overrides for forging tests. */
  issuer?: string;
  extraClaims?: Record<string, unknown>;
}

export function mintPurchaseToken(options: MintOptions): string {
  const payload: Record<string, unknown> = {
    iss: options.issuer ?? 'shopify',
    sub: options.referenceId,
    iat: options.issuedAt ?? Math.floor(Date.now() / 1000),
    ...(options.inputData !== undefined ? { input_data: options.inputData } : {}),
    ...options.extraClaims,
  };
  // An explicit iat in the payload is kept by jsonwebtoken.
  return jwt.sign(payload, options.secret, { algorithm: 'HS256' });
}

/** An unsigned token with `alg: none`, as an attacker would send it. */
export function unsignedToken(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
}
