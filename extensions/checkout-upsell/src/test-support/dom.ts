// Queries over the Polaris web components the extension renders into happy-dom's document.
import { vi } from 'vitest';

export function all(selector: string): HTMLElement[] {
  return [...document.body.querySelectorAll<HTMLElement>(selector)];
}

export function one(selector: string): HTMLElement {
  const found = document.body.querySelector<HTMLElement>(selector);
  if (!found) throw new Error(`no ${selector} in ${document.body.innerHTML}`);
  return found;
}

export function buttonNamed(label: string): HTMLElement {
  const button = all('s-button').find((element) => element.textContent?.trim() === label);
  if (!button) throw new Error(`no button "${label}" in ${document.body.innerHTML}`);
  return button;
}

export function bodyText(): string {
  return (document.body.textContent ?? '').replace(/[ \t\r\n]+/g, ' ').trim();
}

/** The accessible name the button will be announced with. */
export function accessibilityLabel(element: HTMLElement): string | null {
  return (
    element.getAttribute('accessibilityLabel') ?? (element as HTMLElement & { accessibilityLabel?: string }).accessibilityLabel ?? null
  );
}

export function isLoading(element: HTMLElement): boolean {
  return Boolean((element as HTMLElement & { loading?: boolean }).loading ?? element.hasAttribute('loading'));
}

/** The text of every element matching `selector`, in document order. */
export function texts(selector = 's-text'): string[] {
  return all(selector).map((element) => element.textContent ?? '');
}

/** Retries `check` until it passes: renders, effects and HTTP round trips settle asynchronously. Generous for busy CI machines. */
export function eventually<T>(check: () => T | Promise<T>): Promise<T> {
  return vi.waitFor(check, { timeout: 5_000, interval: 20 });
}
