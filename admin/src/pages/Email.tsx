// Email: the email offers' settings, the templates per language with a live preview rendered by the server (the
// same Liquid as the real send), a test send, the emails sent (each viewable as it went out), and the order-edit
// settings the accepted offers use. API: web/server/email/routes.ts, web/server/order-edit/routes.ts.
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  DataTable,
  FormLayout,
  InlineStack,
  Layout,
  Modal,
  Page,
  Select,
  Tabs,
  Text,
  TextField,
} from '@shopify/polaris';
import { useEffect, useMemo, useRef, useState } from 'react';
import { deleteJson, fieldError, postJson, problemsOf, putJson } from '../api';
import { EmailFrame } from '../components/EmailFrame';
import { Empty, ErrorBanner, LoadingCard } from '../components/states';
import { dateTime } from '../format';
import { useApi } from '../use-api';
import { useSettingsForm } from '../use-settings-form';

interface EmailSettings {
  enabled: boolean;
  delayMinutes: number;
  windowMinutes: number;
  senderName: string | null;
  replyTo: string | null;
  brand: { logoUrl: string | null; primary: string; button: string; buttonText: string; background: string; text: string };
  skipOrderTags: string[];
}

interface Template {
  locale: string;
  /** Other kinds of email (subscription notices…) may come with a kind; the offer email has none. */
  kind?: string;
  subject: string;
  preheader: string;
  html: string;
  text: string | null;
  custom: boolean;
  version: number;
  updatedAt: string | null;
}

interface Rendered {
  subject: string;
  preheader: string;
  html: string;
  text: string;
}

interface SentSummary {
  id: string;
  orderId: string;
  to: string;
  subject: string;
  locale: string;
  status: string;
  sendingAt: string;
  sentAt: string | null;
  error: string | null;
}

interface OrderEditSettings {
  readyTag: string;
  readyMetafield: { namespace: string; key: string };
  holdUntilReady: boolean;
}

const LANGUAGES: Record<string, string> = { en: 'English', fr: 'French', es: 'Spanish', de: 'German', sv: 'Swedish' };
const PREVIEW_DELAY_MS = 400;
const OFFER_KIND = 'offer';

const numberOr = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

function SettingsCard({ initial, smtpConfigured }: { initial: EmailSettings; smtpConfigured: boolean }) {
  const [tags, setTags] = useState(initial.skipOrderTags.join(', '));
  const { settings, set, save, saving, saved, setSaved, error, problems } = useSettingsForm(initial, '/email/settings', (s) => ({
    ...s,
    skipOrderTags: tags
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  }));
  const setBrand = (patch: Partial<EmailSettings['brand']>) => set({ brand: { ...settings.brand, ...patch } });
  const colour = (key: keyof Omit<EmailSettings['brand'], 'logoUrl'>, label: string) => (
    <TextField
      label={label}
      autoComplete="off"
      value={settings.brand[key]}
      error={fieldError(problems, `brand.${key}`)}
      onChange={(v) => setBrand({ [key]: v })}
    />
  );
  return (
    <Card>
      <BlockStack gap="400">
        {!smtpConfigured ? (
          <Banner tone="warning" title="Email sending is not set up">
            Set SMTP_URL and EMAIL_FROM for the app; until then no email offer (and no test) is sent.
          </Banner>
        ) : null}
        {saved ? <Banner tone="success" title="Email settings saved" onDismiss={() => setSaved(false)} /> : null}
        {error ? <ErrorBanner error={error} title="The email settings were not saved" /> : null}
        <FormLayout>
          <Checkbox
            label="Send email offers (an active email funnel chooses what is offered)"
            checked={settings.enabled}
            onChange={(enabled) => set({ enabled })}
          />
          <FormLayout.Group>
            <TextField
              label="Send this many minutes after the order"
              type="number"
              autoComplete="off"
              value={Number.isNaN(settings.delayMinutes) ? '' : String(settings.delayMinutes)}
              error={fieldError(problems, 'delayMinutes')}
              helpText="1 to 1440. Long enough for a cancellation or a quick fulfilment to show."
              onChange={(v) => set({ delayMinutes: numberOr(v) })}
            />
            <TextField
              label="The offer stays open this many minutes"
              type="number"
              autoComplete="off"
              value={Number.isNaN(settings.windowMinutes) ? '' : String(settings.windowMinutes)}
              error={fieldError(problems, 'windowMinutes')}
              helpText="At least 15: the shopper needs time to pay."
              onChange={(v) => set({ windowMinutes: numberOr(v) })}
            />
          </FormLayout.Group>
          <FormLayout.Group>
            <TextField
              label="Sender name"
              autoComplete="off"
              placeholder="Your store's name"
              value={settings.senderName ?? ''}
              error={fieldError(problems, 'senderName')}
              onChange={(v) => set({ senderName: v.trim() === '' ? null : v })}
            />
            <TextField
              label="Replies go to"
              type="email"
              autoComplete="off"
              value={settings.replyTo ?? ''}
              error={fieldError(problems, 'replyTo')}
              onChange={(v) => set({ replyTo: v.trim() === '' ? null : v })}
            />
          </FormLayout.Group>
          <TextField
            label="Skip orders with these tags"
            autoComplete="off"
            helpText="Comma-separated, e.g. the tag another upsell app writes on the orders it edited."
            value={tags}
            error={fieldError(problems, 'skipOrderTags')}
            onChange={(v) => {
              setSaved(false);
              setTags(v);
            }}
          />
          <TextField
            label="Logo URL"
            autoComplete="off"
            value={settings.brand.logoUrl ?? ''}
            error={fieldError(problems, 'brand.logoUrl')}
            onChange={(v) => setBrand({ logoUrl: v.trim() === '' ? null : v })}
          />
          <FormLayout.Group condensed>
            {colour('primary', 'Heading colour')}
            {colour('button', 'Button colour')}
            {colour('buttonText', 'Button text colour')}
          </FormLayout.Group>
          <FormLayout.Group condensed>
            {colour('background', 'Background colour')}
            {colour('text', 'Text colour')}
          </FormLayout.Group>
        </FormLayout>
        <InlineStack align="end">
          <Button variant="primary" loading={saving} onClick={() => void save()}>
            Save email settings
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

type Draft = Pick<Template, 'subject' | 'preheader' | 'html' | 'text'>;

function usePreview(locale: string, draft: Draft) {
  const [rendered, setRendered] = useState<Rendered | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [rendering, setRendering] = useState(true);
  const latest = useRef(0);
  useEffect(() => {
    const call = ++latest.current;
    setRendering(true);
    const timer = setTimeout(() => {
      postJson<{ email: Rendered }>('/email/preview', { order: 'demo', locale, template: draft }).then(
        (answer) => {
          if (call !== latest.current) return;
          setRendered(answer.email);
          setError(null);
          setRendering(false);
        },
        (e: Error) => {
          if (call !== latest.current) return;
          setError(e);
          setRendering(false);
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [locale, draft]);
  return { rendered, error, rendering };
}

function TemplateEditor({ template, onSaved }: { template: Template; onSaved(template: Template): void }) {
  const [draft, setDraft] = useState<Draft>({
    subject: template.subject,
    preheader: template.preheader,
    html: template.html,
    text: template.text,
  });
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<Error | null>(null);
  const [saved, setSaved] = useState(false);
  const preview = usePreview(template.locale, draft);
  // The save's refusal first (what the server kept out), else the live preview's.
  const problems = saveError ? problemsOf(saveError) : problemsOf(preview.error);
  const set = (patch: Partial<Draft>) => {
    setSaved(false);
    setSaveError(null);
    setDraft((d) => ({ ...d, ...patch }));
  };
  const kindQuery = template.kind && template.kind !== OFFER_KIND ? `?kind=${encodeURIComponent(template.kind)}` : '';
  const path = `/email/templates/${template.locale}${kindQuery}`;
  const save = async () => {
    setSaving(true);
    setSaveError(null);
    try {
      const answer = await putJson<{ template: Template }>(path, draft);
      onSaved(answer.template);
      setSaved(true);
    } catch (e) {
      setSaveError(e as Error);
    } finally {
      setSaving(false);
    }
  };
  const reset = async () => {
    setSaving(true);
    setSaveError(null);
    try {
      const answer = await deleteJson<{ template: Template }>(path);
      setDraft({
        subject: answer.template.subject,
        preheader: answer.template.preheader,
        html: answer.template.html,
        text: answer.template.text,
      });
      onSaved(answer.template);
    } catch (e) {
      setSaveError(e as Error);
    } finally {
      setSaving(false);
    }
  };
  const language = LANGUAGES[template.locale] ?? template.locale;
  return (
    <Layout>
      <Layout.Section variant="oneHalf">
        <Card>
          <BlockStack gap="300">
            <InlineStack align="space-between" blockAlign="center">
              <Text as="h3" variant="headingSm">
                {language} template
              </Text>
              <Badge tone={template.custom ? 'info' : undefined}>
                {template.custom ? `Yours, version ${template.version}` : "Encore's"}
              </Badge>
            </InlineStack>
            {saved ? <Banner tone="success" title="Template saved" onDismiss={() => setSaved(false)} /> : null}
            {saveError ? <ErrorBanner error={saveError} title="The template was not saved" /> : null}
            <TextField
              label="Subject"
              autoComplete="off"
              value={draft.subject}
              error={fieldError(problems, 'subject')}
              onChange={(subject) => set({ subject })}
            />
            <TextField
              label="Preheader (the line after the subject in the inbox)"
              autoComplete="off"
              value={draft.preheader}
              error={fieldError(problems, 'preheader')}
              onChange={(preheader) => set({ preheader })}
            />
            <TextField
              label="HTML body (Liquid)"
              autoComplete="off"
              multiline={14}
              maxHeight={480}
              monospaced
              value={draft.html}
              error={fieldError(problems, 'html')}
              onChange={(html) => set({ html })}
            />
            <TextField
              label="Plain-text body (Liquid; empty: made from the HTML)"
              autoComplete="off"
              multiline={5}
              maxHeight={320}
              monospaced
              value={draft.text ?? ''}
              error={fieldError(problems, 'text')}
              onChange={(text) => set({ text: text === '' ? null : text })}
            />
            <InlineStack align="end" gap="200">
              <Button disabled={!template.custom} loading={saving} onClick={() => void reset()}>
                Use Encore's template
              </Button>
              <Button variant="primary" loading={saving} onClick={() => void save()}>
                Save template
              </Button>
            </InlineStack>
          </BlockStack>
        </Card>
      </Layout.Section>
      <Layout.Section variant="oneHalf">
        <Card>
          <BlockStack gap="300">
            <InlineStack align="space-between" blockAlign="center">
              <Text as="h3" variant="headingSm">
                Preview on a sample order
              </Text>
              <Text as="span" tone="subdued">
                {preview.rendering ? 'Rendering…' : preview.error ? 'Not rendered' : 'Up to date'}
              </Text>
            </InlineStack>
            {preview.error && problemsOf(preview.error).length === 0 ? (
              <ErrorBanner error={preview.error} title="The preview failed" />
            ) : null}
            {preview.error && problemsOf(preview.error).length > 0 ? (
              <Banner tone="critical" title="The template has a Liquid error">
                <ul>
                  {problemsOf(preview.error).map((p) => (
                    <li key={`${p.field}:${p.message}`}>
                      <code>{p.field}</code> {p.message}
                    </li>
                  ))}
                </ul>
              </Banner>
            ) : null}
            {preview.rendered ? (
              <BlockStack gap="200">
                <div data-testid="preview-subject">
                  <Text as="p" fontWeight="semibold">
                    {preview.rendered.subject}
                  </Text>
                </div>
                <Text as="p" tone="subdued">
                  {preview.rendered.preheader}
                </Text>
                <EmailFrame html={preview.rendered.html} title={`Preview of the ${language} email`} />
              </BlockStack>
            ) : preview.error ? null : (
              <LoadingCard lines={6} />
            )}
          </BlockStack>
        </Card>
      </Layout.Section>
    </Layout>
  );
}

function Templates() {
  const { data, error, loading, reload } = useApi<{ templates: Template[] }>('/email/templates');
  const [saved, setSaved] = useState<Record<string, Template>>({});
  const [selected, setSelected] = useState(0);
  const [kind, setKind] = useState(OFFER_KIND);
  const templates = useMemo(() => (data?.templates ?? []).map((t) => saved[`${t.kind ?? OFFER_KIND}:${t.locale}`] ?? t), [data, saved]);
  const kinds = [...new Set(templates.map((t) => t.kind ?? OFFER_KIND))];
  const ofKind = templates.filter((t) => (t.kind ?? OFFER_KIND) === kind);
  const current = ofKind[Math.min(selected, ofKind.length - 1)];
  if (error) return <ErrorBanner error={error} onRetry={reload} title="The templates could not be loaded" />;
  if (loading && !data) return <LoadingCard lines={8} />;
  if (templates.length === 0) return <Empty heading="No templates">The server returned no email template.</Empty>;
  return (
    <BlockStack gap="300">
      {kinds.length > 1 ? (
        <div style={{ maxWidth: 320 }}>
          <Select
            label="Email"
            options={kinds.map((k) => ({ label: k === OFFER_KIND ? 'Offer email' : k, value: k }))}
            value={kind}
            onChange={(k) => {
              setKind(k);
              setSelected(0);
            }}
          />
        </div>
      ) : null}
      <Tabs
        tabs={ofKind.map((t) => ({
          id: `template-${t.locale}`,
          content: LANGUAGES[t.locale] ?? t.locale,
          accessibilityLabel: `${LANGUAGES[t.locale] ?? t.locale} template`,
        }))}
        selected={Math.min(selected, ofKind.length - 1)}
        onSelect={setSelected}
      />
      {current ? (
        <TemplateEditor
          key={`${kind}:${current.locale}`}
          template={current}
          onSaved={(t) => setSaved((s) => ({ ...s, [`${t.kind ?? OFFER_KIND}:${t.locale}`]: t }))}
        />
      ) : null}
    </BlockStack>
  );
}

function TestSend() {
  const [to, setTo] = useState('');
  const [locale, setLocale] = useState('en');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const send = async () => {
    setSending(true);
    setError(null);
    setSent(null);
    try {
      await postJson<{ sent: boolean }>('/email/test-send', { to, locale });
      setSent(to);
    } catch (e) {
      setError(e as Error);
    } finally {
      setSending(false);
    }
  };
  return (
    <Card>
      <BlockStack gap="300">
        {sent ? <Banner tone="success" title={`Test email sent to ${sent}`} onDismiss={() => setSent(null)} /> : null}
        {error && problemsOf(error).length === 0 ? <ErrorBanner error={error} title="The test email was not sent" /> : null}
        <FormLayout>
          <FormLayout.Group>
            <TextField
              label="Send a test email to"
              type="email"
              autoComplete="email"
              value={to}
              error={fieldError(problemsOf(error), 'to')}
              onChange={setTo}
            />
            <Select
              label="Language"
              options={Object.entries(LANGUAGES).map(([value, label]) => ({ value, label }))}
              value={locale}
              onChange={setLocale}
            />
          </FormLayout.Group>
        </FormLayout>
        <InlineStack align="end">
          <Button loading={sending} onClick={() => void send()}>
            Send test email
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

const STATUS_TONES: Record<string, 'success' | 'critical' | 'attention' | 'info' | undefined> = {
  sent: 'success',
  failed: 'critical',
  unconfirmed: 'attention',
  sending: 'info',
};

function SentEmail({ id, onClose }: { id: string; onClose(): void }) {
  const { data, error, loading, reload } = useApi<{ email: SentSummary & Rendered & { from: string } }>(
    `/email/messages/${encodeURIComponent(id)}`,
  );
  const email = data?.email;
  return (
    <Modal open onClose={onClose} title={email ? email.subject : 'Email'} size="large">
      <Modal.Section>
        {error ? <ErrorBanner error={error} onRetry={reload} title="The email could not be loaded" /> : null}
        {loading && !email ? <LoadingCard lines={6} /> : null}
        {email ? (
          <BlockStack gap="200">
            <Text as="p">
              From {email.from} to {email.to}, {dateTime(email.sentAt ?? email.sendingAt)}
            </Text>
            <EmailFrame html={email.html} title={`The email sent to ${email.to}`} />
          </BlockStack>
        ) : null}
      </Modal.Section>
    </Modal>
  );
}

function SentEmails() {
  const [before, setBefore] = useState<string[]>([]);
  const cursor = before.at(-1);
  const { data, error, loading, reload } = useApi<{ messages: SentSummary[]; next: string | null }>(
    `/email/messages?limit=20${cursor ? `&before=${encodeURIComponent(cursor)}` : ''}`,
  );
  const [open, setOpen] = useState<string | null>(null);
  const messages = data?.messages ?? [];
  return (
    <BlockStack gap="300">
      {error ? <ErrorBanner error={error} onRetry={reload} title="The emails sent could not be loaded" /> : null}
      {loading && !data ? <LoadingCard /> : null}
      {data && messages.length === 0 ? (
        <Empty heading="No email sent yet">Emails go out after orders that an active email funnel has an offer for.</Empty>
      ) : null}
      {messages.length > 0 ? (
        <Card padding="0">
          <DataTable
            columnContentTypes={['text', 'text', 'text', 'text', 'text', 'text']}
            headings={['To', 'Subject', 'Language', 'Status', 'Sent', '']}
            rows={messages.map((m) => [
              m.to,
              m.subject,
              LANGUAGES[m.locale] ?? m.locale,
              <Badge key="s" tone={STATUS_TONES[m.status]}>
                {m.status}
              </Badge>,
              dateTime(m.sentAt ?? m.sendingAt),
              <Button key="v" variant="plain" onClick={() => setOpen(m.id)} accessibilityLabel={`View the email sent to ${m.to}`}>
                View
              </Button>,
            ])}
          />
        </Card>
      ) : null}
      {before.length > 0 || data?.next ? (
        <InlineStack gap="200">
          <Button disabled={before.length === 0} onClick={() => setBefore((b) => b.slice(0, -1))}>
            Newer
          </Button>
          <Button disabled={!data?.next} onClick={() => data?.next && setBefore((b) => [...b, data.next as string])}>
            Older
          </Button>
        </InlineStack>
      ) : null}
      {open ? <SentEmail id={open} onClose={() => setOpen(null)} /> : null}
    </BlockStack>
  );
}

function OrderEditCard({ initial }: { initial: OrderEditSettings }) {
  const { settings, set, save, saving, saved, setSaved, error, problems } = useSettingsForm(initial, '/order-edit/settings');
  return (
    <Card>
      <BlockStack gap="300">
        {saved ? <Banner tone="success" title="Order settings saved" onDismiss={() => setSaved(false)} /> : null}
        {error ? <ErrorBanner error={error} title="The order settings were not saved" /> : null}
        <FormLayout>
          <TextField
            label="Tag orders ready to fulfil with"
            autoComplete="off"
            helpText="Written once every offer window on the order has closed; your 3PL or Flow can wait for it."
            value={settings.readyTag}
            error={fieldError(problems, 'readyTag')}
            onChange={(readyTag) => set({ readyTag })}
          />
          <FormLayout.Group>
            <TextField
              label="Ready metafield namespace"
              autoComplete="off"
              value={settings.readyMetafield.namespace}
              error={fieldError(problems, 'readyMetafield.namespace')}
              onChange={(namespace) => set({ readyMetafield: { ...settings.readyMetafield, namespace } })}
            />
            <TextField
              label="Ready metafield key"
              autoComplete="off"
              value={settings.readyMetafield.key}
              error={fieldError(problems, 'readyMetafield.key')}
              onChange={(key) => set({ readyMetafield: { ...settings.readyMetafield, key } })}
            />
          </FormLayout.Group>
          <Checkbox
            label="Hold every new order's fulfilment until it is ready"
            helpText="Delays every order by the offer window; leave off if your 3PL already waits for the tag."
            checked={settings.holdUntilReady}
            onChange={(holdUntilReady) => set({ holdUntilReady })}
          />
        </FormLayout>
        <InlineStack align="end">
          <Button loading={saving} onClick={() => void save()}>
            Save order settings
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

function Loaded<T>({ path, title, children }: { path: string; title: string; children(data: T): JSX.Element }) {
  const { data, error, reload } = useApi<T>(path);
  if (error) return <ErrorBanner error={error} onRetry={reload} title={title} />;
  return data ? children(data) : <LoadingCard />;
}

export default function Email() {
  return (
    <Page title="Email" subtitle="Offers by email after the order: settings, templates, what was sent">
      <BlockStack gap="500">
        <Layout>
          <Layout.AnnotatedSection title="Email offers" description="When the email goes out, who it is from, how it looks.">
            <Loaded<{ settings: EmailSettings; smtpConfigured: boolean }>
              path="/email/settings"
              title="The email settings could not be loaded"
            >
              {(data) => <SettingsCard initial={data.settings} smtpConfigured={data.smtpConfigured} />}
            </Loaded>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection title="Test email" description="The email as a shopper gets it, on a sample order, to your inbox.">
            <TestSend />
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection
            title="Accepted offers"
            description="How an order with an email offer on it is marked ready to fulfil once its offer windows close."
          >
            <Loaded<{ settings: OrderEditSettings }> path="/order-edit/settings" title="The order settings could not be loaded">
              {(data) => <OrderEditCard initial={data.settings} />}
            </Loaded>
          </Layout.AnnotatedSection>
        </Layout>
        <Box>
          <BlockStack gap="300">
            <Text as="h2" variant="headingLg">
              Templates
            </Text>
            <Text as="p" tone="subdued">
              Liquid, one per language; the preview renders your draft on a sample order as the real send would. A template with a Liquid
              error cannot be saved.
            </Text>
            <Templates />
          </BlockStack>
        </Box>
        <BlockStack gap="300">
          <Text as="h2" variant="headingLg">
            Emails sent
          </Text>
          <SentEmails />
        </BlockStack>
      </BlockStack>
    </Page>
  );
}
