// Typed configuration from the environment. Each setting names its variable and its demo default; outside
// demo mode a missing required variable stops startup with one message naming every missing variable.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface AppConfig {
  /** SHOPIFY_API_KEY: the app's client id. */
  apiKey: string;
  /** SHOPIFY_API_SECRET: the app's client secret; signs and verifies every token and HMAC. */
  apiSecret: string;
  /** SCOPES: comma-separated access scopes (shopify.app.toml is the source when the CLI runs the app). */
  scopes: string[];
  /** SHOPIFY_APP_URL, APP_URL or HOST: the public https URL of this backend. */
  appUrl: string;
  /** PORT or BACKEND_PORT: where the HTTP server listens. */
  port: number;
  /** DATABASE_URL: file:… (SQLite) or postgresql://… */
  databaseUrl: string;
  /** LOG_LEVEL: pino level. */
  logLevel: string;
  /** ENCORE_DEMO=1: demo defaults instead of startup errors. */
  demo: boolean;
  /** ENCORE_RUN_WORKER=0 disables the in-process job worker (run workers separately). */
  runWorker: boolean;
  /** SMTP_URL: smtp://user:pass@host:587 or smtps://…:465 for email offers and subscription notices; unset, none is sent. */
  smtpUrl: string | null;
  /** EMAIL_FROM: the From address of email offers and subscription notices (your sending domain); the name is the shop. */
  emailFrom: string | null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const DEMO_DEFAULTS = {
  SHOPIFY_API_KEY: 'encore-demo-api-key',
  SHOPIFY_API_SECRET: 'encore-demo-api-secret',
  DATABASE_URL: `file:${path.join(repoRoot, 'prisma', 'demo.db')}`,
} as const;

const DEFAULT_SCOPES =
  'write_products,write_orders,write_order_edits,write_merchant_managed_fulfillment_orders,write_third_party_fulfillment_orders,' +
  'write_customers,read_locales,write_own_subscription_contracts,write_discounts';

type Env = Record<string, string | undefined>;

function firstSet(env: Env, names: string[]): string | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const demo = env.ENCORE_DEMO === '1' || env.ENCORE_DEMO === 'true';
  const missing: string[] = [];
  const problems: string[] = [];

  const required = (names: string[], demoDefault?: string): string => {
    const value = firstSet(env, names) ?? (demo ? demoDefault : undefined);
    if (value === undefined) {
      missing.push(names.join(' or '));
      return '';
    }
    return value;
  };

  const portText = firstSet(env, ['PORT', 'BACKEND_PORT']) ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT must be a port number, got "${portText}"`);

  const apiKey = required(['SHOPIFY_API_KEY'], DEMO_DEFAULTS.SHOPIFY_API_KEY);
  const apiSecret = required(['SHOPIFY_API_SECRET'], DEMO_DEFAULTS.SHOPIFY_API_SECRET);
  const appUrlRaw = required(['SHOPIFY_APP_URL', 'APP_URL', 'HOST'], `http://127.0.0.1:${port}`);
  const databaseUrl = required(['DATABASE_URL'], DEMO_DEFAULTS.DATABASE_URL);
  const scopes = (firstSet(env, ['SCOPES']) ?? DEFAULT_SCOPES)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

  let appUrl = appUrlRaw;
  if (appUrlRaw) {
    // The CLI passes HOST with a scheme; some hosts pass a bare host name.
    const withScheme = /^https?:\/\//.test(appUrlRaw) ? appUrlRaw : `https://${appUrlRaw}`;
    try {
      appUrl = new URL(withScheme).origin;
    } catch {
      problems.push(`SHOPIFY_APP_URL must be a URL, got "${appUrlRaw}"`);
    }
  }
  const smtpUrl = firstSet(env, ['SMTP_URL']) ?? null;
  const emailFrom = firstSet(env, ['EMAIL_FROM']) ?? null;
  if (smtpUrl && !/^smtps?:\/\/[^/\s]+/.test(smtpUrl))
    problems.push('SMTP_URL must look like smtp://user:password@host:587 or smtps://host:465');
  if (smtpUrl && !emailFrom) problems.push('EMAIL_FROM must be set with SMTP_URL (the From address of email offers)');
  if (emailFrom && !/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(emailFrom)) problems.push('EMAIL_FROM must be an email address');
  if (databaseUrl && !/^(file:|postgres(ql)?:\/\/)/.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with "file:" (SQLite) or "postgresql://" (PostgreSQL)');
  }

  if (missing.length || problems.length) {
    const lines = [
      ...(missing.length ? [`Missing environment variables: ${missing.join(', ')}.`] : []),
      ...problems,
      'Set them (see the configuration table in README.md), or run `npm run demo` for the offline demo.',
    ];
    throw new ConfigError(lines.join('\n'));
  }

  return {
    apiKey,
    apiSecret,
    scopes,
    appUrl,
    port,
    databaseUrl,
    logLevel: firstSet(env, ['LOG_LEVEL']) ?? 'info',
    demo,
    runWorker: env.ENCORE_RUN_WORKER !== '0',
    smtpUrl,
    emailFrom,
  };
}
