// admin.order-details.block.render: what Encore did on the order the merchant is looking at, on every surface, and
// why it made no offer where it made none, with links to the full timeline and the email sent in the embedded app.
import '@preact/signals';
import { render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { backendUrl } from './backend-url.js';
import type { OrderTimelineResponse } from './contract.js';
import { type LoadResult, loadOrderTimeline } from './load.js';
import { decisionLine, eventLine, madeNoOffer, noOfferLine, type Replacements, type Words } from './words.js';

export default async function extension(): Promise<void> {
  render(<OrderBlock />, document.body);
}

type State = { status: 'loading' } | LoadResult;

/** Shopify's translate returns a string for primitive replacements (the only kind used here). */
function words(): Words {
  const { i18n } = shopify;
  return {
    t: (key: string, replacements?: Replacements) => String(i18n.translate(key, replacements)),
    money: (amount, currencyCode) => i18n.formatCurrency(amount, { currency: currencyCode }),
    dateTime: (iso) => i18n.formatDate(new Date(iso), { dateStyle: 'medium', timeStyle: 'short' }),
  };
}

/** `app:` links open a path of the embedded app (shopify.dev/docs/api/admin-extensions, "Custom protocols"). */
const appLink = (path: string) => `app:${path.replace(/^\/+/, '')}`;

function OrderBlock() {
  const orderId = shopify.data.selected[0]?.id ?? null;
  const [state, setState] = useState<State>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const w = words();

  useEffect(() => {
    if (!orderId) return;
    let current = true;
    setState({ status: 'loading' });
    void loadOrderTimeline(orderId, { backendUrl: backendUrl(), idToken: () => shopify.auth.idToken() }).then((result) => {
      if (current) setState(result);
    });
    return () => {
      current = false;
    };
  }, [orderId, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  if (!orderId) {
    return (
      <s-admin-block heading={w.t('heading')}>
        <s-text>{w.t('noOrder')}</s-text>
      </s-admin-block>
    );
  }
  if (state.status === 'loading') {
    return (
      <s-admin-block heading={w.t('heading')}>
        <s-stack direction="inline" gap="small-200" alignItems="center">
          <s-spinner accessibilityLabel={w.t('loading')} />
          <s-text color="subdued">{w.t('loading')}</s-text>
        </s-stack>
      </s-admin-block>
    );
  }
  if (state.status !== 'ok') {
    return (
      <s-admin-block heading={w.t('heading')}>
        <s-banner tone={state.status === 'unauthorized' ? 'warning' : 'critical'}>
          <s-paragraph>{w.t(state.status === 'unauthorized' ? 'forbidden' : 'failed')}</s-paragraph>
          <s-button slot="secondary-actions" onClick={retry}>
            {w.t('retry')}
          </s-button>
        </s-banner>
      </s-admin-block>
    );
  }
  return <Timeline timeline={state.timeline} w={w} />;
}

function Timeline({ timeline, w }: { timeline: OrderTimelineResponse; w: Words }) {
  const noOffer = madeNoOffer(timeline);
  const summary = noOffer ? w.t('summaryNoOffer') : w.t('summary', { count: timeline.events.length });
  // With one surface the empty line already says why; the list adds the others.
  const why = noOffer && timeline.decisions.length <= 1 ? [] : timeline.decisions.map((decision) => decisionLine(w, decision));
  return (
    <s-admin-block heading={w.t('heading')} collapsedSummary={summary}>
      <s-stack gap="base">
        {noOffer ? <s-paragraph>{noOfferLine(w, timeline)}</s-paragraph> : null}
        {noOffer ? null : (
          <s-ordered-list>
            {timeline.events.map((event) => {
              const line = eventLine(w, event);
              return (
                <s-list-item key={event.id}>
                  <s-text color="subdued">{line.when}</s-text> <s-text>{line.what}</s-text>
                </s-list-item>
              );
            })}
          </s-ordered-list>
        )}
        {why.length > 0 ? (
          <s-stack gap="small-200">
            <s-heading>{w.t('why')}</s-heading>
            {why.map((line) => (
              <s-text key={line}>{line}</s-text>
            ))}
          </s-stack>
        ) : null}
        {timeline.email && timeline.links.email ? (
          <s-stack gap="small-200">
            <s-text>{w.t('emailSent', { date: w.dateTime(timeline.email.sentAt), subject: timeline.email.subject })}</s-text>
            <s-link href={appLink(timeline.links.email)}>{w.t('viewEmail')}</s-link>
          </s-stack>
        ) : null}
        <s-link href={appLink(timeline.links.timeline)}>{w.t('fullTimeline')}</s-link>
      </s-stack>
    </s-admin-block>
  );
}
