import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Server, emulator and e2e tests share these defaults; each extension has its own project below.
    projects: [
      {
        test: {
          name: 'server',
          environment: 'node',
          include: ['web/server/**/*.test.ts', 'test/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      {
        test: {
          name: 'post-purchase-offer',
          root: 'extensions/post-purchase-offer',
          environment: 'node',
          include: ['src/**/*.test.{ts,tsx}'],
          testTimeout: 30_000,
          // React 17 ships no "exports" map, so native ESM cannot resolve 'react/jsx-runtime' from these packages.
          server: { deps: { inline: ['@shopify/post-purchase-ui-extensions-react', '@remote-ui/react'] } },
        },
      },
      {
        test: {
          name: 'checkout-upsell',
          root: 'extensions/checkout-upsell',
          environment: 'happy-dom',
          include: ['src/**/*.test.{ts,tsx}'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'order-timeline',
          root: 'extensions/order-timeline',
          // Node: the tests run the real backend in-process, which needs Node's fetch. Each file renders the block
          // into its own happy-dom window at the extensions' origin (src/test-support/dom.ts).
          environment: 'node',
          include: ['src/**/*.test.{ts,tsx}'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          globalSetup: ['../../test/support/global-setup.ts'],
        },
      },
    ],
  },
});
