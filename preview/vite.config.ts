// The preview's host pages, built once per host (`--mode checkout` and `--mode post-purchase`): each bundles the
// real sources of one extension with exactly the UI library that extension is built with, and never another one.
// - checkout: the checkout extension's Preact (JSX from preact), as `shopify app build` bundles it;
// - post-purchase: the post-purchase extension's React 17 (JSX from react), which the repository root pins; the
//   admin's React 18 lives in admin/node_modules and is never reachable from here (recipes §11: two Reacts in one
//   bundle render a blank page). The host page itself draws with Preact, not React.
// The extensions read their backend from `process.env.BACKEND_URL` (replaced at build time by Shopify's CLI); here
// it is what the host page sets before it loads the extension (host-page.ts `setBackendUrl`): the page's own origin,
// or the preview's endpoints for one funnel.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
export const PREVIEW_HOSTS = ['checkout', 'post-purchase'] as const;

export default defineConfig(({ mode }) => {
  const host = PREVIEW_HOSTS.find((name) => name === mode);
  if (!host) throw new Error(`build a preview host with --mode ${PREVIEW_HOSTS.join(' or --mode ')}`);
  return {
    root: here,
    base: '/preview-hosts/',
    oxc: { jsx: { runtime: 'automatic', importSource: host === 'checkout' ? 'preact' : 'react' } },
    resolve: { dedupe: host === 'checkout' ? ['preact', '@preact/signals'] : ['react', 'preact'] },
    define: { 'process.env.BACKEND_URL': 'globalThis.__encoreBackendUrl', 'process.env.APP_URL': '""' },
    build: {
      outDir: path.join(here, 'dist'),
      // The two builds share dist/: each writes its page and hashed assets beside the other's.
      emptyOutDir: false,
      target: 'es2022',
      rollupOptions: { input: path.join(here, `${host}.html`) },
    },
  };
});
