/**
 * The Encore backend's origin, fixed at build time.
 *
 * `shopify app build` / `dev` / `deploy` (CLI 3.94) replace every `process.env.NAME` in extension code with the
 * value of NAME from the shell or the app's `.env` file, and `shopify app dev` adds `APP_URL` (its tunnel). So
 * `BACKEND_URL=https://encore.example.com npx shopify app deploy` bakes that origin in. When neither variable was
 * set, the reference survives the build and throws in the checkout worker (there is no `process` there): that
 * means "no backend", and events are simply not sent.
 */
export function backendUrl(): string {
  let url: string | undefined;
  try {
    url = process.env.BACKEND_URL || process.env.APP_URL;
  } catch {
    url = undefined;
  }
  return (url ?? '').replace(/\/+$/, '');
}
