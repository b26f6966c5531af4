// Settings: languages, frequency cap, holdout, exchange rates; and the checkout block's status and sync.
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  ChoiceList,
  DataTable,
  FormLayout,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from '@shopify/polaris';
import { useEffect, useState } from 'react';
import { postJson } from '../api';
import { ErrorBanner, LoadingCard } from '../components/states';
import { dateTime, money } from '../format';
import { useApi } from '../use-api';
import { useSettingsForm } from '../use-settings-form';

interface ShopSettings {
  defaultLocale: string;
  locales: string[];
  frequencyCap: { maxOffers: number; windowHours: number } | null;
  holdoutPercent: number;
  exchangeRates: Record<string, string | number>;
  assignmentSalt: string;
}

interface CheckoutStatus {
  catalogReady: boolean;
  offers: Array<{ id: string; product: string; shopPrice: { minor: number; currencyCode: string }; leftOutByLastSync: unknown }>;
  warnings: Array<string | { message?: string }>;
  lastSync: { status: string; finishedAt: string | null; lastError: string | null } | null;
}

const LOCALES = [
  { label: 'English', value: 'en' },
  { label: 'French', value: 'fr' },
  { label: 'Spanish', value: 'es' },
  { label: 'German', value: 'de' },
  { label: 'Swedish', value: 'sv' },
];

function ratesText(rates: Record<string, string | number>): string {
  return Object.entries(rates)
    .map(([code, rate]) => `${code}=${rate}`)
    .join(', ');
}

function parseRates(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [code, rate] = part.split('=').map((s) => s.trim());
    if (code && rate) out[code.toUpperCase()] = rate;
  }
  return out;
}

function SettingsForm({ initial }: { initial: ShopSettings }) {
  const [rates, setRates] = useState(ratesText(initial.exchangeRates));
  const { settings, set, save, saving, saved, setSaved, error } = useSettingsForm(initial, '/settings', (s) => ({
    ...s,
    exchangeRates: parseRates(rates),
  }));
  const cap = settings.frequencyCap;
  return (
    <Card>
      <BlockStack gap="400">
        {saved ? <Banner tone="success" title="Settings saved" onDismiss={() => setSaved(false)} /> : null}
        {error ? <ErrorBanner error={error} title="The settings were not saved" /> : null}
        <FormLayout>
          <ChoiceList
            allowMultiple
            title="Languages your offers are written in"
            choices={LOCALES}
            selected={settings.locales}
            onChange={(locales) => set({ locales })}
          />
          <Select
            label="Default language"
            options={LOCALES.filter((l) => settings.locales.includes(l.value))}
            value={settings.defaultLocale}
            onChange={(defaultLocale) => set({ defaultLocale })}
          />
          <FormLayout.Group>
            <TextField
              label="Frequency cap: at most this many offers per customer"
              type="number"
              autoComplete="off"
              helpText="Empty: no cap. Counts every surface."
              value={cap ? String(cap.maxOffers) : ''}
              onChange={(v) =>
                set({ frequencyCap: v.trim() === '' ? null : { maxOffers: Number(v), windowHours: cap?.windowHours ?? 24 } })
              }
            />
            <TextField
              label="…within this many hours"
              type="number"
              autoComplete="off"
              disabled={!cap}
              value={cap ? String(cap.windowHours) : ''}
              onChange={(v) => cap && set({ frequencyCap: { ...cap, windowHours: Number(v) } })}
            />
          </FormLayout.Group>
          <TextField
            label="Holdout: share of orders that never see an offer (%)"
            type="number"
            autoComplete="off"
            helpText="The control group Home compares against."
            value={String(settings.holdoutPercent)}
            onChange={(v) => set({ holdoutPercent: Number(v) })}
          />
          <TextField
            label="Exchange rates (presentment units per shop unit)"
            autoComplete="off"
            helpText="For example EUR=0.92, GBP=0.79. Used where a market has no price list."
            value={rates}
            onChange={(v) => {
              setSaved(false);
              setRates(v);
            }}
          />
        </FormLayout>
        <InlineStack align="end">
          <Button variant="primary" loading={saving} onClick={() => void save()}>
            Save settings
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

function CheckoutBlock() {
  const { data, error, loading, reload } = useApi<CheckoutStatus>('/checkout/status');
  const [syncing, setSyncing] = useState(false);
  const [syncError, setSyncError] = useState<Error | null>(null);
  const [queued, setQueued] = useState(false);
  // A fresh status replaces the "queued" note.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when a new status arrives, which is the point
  useEffect(() => setQueued(false), [data]);
  const sync = async () => {
    setSyncing(true);
    setSyncError(null);
    try {
      await postJson('/checkout/sync', {});
      setQueued(true);
      setTimeout(reload, 1500);
    } catch (e) {
      setSyncError(e as Error);
    } finally {
      setSyncing(false);
    }
  };
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Checkout block
          </Text>
          <Button loading={syncing} onClick={() => void sync()}>
            Sync now
          </Button>
        </InlineStack>
        {queued ? <Banner tone="info" title="Sync queued; the status updates when it has run." /> : null}
        {error ? <ErrorBanner error={error} onRetry={reload} /> : null}
        {syncError ? <ErrorBanner error={syncError} title="The sync could not be queued" /> : null}
        {loading && !data ? <LoadingCard lines={2} /> : null}
        {data ? (
          <BlockStack gap="200">
            <Text as="p">
              Last sync:{' '}
              {data.lastSync ? (
                <>
                  <Badge
                    tone={data.lastSync.status === 'succeeded' ? 'success' : data.lastSync.status === 'failed' ? 'critical' : undefined}
                  >
                    {data.lastSync.status}
                  </Badge>{' '}
                  {dateTime(data.lastSync.finishedAt)}
                  {data.lastSync.lastError ? ` — ${data.lastSync.lastError}` : ''}
                </>
              ) : (
                'never'
              )}
            </Text>
            {!data.catalogReady ? <Text as="p">The catalog is still loading from Shopify.</Text> : null}
            {data.warnings.length > 0 ? (
              <Banner tone="warning" title="Some checkout offers cannot be shown">
                <ul>
                  {data.warnings.map((w) => {
                    const text = typeof w === 'string' ? w : (w.message ?? JSON.stringify(w));
                    return <li key={text}>{text}</li>;
                  })}
                </ul>
              </Banner>
            ) : null}
            {data.offers.length === 0 ? (
              <Text as="p" tone="subdued">
                The checkout block shows no offer now. Create a checkout funnel to add one.
              </Text>
            ) : (
              <DataTable
                columnContentTypes={['text', 'numeric']}
                headings={['What the checkout block offers now', 'Price']}
                rows={data.offers.map((o) => [o.product, money(o.shopPrice.minor, o.shopPrice.currencyCode)])}
              />
            )}
          </BlockStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}

export default function Settings() {
  const { data, error, reload } = useApi<{ settings: ShopSettings; shopCurrency: string }>('/settings');
  return (
    <Page title="Settings">
      <Layout>
        <Layout.AnnotatedSection title="Offers" description="Languages, how often a customer may see offers, and the holdout group.">
          {error ? <ErrorBanner error={error} onRetry={reload} title="The settings could not be loaded" /> : null}
          {data ? <SettingsForm initial={data.settings} /> : error ? null : <LoadingCard />}
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title="Checkout"
          description="What the checkout block shows, written to your store when funnels or the catalog change."
        >
          <CheckoutBlock />
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}
