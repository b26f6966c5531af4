// The one reader of `Authorization: Bearer <token>` (RFC 6750 §2.1), for every caller that sends a token that way:
// App Bridge session tokens (admin), checkout session tokens, post-purchase purchase tokens. The scheme is
// case-insensitive; surrounding whitespace is ignored; a header with anything after the token is not a bearer token.
const BEARER = /^Bearer\s+(\S+)$/i;

/** The token of a bearer Authorization header, or null when the header is missing or is not one. */
export function bearerToken(header: string | undefined): string | null {
  return header === undefined ? null : (BEARER.exec(header.trim())?.[1] ?? null);
}
