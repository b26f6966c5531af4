export function money(minor: number | null | undefined, currencyCode: string): string {
  if (minor === null || minor === undefined) return '—';
  return new Intl.NumberFormat('en', { style: 'currency', currency: currencyCode }).format(minor / 100);
}

export function percent(rate: number | null | undefined, digits = 1): string {
  if (rate === null || rate === undefined) return '—';
  return `${(rate * 100).toFixed(digits)} %`;
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
}

export const SURFACE_LABELS: Readonly<Record<string, string>> = {
  checkout: 'Checkout',
  post_purchase: 'Post-purchase',
  email: 'Email',
  subscription: 'Subscriptions',
};
