// A few pages need no router library: the path is the state, links push it, popstate restores it. The query string
// (Shopify's `shop`, `host`, `embedded`) is kept on every navigation, as App Bridge expects.
import { useEffect, useState } from 'react';

const listeners = new Set<() => void>();

export function navigate(to: string): void {
  const url = new URL(to, window.location.origin);
  const keep = new URLSearchParams(window.location.search);
  for (const [key, value] of url.searchParams) keep.set(key, value);
  const search = keep.toString();
  window.history.pushState(null, '', `${url.pathname}${search ? `?${search}` : ''}`);
  for (const listener of listeners) listener();
  window.scrollTo(0, 0);
}

/** The current path; `initial` is used where there is no window (the build's prerender of Home). */
export function usePath(initial?: string): string {
  const [path, setPath] = useState(() => initial ?? window.location.pathname);
  useEffect(() => {
    const update = () => setPath(window.location.pathname);
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return path;
}

/** True inside Shopify's admin (an iframe); false when the admin runs standalone (the demo). */
export function isEmbedded(): boolean {
  if (typeof window === 'undefined') return false;
  try {
    return window.top !== window.self;
  } catch {
    return true;
  }
}
