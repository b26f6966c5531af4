// Funnels: the list with status and results (last 30 days), and "Create funnel" from one of the five templates or
// blank. A template opens the editor with an unsaved draft; nothing is stored until the merchant saves.
import { Badge, BlockStack, Button, Card, DataTable, InlineStack, Link, Modal, Page, Select, Text } from '@shopify/polaris';
import { useState } from 'react';
import { api } from '../api';
import { Empty, ErrorBanner, LoadingCard } from '../components/states';
import { draftHandoff } from '../drafts';
import { money, percent, SURFACE_LABELS } from '../format';
import { navigate } from '../router';
import type { FunnelDraft, FunnelSummary, HomeReport } from '../types';
import { useApi } from '../use-api';

interface Template {
  key: string;
  title: string;
  description: string;
  draft: FunnelDraft;
}

function CreateModal({ open, onClose }: { open: boolean; onClose(): void }) {
  const [surface, setSurface] = useState('post_purchase');
  const { data, error, loading, reload } = useApi<{ templates: Template[] }>(open ? `/funnel-templates?surface=${surface}` : null);
  return (
    <Modal open={open} onClose={onClose} title="Create a funnel" size="large">
      <Modal.Section>
        <BlockStack gap="400">
          <div style={{ maxWidth: 280 }}>
            <Select
              label="Where the funnel runs"
              options={[
                { label: 'After payment (post-purchase)', value: 'post_purchase' },
                { label: 'In checkout', value: 'checkout' },
                { label: 'By email', value: 'email' },
              ]}
              value={surface}
              onChange={setSurface}
            />
          </div>
          {error ? <ErrorBanner error={error} onRetry={reload} /> : null}
          {loading ? <LoadingCard lines={3} /> : null}
          {(data?.templates ?? []).map((template) => (
            <Card key={template.key}>
              <InlineStack align="space-between" blockAlign="center" gap="400" wrap={false}>
                <BlockStack gap="100">
                  <Text as="h3" variant="headingSm">
                    {template.title}
                  </Text>
                  <Text as="p" tone="subdued">
                    {template.description}
                  </Text>
                </BlockStack>
                <Button
                  accessibilityLabel={`Use ${template.title}`}
                  onClick={() => {
                    draftHandoff.draft = template.draft;
                    onClose();
                    navigate('/funnels/new');
                  }}
                >
                  Use
                </Button>
              </InlineStack>
            </Card>
          ))}
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}

export default function Funnels() {
  const [creating, setCreating] = useState(false);
  const list = useApi<{ funnels: FunnelSummary[] }>('/funnels?limit=100');
  const results = useApi<HomeReport>('/home?days=30');
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<Error | null>(null);
  const toggle = async (funnel: FunnelSummary) => {
    setBusy(funnel.id);
    setActionError(null);
    try {
      await api(`/funnels/${encodeURIComponent(funnel.id)}/${funnel.enabled ? 'disable' : 'enable'}`, { method: 'POST' });
      list.reload();
    } catch (error) {
      setActionError(error as Error);
    } finally {
      setBusy(null);
    }
  };
  const byFunnel = new Map((results.data?.byFunnel ?? []).map((row) => [row.key.funnelId ?? '', row]));
  const currency = results.data?.currencyCode ?? 'USD';
  const funnels = list.data?.funnels ?? [];
  return (
    <Page title="Funnels" primaryAction={{ content: 'Create funnel', onAction: () => setCreating(true) }}>
      <BlockStack gap="400">
        {list.error ? <ErrorBanner error={list.error} onRetry={list.reload} title="The funnels could not be loaded" /> : null}
        {actionError ? <ErrorBanner error={actionError} title="The funnel could not be changed" /> : null}
        {list.loading && !list.data ? <LoadingCard /> : null}
        {list.data && funnels.length === 0 ? (
          <Empty heading="No funnels yet" action={{ content: 'Create funnel', onAction: () => setCreating(true) }}>
            Start from a template (related products, complementary, new arrivals, slow movers, expiring soon) or from scratch.
          </Empty>
        ) : null}
        {funnels.length > 0 ? (
          <Card padding="0">
            <DataTable
              columnContentTypes={['text', 'text', 'text', 'numeric', 'numeric', 'numeric', 'text']}
              headings={['Funnel', 'Where', 'Status', 'Steps', 'Accept rate (30 days)', 'Revenue, net (30 days)', '']}
              rows={funnels.map((f) => {
                const row = byFunnel.get(f.id);
                return [
                  <Link key="name" url={`/funnels/${encodeURIComponent(f.id)}`}>
                    {f.name}
                  </Link>,
                  SURFACE_LABELS[f.surface] ?? f.surface,
                  <Badge key="status" tone={f.enabled ? 'success' : undefined}>
                    {f.enabled ? 'Active' : 'Off'}
                  </Badge>,
                  String(f.stepCount),
                  percent(row?.acceptRate ?? null),
                  money(row?.netRevenueMinor ?? 0, currency),
                  <Button
                    key="toggle"
                    size="slim"
                    loading={busy === f.id}
                    onClick={() => void toggle(f)}
                    accessibilityLabel={`${f.enabled ? 'Turn off' : 'Turn on'} ${f.name}`}
                  >
                    {f.enabled ? 'Turn off' : 'Turn on'}
                  </Button>,
                ];
              })}
            />
          </Card>
        ) : null}
      </BlockStack>
      <CreateModal open={creating} onClose={() => setCreating(false)} />
    </Page>
  );
}
