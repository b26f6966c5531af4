// Orders: find an order (its number or the customer's email, searched in Shopify), or pick one of the orders with
// the latest offer events; then its timeline across surfaces from the ledger and, per surface, why it got the offer
// it got, or none, in plain words. The email as sent joins the timeline with email offers.
import { Badge, BlockStack, Button, Card, DataTable, InlineStack, Link, Page, Text, TextField } from '@shopify/polaris';
import { useState } from 'react';
import { ApiError } from '../api';
import { EmailFrame } from '../components/EmailFrame';
import { ErrorBanner, LoadingCard } from '../components/states';
import { dateTime, money, SURFACE_LABELS } from '../format';
import { navigate, usePath } from '../router';
import { useApi } from '../use-api';

interface OrderHit {
  orderId: string;
  name: string;
  createdAt: string;
  financialStatus: string;
  total: { amount: string; currencyCode: string };
  orderKeys: string[];
}

interface Timeline {
  orderKeys: string[];
  entries: Array<{
    id: string;
    at: string;
    surface: string;
    kind: string;
    text: string;
    amountMinor: number | null;
    currencyCode: string | null;
  }>;
  decisions: Array<{ surface: string; orderKey: string; decidedAt: string; outcome: string; summary: string; reasons: string[] }>;
}

const KIND_TONES: Record<string, 'success' | 'critical' | 'attention' | 'info' | undefined> = {
  accepted: 'success',
  paid: 'success',
  declined: 'attention',
  removed: 'critical',
  refunded: 'critical',
  shown: 'info',
};

function keysFromPath(path: string): string[] {
  const rest = path.replace(/^\/orders\/?/, '');
  return rest ? rest.split('/').map(decodeURIComponent).filter(Boolean) : [];
}

interface EmailsOfOrder {
  emails: Array<{ messageId: string | null; status: string; to: string; subject: string; html: string; sentAt: string | null }>;
}

/** The email offer sent for the order, as the customer received it (asked for only when the ledger says one was sent). */
function EmailSent({ orderId }: { orderId: string }) {
  const { data, error, reload } = useApi<EmailsOfOrder>(`/email/orders/${encodeURIComponent(orderId)}`);
  if (error instanceof ApiError && error.status === 404) return null;
  if (error) return <ErrorBanner error={error} onRetry={reload} title="The email sent for this order could not be loaded" />;
  if (!data || data.emails.length === 0) return null;
  return (
    <div id="email">
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Email sent
          </Text>
          {data.emails.map((email, i) => (
            <BlockStack key={email.messageId ?? i} gap="200">
              <Text as="p">
                “{email.subject}” to {email.to}
                {email.sentAt ? `, ${dateTime(email.sentAt)}` : ''} ({email.status})
              </Text>
              <EmailFrame html={email.html} title={`The email sent to ${email.to}`} />
            </BlockStack>
          ))}
        </BlockStack>
      </Card>
    </div>
  );
}

function TimelineView({ keys }: { keys: string[] }) {
  const orderId = keys
    .find((k) => k.startsWith('gid://shopify/Order/'))
    ?.split('/')
    .pop();
  const { data, error, loading, reload } = useApi<Timeline>(
    `/orders/timeline?${keys.map((k) => `key=${encodeURIComponent(k)}`).join('&')}`,
  );
  if (error) return <ErrorBanner error={error} onRetry={reload} title="The timeline could not be loaded" />;
  if (loading || !data) return <LoadingCard lines={6} />;
  return (
    <BlockStack gap="400">
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Timeline
          </Text>
          {data.entries.length === 0 ? (
            <Text as="p" tone="subdued">
              Encore recorded nothing for this order: no surface decided on it yet.
            </Text>
          ) : (
            <ol aria-label="Order timeline" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {data.entries.map((entry) => (
                <li key={entry.id} style={{ padding: '8px 0', borderBottom: '1px solid var(--p-color-border-secondary)' }}>
                  <InlineStack gap="200" blockAlign="center" wrap>
                    <Text as="span" tone="subdued" variant="bodySm">
                      {dateTime(entry.at)}
                    </Text>
                    <Badge tone={KIND_TONES[entry.kind]}>{entry.kind}</Badge>
                    <Text as="span">{entry.text}</Text>
                  </InlineStack>
                </li>
              ))}
            </ol>
          )}
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Why this order got the offers it got
          </Text>
          {data.decisions.length === 0 ? (
            <Text as="p" tone="subdued">
              No surface has decided on this order.
            </Text>
          ) : (
            data.decisions.map((decision) => (
              <BlockStack key={`${decision.surface}:${decision.orderKey}`} gap="100">
                <Text as="h3" variant="headingSm">
                  {decision.summary}
                </Text>
                <ul>
                  {decision.reasons.map((reason) => (
                    <li key={reason}>{reason}</li>
                  ))}
                </ul>
              </BlockStack>
            ))
          )}
        </BlockStack>
      </Card>
      {orderId && data.entries.some((e) => e.surface === 'email' && e.kind === 'shown') ? <EmailSent orderId={orderId} /> : null}
    </BlockStack>
  );
}

function Search() {
  const [text, setText] = useState('');
  const [query, setQuery] = useState<string | null>(null);
  const found = useApi<{ orders: OrderHit[] }>(query ? `/orders?query=${encodeURIComponent(query)}` : null);
  const recent = useApi<{ orders: Array<{ orderKey: string; lastEventAt: string; events: number }> }>('/orders/recent');
  const open = (keys: string[]) => navigate(`/orders/${keys.map(encodeURIComponent).join('/')}`);
  return (
    <BlockStack gap="400">
      <Card>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            setQuery(text.trim() || null);
          }}
        >
          <InlineStack gap="200" blockAlign="end">
            <div style={{ flexGrow: 1 }}>
              <TextField
                label="Find an order"
                placeholder="#1001 or customer@example.com"
                autoComplete="off"
                value={text}
                onChange={setText}
              />
            </div>
            <Button submit variant="primary">
              Search
            </Button>
          </InlineStack>
        </form>
      </Card>
      {found.error ? <ErrorBanner error={found.error} title="The search failed" /> : null}
      {found.loading ? <LoadingCard lines={2} /> : null}
      {found.data ? (
        <Card padding="0">
          {found.data.orders.length === 0 ? (
            <div style={{ padding: 16 }}>
              <Text as="p">No order matches “{query}”.</Text>
            </div>
          ) : (
            <DataTable
              columnContentTypes={['text', 'text', 'text', 'numeric']}
              headings={['Order', 'Placed', 'Payment', 'Total']}
              rows={found.data.orders.map((o) => [
                <Link key="o" onClick={() => open(o.orderKeys)} accessibilityLabel={`Open the timeline of order ${o.name}`}>
                  {o.name}
                </Link>,
                dateTime(o.createdAt),
                o.financialStatus.toLowerCase().replace(/_/g, ' '),
                money(Math.round(Number(o.total.amount) * 100), o.total.currencyCode),
              ])}
            />
          )}
        </Card>
      ) : null}
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            Latest orders with offers
          </Text>
          {recent.error ? <ErrorBanner error={recent.error} onRetry={recent.reload} /> : null}
          {recent.data && recent.data.orders.length === 0 ? (
            <Text as="p" tone="subdued">
              No offer was decided on any order yet.
            </Text>
          ) : null}
          {recent.data && recent.data.orders.length > 0 ? (
            <DataTable
              columnContentTypes={['text', 'text', 'numeric']}
              headings={['Order or checkout', 'Last event', 'Events']}
              rows={recent.data.orders.map((o) => [
                <Link key="k" onClick={() => open([o.orderKey])}>
                  {o.orderKey.startsWith('gid://shopify/Order/')
                    ? `Order ${o.orderKey.split('/').pop()}`
                    : `Checkout ${o.orderKey.slice(0, 12)}…`}
                </Link>,
                dateTime(o.lastEventAt),
                String(o.events),
              ])}
            />
          ) : null}
        </BlockStack>
      </Card>
    </BlockStack>
  );
}

export default function Orders() {
  const keys = keysFromPath(usePath());
  return keys.length > 0 ? (
    <Page
      title="Order timeline"
      backAction={{ content: 'Orders', url: '/orders' }}
      subtitle={keys.map((k) => SURFACE_LABELS[k] ?? k).join(' · ')}
    >
      <TimelineView keys={keys} />
    </Page>
  ) : (
    <Page title="Orders" subtitle="What Encore did on an order, and why">
      <Search />
    </Page>
  );
}
