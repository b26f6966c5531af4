// Pure schedule arithmetic for renewals: billing intervals, the keys that make each charge unique, what a cycle
// costs. No I/O.

export const BILLING_INTERVALS = ['DAY', 'WEEK', 'MONTH', 'YEAR'] as const;
export type BillingInterval = (typeof BILLING_INTERVALS)[number];

const DAY_MS = 86_400_000;

/** `from` moved on by `count` intervals, in UTC (a month from Jan 31 is Mar 3, as Date arithmetic does). */
export function addInterval(from: Date, interval: string, count: number): Date {
  const date = new Date(from.getTime());
  switch (interval) {
    case 'DAY':
      date.setUTCDate(date.getUTCDate() + count);
      break;
    case 'WEEK':
      date.setUTCDate(date.getUTCDate() + 7 * count);
      break;
    case 'MONTH':
      date.setUTCMonth(date.getUTCMonth() + count);
      break;
    case 'YEAR':
      date.setUTCFullYear(date.getUTCFullYear() + count);
      break;
    default:
      throw new RangeError(`unknown billing interval ${interval}`);
  }
  return date;
}

export function addDays(from: Date, days: number): Date {
  return new Date(from.getTime() + days * DAY_MS);
}

/** Approximate length of an interval in days, to compare frequencies. */
export function intervalDays(interval: string, count: number): number {
  const per: Record<string, number> = { DAY: 1, WEEK: 7, MONTH: 30, YEAR: 365 };
  return (per[interval] ?? 0) * count;
}

/**
 * The idempotency key of one billing attempt, sent to Shopify and unique in BillingAttempt: one contract, one
 * cycle, one attempt number. A retried job, a crashed worker or a second instance derives the same key, and
 * Shopify answers a repeated key with the first attempt instead of charging again.
 */
export function billingAttemptKey(contractShopifyId: string, cycle: number, attempt: number): string {
  return `encore:${numericId(contractShopifyId)}:${cycle}:${attempt}`;
}

/** The renewal job of one attempt, due at one instant: a contract rescheduled later gets a new job. */
export function renewalJobKey(contractId: string, cycle: number, attempt: number, due: Date): string {
  return `subscriptions.renew:${contractId}:${cycle}:${attempt}:${due.toISOString()}`;
}

export function reminderJobKey(contractId: string, cycle: number, due: Date): string {
  return `subscriptions.remind:${contractId}:${cycle}:${due.toISOString()}`;
}

export function numericId(gid: string): string {
  return gid.slice(gid.lastIndexOf('/') + 1);
}

export interface PricedLine {
  quantity: number;
  currentPrice: { amount: string };
}

/** Decimal string ("10.80") to minor units (1080); the currencies Shopify bills subscriptions in have 2 decimals or 0. */
export function toMinor(amount: string): number {
  const [whole = '0', fraction = ''] = amount.trim().replace(/^-/, '').split('.');
  const minor = Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
  return amount.trim().startsWith('-') ? -minor : minor;
}

export function formatMinor(minor: number): string {
  return (minor / 100).toFixed(2);
}

/** What a cycle charges before taxes: each line's current price times its quantity, plus delivery. */
export function cycleAmountMinor(lines: readonly PricedLine[], deliveryPriceMinor: number): number {
  return lines.reduce((sum, line) => sum + toMinor(line.currentPrice.amount) * line.quantity, deliveryPriceMinor);
}

/** Same instant, to the second (dates travel through JSON and two databases). */
export function sameInstant(a: Date | null | undefined, b: Date | null | undefined): boolean {
  if (!a || !b) return false;
  return Math.floor(a.getTime() / 1000) === Math.floor(b.getTime() / 1000);
}
