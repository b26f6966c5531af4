// The post-purchase preview's host page: Shopify's side of the post-purchase page, then the extension itself (the
// real extensions/post-purchase-offer/src/index.tsx with its React 17, bundled here on its own).
// 1. As Shopify's worker does, `self.shopify.extend` records the extension's two callbacks when its script loads.
// 2. `?funnel=<id>` sends the extension's requests to the preview's copy of the post-purchase endpoints that sees only
//    that funnel, enabled (a funnel seen before it is turned on); without it, the shop's active funnels answer.
// 3. The backend places an order for the preview cart in the store (demo mode only) and hands back the extension's
//    input data with Shopify's purchase token; ShouldRender runs with it against the real /api/post-purchase/offer.
// 4. Render draws into a @remote-ui receiver, and this page draws the received tree with Preact (the host is not
//    React, so React 17 stays alone in this bundle): one simple HTML element per post-purchase component.
// 5. calculateChangeset / applyChangeset go to the store through the backend, which verifies the signed changeset
//    as Shopify does; accepting therefore goes through the real sign endpoint and lands in the ledger.
import { createRemoteReceiver, createRemoteRoot, KIND_TEXT, type RemoteReceiver } from '@remote-ui/core';
import { type ComponentChild, h, render } from 'preact';
import { messageParent, post, previewShop, setBackendUrl, showProblem, watchHeight } from './host-page.js';

type Callback = (...args: unknown[]) => unknown;

interface PreviewPurchase {
  referenceId: string;
  orderName: string;
  inputData: { locale: string; version: string } & Record<string, unknown>;
}

interface Node {
  kind: number;
  id?: unknown;
  type?: string;
  props?: Record<string, unknown>;
  text?: string;
  children?: Node[];
}

const registered = new Map<string, Callback>();
// What the post-purchase worker provides before it loads the extension's script.
Object.assign(self, { shopify: { extend: (target: string, callback: Callback) => registered.set(target, callback) } });

const str = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));
const call = (value: unknown, ...args: unknown[]) => {
  if (typeof value === 'function') (value as Callback)(...args);
};

let selectIds = 0;
const labels = new WeakMap<object, string>();
const idFor = (node: object): string => {
  let id = labels.get(node);
  if (!id) {
    id = `encore-field-${++selectIds}`;
    labels.set(node, id);
  }
  return id;
};

const textClass = (props: Record<string, unknown>): string =>
  `pp-text ${props.subdued ? 'pp-subdued' : ''} ${props.emphasized ? 'pp-strong' : ''} pp-${str(props.appearance)}`;

/** One post-purchase component as plain HTML; unknown components keep their children. */
function draw(node: Node, key: number): ComponentChild {
  if (node.kind === KIND_TEXT) return node.text ?? '';
  const props = node.props ?? {};
  const children = (node.children ?? []).map(draw);
  const kind = node.type ?? '';
  switch (kind) {
    case 'Heading':
      return h('h1', { key, class: 'pp-heading' }, children);
    case 'TextBlock':
      return h(
        'p',
        { key, class: `pp-text ${props.subdued ? 'pp-subdued' : ''} ${props.emphasized ? 'pp-strong' : ''} pp-${str(props.appearance)}` },
        children,
      );
    case 'Text': {
      const className = `${textClass(props)} pp-${str(props.size)}`;
      return props.role === 'deletion' ? h('del', { key, class: className }, children) : h('span', { key, class: className }, children);
    }
    case 'Image':
      // Drawn as a labelled tile: the preview runs offline, where Shopify's CDN images do not load.
      return h('div', { key, class: 'pp-image', role: 'img', 'aria-label': str(props.description) }, str(props.description).slice(0, 1));
    case 'Button': {
      const busy = Boolean(props.loading);
      return h(
        'button',
        {
          key,
          type: 'button',
          class: props.subdued ? 'pp-button pp-subdued-button' : 'pp-button',
          disabled: busy || Boolean(props.disabled),
          'aria-busy': busy,
          onClick: () => call(props.onPress),
        },
        busy && props.loadingLabel ? str(props.loadingLabel) : children,
      );
    }
    case 'Select': {
      const id = idFor(node);
      const options = (props.options as Array<{ value: string; label: string }> | undefined) ?? [];
      return h('div', { key, class: 'pp-field' }, [
        h('label', { for: id }, str(props.label)),
        h(
          'select',
          {
            id,
            value: str(props.value),
            onChange: (event: Event) => call(props.onChange, (event.currentTarget as HTMLSelectElement).value),
          },
          options.map((option) => h('option', { key: option.value, value: option.value }, option.label)),
        ),
      ]);
    }
    case 'BuyerConsent': {
      const id = idFor(node);
      return h('div', { key, class: 'pp-field' }, [
        h('input', {
          id,
          type: 'checkbox',
          checked: Boolean(props.checked),
          onChange: (event: Event) => call(props.onChange, (event.currentTarget as HTMLInputElement).checked),
        }),
        h('label', { for: id }, ' I agree to the subscription policy and to be charged on each renewal.'),
        props.error ? h('p', { class: 'pp-error', role: 'alert' }, str(props.error)) : null,
      ]);
    }
    case 'Banner':
      return h(
        'div',
        { key, class: `pp-banner pp-${str(props.status)}`, role: props.status === 'critical' ? 'alert' : 'status' },
        children,
      );
    case 'Separator':
      return h('hr', { key });
    case 'Tiles':
      return h('div', { key, class: 'pp-tiles' }, children);
    case 'Layout':
      return h('div', { key, class: 'pp-layout' }, children);
    default:
      return h('div', { key, class: `pp-${kind.toLowerCase()}` }, children);
  }
}

function drawRoot(receiver: RemoteReceiver, into: Element): void {
  const root = receiver.attached.root as unknown as Node;
  render(h('main', { class: 'pp-page' }, (root.children ?? []).map(draw)), into);
}

async function main(): Promise<void> {
  const shop = previewShop();
  const mount = document.getElementById('root') as HTMLElement;
  watchHeight('post-purchase');
  // `?funnel=` previews that funnel as if it were enabled (the backend's post-purchase endpoints narrowed to it);
  // without it, the shop's active funnels answer, as in a real checkout.
  const funnel = new URLSearchParams(window.location.search).get('funnel');
  setBackendUrl(`${window.location.origin}${funnel ? `/api/preview/funnels/${encodeURIComponent(funnel)}` : ''}`);
  await import('../../extensions/post-purchase-offer/src/index.js');
  const shouldRender = registered.get('Checkout::PostPurchase::ShouldRender');
  const renderPage = registered.get('Checkout::PostPurchase::Render');
  if (!shouldRender || !renderPage) throw new Error('the extension registered no post-purchase targets');

  const purchase = await post<PreviewPurchase>('/api/preview/post-purchase', { shop });
  messageParent({ type: 'purchase', orderName: purchase.orderName });
  const storage = {
    initialData: undefined as unknown,
    async update(data: unknown) {
      storage.initialData = JSON.parse(JSON.stringify(data)) as unknown;
    },
  };
  const { inputData } = purchase;
  const decided = (await shouldRender({ extensionPoint: 'Checkout::PostPurchase::ShouldRender', inputData, storage })) as {
    render: boolean;
  };
  if (!decided.render) {
    render(
      h('main', { class: 'pp-page' }, [
        h('h1', { class: 'pp-heading' }, 'No offer for this purchase'),
        h(
          'p',
          null,
          `Order ${purchase.orderName} goes straight to the Thank-you page: no active post-purchase funnel offers anything for it.`,
        ),
      ]),
      mount,
    );
    messageParent({ type: 'post-purchase', state: 'no-offer', orderName: purchase.orderName });
    return;
  }

  const receiver = createRemoteReceiver();
  let finished = false;
  let scheduled = false;
  const redraw = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      void receiver.flush().then(() => finished || drawRoot(receiver, mount));
    });
  };
  const remoteRoot = createRemoteRoot((type, ...args) => {
    (receiver.receive as (...all: unknown[]) => void)(type, ...args);
    redraw();
  });
  const referenceId = purchase.referenceId;
  await renderPage(remoteRoot, {
    extensionPoint: 'Checkout::PostPurchase::Render',
    inputData: { ...inputData, extensionPoint: 'Checkout::PostPurchase::Render' },
    storage,
    locale: inputData.locale,
    version: inputData.version,
    calculateChangeset: (changeset: unknown) => post('/api/preview/post-purchase/calculate', { referenceId, changeset }),
    applyChangeset: async (token: string, options?: { buyerConsentToSubscriptions?: boolean }) => {
      const applied = await post<{ status: string }>('/api/preview/post-purchase/apply', {
        referenceId,
        token,
        buyerConsentToSubscriptions: options?.buyerConsentToSubscriptions === true,
      });
      messageParent({ type: 'post-purchase', state: applied.status, orderName: purchase.orderName });
      return applied;
    },
    async done() {
      finished = true;
      render(
        h('main', { class: 'pp-page' }, [
          h('h1', { class: 'pp-heading' }, 'Thank you page'),
          h('p', null, `The shopper moves on to the Thank-you page of order ${purchase.orderName}.`),
        ]),
        mount,
      );
      messageParent({ type: 'post-purchase', state: 'done', orderName: purchase.orderName });
    },
  });
  redraw();
}

main().catch(showProblem);
