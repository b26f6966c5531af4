// ISO 4217 minor-unit exponents and exact conversions between decimal strings and integer minor units.
// The table covers every value of the Admin API CurrencyCode enum (checked by a test against the real schema)
// plus the remaining ISO 4217 codes. Money never passes through a float in this module.

/** Currencies whose minor unit is not 1/100. Everything else in CURRENCY_CODES has exponent 2. */
const NON_DECIMAL_2: Readonly<Record<string, number>> = {
  // no minor unit
  BIF: 0,
  BYR: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  // thousandths
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  // ten-thousandths (units of account)
  CLF: 4,
  UYW: 4,
};

/**
 * Every currency the engine accepts. Includes Shopify's non-ISO codes (JEP, KID, USDC, XXX) and codes Shopify
 * still lists after ISO withdrew them (BYR, HRK, LTL, LVL, SLL, STD, VEF), so a historical order still prices.
 */
const CURRENCY_CODES = [
  'AED',
  'AFN',
  'ALL',
  'AMD',
  'ANG',
  'AOA',
  'ARS',
  'AUD',
  'AWG',
  'AZN',
  'BAM',
  'BBD',
  'BDT',
  'BGN',
  'BHD',
  'BIF',
  'BMD',
  'BND',
  'BOB',
  'BOV',
  'BRL',
  'BSD',
  'BTN',
  'BWP',
  'BYN',
  'BYR',
  'BZD',
  'CAD',
  'CDF',
  'CHE',
  'CHF',
  'CHW',
  'CLF',
  'CLP',
  'CNY',
  'COP',
  'COU',
  'CRC',
  'CUP',
  'CVE',
  'CZK',
  'DJF',
  'DKK',
  'DOP',
  'DZD',
  'EGP',
  'ERN',
  'ETB',
  'EUR',
  'FJD',
  'FKP',
  'GBP',
  'GEL',
  'GHS',
  'GIP',
  'GMD',
  'GNF',
  'GTQ',
  'GYD',
  'HKD',
  'HNL',
  'HRK',
  'HTG',
  'HUF',
  'IDR',
  'ILS',
  'INR',
  'IQD',
  'IRR',
  'ISK',
  'JEP',
  'JMD',
  'JOD',
  'JPY',
  'KES',
  'KGS',
  'KHR',
  'KID',
  'KMF',
  'KPW',
  'KRW',
  'KWD',
  'KYD',
  'KZT',
  'LAK',
  'LBP',
  'LKR',
  'LRD',
  'LSL',
  'LTL',
  'LVL',
  'LYD',
  'MAD',
  'MDL',
  'MGA',
  'MKD',
  'MMK',
  'MNT',
  'MOP',
  'MRU',
  'MUR',
  'MVR',
  'MWK',
  'MXN',
  'MXV',
  'MYR',
  'MZN',
  'NAD',
  'NGN',
  'NIO',
  'NOK',
  'NPR',
  'NZD',
  'OMR',
  'PAB',
  'PEN',
  'PGK',
  'PHP',
  'PKR',
  'PLN',
  'PYG',
  'QAR',
  'RON',
  'RSD',
  'RUB',
  'RWF',
  'SAR',
  'SBD',
  'SCR',
  'SDG',
  'SEK',
  'SGD',
  'SHP',
  'SLE',
  'SLL',
  'SOS',
  'SRD',
  'SSP',
  'STD',
  'STN',
  'SVC',
  'SYP',
  'SZL',
  'THB',
  'TJS',
  'TMT',
  'TND',
  'TOP',
  'TRY',
  'TTD',
  'TWD',
  'TZS',
  'UAH',
  'UGX',
  'USD',
  'USDC',
  'USN',
  'UYI',
  'UYU',
  'UYW',
  'UZS',
  'VED',
  'VEF',
  'VES',
  'VND',
  'VUV',
  'WST',
  'XAF',
  'XCD',
  'XCG',
  'XOF',
  'XPF',
  'XXX',
  'YER',
  'ZAR',
  'ZMW',
  'ZWG',
  'ZWL',
] as const;

export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(CURRENCY_CODES.map((code) => [code, NON_DECIMAL_2[code] ?? 2])),
);

export class UnknownCurrencyError extends Error {
  override name = 'UnknownCurrencyError';
  constructor(readonly currency: string) {
    super(`Unknown currency code "${currency}"`);
  }
}

export function isKnownCurrency(code: string): boolean {
  return Object.hasOwn(CURRENCY_EXPONENTS, code);
}

export function currencyExponent(code: string): number {
  const exponent = CURRENCY_EXPONENTS[code];
  if (exponent === undefined) throw new UnknownCurrencyError(code);
  return exponent;
}

const POW10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];

export function pow10(exponent: number): number {
  const value = POW10[exponent];
  if (value === undefined) throw new RangeError(`10^${exponent} is out of range`);
  return value;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * "16.00" in USD -> 1600; "1500" in JPY -> 1500; "1.250" in KWD -> 1250. Exact: extra digits are accepted only
 * when they are zeros ("16.000" USD), anything else throws rather than silently rounding money.
 */
export function decimalToMinor(amount: string, currency: string): number {
  const exponent = currencyExponent(currency);
  const match = DECIMAL.exec(amount.trim());
  if (!match) throw new RangeError(`"${amount}" is not a decimal amount`);
  const [, sign, whole = '0', fraction = ''] = match;
  if (fraction.length > exponent && /[^0]/.test(fraction.slice(exponent))) {
    throw new RangeError(`"${amount}" has more decimals than ${currency} allows (${exponent})`);
  }
  const digits = whole + fraction.slice(0, exponent).padEnd(exponent, '0');
  const minor = Number(digits);
  if (!Number.isSafeInteger(minor)) throw new RangeError(`"${amount}" is too large`);
  return sign ? -minor : minor;
}

/** 1600 USD -> "16.00"; 1500 JPY -> "1500"; 1250 KWD -> "1.250" (the decimal form Shopify inputs take). */
export function minorToDecimal(minor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const text = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  return negative ? `-${text}` : text;
}

interface CachedFormatter {
  format(value: number): string;
  /** Recently formatted amounts: a shop has few distinct prices, and Intl formatting costs about a microsecond. */
  recent: Map<number, string>;
}

const formatters = new Map<string, CachedFormatter>();
const MAX_RECENT = 4096;

/** Localized display string ("16,00 €" for fr/EUR). Formatters are cached: building one costs ~50 µs. */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const key = `${locale}|${currency}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = { format: createFormatter(currency, locale), recent: new Map() };
    formatters.set(key, cached);
  }
  let text = cached.recent.get(minor);
  if (text === undefined) {
    text = cached.format(minor);
    if (cached.recent.size >= MAX_RECENT) cached.recent.clear();
    cached.recent.set(minor, text);
  }
  return text;
}

function createFormatter(currency: string, locale: string): (minor: number) => string {
  const exponent = currencyExponent(currency);
  const divisor = pow10(exponent);
  let resolvedLocale = locale;
  try {
    Intl.NumberFormat.supportedLocalesOf([locale]);
  } catch {
    resolvedLocale = 'en';
  }
  const digits = { minimumFractionDigits: exponent, maximumFractionDigits: exponent };
  try {
    const formatter = new Intl.NumberFormat(resolvedLocale, { style: 'currency', currency, ...digits });
    return (minor) => formatter.format(minor / divisor);
  } catch {
    // Codes Intl does not know (USDC, KID, JEP...) read "12.00 USDC".
    const plain = new Intl.NumberFormat(resolvedLocale, digits);
    return (minor) => `${plain.format(minor / divisor)} ${currency}`;
  }
}
