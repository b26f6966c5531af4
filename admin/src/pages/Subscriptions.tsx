// Subscriptions: contracts (filtered by status, searched by customer; each with its billing history and dunning
// state, and pause/resume/skip/cancel on the shopper's behalf), upcoming renewals with forecast revenue, the
// "subscribe and save" plan groups, and the dunning settings. API: web/server/subscriptions/routes.ts.
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  FormLayout,
  InlineStack,
  Modal,
  Page,
  Select,
  Tabs,
  Text,
  TextField,
} from '@shopify/polaris';
import { useEffect, useState } from 'react';
import { ApiError, api, deleteJson, fieldError, postJson, problemsOf, putJson } from '../api';
import { Empty, ErrorBanner, LoadingCard } from '../components/states';
import { dateTime, money } from '../format';
import { useApi } from '../use-api';
import { useSettingsForm } from '../use-settings-form';

interface Dunning {
  state: string;
  failedAttempts: number;
  nextRetryAt: string | null;
  lastErrorCode: string | null;
}

interface Contract {
  id: string;
  shopifyId: string;
  status: string;
  customerEmail: string | null;
  currencyCode: string;
  billing: { interval: string; intervalCount: number };
  nextBillingDate: string | null;
  cycle: number;
  amountMinor: number;
  lines: Array<{ title: string; variantTitle: string | null; quantity: number; sellingPlanName: string | null }>;
  dunning: Dunning;
  lastBilledAt: string | null;
}

interface BillingAttempt {
  cycle: number;
  attempt: number;
  status: string;
  amountMinor: number | null;
  orderId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  dunningAction: string | null;
  scheduledFor: string | null;
  completedAt: string | null;
}

interface Plan {
  id?: string;
  name?: string;
  interval: 'DAY' | 'WEEK' | 'MONTH';
  intervalCount: number;
  discount?: { type: 'percentage'; percent: number } | { type: 'fixed_amount'; amount: string } | null;
  prepaidDeliveries?: number;
}

interface PlanGroup {
  id: string;
  name: string;
  merchantCode: string;
  description: string | null;
  plans: Array<Plan & { id: string; name: string; option: string }>;
  productIds: string[];
  variantIds: string[];
}

interface DunningSettings {
  retryDays: number[];
  finalAction: 'pause' | 'cancel' | 'skip';
  inventoryAction: 'skip' | 'retry';
  reminderDays: number;
}

const STATUS_TONES: Record<string, 'success' | 'critical' | 'attention' | 'info' | undefined> = {
  ACTIVE: 'success',
  PAUSED: 'attention',
  CANCELLED: undefined,
  EXPIRED: undefined,
  FAILED: 'critical',
};

const UNITS: Record<string, [string, string]> = {
  DAY: ['day', 'days'],
  WEEK: ['week', 'weeks'],
  MONTH: ['month', 'months'],
  YEAR: ['year', 'years'],
};
const every = (interval: string, count: number) => {
  const [one, many] = UNITS[interval] ?? [interval.toLowerCase(), interval.toLowerCase()];
  return count === 1 ? `every ${one}` : `every ${count} ${many}`;
};
const title = (s: string) => s.charAt(0) + s.slice(1).toLowerCase();
const dunningLabel = (d: Dunning) =>
  d.state === 'none' || d.state === 'ok' || !d.state
    ? 'No failed payment'
    : `${d.state}${d.failedAttempts ? `, ${d.failedAttempts} failed` : ''}${d.nextRetryAt ? `, retry ${dateTime(d.nextRetryAt)}` : ''}`;

function ContractDetail({ id, onChanged }: { id: string; onChanged(contract: Contract): void }) {
  const { data, error, loading, reload } = useApi<{ contract: Contract & { billingHistory: BillingAttempt[] } }>(
    `/subscriptions/contracts/${encodeURIComponent(id)}`,
  );
  const [acting, setActing] = useState<string | null>(null);
  const [actionError, setActionError] = useState<Error | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [contract, setContract] = useState<(Contract & { billingHistory: BillingAttempt[] }) | null>(null);
  useEffect(() => setContract(data?.contract ?? null), [data]);
  const act = async (action: 'pause' | 'resume' | 'cancel' | 'skip') => {
    setActing(action);
    setActionError(null);
    setDone(null);
    setConfirmCancel(false);
    try {
      const answer = await postJson<{ contract: Contract & { billingHistory: BillingAttempt[] } }>(
        `/subscriptions/contracts/${encodeURIComponent(id)}/${action}`,
        {},
      );
      setContract(answer.contract);
      onChanged(answer.contract);
      setDone(
        { pause: 'Subscription paused', resume: 'Subscription resumed', cancel: 'Subscription cancelled', skip: 'Next delivery skipped' }[
          action
        ],
      );
    } catch (e) {
      setActionError(e as Error);
    } finally {
      setActing(null);
    }
  };
  if (error) return <ErrorBanner error={error} onRetry={reload} title="The subscription could not be loaded" />;
  if (loading && !contract) return <LoadingCard />;
  if (!contract) return null;
  const live = contract.status === 'ACTIVE' || contract.status === 'PAUSED' || contract.status === 'FAILED';
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h3" variant="headingMd">
            {contract.customerEmail ?? 'Customer'}: {contract.lines.map((l) => `${l.quantity} × ${l.title}`).join(', ')}
          </Text>
          <Badge tone={STATUS_TONES[contract.status]}>{title(contract.status)}</Badge>
        </InlineStack>
        {done ? <Banner tone="success" title={done} onDismiss={() => setDone(null)} /> : null}
        {actionError ? <ErrorBanner error={actionError} title="Shopify did not take the change" /> : null}
        <Text as="p">
          {money(contract.amountMinor, contract.currencyCode)} {every(contract.billing.interval, contract.billing.intervalCount)}; next
          charge {contract.nextBillingDate ? dateTime(contract.nextBillingDate) : 'none'}; cycle {contract.cycle}.
        </Text>
        <Text as="p">Payment: {dunningLabel(contract.dunning)}</Text>
        {live ? (
          <InlineStack gap="200">
            {contract.status === 'ACTIVE' ? (
              <Button loading={acting === 'pause'} onClick={() => void act('pause')}>
                Pause
              </Button>
            ) : (
              <Button loading={acting === 'resume'} onClick={() => void act('resume')}>
                Resume
              </Button>
            )}
            <Button loading={acting === 'skip'} disabled={contract.status !== 'ACTIVE'} onClick={() => void act('skip')}>
              Skip next delivery
            </Button>
            <Button tone="critical" loading={acting === 'cancel'} onClick={() => setConfirmCancel(true)}>
              Cancel subscription
            </Button>
          </InlineStack>
        ) : null}
        {confirmCancel ? (
          <Modal
            open
            onClose={() => setConfirmCancel(false)}
            title="Cancel this subscription?"
            primaryAction={{ content: 'Cancel subscription', destructive: true, onAction: () => void act('cancel') }}
            secondaryActions={[{ content: 'Keep it', onAction: () => setConfirmCancel(false) }]}
          >
            <Modal.Section>
              <Text as="p">No further charges or deliveries. The customer is told by email.</Text>
            </Modal.Section>
          </Modal>
        ) : null}
        <Text as="h4" variant="headingSm">
          Billing history
        </Text>
        {contract.billingHistory.length === 0 ? (
          <Text as="p" tone="subdued">
            No renewal charged by Encore yet.
          </Text>
        ) : (
          <DataTable
            columnContentTypes={['numeric', 'numeric', 'text', 'numeric', 'text', 'text']}
            headings={['Cycle', 'Attempt', 'Status', 'Amount', 'When', 'Error / next step']}
            rows={contract.billingHistory.map((a) => [
              String(a.cycle),
              String(a.attempt),
              a.status,
              a.amountMinor === null ? '' : money(a.amountMinor, contract.currencyCode),
              dateTime(a.completedAt ?? a.scheduledFor),
              [a.errorCode, a.errorMessage, a.dunningAction].filter(Boolean).join(' — '),
            ])}
          />
        )}
      </BlockStack>
    </Card>
  );
}

function Contracts() {
  const [status, setStatus] = useState('');
  const [search, setSearch] = useState('');
  const [customer, setCustomer] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [changed, setChanged] = useState<Record<string, Contract>>({});
  useEffect(() => {
    const timer = setTimeout(() => setCustomer(search.trim()), 300);
    return () => clearTimeout(timer);
  }, [search]);
  const query = new URLSearchParams({ limit: '50', ...(status ? { status } : {}), ...(customer ? { customer } : {}) });
  const { data, error, loading, reload } = useApi<{ contracts: Contract[]; nextCursor: string | null }>(
    `/subscriptions/contracts?${query}`,
  );
  // "Show more" appends the next pages of the same filter; a new filter starts again from the first page.
  const [more, setMore] = useState<{ contracts: Contract[]; nextCursor: string | null } | null>(null);
  const [moreError, setMoreError] = useState<Error | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new first page (new filter) drops the pages shown after it
  useEffect(() => setMore(null), [data]);
  const nextCursor = more ? more.nextCursor : (data?.nextCursor ?? null);
  const loadMore = async () => {
    if (!nextCursor) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await api<{ contracts: Contract[]; nextCursor: string | null }>(
        `/subscriptions/contracts?${query}&cursor=${encodeURIComponent(nextCursor)}`,
      );
      setMore((m) => ({ contracts: [...(m?.contracts ?? []), ...page.contracts], nextCursor: page.nextCursor }));
    } catch (e) {
      setMoreError(e as Error);
    } finally {
      setLoadingMore(false);
    }
  };
  const contracts = [...(data?.contracts ?? []), ...(more?.contracts ?? [])].map((c) => changed[c.id] ?? c);
  return (
    <BlockStack gap="400">
      <InlineStack gap="300" blockAlign="end">
        <div style={{ minWidth: 200 }}>
          <Select
            label="Status"
            options={[
              { label: 'All', value: '' },
              { label: 'Active', value: 'ACTIVE' },
              { label: 'Paused', value: 'PAUSED' },
              { label: 'Payment failed', value: 'FAILED' },
              { label: 'Cancelled', value: 'CANCELLED' },
              { label: 'Expired', value: 'EXPIRED' },
            ]}
            value={status}
            onChange={setStatus}
          />
        </div>
        <div style={{ minWidth: 280 }}>
          <TextField
            label="Customer email"
            autoComplete="off"
            value={search}
            onChange={setSearch}
            clearButton
            onClearButtonClick={() => setSearch('')}
          />
        </div>
      </InlineStack>
      {error ? <ErrorBanner error={error} onRetry={reload} title="The subscriptions could not be loaded" /> : null}
      {loading && !data ? <LoadingCard /> : null}
      {data && contracts.length === 0 ? (
        <Empty heading={status || customer ? 'No subscription matches' : 'No subscriptions yet'}>
          {status || customer
            ? 'Try another status or customer.'
            : 'Subscriptions appear here when customers buy with a plan from the Plans tab.'}
        </Empty>
      ) : null}
      {contracts.length > 0 ? (
        <Card padding="0">
          <DataTable
            columnContentTypes={['text', 'text', 'text', 'numeric', 'text', 'text', 'text']}
            headings={['Customer', 'Status', 'What', 'Amount', 'Next charge', 'Payment', '']}
            rows={contracts.map((c) => [
              c.customerEmail ?? '',
              <Badge key="s" tone={STATUS_TONES[c.status]}>
                {title(c.status)}
              </Badge>,
              `${c.lines.map((l) => `${l.quantity} × ${l.title}`).join(', ')}, ${every(c.billing.interval, c.billing.intervalCount)}`,
              money(c.amountMinor, c.currencyCode),
              c.nextBillingDate ? dateTime(c.nextBillingDate) : '',
              dunningLabel(c.dunning),
              <Button
                key="d"
                variant="plain"
                onClick={() => setSelected(selected === c.id ? null : c.id)}
                accessibilityLabel={`${selected === c.id ? 'Hide' : 'Details'} of the subscription of ${c.customerEmail ?? c.id}`}
              >
                {selected === c.id ? 'Hide' : 'Details'}
              </Button>,
            ])}
          />
        </Card>
      ) : null}
      {moreError ? <ErrorBanner error={moreError} title="More subscriptions could not be loaded" /> : null}
      {nextCursor ? (
        <InlineStack>
          <Button loading={loadingMore} onClick={() => void loadMore()}>
            Show more subscriptions
          </Button>
        </InlineStack>
      ) : null}
      {selected ? <ContractDetail key={selected} id={selected} onChanged={(c) => setChanged((m) => ({ ...m, [c.id]: c }))} /> : null}
    </BlockStack>
  );
}

function Upcoming() {
  const [days, setDays] = useState('30');
  const { data, error, loading, reload } = useApi<{
    count: number;
    forecast: Array<{ currencyCode: string; amountMinor: number }>;
    renewals: Array<{
      id: string;
      nextBillingDate: string;
      amountMinor: number;
      currencyCode: string;
      customerEmail: string | null;
      dunning: Dunning;
    }>;
  }>(`/subscriptions/upcoming?days=${days}`);
  return (
    <BlockStack gap="400">
      <div style={{ maxWidth: 240 }}>
        <Select
          label="Period"
          options={[
            { label: 'Next 7 days', value: '7' },
            { label: 'Next 30 days', value: '30' },
            { label: 'Next 90 days', value: '90' },
          ]}
          value={days}
          onChange={setDays}
        />
      </div>
      {error ? <ErrorBanner error={error} onRetry={reload} title="The renewals could not be loaded" /> : null}
      {loading && !data ? <LoadingCard /> : null}
      {data ? (
        <Card>
          <BlockStack gap="200">
            <Text as="h3" variant="headingMd">
              Forecast revenue
            </Text>
            <Text as="p" variant="headingLg">
              {data.forecast.length === 0 ? 'Nothing due' : data.forecast.map((f) => money(f.amountMinor, f.currencyCode)).join(' + ')}
            </Text>
            <Text as="p" tone="subdued">
              {data.count} renewal{data.count === 1 ? '' : 's'} of active subscriptions in the next {days} days, before any discount code or
              failed payment.
            </Text>
          </BlockStack>
        </Card>
      ) : null}
      {data && data.renewals.length === 0 ? (
        <Empty heading="No renewal in this period">Active subscriptions renew later than this.</Empty>
      ) : null}
      {data && data.renewals.length > 0 ? (
        <Card padding="0">
          <DataTable
            columnContentTypes={['text', 'text', 'numeric', 'text']}
            headings={['When', 'Customer', 'Amount', 'Payment']}
            rows={data.renewals.map((r) => [
              dateTime(r.nextBillingDate),
              r.customerEmail ?? '',
              money(r.amountMinor, r.currencyCode),
              dunningLabel(r.dunning),
            ])}
          />
        </Card>
      ) : null}
    </BlockStack>
  );
}

interface PlanDraft {
  id?: string;
  interval: 'DAY' | 'WEEK' | 'MONTH';
  intervalCount: string;
  percent: string;
  prepaidDeliveries: string;
}

interface GroupDraft {
  name: string;
  description: string;
  plans: PlanDraft[];
  products: string;
}

const blankPlan = (): PlanDraft => ({ interval: 'MONTH', intervalCount: '1', percent: '10', prepaidDeliveries: '1' });

function draftOf(group: PlanGroup | null): GroupDraft {
  if (!group) return { name: '', description: '', plans: [blankPlan()], products: '' };
  return {
    name: group.name,
    description: group.description ?? '',
    plans: group.plans.map((p) => ({
      id: p.id,
      interval: p.interval,
      intervalCount: String(p.intervalCount),
      percent: p.discount?.type === 'percentage' ? String(p.discount.percent) : '',
      prepaidDeliveries: String(p.prepaidDeliveries ?? 1),
    })),
    products: group.productIds.map((id) => id.replace('gid://shopify/Product/', '')).join(', '),
  };
}

function documentOf(draft: GroupDraft, group: PlanGroup | null) {
  return {
    name: draft.name,
    ...(draft.description.trim() ? { description: draft.description } : {}),
    plans: draft.plans.map((p) => {
      const kept = group?.plans.find((old) => old.id === p.id);
      return {
        ...(p.id ? { id: p.id } : {}),
        interval: p.interval,
        intervalCount: Number(p.intervalCount),
        prepaidDeliveries: Number(p.prepaidDeliveries || '1'),
        discount:
          p.percent.trim() === ''
            ? kept?.discount?.type === 'fixed_amount'
              ? kept.discount
              : null
            : { type: 'percentage', percent: Number(p.percent) },
      };
    }),
    productIds: draft.products
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => (/^\d+$/.test(s) ? `gid://shopify/Product/${s}` : s)),
    variantIds: group?.variantIds ?? [],
  };
}

function PlanGroupForm({ group, onDone, onCancel }: { group: PlanGroup | null; onDone(): void; onCancel(): void }) {
  const [draft, setDraft] = useState(() => draftOf(group));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const problems = problemsOf(error);
  const setPlan = (i: number, patch: Partial<PlanDraft>) =>
    setDraft((d) => ({ ...d, plans: d.plans.map((p, j) => (j === i ? { ...p, ...patch } : p)) }));
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const body = documentOf(draft, group);
      if (group) await putJson(`/subscriptions/plan-groups/${encodeURIComponent(group.id)}`, body);
      else await postJson('/subscriptions/plan-groups', body);
      onDone();
    } catch (e) {
      setError(e as Error);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h3" variant="headingMd">
          {group ? `Edit “${group.name}”` : 'New plan group'}
        </Text>
        {error ? (
          <ErrorBanner
            error={error}
            title={error instanceof ApiError && error.status === 409 ? 'Not saved: plans in use' : 'The plan group was not saved'}
          />
        ) : null}
        <FormLayout>
          <TextField
            label="Name (shown to shoppers)"
            autoComplete="off"
            value={draft.name}
            error={fieldError(problems, 'name')}
            onChange={(name) => setDraft((d) => ({ ...d, name }))}
          />
          <TextField
            label="Description"
            autoComplete="off"
            value={draft.description}
            onChange={(description) => setDraft((d) => ({ ...d, description }))}
          />
          {draft.plans.map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: plans are positions in the group (problems name them by index)
            <FormLayout.Group key={i} condensed>
              <Select
                label={`Plan ${i + 1}: every`}
                options={[
                  { label: 'Day', value: 'DAY' },
                  { label: 'Week', value: 'WEEK' },
                  { label: 'Month', value: 'MONTH' },
                ]}
                value={p.interval}
                onChange={(interval) => setPlan(i, { interval: interval as PlanDraft['interval'] })}
              />
              <TextField
                label={`Plan ${i + 1}: how many`}
                type="number"
                autoComplete="off"
                value={p.intervalCount}
                error={fieldError(problems, `plans.${i}.intervalCount`)}
                onChange={(intervalCount) => setPlan(i, { intervalCount })}
              />
              <TextField
                label={`Plan ${i + 1}: discount %`}
                type="number"
                autoComplete="off"
                value={p.percent}
                error={fieldError(problems, `plans.${i}.discount`)}
                onChange={(percent) => setPlan(i, { percent })}
              />
              <TextField
                label={`Plan ${i + 1}: deliveries prepaid`}
                type="number"
                autoComplete="off"
                value={p.prepaidDeliveries}
                error={fieldError(problems, `plans.${i}.prepaidDeliveries`)}
                onChange={(prepaidDeliveries) => setPlan(i, { prepaidDeliveries })}
              />
              <Button
                tone="critical"
                variant="plain"
                disabled={draft.plans.length === 1}
                accessibilityLabel={`Remove plan ${i + 1}`}
                onClick={() => setDraft((d) => ({ ...d, plans: d.plans.filter((_, j) => j !== i) }))}
              >
                Remove
              </Button>
            </FormLayout.Group>
          ))}
          <InlineStack>
            <Button onClick={() => setDraft((d) => ({ ...d, plans: [...d.plans, blankPlan()] }))}>Add a plan</Button>
          </InlineStack>
          <TextField
            label="Products (ids)"
            autoComplete="off"
            helpText="Product ids, comma-separated (123 or gid://shopify/Product/123); shoppers see the plans on these products."
            value={draft.products}
            error={fieldError(problems, 'productIds')}
            onChange={(products) => setDraft((d) => ({ ...d, products }))}
          />
        </FormLayout>
        <InlineStack align="end" gap="200">
          <Button onClick={onCancel}>Cancel</Button>
          <Button variant="primary" loading={saving} onClick={() => void save()}>
            {group ? 'Save plan group' : 'Create plan group'}
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

function Plans() {
  const { data, error, loading, reload } = useApi<{ planGroups: PlanGroup[] }>('/subscriptions/plan-groups');
  const [editing, setEditing] = useState<PlanGroup | 'new' | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<{ name: string; error: Error } | null>(null);
  const groups = data?.planGroups ?? [];
  const remove = async (group: PlanGroup) => {
    setDeleting(group.id);
    setRefusal(null);
    try {
      await deleteJson(`/subscriptions/plan-groups/${encodeURIComponent(group.id)}`);
      reload();
    } catch (e) {
      setRefusal({ name: group.name, error: e as Error });
    } finally {
      setDeleting(null);
    }
  };
  return (
    <BlockStack gap="400">
      <InlineStack align="end">
        <Button variant="primary" onClick={() => setEditing('new')}>
          Create plan group
        </Button>
      </InlineStack>
      {refusal ? (
        <Banner
          tone="critical"
          title={
            refusal.error instanceof ApiError && refusal.error.status === 409
              ? `“${refusal.name}” cannot be deleted: subscriptions renew on it`
              : `“${refusal.name}” was not deleted`
          }
          onDismiss={() => setRefusal(null)}
        >
          <Text as="p">{refusal.error.message}</Text>
        </Banner>
      ) : null}
      {editing ? (
        <PlanGroupForm
          key={editing === 'new' ? 'new' : editing.id}
          group={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            reload();
          }}
        />
      ) : null}
      {error ? <ErrorBanner error={error} onRetry={reload} title="The plans could not be loaded" /> : null}
      {loading && !data ? <LoadingCard /> : null}
      {data && groups.length === 0 && !editing ? (
        <Empty heading="No subscription plans yet" action={{ content: 'Create plan group', onAction: () => setEditing('new') }}>
          A plan group is a “subscribe and save” choice on your products: every few weeks or months, at a discount.
        </Empty>
      ) : null}
      {groups.map((g) => (
        <Card key={g.id}>
          <BlockStack gap="200">
            <InlineStack align="space-between" blockAlign="center">
              <Text as="h3" variant="headingMd">
                {g.name}
              </Text>
              <InlineStack gap="200">
                <Button onClick={() => setEditing(g)} accessibilityLabel={`Edit ${g.name}`}>
                  Edit
                </Button>
                <Button tone="critical" loading={deleting === g.id} onClick={() => void remove(g)} accessibilityLabel={`Delete ${g.name}`}>
                  Delete
                </Button>
              </InlineStack>
            </InlineStack>
            <ul>
              {g.plans.map((p) => (
                <li key={p.id}>{p.name}</li>
              ))}
            </ul>
            <Text as="p" tone="subdued">
              {g.productIds.length} product{g.productIds.length === 1 ? '' : 's'}
              {g.variantIds.length ? `, ${g.variantIds.length} variant${g.variantIds.length === 1 ? '' : 's'}` : ''}
            </Text>
          </BlockStack>
        </Card>
      ))}
    </BlockStack>
  );
}

function DunningForm({ initial }: { initial: DunningSettings }) {
  const [retry, setRetry] = useState(initial.retryDays.join(', '));
  const { settings, set, save, saving, saved, setSaved, error, problems } = useSettingsForm(initial, '/subscriptions/settings', (s) => ({
    ...s,
    retryDays: retry
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean)
      .map(Number),
  }));
  return (
    <Card>
      <BlockStack gap="300">
        {saved ? <Banner tone="success" title="Dunning settings saved" onDismiss={() => setSaved(false)} /> : null}
        {error ? <ErrorBanner error={error} title="The dunning settings were not saved" /> : null}
        <FormLayout>
          <TextField
            label="Retry a failed payment after these days"
            autoComplete="off"
            helpText="Comma-separated, e.g. 1, 3, 7 (each 1 to 30, at most 10 retries)."
            value={retry}
            error={fieldError(problems, 'retryDays')}
            onChange={(v) => {
              setSaved(false);
              setRetry(v);
            }}
          />
          <Select
            label="When every retry failed"
            options={[
              { label: 'Pause the subscription', value: 'pause' },
              { label: 'Cancel the subscription', value: 'cancel' },
              { label: 'Skip the cycle and try next time', value: 'skip' },
            ]}
            value={settings.finalAction}
            onChange={(finalAction) => set({ finalAction: finalAction as DunningSettings['finalAction'] })}
          />
          <Select
            label="When an item is out of stock"
            options={[
              { label: 'Skip the cycle', value: 'skip' },
              { label: 'Retry like a failed payment', value: 'retry' },
            ]}
            value={settings.inventoryAction}
            onChange={(inventoryAction) => set({ inventoryAction: inventoryAction as DunningSettings['inventoryAction'] })}
          />
          <TextField
            label="Remind the customer this many days before each charge"
            type="number"
            autoComplete="off"
            helpText="0 sends no reminder."
            value={String(settings.reminderDays)}
            error={fieldError(problems, 'reminderDays')}
            onChange={(v) => set({ reminderDays: Number(v) })}
          />
        </FormLayout>
        <InlineStack align="end">
          <Button variant="primary" loading={saving} onClick={() => void save()}>
            Save dunning settings
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

function DunningSettingsTab() {
  const { data, error, reload } = useApi<{ settings: DunningSettings }>('/subscriptions/settings');
  if (error) return <ErrorBanner error={error} onRetry={reload} title="The dunning settings could not be loaded" />;
  return data ? <DunningForm initial={data.settings} /> : <LoadingCard />;
}

const TABS = [
  { id: 'contracts', content: 'Subscriptions' },
  { id: 'upcoming', content: 'Upcoming renewals' },
  { id: 'plans', content: 'Plans' },
  { id: 'dunning', content: 'Dunning' },
];

export default function Subscriptions() {
  const [tab, setTab] = useState(0);
  const [reconciling, setReconciling] = useState(false);
  const [reconciled, setReconciled] = useState<string | null>(null);
  const reconcile = async () => {
    setReconciling(true);
    try {
      await api('/subscriptions/reconcile', { method: 'POST', body: '{}' });
      setReconciled('Encore is reading every subscription from Shopify again; reload in a moment.');
    } catch (e) {
      setReconciled((e as Error).message);
    } finally {
      setReconciling(false);
    }
  };
  return (
    <Page
      title="Subscriptions"
      subtitle="Contracts, renewals, plans and failed payments"
      secondaryActions={[{ content: 'Read again from Shopify', loading: reconciling, onAction: () => void reconcile() }]}
    >
      <BlockStack gap="400">
        {reconciled ? <Banner tone="info" title={reconciled} onDismiss={() => setReconciled(null)} /> : null}
        <Tabs tabs={TABS} selected={tab} onSelect={setTab} />
        {tab === 0 ? <Contracts /> : null}
        {tab === 1 ? <Upcoming /> : null}
        {tab === 2 ? <Plans /> : null}
        {tab === 3 ? <DunningSettingsTab /> : null}
      </BlockStack>
    </Page>
  );
}
