// Offers library: offers funnels share by reference (edit once, every funnel using it changes). Listed with where
// they are used; turned on or off; deleted when no live funnel uses them (the server refuses otherwise and says which).
import { Badge, BlockStack, Button, Card, DataTable, InlineStack, Page, Text } from '@shopify/polaris';
import { useState } from 'react';
import { api } from '../api';
import { Empty, ErrorBanner, LoadingCard } from '../components/states';
import { dateTime } from '../format';
import { navigate } from '../router';
import type { Json } from '../types';
import { useApi } from '../use-api';

interface LibraryOffer {
  id: string;
  version: number;
  name: string;
  enabled: boolean;
  offer: { kind: string; [key: string]: Json };
  updatedAt: string;
}

const KIND_LABELS: Record<string, string> = {
  product: 'One product',
  choice: 'Choice',
  tiers: 'Quantity tiers',
  plans: 'Subscription plans',
};

export default function Offers() {
  const { data, error, loading, reload } = useApi<{ offers: LibraryOffer[] }>('/offers?limit=100');
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<Error | null>(null);
  const act = async (offer: LibraryOffer, action: 'enable' | 'disable' | 'delete') => {
    setBusy(offer.id);
    setActionError(null);
    try {
      if (action === 'delete') await api(`/offers/${encodeURIComponent(offer.id)}?version=${offer.version}`, { method: 'DELETE' });
      else await api(`/offers/${encodeURIComponent(offer.id)}/${action}`, { method: 'POST' });
      reload();
    } catch (e) {
      setActionError(e as Error);
    } finally {
      setBusy(null);
    }
  };
  const offers = data?.offers ?? [];
  return (
    <Page title="Offers library" subtitle="Offers several funnels share: change one here and every funnel using it changes.">
      <BlockStack gap="400">
        {error ? <ErrorBanner error={error} onRetry={reload} title="The offers could not be loaded" /> : null}
        {actionError ? <ErrorBanner error={actionError} title="The offer could not be changed" /> : null}
        {loading && !data ? <LoadingCard /> : null}
        {data && offers.length === 0 ? (
          <Empty heading="No library offers yet" action={{ content: 'Go to funnels', onAction: () => navigate('/funnels') }}>
            Library offers are created through the merchant API (POST /api/admin/offers) and used by funnel steps that name them.
          </Empty>
        ) : null}
        {offers.length > 0 ? (
          <Card padding="0">
            <DataTable
              columnContentTypes={['text', 'text', 'text', 'text', 'text']}
              headings={['Offer', 'Kind', 'Status', 'Updated', '']}
              rows={offers.map((o) => [
                o.name,
                KIND_LABELS[o.offer.kind] ?? o.offer.kind,
                <Badge key="s" tone={o.enabled ? 'success' : undefined}>
                  {o.enabled ? 'Active' : 'Off'}
                </Badge>,
                dateTime(o.updatedAt),
                <InlineStack key="a" gap="200">
                  <Button
                    size="slim"
                    loading={busy === o.id}
                    onClick={() => void act(o, o.enabled ? 'disable' : 'enable')}
                    accessibilityLabel={`${o.enabled ? 'Turn off' : 'Turn on'} ${o.name}`}
                  >
                    {o.enabled ? 'Turn off' : 'Turn on'}
                  </Button>
                  <Button size="slim" tone="critical" onClick={() => void act(o, 'delete')} accessibilityLabel={`Delete ${o.name}`}>
                    Delete
                  </Button>
                </InlineStack>,
              ])}
            />
          </Card>
        ) : null}
        <Text as="p" tone="subdued">
          Turning an offer off skips it in every funnel (the shopper goes on along the decline branch).
        </Text>
      </BlockStack>
    </Page>
  );
}
