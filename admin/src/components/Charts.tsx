// Charts, loaded on demand (polaris-viz is about as large as the rest of the admin together). Each chart is drawn
// for sighted users only: its SVG is hidden from assistive technology (aria-hidden, inert), and the page shows the
// same figures in a table right below it.
import '@shopify/polaris-viz/build/esm/styles.css';
import { BarChart, LineChart, PolarisVizProvider } from '@shopify/polaris-viz';
import { useCallback } from 'react';
import { money, SURFACE_LABELS } from '../format';
import type { HomeReport, Row } from '../types';

export const CHART_HEIGHT = 280;

/** "Nov 6": short enough that a month of days fits under the chart without rotated labels eating its height. */
const dayLabel = (date: string) =>
  new Date(`${date}T00:00:00Z`).toLocaleDateString('en', { month: 'short', day: 'numeric', timeZone: 'UTC' });

function Hidden({ children }: { children: React.ReactNode }) {
  const inert = useCallback((element: HTMLDivElement | null) => element?.setAttribute('inert', ''), []);
  return (
    <div aria-hidden="true" ref={inert} style={{ height: CHART_HEIGHT }}>
      {children}
    </div>
  );
}

export function RevenueChart({ daily, currencyCode }: { daily: HomeReport['daily']; currencyCode: string }) {
  const format = (value: string | number | null) => money(Math.round(Number(value ?? 0) * 100), currencyCode);
  return (
    <PolarisVizProvider>
      <Hidden>
        <LineChart
          theme="Light"
          data={[
            { name: 'Gross', data: daily.map((d) => ({ key: dayLabel(d.date), value: d.grossMinor / 100 })) },
            { name: 'Net', data: daily.map((d) => ({ key: dayLabel(d.date), value: d.netMinor / 100 })) },
          ]}
          yAxisOptions={{ labelFormatter: format }}
          tooltipOptions={{ valueFormatter: format }}
        />
      </Hidden>
    </PolarisVizProvider>
  );
}

export function SurfaceChart({ rows, currencyCode }: { rows: Row[]; currencyCode: string }) {
  const format = (value: string | number | null) => money(Math.round(Number(value ?? 0) * 100), currencyCode);
  const key = (row: Row) => SURFACE_LABELS[row.key.surface ?? ''] ?? row.key.surface ?? '—';
  return (
    <PolarisVizProvider>
      <Hidden>
        <BarChart
          theme="Light"
          data={[
            { name: 'Gross', data: rows.map((row) => ({ key: key(row), value: row.revenueMinor / 100 })) },
            { name: 'Net', data: rows.map((row) => ({ key: key(row), value: row.netRevenueMinor / 100 })) },
          ]}
          yAxisOptions={{ labelFormatter: format }}
          tooltipOptions={{ valueFormatter: format }}
        />
      </Hidden>
    </PolarisVizProvider>
  );
}
