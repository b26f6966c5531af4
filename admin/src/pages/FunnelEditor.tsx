// The funnel editor: settings, targeting (editor/Targeting.tsx), A/B arm, and the tree of steps. Every change is checked by the server's
// validator (POST /funnels/validate) shortly after typing stops; its problems appear on the step they name, and
// problems of the funnel as a whole above the tree. Saving sends the same document (POST, or PUT with the version).
import { Banner, BlockStack, Card, Checkbox, FormLayout, InlineStack, Layout, Page, Select, Text, TextField } from '@shopify/polaris';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, api, type Problem, postJson, putJson } from '../api';
import { ErrorBanner, LoadingCard } from '../components/states';
import { draftHandoff } from '../drafts';
import { navigate } from '../router';
import type { FunnelDraft, Json, ProductHit, StepDraft } from '../types';
import { StepNode } from './editor/StepTree';
import { TargetingEditor } from './editor/Targeting';

interface Validation {
  valid: boolean;
  problems: Problem[];
  warnings?: Array<string | { message: string }>;
}

const VALIDATE_DELAY_MS = 350;

/** The document the API takes: the draft without the fields the server owns. */
function toDocument(draft: FunnelDraft): Record<string, unknown> {
  const { id: _id, version: _version, ...rest } = draft as FunnelDraft & { createdAt?: string; updatedAt?: string };
  const { createdAt: _c, updatedAt: _u, ...body } = rest as typeof rest & { createdAt?: string; updatedAt?: string };
  return body;
}

function newStepId(steps: readonly StepDraft[]): string {
  for (let n = steps.length + 1; ; n++) if (!steps.some((s) => s.id === `step-${n}`)) return `step-${n}`;
}

function useTitles(draft: FunnelDraft | null) {
  const [titles, setTitles] = useState<Map<string, string>>(new Map());
  const remember = useCallback((id: string, title: string) => setTitles((t) => new Map(t).set(id, title)), []);
  const ids = useMemo(() => [...new Set(JSON.stringify(draft?.steps ?? []).match(/gid:\/\/shopify\/Product\/\d+/g) ?? [])], [draft]);
  const missing = ids
    .filter((id) => !titles.has(id))
    .slice(0, 50)
    .join(',');
  useEffect(() => {
    if (missing === '') return;
    api<{ products: ProductHit[] }>(`/catalog/products?ids=${encodeURIComponent(missing)}`).then(
      (answer) => setTitles((t) => new Map([...t, ...answer.products.map((p) => [p.id, p.title] as const)])),
      () => undefined,
    );
  }, [missing]);
  return { titles, remember };
}

function useValidation(draft: FunnelDraft | null, funnelId: string | null) {
  const [validation, setValidation] = useState<Validation | null>(null);
  const [checking, setChecking] = useState(false);
  const latest = useRef(0);
  useEffect(() => {
    if (!draft) return;
    const call = ++latest.current;
    setChecking(true);
    const timer = setTimeout(() => {
      const done = (answer: Validation) => {
        if (call !== latest.current) return;
        setValidation(answer);
        setChecking(false);
      };
      postJson<Validation>(`/funnels/validate${funnelId ? `?funnelId=${encodeURIComponent(funnelId)}` : ''}`, toDocument(draft)).then(
        done,
        (error: Error) =>
          done({ valid: false, problems: error instanceof ApiError ? error.problems : [{ field: '', message: error.message }] }),
      );
    }, VALIDATE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, funnelId]);
  return { validation, checking };
}

function Settings({ draft, set }: { draft: FunnelDraft; set(patch: Partial<FunnelDraft>): void }) {
  const experiment = draft.experiment ?? null;
  return (
    <Card>
      <FormLayout>
        <TextField label="Funnel name" autoComplete="off" value={draft.name} onChange={(name) => set({ name })} />
        <FormLayout.Group>
          <Select
            label="Where it runs"
            options={[
              { label: 'After payment (post-purchase)', value: 'post_purchase' },
              { label: 'In checkout', value: 'checkout' },
              { label: 'By email', value: 'email' },
            ]}
            value={draft.surface}
            onChange={(surface) => set({ surface })}
          />
          <TextField
            label="Priority (higher runs first)"
            type="number"
            autoComplete="off"
            value={String(draft.priority ?? 0)}
            onChange={(v) => set({ priority: Number(v) })}
          />
        </FormLayout.Group>
        <Checkbox label="Active: shoppers can see this funnel" checked={draft.enabled} onChange={(enabled) => set({ enabled })} />
        <FormLayout.Group>
          <TextField
            label="A/B test key (optional)"
            helpText="Funnels with the same key are arms of one test; each order sees one."
            autoComplete="off"
            value={experiment?.key ?? ''}
            onChange={(key) =>
              set({ experiment: key.trim() === '' ? null : { key, arm: experiment?.arm ?? 'A', weight: experiment?.weight ?? 1 } })
            }
          />
          <TextField
            label="Arm"
            autoComplete="off"
            disabled={!experiment}
            value={experiment?.arm ?? ''}
            onChange={(arm) => experiment && set({ experiment: { ...experiment, arm } })}
          />
        </FormLayout.Group>
      </FormLayout>
    </Card>
  );
}

export default function FunnelEditor({ funnelId }: { funnelId: string | null }) {
  const [draft, setDraft] = useState<FunnelDraft | null>(() => (funnelId ? null : draftHandoff.draft));
  const [loadError, setLoadError] = useState<Error | null>(null);
  const [saveError, setSaveError] = useState<Error | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [locales, setLocales] = useState<string[]>(['en']);
  const [currency, setCurrency] = useState('USD');
  const { titles, remember } = useTitles(draft);
  const { validation, checking } = useValidation(draft, funnelId);

  useEffect(() => {
    api<{ settings: { locales: string[] }; shopCurrency: string }>('/settings').then(
      (s) => {
        setLocales(s.settings.locales);
        setCurrency(s.shopCurrency);
      },
      () => undefined,
    );
    if (!funnelId) return;
    api<{ funnel: FunnelDraft }>(`/funnels/${encodeURIComponent(funnelId)}`).then((answer) => setDraft(answer.funnel), setLoadError);
  }, [funnelId]);

  const set = useCallback((patch: Partial<FunnelDraft>) => {
    setSaved(false);
    setDraft((d) => (d ? { ...d, ...patch } : d));
  }, []);
  const updateStep = useCallback(
    (stepId: string, patch: Partial<StepDraft>) =>
      setDraft((d) => (d ? { ...d, steps: d.steps.map((s) => (s.id === stepId ? { ...s, ...patch } : s)) } : d)),
    [],
  );
  const addAfter = useCallback((parentId: string, branch: 'accept' | 'decline') => {
    setDraft((d) => {
      if (!d) return d;
      const id = newStepId(d.steps);
      const template = d.steps.find((s) => s.id === d.rootStepId);
      const step: StepDraft = {
        id,
        offer: {
          kind: 'product',
          source: { type: 'product', productId: '', variantIds: null } as Json,
          discount: { type: 'percentage', percent: 10 },
        },
        content: template?.content ? JSON.parse(JSON.stringify(template.content)) : {},
        countdownSeconds: null,
        accept: null,
        decline: null,
      };
      return { ...d, steps: [...d.steps.map((s) => (s.id === parentId ? { ...s, [branch]: id } : s)), step] };
    });
  }, []);
  const remove = useCallback((stepId: string) => {
    setDraft((d) =>
      d
        ? {
            ...d,
            steps: d.steps
              .filter((s) => s.id !== stepId)
              .map((s) => ({ ...s, accept: s.accept === stepId ? null : s.accept, decline: s.decline === stepId ? null : s.decline })),
          }
        : d,
    );
  }, []);

  const save = async () => {
    if (!draft) return;
    setSaving(true);
    setSaveError(null);
    try {
      if (funnelId) {
        const answer = await putJson<{ funnel: FunnelDraft }>(`/funnels/${encodeURIComponent(funnelId)}`, {
          ...toDocument(draft),
          version: draft.version,
        });
        setDraft(answer.funnel);
      } else {
        const answer = await postJson<{ funnel: FunnelDraft }>('/funnels', toDocument(draft));
        draftHandoff.draft = null;
        navigate(`/funnels/${encodeURIComponent(answer.funnel.id ?? '')}`);
      }
      setSaved(true);
    } catch (error) {
      setSaveError(error as Error);
    } finally {
      setSaving(false);
    }
  };

  const steps = useMemo(() => new Map((draft?.steps ?? []).map((s) => [s.id, s])), [draft]);
  const reachable = useMemo(() => {
    const seen = new Set<string>();
    const walk = (id: string | null) => {
      if (!id || seen.has(id) || !steps.has(id)) return;
      seen.add(id);
      walk(steps.get(id)?.accept ?? null);
      walk(steps.get(id)?.decline ?? null);
    };
    walk(draft?.rootStepId ?? null);
    return seen;
  }, [draft, steps]);

  if (loadError) {
    return (
      <Page title="Funnel" backAction={{ content: 'Funnels', url: '/funnels' }}>
        <ErrorBanner error={loadError} title="This funnel could not be loaded" />
      </Page>
    );
  }
  if (!draft) {
    return (
      <Page title={funnelId ? 'Funnel' : 'New funnel'} backAction={{ content: 'Funnels', url: '/funnels' }}>
        {funnelId ? (
          <LoadingCard lines={8} />
        ) : (
          <Banner
            tone="info"
            title="Choose a template first"
            action={{ content: 'Back to funnels', onAction: () => navigate('/funnels') }}
          />
        )}
      </Page>
    );
  }
  const problems = saveError instanceof ApiError && saveError.problems.length > 0 ? saveError.problems : (validation?.problems ?? []);
  const isTargeting = (p: Problem) => p.field === 'targeting' || p.field.startsWith('targeting.');
  // Targeting's problems are shown in its card, on the condition they name.
  const general = problems.filter((p) => (!p.stepId || !steps.has(p.stepId)) && !isTargeting(p));
  const root = steps.get(draft.rootStepId);
  return (
    <Page
      title={draft.name || 'Untitled funnel'}
      backAction={{ content: 'Funnels', url: '/funnels' }}
      primaryAction={{ content: funnelId ? 'Save' : 'Save funnel', onAction: () => void save(), loading: saving }}
      secondaryActions={funnelId ? [{ content: 'Preview', url: `/preview?funnel=${encodeURIComponent(funnelId)}` }] : []}
      titleMetadata={
        <Text as="span" tone="subdued">
          {checking
            ? 'Checking…'
            : problems.length === 0
              ? 'No problems found'
              : `${problems.length} problem${problems.length === 1 ? '' : 's'}`}
        </Text>
      }
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {saved ? <Banner tone="success" title="Saved" onDismiss={() => setSaved(false)} /> : null}
            {saveError && !(saveError instanceof ApiError && saveError.problems.length > 0) ? (
              <ErrorBanner error={saveError} title="The funnel was not saved" />
            ) : null}
            {general.length > 0 ? (
              <Banner tone="critical" title="Problems with the funnel">
                <ul>
                  {general.map((p) => (
                    <li key={`${p.field}:${p.message}`}>{p.message}</li>
                  ))}
                </ul>
              </Banner>
            ) : null}
            <Settings draft={draft} set={set} />
            <TargetingEditor
              targeting={draft.targeting ?? { match: 'all', conditions: [] }}
              set={(targeting) => set({ targeting })}
              problems={problems.filter(isTargeting)}
              currency={currency}
            />
            <Text as="h2" variant="headingMd">
              Steps
            </Text>
            {root ? (
              <StepNode
                step={root}
                level={1}
                visited={new Set()}
                steps={steps}
                locales={locales}
                problems={problems}
                titles={titles}
                remember={remember}
                update={(id, patch) => {
                  setSaved(false);
                  updateStep(id, patch);
                }}
                addAfter={addAfter}
                remove={remove}
                rootStepId={draft.rootStepId}
              />
            ) : (
              <Banner tone="critical" title={`The first step “${draft.rootStepId}” does not exist.`} />
            )}
            {draft.steps.filter((s) => !reachable.has(s.id)).length > 0 ? (
              <Banner tone="warning" title="Steps no shopper can reach">
                <InlineStack gap="200">
                  {draft.steps
                    .filter((s) => !reachable.has(s.id))
                    .map((s) => (
                      <code key={s.id}>{s.id}</code>
                    ))}
                </InlineStack>
              </Banner>
            ) : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
