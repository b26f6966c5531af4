// Home: what Encore added over a chosen period: revenue gross and net of refunds, accept rate by surface, funnel
// and step, A/B arms with their confidence, and the holdout. Each chart has its table right below it (the chart
// itself is hidden from assistive technology; the table carries the same figures).
import { Banner, BlockStack, Card, DataTable, InlineGrid, Layout, Page, Select, Text } from '@shopify/polaris';
import { lazy, Suspense, useState } from 'react';
import { ErrorBanner, LoadingCard } from '../components/states';
import { money, percent, SURFACE_LABELS } from '../format';
import type { HomeReport, Metrics } from '../types';
import { useApi } from '../use-api';

const RevenueChart = lazy(() => import('../components/Charts').then((m) => ({ default: m.RevenueChart })));
const SurfaceChart = lazy(() => import('../components/Charts').then((m) => ({ default: m.SurfaceChart })));

const PERIODS = [
  { label: 'Today', value: '1' },
  { label: 'Last 7 days', value: '7' },
  { label: 'Last 30 days', value: '30' },
  { label: 'Last 90 days', value: '90' },
  { label: 'Last 12 months', value: '365' },
];

function Stat({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="headingLg">
          {value}
        </Text>
        {note ? (
          <Text as="p" variant="bodySm" tone="subdued">
            {note}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}

function metricCells(m: Metrics, currency: string): string[] {
  return [
    String(m.shownOrders),
    String(m.acceptedOrders),
    percent(m.acceptRate),
    money(m.revenueMinor, currency),
    money(m.refundedMinor, currency),
    money(m.netRevenueMinor, currency),
  ];
}
const METRIC_HEADINGS = ['Orders shown', 'Orders accepted', 'Accept rate', 'Revenue (gross)', 'Refunded', 'Revenue (net)'];
const METRIC_TYPES = ['numeric', 'numeric', 'numeric', 'numeric', 'numeric', 'numeric'] as const;

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        {children}
      </BlockStack>
    </Card>
  );
}

function Report({ report }: { report: HomeReport }) {
  const c = report.currencyCode;
  const t = report.totals;
  return (
    <BlockStack gap="400">
      <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
        <Stat label="Revenue added (gross)" value={money(t.revenueMinor, c)} />
        <Stat label="Refunded" value={money(t.refundedMinor, c)} note="Refunds of lines Encore added" />
        <Stat label="Revenue added (net)" value={money(t.netRevenueMinor, c)} />
        <Stat label="Accept rate" value={percent(t.acceptRate)} note={`${t.acceptedOrders} of ${t.shownOrders} orders shown an offer`} />
      </InlineGrid>
      <Section title="Revenue per day">
        <Suspense fallback={<div style={{ height: 280 }} />}>
          <RevenueChart daily={report.daily} currencyCode={c} />
        </Suspense>
        <DataTable
          columnContentTypes={['text', 'numeric', 'numeric', 'numeric']}
          headings={['Day', 'Gross', 'Refunded', 'Net']}
          rows={report.daily
            .filter((d) => d.grossMinor !== 0 || d.refundedMinor !== 0)
            .map((d) => [d.date, money(d.grossMinor, c), money(d.refundedMinor, c), money(d.netMinor, c)])}
          footerContent="Days without revenue or refunds are left out."
        />
      </Section>
      <Section title="By surface">
        <Suspense fallback={<div style={{ height: 280 }} />}>
          <SurfaceChart rows={report.bySurface} currencyCode={c} />
        </Suspense>
        <DataTable
          columnContentTypes={['text', ...METRIC_TYPES]}
          headings={['Surface', ...METRIC_HEADINGS]}
          rows={report.bySurface.map((row) => [SURFACE_LABELS[row.key.surface ?? ''] ?? row.key.surface ?? '—', ...metricCells(row, c)])}
        />
      </Section>
      <Section title="By funnel">
        {report.byFunnel.length === 0 ? (
          <Text as="p" tone="subdued">
            No funnel showed an offer in this period.
          </Text>
        ) : (
          <DataTable
            columnContentTypes={['text', ...METRIC_TYPES]}
            headings={['Funnel', ...METRIC_HEADINGS]}
            rows={report.byFunnel.map((row) => [row.name, ...metricCells(row, c)])}
          />
        )}
      </Section>
      <Section title="By step">
        {report.byStep.length === 0 ? (
          <Text as="p" tone="subdued">
            No step was shown in this period.
          </Text>
        ) : (
          <DataTable
            columnContentTypes={['text', 'text', ...METRIC_TYPES]}
            headings={['Funnel', 'Step', ...METRIC_HEADINGS]}
            rows={report.byStep.map((row) => [row.name, row.key.stepId ?? '—', ...metricCells(row, c)])}
          />
        )}
      </Section>
      <Section title="A/B tests">
        {report.arms.length === 0 ? (
          <Text as="p" tone="subdued">
            No A/B test ran in this period. Give two funnels the same experiment key to test them against each other.
          </Text>
        ) : (
          <DataTable
            columnContentTypes={['text', 'text', 'text', 'numeric', 'numeric', 'numeric', 'numeric', 'text']}
            headings={['Test', 'Arm', 'Funnel', 'Orders shown', 'Accept rate', 'Revenue (net)', 'Lift', 'Confidence']}
            rows={report.arms.map((a) => [
              a.experimentKey,
              a.control ? `${a.arm} (control)` : a.arm,
              a.funnelName,
              String(a.metrics.shownOrders),
              percent(a.metrics.acceptRate),
              money(a.metrics.netRevenueMinor, c),
              a.liftPoints === null ? '—' : `${a.liftPoints > 0 ? '+' : ''}${a.liftPoints.toFixed(2)} pts`,
              a.control ? '—' : a.confidence === null ? 'Too early (fewer than 30 orders per arm)' : percent(a.confidence, 0),
            ])}
          />
        )}
      </Section>
      <Section title="Holdout">
        <Text as="p">
          {report.holdout.holdoutOrders} orders were kept in the holdout group (no offer) and {report.holdout.treatedOrders} could see one.
          Each order that could see an offer added {money(report.holdout.revenuePerTreatedOrderMinor, c)} gross,{' '}
          {money(report.holdout.netRevenuePerTreatedOrderMinor, c)} net of refunds; holdout orders add nothing through Encore.
        </Text>
      </Section>
    </BlockStack>
  );
}

export default function Home() {
  const [days, setDays] = useState('30');
  const { data, error, loading, reload } = useApi<HomeReport>(`/home?days=${days}`);
  return (
    <Page title="Home" subtitle="What Encore added to your orders">
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <div style={{ maxWidth: 240 }}>
              <Select label="Period" options={PERIODS} value={days} onChange={setDays} />
            </div>
            {error ? <ErrorBanner error={error} onRetry={reload} title="The report could not be loaded" /> : null}
            {loading && !data ? <LoadingCard lines={8} /> : null}
            {data && data.totals.shownOrders === 0 && data.totals.revenueMinor === 0 ? (
              <Banner tone="info" title="No offers shown in this period">
                <p>Create and turn on a funnel; its results appear here as shoppers see it.</p>
              </Banner>
            ) : null}
            {data ? <Report report={data} /> : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
