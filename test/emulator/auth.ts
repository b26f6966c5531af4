// Admin API access: access tokens per shop, App Bridge session tokens (id tokens) minted as Shopify does, and the
// token-exchange endpoint exactly as @shopify/shopify-api 15 calls it (lib/auth/oauth/token-exchange.ts: JSON body
// {client_id, client_secret, grant_type: urn:ietf:params:oauth:grant-type:token-exchange, subject_token,
// subject_token_type: urn:ietf:params:oauth:token-type:id_token, requested_token_type, expiring}; the answer is
// {access_token, scope} for offline tokens, plus expires_in / associated_user_scope / associated_user for online
// ones). A bad subject token is refused with HTTP 400 {error: "invalid_subject_token", error_description: "Token
// exchange cannot be performed due to an invalid subject token."} (a real Shopify answer quoted in
// kinngh/shopify-node-express-mongodb-app#135). Token lifetimes use real time, because the app verifies session
// tokens against the real clock.
import crypto from 'node:crypto';

export const INVALID_TOKEN_BODY = { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' };

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';
export const OFFLINE_TOKEN_TYPE = 'urn:shopify:params:oauth:token-type:offline-access-token';
export const ONLINE_TOKEN_TYPE = 'urn:shopify:params:oauth:token-type:online-access-token';

const SESSION_TOKEN_LIFETIME_S = 60;
/** shopify.dev, checkout UI extensions, Session Token API: "The token has a TTL of 5 minutes." */
const CHECKOUT_SESSION_TOKEN_LIFETIME_S = 300;
const ONLINE_TOKEN_LIFETIME_S = 86_399;
const EXPIRING_OFFLINE_LIFETIME_S = 3_600;
// Expiring offline tokens live 60 minutes, their refresh tokens 90 days; a used refresh token stays valid until its
// replacement is used, for at most 30 days (shopify.dev changelog "Offline access tokens now support expiry and
// refresh" and "More resilient refreshes for expiring offline access tokens").
const REFRESH_TOKEN_LIFETIME_S = 90 * 86_400;
const USED_REFRESH_TOKEN_GRACE_S = 30 * 86_400;

function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

export function signHs256(payload: Record<string, unknown>, secret: string): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = base64url(JSON.stringify(payload));
  const signature = crypto.createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
  return `${header}.${body}.${signature}`;
}

export type JwtCheck = { ok: true; payload: Record<string, unknown> } | { ok: false; reason: string };

export function verifyHs256(token: string, secret: string): JwtCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed token' };
  const [header, body, signature] = parts as [string, string, string];
  let headerJson: { alg?: unknown };
  let payload: Record<string, unknown>;
  try {
    headerJson = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown };
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: 'malformed token' };
  }
  if (headerJson.alg !== 'HS256') return { ok: false, reason: 'unsupported algorithm' };
  const expected = crypto.createHmac('sha256', secret).update(`${header}.${body}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
    return { ok: false, reason: 'signature verification failed' };
  return { ok: true, payload };
}

export interface SessionTokenClaims {
  iss?: string;
  dest?: string;
  aud?: string;
  sub?: string;
  exp?: number;
  nbf?: number;
  iat?: number;
  jti?: string;
  sid?: string;
  sig?: string;
  [claim: string]: unknown;
}

export interface AccessToken {
  token: string;
  shop: string;
  scopes: string[];
  /** Unix ms; null for non-expiring offline tokens. */
  expiresAt: number | null;
  online: { userId: number } | null;
}

export interface AuthOptions {
  apiKey: string;
  apiSecret: string;
  /**
   * Whether token exchange still hands out non-expiring offline tokens. Off by default: public apps created since
   * 2026-04-01 must use expiring offline tokens (shopify.dev, "About offline access tokens").
   */
  nonExpiringOfflineTokens?: boolean;
}

interface RefreshGrant {
  shop: string;
  scopes: string[];
  expiresAt: number;
  /** The refresh token this one replaced: retired as soon as this one is used. */
  replaces: string | null;
  /** When this token was first used; it stays valid (for a lost answer) until its replacement is used. */
  firstUsedAt: number | null;
}

export type TokenExchangeResult = { status: number; body: Record<string, unknown> };

export interface TokenExchangeShop {
  domain: string;
  staffUserId: number;
  ownerEmail: string;
  grantedScopes: string[];
  /** Called on every successful exchange: a managed install (re)installs the app. */
  onInstall: () => void;
}

export class Auth {
  private readonly tokens = new Map<string, AccessToken>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();

  constructor(readonly options: AuthOptions) {}

  /** An App Bridge session token for `shop`, signed like Shopify's (HS256 with the app secret, 60 s). */
  issueSessionToken(shop: string, userId: number, claims: SessionTokenClaims = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const payload: SessionTokenClaims = {
      iss: `https://${shop}/admin`,
      dest: `https://${shop}`,
      aud: this.options.apiKey,
      sub: String(userId),
      exp: now + SESSION_TOKEN_LIFETIME_S,
      nbf: now,
      iat: now,
      jti: crypto.randomUUID(),
      sid: crypto.randomBytes(16).toString('hex'),
      sig: crypto.randomBytes(32).toString('hex'),
      ...claims,
    };
    return signHs256(payload, this.options.apiSecret);
  }

  /**
   * A checkout UI extension's session token (`shopify.sessionToken.get()`), signed like Shopify's: HS256 with the
   * app secret, 5 minutes. Unlike the admin's, `dest` is the bare shop domain: Shopify/shopify-app-js's test of
   * `authenticate.public.checkout` says "Checkout UI session tokens don't include the protocol". The claim set is
   * the one in shopify.dev's checkout session-token example (dest, aud = client id, exp, nbf, iat, jti; no iss;
   * quoted in Kyon147/laravel-shopify#426); `sub` is the customer GID and present only for a logged-in buyer whose
   * data the app may read (shopify.dev Session Token API), so pass `{sub: 'gid://shopify/Customer/…'}` for one.
   */
  issueCheckoutSessionToken(shop: string, claims: SessionTokenClaims = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const payload: SessionTokenClaims = {
      dest: shop,
      aud: this.options.apiKey,
      exp: now + CHECKOUT_SESSION_TOKEN_LIFETIME_S,
      nbf: now,
      iat: now,
      jti: crypto.randomUUID(),
      ...claims,
    };
    return signHs256(payload, this.options.apiSecret);
  }

  addToken(token: AccessToken): void {
    this.tokens.set(token.token, token);
  }

  issueAccessToken(shop: string, scopes: string[], options: { online?: { userId: number }; expiresInS?: number } = {}): AccessToken {
    const prefix = options.online ? 'shpua' : 'shpat';
    const token: AccessToken = {
      token: `${prefix}_${crypto.randomBytes(16).toString('hex')}`,
      shop,
      scopes: [...scopes],
      expiresAt: options.expiresInS ? Date.now() + options.expiresInS * 1000 : null,
      online: options.online ?? null,
    };
    this.tokens.set(token.token, token);
    return token;
  }

  revokeShop(shop: string): void {
    for (const [key, token] of this.tokens) if (token.shop === shop) this.tokens.delete(key);
  }

  /** The token's grant when it is valid for `shop`, or null (then the caller answers 401). */
  check(token: string | undefined, shop: string): AccessToken | null {
    if (!token) return null;
    const found = this.tokens.get(token);
    if (!found || found.shop !== shop) return null;
    if (found.expiresAt !== null && found.expiresAt <= Date.now()) return null;
    return found;
  }

  private verifySubjectToken(subjectToken: string, shop: string): JwtCheck {
    const verified = verifyHs256(subjectToken, this.options.apiSecret);
    if (!verified.ok) return verified;
    const { payload } = verified;
    const now = Date.now() / 1000;
    // jose (as used by @shopify/shopify-api) allows 10 s of clock skew; Shopify is assumed to be as lenient.
    if (typeof payload.exp !== 'number' || payload.exp + 10 < now) return { ok: false, reason: 'token expired' };
    if (typeof payload.nbf === 'number' && payload.nbf - 10 > now) return { ok: false, reason: 'token not yet valid' };
    if (payload.aud !== this.options.apiKey) return { ok: false, reason: 'audience does not match the client id' };
    if (payload.dest !== `https://${shop}`) return { ok: false, reason: 'destination does not match the shop' };
    return verified;
  }

  exchange(body: Record<string, unknown>, shop: TokenExchangeShop): TokenExchangeResult {
    if (body.client_id !== this.options.apiKey || body.client_secret !== this.options.apiSecret) {
      return {
        status: 401,
        body: {
          error: 'invalid_client',
          error_description:
            'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
        },
      };
    }
    if (body.grant_type === 'refresh_token') return this.refresh(body, shop);
    if (body.grant_type !== TOKEN_EXCHANGE_GRANT) {
      return {
        status: 400,
        body: {
          error: 'unsupported_grant_type',
          error_description: 'The authorization grant type is not supported by the authorization server.',
        },
      };
    }
    if (body.subject_token_type !== ID_TOKEN_TYPE) {
      return { status: 400, body: { error: 'invalid_subject_token_type', error_description: 'The subject token type is not supported.' } };
    }
    const requested = body.requested_token_type;
    if (requested !== OFFLINE_TOKEN_TYPE && requested !== ONLINE_TOKEN_TYPE) {
      return { status: 400, body: { error: 'invalid_request', error_description: 'The requested token type is not supported.' } };
    }
    const subject =
      typeof body.subject_token === 'string'
        ? this.verifySubjectToken(body.subject_token, shop.domain)
        : ({ ok: false, reason: 'missing' } as const);
    if (!subject.ok) {
      return {
        status: 400,
        body: { error: 'invalid_subject_token', error_description: 'Token exchange cannot be performed due to an invalid subject token.' },
      };
    }
    const expiring = body.expiring === '1' || body.expiring === 1 || body.expiring === true;
    if (requested === OFFLINE_TOKEN_TYPE && !expiring && !this.options.nonExpiringOfflineTokens) {
      // The emulator's wording: Shopify's exact answer to this request was not found in public sources.
      return {
        status: 400,
        body: { error: 'invalid_request', error_description: 'This app must use expiring offline access tokens: send expiring=1.' },
      };
    }
    shop.onInstall();
    const scope = shop.grantedScopes.join(',');
    if (requested === ONLINE_TOKEN_TYPE) {
      const userId = Number(subject.payload.sub ?? shop.staffUserId) || shop.staffUserId;
      const token = this.issueAccessToken(shop.domain, shop.grantedScopes, { online: { userId }, expiresInS: ONLINE_TOKEN_LIFETIME_S });
      return {
        status: 200,
        body: {
          access_token: token.token,
          scope,
          expires_in: ONLINE_TOKEN_LIFETIME_S,
          associated_user_scope: scope,
          session: typeof subject.payload.sid === 'string' ? subject.payload.sid : undefined,
          associated_user: {
            id: userId,
            first_name: 'Demo',
            last_name: 'Merchant',
            email: shop.ownerEmail,
            email_verified: true,
            account_owner: true,
            locale: 'en',
            collaborator: false,
          },
        },
      };
    }
    if (!expiring) return { status: 200, body: { access_token: this.issueAccessToken(shop.domain, shop.grantedScopes).token, scope } };
    return { status: 200, body: this.issueExpiringPair(shop.domain, shop.grantedScopes, null) };
  }

  private issueExpiringPair(shop: string, scopes: string[], replaces: string | null): Record<string, unknown> {
    const token = this.issueAccessToken(shop, scopes, { expiresInS: EXPIRING_OFFLINE_LIFETIME_S });
    const refreshToken = `shprt_${crypto.randomBytes(16).toString('hex')}`;
    this.refreshTokens.set(refreshToken, {
      shop,
      scopes: [...scopes],
      expiresAt: Date.now() + REFRESH_TOKEN_LIFETIME_S * 1000,
      replaces,
      firstUsedAt: null,
    });
    return {
      access_token: token.token,
      scope: scopes.join(','),
      expires_in: EXPIRING_OFFLINE_LIFETIME_S,
      refresh_token: refreshToken,
      refresh_token_expires_in: REFRESH_TOKEN_LIFETIME_S,
    };
  }

  /** Registers tokens issued by an earlier run (the demo's database outlives the emulator's memory). */
  restore(token: AccessToken, refresh?: { token: string; expiresAt: number }): void {
    this.tokens.set(token.token, { ...token, scopes: [...token.scopes] });
    if (refresh)
      this.refreshTokens.set(refresh.token, {
        shop: token.shop,
        scopes: [...token.scopes],
        expiresAt: refresh.expiresAt,
        replaces: null,
        firstUsedAt: null,
      });
  }

  /** Ends every expiring access token of the shop now, as if their hour had passed (refresh tokens stay). */
  expireAccessTokens(shop: string): void {
    for (const token of this.tokens.values()) if (token.shop === shop && token.expiresAt !== null) token.expiresAt = Date.now();
  }

  private refresh(body: Record<string, unknown>, shop: TokenExchangeShop): TokenExchangeResult {
    const presented = typeof body.refresh_token === 'string' ? body.refresh_token : '';
    const grant = this.refreshTokens.get(presented);
    const now = Date.now();
    const graceOver = grant?.firstUsedAt != null && grant.firstUsedAt + USED_REFRESH_TOKEN_GRACE_S * 1000 <= now;
    if (!grant || grant.shop !== shop.domain || grant.expiresAt <= now || graceOver) {
      return { status: 400, body: { error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.' } };
    }
    grant.firstUsedAt ??= now;
    // Using a replacement retires the token it replaced; this one stays until its own replacement is used.
    if (grant.replaces) this.refreshTokens.delete(grant.replaces);
    return { status: 200, body: this.issueExpiringPair(shop.domain, grant.scopes, presented) };
  }
}
