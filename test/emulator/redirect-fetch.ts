// Points @shopify/shopify-api at the emulator: `https://{shop}/admin/...` becomes `{emulatorUrl}/admin/...` with the
// header `x-encore-emulator-shop: {shop}`. The library always calls https (@shopify/graphql-client's
// validateDomainAndGetStoreUrl sets the scheme) through the fetch its node adapter captured on import, so patching
// globalThis.fetch later changes nothing; setAbstractFetchFunc replaces that captured fetch. Install it in test setup with
// `setAbstractFetchFunc(emulatorFetch(emulator.url))` from '@shopify/shopify-api/runtime'. Test code only: production
// code must never import this file.
import { SHOP_HEADER } from './server.js';

export type EmulatorFetch = (...params: Parameters<typeof fetch>) => Promise<Response>;

export function emulatorFetch(emulatorUrl: string): EmulatorFetch {
  const base = emulatorUrl.replace(/\/$/, '');
  return async (input, init) => {
    const request = input instanceof Request ? input : null;
    const original = new URL(request ? request.url : input instanceof URL ? input.href : String(input));
    if (!original.pathname.startsWith('/admin/')) return fetch(input, init);
    const headers = new Headers(request?.headers);
    for (const [key, value] of new Headers(init?.headers)) headers.set(key, value);
    headers.set(SHOP_HEADER, original.host);
    const body = init?.body ?? (request && request.method !== 'GET' && request.method !== 'HEAD' ? await request.text() : undefined);
    return fetch(`${base}${original.pathname}${original.search}`, {
      ...init,
      method: init?.method ?? request?.method ?? 'GET',
      headers,
      body,
    });
  };
}

/**
 * Like emulatorFetch, for an emulator that is not up yet: requests made before `emulatorUrl` resolves wait for it
 * (the demo starts the backend, whose job worker may call Shopify at once, before the emulator).
 */
export function emulatorFetchWhenReady(emulatorUrl: Promise<string>): EmulatorFetch {
  const ready = emulatorUrl.then(emulatorFetch);
  return async (input, init) => (await ready)(input, init);
}
