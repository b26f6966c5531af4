// Preview: the real checkout extension (both targets) and the real post-purchase extension, as a shopper sees them,
// without a store. Each runs in its own frame, a host page the backend serves in demo mode (preview/ at the
// repository root): the checkout frames bundle the extension's Preact, the post-purchase frame its React 17, so
// neither meets this page's React 18. The frames talk to the real backend; accepting the post-purchase offer signs
// the change through /api/post-purchase/sign and the order's timeline shows it. Frames report their height, the
// cart after each change and the post-purchase outcome with postMessage (same origin only).
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Layout, List, Page, Text } from '@shopify/polaris';
import { useEffect, useState } from 'react';
import { navigate } from '../router';

const BLOCK = 'purchase.checkout.block.render';
const CART_LINE = 'purchase.checkout.cart-line-item.render-after';

interface CartMessage {
  lines: Array<{ title: string; quantity: number; sellingPlanId: string | null }>;
  discountCodes: string[];
}

type PreviewMessage =
  | { source: 'encore-preview'; type: 'height'; frame: string; height: number }
  | ({ source: 'encore-preview'; type: 'cart'; target: string } & CartMessage)
  | { source: 'encore-preview'; type: 'purchase'; orderName: string }
  | { source: 'encore-preview'; type: 'post-purchase'; state: string; orderName: string }
  | { source: 'encore-preview'; type: 'problem'; message: string };

/** The demo's App Bridge stand-in says `demo: true`; `?funnel=` names a funnel to preview as if it were on. */
function previewConfig(): { demo: boolean; shop: string; funnel: string | null } {
  const config = (typeof window !== 'undefined' ? window.shopify?.config : undefined) as { demo?: boolean; shop?: string } | undefined;
  const query = new URLSearchParams(window.location.search);
  return { demo: config?.demo === true, shop: config?.shop || query.get('shop') || '', funnel: query.get('funnel') };
}

function Frame({ name, title, src, height }: { name: string; title: string; src: string; height: number | undefined }) {
  return (
    <iframe
      title={title}
      name={name}
      src={src}
      style={{ width: '100%', height: height ?? 120, border: '1px solid var(--p-color-border)', borderRadius: 8, background: '#fff' }}
    />
  );
}

export default function Preview() {
  const [{ demo, shop, funnel }, setConfig] = useState(previewConfig);
  const [run, setRun] = useState(0);
  const [heights, setHeights] = useState<Record<string, number>>({});
  const [cart, setCart] = useState<CartMessage | null>(null);
  const [order, setOrder] = useState<{ name: string; state: string; accepted: number } | null>(null);
  const [problems, setProblems] = useState<string[]>([]);

  useEffect(() => {
    const listen = (event: MessageEvent<PreviewMessage>) => {
      if (event.origin !== window.location.origin || event.data?.source !== 'encore-preview') return;
      const message = event.data;
      if (message.type === 'height') setHeights((current) => ({ ...current, [message.frame]: message.height + 2 }));
      else if (message.type === 'cart') setCart({ lines: message.lines, discountCodes: message.discountCodes });
      else if (message.type === 'purchase') setOrder({ name: message.orderName, state: 'shown', accepted: 0 });
      else if (message.type === 'post-purchase') {
        const applied = message.state === 'processed' ? 1 : 0;
        setOrder((current) => ({ name: message.orderName, state: message.state, accepted: (current?.accepted ?? 0) + applied }));
      } else if (message.type === 'problem') setProblems((current) => [...current, message.message]);
    };
    window.addEventListener('message', listen);
    return () => window.removeEventListener('message', listen);
  }, []);

  if (!demo) {
    return (
      <Page title="Preview" subtitle="The checkout and post-purchase extensions as a shopper sees them">
        <Banner tone="info" title="Previews run in the demo">
          <p>
            The preview plays Shopify's checkout against the bundled store emulator. Start it with <code>npm run demo</code> and open the
            admin URL it prints; on a development store use <code>shopify app dev</code>.
          </p>
        </Banner>
      </Page>
    );
  }

  const host = (page: string, extra: Record<string, string> = {}) =>
    `/preview-hosts/${page}.html?${new URLSearchParams({ shop, ...extra, run: String(run) }).toString()}`;
  const showActive = () => {
    const url = new URL(window.location.href);
    url.searchParams.delete('funnel');
    window.history.replaceState(null, '', url);
    setConfig(previewConfig());
    restart();
  };
  const restart = () => {
    setCart(null);
    setOrder(null);
    setProblems([]);
    setRun((current) => current + 1);
  };
  const accepted = (order?.accepted ?? 0) > 0;

  return (
    <Page
      title="Preview"
      subtitle="Your funnels as a shopper sees them: the real extensions, against the demo store"
      primaryAction={{ content: 'Start a new checkout', onAction: restart }}
    >
      <Layout>
        {problems.length > 0 && (
          <Layout.Section>
            <Banner tone="critical" title="The preview could not start">
              <List>
                {problems.map((problem) => (
                  <List.Item key={problem}>{problem}</List.Item>
                ))}
              </List>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Checkout
              </Text>
              <Text as="p" tone="subdued">
                The add-on block (purchase.checkout.block.render) reads the offers the backend wrote into the checkout; adding one changes
                the preview cart.
              </Text>
              <Frame
                key={`block-${run}`}
                name="checkout-block"
                title="Checkout add-on block preview"
                src={host('checkout', { target: BLOCK })}
                height={heights[BLOCK]}
              />
              <Text as="h3" variant="headingSm">
                Under the first cart line (purchase.checkout.cart-line-item.render-after)
              </Text>
              <Frame
                key={`line-${run}`}
                name="checkout-cart-line"
                title="Checkout cart line subscription preview"
                src={host('checkout', { target: CART_LINE })}
                height={heights[CART_LINE]}
              />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Preview cart
              </Text>
              {cart ? (
                <List>
                  {cart.lines.map((line, index) => (
                    // Lines have no stable id the page knows; their order in the cart is stable.
                    // biome-ignore lint/suspicious/noArrayIndexKey: see above
                    <List.Item key={index}>
                      {line.quantity} × {line.title}
                      {line.sellingPlanId ? ' (subscription)' : ''}
                    </List.Item>
                  ))}
                </List>
              ) : (
                <Text as="p" tone="subdued">
                  Loading the cart…
                </Text>
              )}
              {cart && cart.discountCodes.length > 0 && <Text as="p">Discount codes: {cart.discountCodes.join(', ')}</Text>}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack gap="200" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  After payment
                </Text>
                {order && (
                  <Badge tone={accepted ? 'success' : 'info'}>
                    {`Order ${order.name}: ${accepted ? acceptedLabel(order.accepted) : stateLabel(order.state)}`}
                  </Badge>
                )}
              </InlineStack>
              <Text as="p" tone="subdued">
                The post-purchase page for a new order of the preview cart. Accepting signs the change through the backend and adds it to
                the order.
              </Text>
              {funnel && (
                <Banner tone="info" action={{ content: 'Show the active funnels instead', onAction: showActive }}>
                  <p>This page shows the funnel you opened the preview from, as if it were turned on, whether it is on or not.</p>
                </Banner>
              )}
              <Frame
                key={`pp-${run}`}
                name="post-purchase"
                title="Post-purchase offer preview"
                src={host('post-purchase', funnel ? { funnel } : {})}
                height={heights['post-purchase']}
              />
              {order && (
                <InlineStack>
                  <Button onClick={() => navigate('/orders')}>{`Find order ${order.name} in Orders`}</Button>
                </InlineStack>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function acceptedLabel(count: number): string {
  return `${count} offer${count === 1 ? '' : 's'} accepted`;
}

function stateLabel(state: string): string {
  if (state === 'processed') return 'offer accepted';
  if (state === 'done') return 'finished';
  if (state === 'no-offer') return 'no offer';
  if (state === 'shown') return 'offer shown';
  return state.replace(/_/g, ' ');
}
