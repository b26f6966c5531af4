// Jobs: background work of this shop (catalog rebuilds, checkout syncs, webhooks, email sends and renewals as they
// land) and how it ended.
import { Badge, BlockStack, Card, DataTable, Page, Select } from '@shopify/polaris';
import { useState } from 'react';
import { Empty, ErrorBanner, LoadingCard } from '../components/states';
import { dateTime } from '../format';
import { useApi } from '../use-api';

interface Job {
  id: string;
  name: string;
  status: string;
  attempts: number;
  runAt: string;
  finishedAt: string | null;
  lastError: string | null;
}

const TONES: Record<string, 'success' | 'critical' | 'attention' | 'info' | undefined> = {
  succeeded: 'success',
  failed: 'critical',
  dead: 'critical',
  running: 'info',
  queued: 'attention',
};

export default function Jobs() {
  const [status, setStatus] = useState('');
  const { data, error, loading, reload } = useApi<{ jobs: Job[] }>(`/jobs?limit=100${status ? `&status=${status}` : ''}`);
  const jobs = data?.jobs ?? [];
  return (
    <Page title="Jobs" subtitle="Background work for your store and how it ended">
      <BlockStack gap="400">
        <div style={{ maxWidth: 240 }}>
          <Select
            label="Status"
            options={[
              { label: 'All', value: '' },
              { label: 'Queued', value: 'queued' },
              { label: 'Running', value: 'running' },
              { label: 'Succeeded', value: 'succeeded' },
              { label: 'Failed, will retry', value: 'failed' },
              { label: 'Gave up', value: 'dead' },
            ]}
            value={status}
            onChange={setStatus}
          />
        </div>
        {error ? <ErrorBanner error={error} onRetry={reload} title="The jobs could not be loaded" /> : null}
        {loading && !data ? <LoadingCard /> : null}
        {data && jobs.length === 0 ? <Empty heading="No jobs">Nothing ran with this status yet.</Empty> : null}
        {jobs.length > 0 ? (
          <Card padding="0">
            <DataTable
              columnContentTypes={['text', 'text', 'numeric', 'text', 'text', 'text']}
              headings={['Job', 'Status', 'Attempts', 'Run at', 'Finished', 'Last error']}
              rows={jobs.map((j) => [
                j.name,
                <Badge key="s" tone={TONES[j.status]}>
                  {j.status}
                </Badge>,
                String(j.attempts),
                dateTime(j.runAt),
                dateTime(j.finishedAt),
                j.lastError ?? '',
              ])}
            />
          </Card>
        ) : null}
      </BlockStack>
    </Page>
  );
}
