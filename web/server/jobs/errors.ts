// How a handler tells the worker what a failure means. Anything else thrown is treated as retriable.

/** Retrying cannot help (bad payload, the resource is gone, access revoked): the job ends as failed. */
export class TerminalJobError extends Error {
  override name = 'TerminalJobError';
}

/** Worth another try, optionally not before `retryAfterMs` (e.g. a throttled Shopify call's Retry-After). */
export class RetriableJobError extends Error {
  override name = 'RetriableJobError';
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Raised by ctx.heartbeat() when the lease was taken over or the job was cancelled. */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
  constructor(jobId: string) {
    super(`Lease on job ${jobId} was lost; another worker may be running it`);
  }
}

const MAX_ERROR_LENGTH = 2_000;

// Handlers sometimes put a token or a signed URL in a message; lastError is shown in the admin, so scrub them.
const CREDENTIAL_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/\bshp(?:at|ca|pa|ss|ua)_[A-Za-z0-9]+/g, 'shp***_[redacted]'],
  [/\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, 'Bearer [redacted]'],
  [/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[redacted-jwt]'],
  [/([?&](?:token|signature|hmac|access_token|key)=)[^&\s]+/gi, '$1[redacted]'],
  [/((?:password|secret|token|api[_-]?key)["']?\s*[:=]\s*["']?)[^\s"',;]+/gi, '$1[redacted]'],
];

/** The message to store in lastError: the error's message only (no stack), scrubbed and bounded. */
export function describeJobError(error: unknown): string {
  const raw = error instanceof Error ? `${error.name}: ${error.message}` : `Non-error thrown: ${String(error)}`;
  let message = raw;
  for (const [pattern, replacement] of CREDENTIAL_PATTERNS) message = message.replace(pattern, replacement);
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH)}…` : message;
}
