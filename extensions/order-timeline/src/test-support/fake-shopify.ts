// A stand-in for the `shopify` global Shopify's admin gives the block (API 2026-07): the selected order, the ID token,
// and i18n over the extension's own locale files. The order of precedence is the one Shopify documents for UI
// extension locale files ("Localizing checkout UI extensions": the user's locale `de-DE`, then `de`, then the
// default file, en.default.json here; the admin docs say only "the merchant's language preferences"); `{{name}}`
// replacements; `count` picks the plural form (one / other) by the locale's plural rules.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Api } from '@shopify/ui-extensions/admin.order-details.block.render';
import { type Mock, vi } from 'vitest';

const LOCALES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../locales');

export type Messages = { [key: string]: string | Messages };

export function localeFile(name: string): Messages {
  return JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, name), 'utf8')) as Messages;
}

export function localeFiles(): Record<string, Messages> {
  return Object.fromEntries(fs.readdirSync(LOCALES_DIR).map((file) => [file.replace(/\.json$/, ''), localeFile(file)]));
}

function lookup(messages: Messages | undefined, key: string): string | Messages | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return node;
}

function translator(locale: string) {
  const files = localeFiles();
  const chain = [files[locale], files[locale.split('-')[0] ?? ''], files['en.default']].filter((f): f is Messages => Boolean(f));
  const plural = new Intl.PluralRules(locale);
  return (key: string, options: Record<string, unknown> = {}): string => {
    for (const messages of chain) {
      let found = lookup(messages, key);
      if (typeof found === 'object' && typeof options.count === 'number') found = found[plural.select(options.count)] ?? found.other;
      if (typeof found === 'string') return found.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => String(options[name] ?? whole));
    }
    // A missing translation comes back as its key, so a test reading the text notices.
    return key;
  };
}

export interface FakeShopify {
  data: { selected: Array<{ id: string }> };
  auth: { idToken: Mock<() => Promise<string | null>> };
  i18n: Api['i18n'];
}

/** Installs `globalThis.shopify` for an order page in `locale` (the merchant's admin language). */
export function installFakeShopify(options: {
  orderId: string | null;
  locale?: string;
  idToken: () => Promise<string | null>;
}): FakeShopify {
  const locale = options.locale ?? 'en';
  const translate = translator(locale);
  const fake: FakeShopify = {
    data: { selected: options.orderId ? [{ id: options.orderId }] : [] },
    auth: { idToken: vi.fn(options.idToken) },
    i18n: {
      translate: ((key: string, replacements?: Record<string, unknown>) => translate(key, replacements)) as Api['i18n']['translate'],
      formatNumber: (number, formatOptions) => new Intl.NumberFormat(locale, formatOptions).format(number),
      formatCurrency: (number, formatOptions) => new Intl.NumberFormat(locale, { ...formatOptions, style: 'currency' }).format(number),
      formatDate: (date, formatOptions) => new Intl.DateTimeFormat(locale, formatOptions).format(date),
    },
  };
  (globalThis as unknown as { shopify: FakeShopify }).shopify = fake;
  return fake;
}
