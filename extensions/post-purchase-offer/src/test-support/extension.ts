// Loads src/index.tsx the way Shopify's post-purchase worker does (a `self.shopify.extend` that records the
// callbacks), and mounts Render into a real @remote-ui receiver, as the checkout host receives it.
import { createRemoteRoot, type RemoteReceiver } from '@remote-ui/core';
import { expect } from 'vitest';
import { createHost, eventually, findAll, type RemoteNode, rootOf } from './remote-tree.js';

type Registered = (...args: unknown[]) => unknown;

export interface LoadedExtension {
  shouldRender(api: {
    inputData: unknown;
    storage: { initialData: unknown; update(data: unknown): Promise<void> };
  }): Promise<{ render: boolean }>;
  /** Renders the page for `input` and waits for its first heading. */
  mount(input: unknown): Promise<MountedPage>;
  /** Renders the page for `input` without waiting for anything. */
  render(input: unknown): MountedPage;
}

export interface MountedPage {
  host: RemoteReceiver;
  root(): RemoteNode;
  /** Retries `check` after each flush of the remote tree until it passes. */
  settled(check: () => void): Promise<void>;
}

let loaded: Promise<LoadedExtension> | null = null;

export function loadExtension(): Promise<LoadedExtension> {
  loaded ??= (async () => {
    const registered = new Map<string, Registered>();
    // What the post-purchase worker provides before it loads the extension script.
    Object.assign(globalThis, {
      self: globalThis,
      shopify: { extend: (target: string, callback: Registered) => registered.set(target, callback) },
    });
    await import('../index.js');
    const render = (input: unknown): MountedPage => {
      const host = createHost();
      const remoteRoot = createRemoteRoot(host.receive);
      (registered.get('Checkout::PostPurchase::Render') as Registered)(remoteRoot, input);
      return {
        host,
        root: () => rootOf(host),
        settled: (check) =>
          eventually(async () => {
            await host.flush();
            check();
          }),
      };
    };
    return {
      shouldRender: (api) => (registered.get('Checkout::PostPurchase::ShouldRender') as Registered)(api) as Promise<{ render: boolean }>,
      render,
      async mount(input) {
        const page = render(input);
        await page.settled(() => expect(findAll(page.root(), 'Heading')).toHaveLength(1));
        return page;
      },
    };
  })();
  return loaded;
}
