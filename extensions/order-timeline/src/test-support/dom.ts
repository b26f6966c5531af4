// A happy-dom window at the origin admin UI extensions run on, for rendering the block. The test files run in Node
// (the backend they run in-process needs Node's own fetch), so only `document` is taken from the window. The block's
// fetch is Node's: the CORS answers are checked by the backend's route tests (web/server/admin/order-block.test.ts);
// happy-dom's own fetch refuses an https page calling the tests' http://127.0.0.1 backend as mixed content, which
// browsers allow for loopback.
import { Window } from 'happy-dom';
import { vi } from 'vitest';

export const EXTENSION_PAGE = 'https://extensions.shopifycdn.com/admin/order-timeline.html';

export function installDom(url = EXTENSION_PAGE): Window {
  const window = new Window({ url });
  (globalThis as unknown as { document: unknown }).document = window.document;
  return window;
}

export function all(selector: string): HTMLElement[] {
  return [...document.body.querySelectorAll<HTMLElement>(selector)];
}

export function one(selector: string): HTMLElement {
  const found = document.body.querySelector<HTMLElement>(selector);
  if (!found) throw new Error(`no ${selector} in ${document.body.innerHTML}`);
  return found;
}

export function bodyText(): string {
  return (document.body.textContent ?? '').replace(/[ \t\r\n]+/g, ' ').trim();
}

/** The text of every element matching `selector`, whitespace folded, in document order. */
export function texts(selector: string): string[] {
  return all(selector).map((element) => (element.textContent ?? '').replace(/\s+/g, ' ').trim());
}

/** A property Preact set on a Polaris element (heading, collapsedSummary, href, tone…), or its attribute. */
export function prop(element: HTMLElement, name: string): string | null {
  const value = (element as unknown as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : element.getAttribute(name);
}

/** Retries `check` until it passes: renders and HTTP round trips settle asynchronously. */
export function eventually<T>(check: () => T | Promise<T>): Promise<T> {
  return vi.waitFor(check, { timeout: 10_000, interval: 20 });
}
