// Structured logs (pino). Tokens, secrets, HMACs and authorization headers are redacted wherever they appear,
// so a log line never carries a credential. Children add context: logger.child({ shop, orderId }).
import pino, { type Logger } from 'pino';

export type { Logger };

export const REDACTED_PATHS = [
  'accessToken',
  '*.accessToken',
  'apiSecretKey',
  '*.apiSecretKey',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'idToken',
  '*.idToken',
  'sessionToken',
  '*.sessionToken',
  'req.headers.authorization',
  'req.headers["x-shopify-hmac-sha256"]',
  'req.headers["x-shopify-access-token"]',
  'headers.authorization',
  'headers["x-shopify-access-token"]',
];

export interface LoggerOptions {
  level?: string;
  /** Where lines go; tests pass a stream to read them back. */
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { app: 'encore' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    options.destination,
  );
}

/** A logger that drops everything (for tests and benchmarks that do not read logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
