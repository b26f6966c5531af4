import {
  Banner,
  BlockStack,
  Button,
  BuyerConsent,
  Heading,
  Image,
  Layout,
  type PostPurchaseRenderApi,
  Select,
  Separator,
  Text,
  TextBlock,
  TextContainer,
  Tiles,
} from '@shopify/post-purchase-ui-extensions-react';
import { useEffect, useState } from 'react';
import { purchaseOf, signStep } from '../api.js';
import { lineAt, type Progress, quantitiesOf, unsignedChange, visibleOptions } from '../funnel.js';
import { changesetErrorMessage, fill, formatDuration, formatMoney, type Messages, messagesFor } from '../i18n.js';
import { type FailedAttempt, type Money, type OptionView, RETRYABLE_CHANGESET_ERRORS, type StepView, type VariantView } from '../offer.js';
import type { Backend } from './FunnelPage.js';

export interface AcceptedStep {
  subscription: boolean;
  /** Shopify's changesetApplicationsRemaining. */
  remaining: number | null;
}

interface Props {
  input: PostPurchaseRenderApi;
  step: StepView;
  progress: Progress;
  /** Declining ends the funnel (the decline button then says so). */
  endsOnDecline: boolean;
  backend: Backend;
  onAccepted(result: AcceptedStep): void;
  onDeclined(): void;
}

/** Codes after which accepting again can work (the shopper ticks consent, or Shopify had a hiccup). */
const RETRYABLE: ReadonlySet<string> = new Set(RETRYABLE_CHANGESET_ERRORS);

type Problem = { kind: 'sign' } | { kind: 'changeset'; code: string; retryable: boolean };

/** One step: the offer, the shopper's choices, Shopify's price summary, consent for subscriptions, accept/decline. */
export function StepPage({ input, step, progress, endsOnDecline, backend, onAccepted, onDeclined }: Props) {
  const locale = input.inputData.locale;
  const t = messagesFor(locale);
  const money = (value: Money) => formatMoney(value, locale);
  const options = visibleOptions(step, progress);

  const [choice, setChoice] = useState(() => initialChoice(options[0]!));
  const option = options.find((candidate) => candidate.id === choice.optionId) ?? options[0]!;
  const variant = option.variants.find((candidate) => candidate.id === choice.variantId) ?? option.variants[0]!;
  const line = lineAt(variant, choice.quantity);
  const quantity = line.quantity;
  const quantities = quantitiesOf(variant);

  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  // The last attempt Shopify answered `unprocessed`: accepting again asks the backend to sign it anew, since that
  // attempt may have spent the token's jti.
  const [failedAttempt, setFailedAttempt] = useState<FailedAttempt | null>(null);
  const [consent, setConsent] = useState(false);
  const [consentMissing, setConsentMissing] = useState(false);
  const secondsLeft = useCountdown(step.countdownSeconds);
  const expired = secondsLeft !== null && secondsLeft <= 0;
  const calculation = usePriceSummary(input, option, variant, quantity);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `shown` is sent once, when the step appears
  useEffect(() => {
    backend.send({ type: 'shown', stepId: step.stepId });
  }, []);

  const alreadyApplied = problem?.kind === 'changeset' && problem.code === 'changeset_already_applied';
  // After a changeset error that retrying cannot fix, only continuing is left.
  const blocked = problem?.kind === 'changeset' && !problem.retryable;
  const canAccept = !expired && !blocked && calculation.status !== 'unavailable';
  // Once a change was signed for this step the backend holds that choice (another one is a choice_conflict), so a
  // retry keeps it.
  const choiceLocked = busy || failedAttempt !== null;
  const total = calculation.status === 'ready' && calculation.summary ? calculation.summary.total : line.total;

  async function accept() {
    if (busy) return;
    if (option.plan && !consent) {
      setConsentMissing(true);
      return;
    }
    setBusy(true);
    setProblem(null);
    const signed = await signStep(
      {
        ...purchaseOf(input.inputData),
        stepId: step.stepId,
        optionId: option.id,
        variantId: variant.id,
        quantity,
        ...(failedAttempt ? { retryOf: failedAttempt } : {}),
      },
      input.inputData.token,
      backend.options,
    );
    if (!signed.ok) {
      setBusy(false);
      setProblem({ kind: 'sign' });
      return;
    }
    const result = await input
      .applyChangeset(signed.token, option.plan ? { buyerConsentToSubscriptions: true } : undefined)
      .catch(() => null);
    // A call that threw is a server_error, as is an unprocessed answer without codes.
    const codes = result?.errors.map((error) => error.code) ?? ['server_error'];
    backend.send({
      type: 'applied',
      stepId: step.stepId,
      status: result?.status ?? 'unprocessed',
      errorCodes: result?.status === 'processed' ? [] : codes,
      ...(result ? { changesetApplicationsRemaining: result.changesetApplicationsRemaining } : {}),
    });
    // partially_processed: the item is in the order but the payment needs attention; Shopify tells the buyer.
    if (result && result.status !== 'unprocessed') {
      onAccepted({ subscription: option.plan !== null, remaining: result.changesetApplicationsRemaining });
      return;
    }
    const failure = codes.length > 0 ? codes : ['server_error'];
    const retryable = failure.every((code) => RETRYABLE.has(code));
    setBusy(false);
    setProblem({ kind: 'changeset', code: failure[0]!, retryable });
    setFailedAttempt(retryable ? { token: signed.token, errorCodes: failure } : null);
  }

  const image = variant.imageUrl ?? option.imageUrl;
  const declineLabel = !canAccept && endsOnDecline ? t.continue : (step.declineButton ?? t.decline);

  return (
    <Layout
      media={[
        { viewportSize: 'small', sizes: [1, 30, 1] },
        { viewportSize: 'medium', sizes: [300, 30, 0.5] },
        { viewportSize: 'large', sizes: [400, 30, 0.33] },
      ]}
    >
      {image ? <Image source={image} description={variantLabel(option, variant)} /> : <BlockStack />}
      <BlockStack />
      <BlockStack spacing="loose">
        {secondsLeft !== null && !expired && (
          <TextBlock appearance="warning">{fill(t.endsIn, { time: formatDuration(secondsLeft) })}</TextBlock>
        )}
        <TextContainer>
          <Heading>{step.headline}</Heading>
          <TextBlock>{step.body}</TextBlock>
          <BlockStack spacing="xtight">
            <Text size="large" emphasized>
              {money(line.total)}
            </Text>
            {line.compareAtTotal && (
              <Text role="deletion" subdued>
                {money(line.compareAtTotal)}
              </Text>
            )}
            {option.discountLabel && <Text appearance="success">{option.discountLabel}</Text>}
          </BlockStack>
        </TextContainer>
        {options.length > 1 && (
          <Select
            label={step.kind === 'plans' ? t.purchaseOption : step.kind === 'tiers' ? t.chooseAmount : t.chooseProduct}
            value={option.id}
            options={options.map((candidate) => ({ value: candidate.id, label: optionLabel(candidate, money) }))}
            onChange={(value) => {
              const picked = options.find((candidate) => candidate.id === value);
              if (picked) setChoice(initialChoice(picked));
              setConsentMissing(false);
            }}
            disabled={choiceLocked}
          />
        )}
        {option.variants.length > 1 && (
          <Select
            label={t.variant}
            value={String(variant.id)}
            options={option.variants.map((candidate) => ({ value: String(candidate.id), label: candidate.title }))}
            onChange={(value) => setChoice({ ...choice, optionId: option.id, variantId: Number(value) })}
            disabled={choiceLocked}
          />
        )}
        {quantities.length > 1 && (
          <Select
            label={t.quantity}
            value={String(quantity)}
            options={quantities.map((count) => ({ value: String(count), label: String(count) }))}
            onChange={(value) => setChoice({ optionId: option.id, variantId: variant.id, quantity: Number(value) })}
            disabled={choiceLocked}
          />
        )}
        {option.plan && <TextBlock subdued>{fill(t.planTerms, { plan: option.plan.name })}</TextBlock>}
        {calculation.status === 'ready' && calculation.summary && <PriceSummary t={t} summary={calculation.summary} money={money} />}
        {option.plan && canAccept && (
          <BuyerConsent
            policy="subscriptions"
            checked={consent}
            onChange={(checked) => {
              setConsent(checked);
              if (checked) setConsentMissing(false);
            }}
            {...(consentMissing ? { error: t.consentNeeded } : {})}
          />
        )}
        {expired && <Banner status="warning">{t.expired}</Banner>}
        {calculation.status === 'unavailable' && !expired && <Banner status="warning">{t.unavailable}</Banner>}
        {problem && (
          <Banner status={alreadyApplied ? 'info' : 'critical'}>
            {problem.kind === 'sign' ? t.failed : changesetErrorMessage(t, problem.code)}
          </Banner>
        )}
        <BlockStack>
          {alreadyApplied ? (
            <Button onPress={() => onAccepted({ subscription: option.plan !== null, remaining: progress.remaining })}>{t.next}</Button>
          ) : (
            <>
              {canAccept && (
                <Button onPress={accept} loading={busy} loadingLabel={t.adding} disabled={calculation.status === 'pending'}>
                  {`${step.button} · ${money(total)}`}
                </Button>
              )}
              <Button subdued onPress={onDeclined} disabled={busy}>
                {declineLabel}
              </Button>
            </>
          )}
        </BlockStack>
      </BlockStack>
    </Layout>
  );
}

function initialChoice(option: OptionView): { optionId: string; variantId: number; quantity: number } {
  const variant = option.variants[0]!;
  return { optionId: option.id, variantId: variant.id, quantity: lineAt(variant, option.quantity.default).quantity };
}

function variantLabel(option: OptionView, variant: VariantView): string {
  return option.variants.length > 1 ? `${option.productTitle} - ${variant.title}` : option.productTitle;
}

/** "Delivered monthly, save 10% · $10.26 (5% off)" */
function optionLabel(option: OptionView, money: (value: Money) => string): string {
  const price = lineAt(option.variants[0]!, option.quantity.default).total;
  return `${option.label} · ${money(price)}${option.discountLabel ? ` (${option.discountLabel})` : ''}`;
}

type Summary = { subtotal: Money; shipping: Money; taxes: Money; total: Money };
type Calculation = { status: 'pending' } | { status: 'ready'; summary: Summary | null } | { status: 'unavailable' };

function PriceSummary({ t, summary, money }: { t: Messages; summary: Summary; money: (value: Money) => string }) {
  return (
    <BlockStack spacing="tight">
      <Separator />
      <SummaryRow label={t.subtotal} value={money(summary.subtotal)} />
      <SummaryRow label={t.shipping} value={Number(summary.shipping.amount) === 0 ? t.free : money(summary.shipping)} />
      <SummaryRow label={t.taxes} value={money(summary.taxes)} />
      <Separator />
      <SummaryRow label={t.total} value={money(summary.total)} emphasized />
    </BlockStack>
  );
}

function SummaryRow({ label, value, emphasized = false }: { label: string; value: string; emphasized?: boolean }) {
  return (
    <Tiles>
      <TextBlock emphasized={emphasized}>{label}</TextBlock>
      <TextContainer alignment="trailing">
        <TextBlock emphasized={emphasized}>{value}</TextBlock>
      </TextContainer>
    </Tiles>
  );
}

/**
 * Shopify's own calculation of the current choice (taxes, shipping, what the buyer pays now), recalculated when
 * the choice changes; only the latest answer counts.
 */
function usePriceSummary(input: PostPurchaseRenderApi, option: OptionView, variant: VariantView, quantity: number): Calculation {
  const [calculation, setCalculation] = useState<Calculation>({ status: 'pending' });
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by ids, since the option and variant views are rebuilt on every render
  useEffect(() => {
    let current = true;
    setCalculation({ status: 'pending' });
    const change = unsignedChange(option, variant, quantity);
    input
      .calculateChangeset({ changes: [change] })
      .then((result) => {
        if (!current) return;
        if (result.status !== 'processed') return setCalculation({ status: 'unavailable' });
        const purchase = result.calculatedPurchase;
        const currencyCode = purchase.totalOutstandingSet.presentmentMoney.currencyCode;
        const sum = (amounts: Array<{ presentmentMoney: Money }>) => ({
          amount: String(amounts.reduce((total, set) => total + Number(set.presentmentMoney.amount), 0)),
          currencyCode,
        });
        setCalculation({
          status: 'ready',
          summary: {
            subtotal: sum(purchase.updatedLineItems.map((item) => item.totalPriceSet)),
            shipping: sum(purchase.addedShippingLines.map((shipping) => shipping.priceSet)),
            taxes: sum(purchase.addedTaxLines.map((tax) => tax.priceSet)),
            total: purchase.totalOutstandingSet.presentmentMoney,
          },
        });
      })
      // The summary is a courtesy: without it the buyer still sees the offer price.
      .catch(() => current && setCalculation({ status: 'ready', summary: null }));
    return () => {
      current = false;
    };
  }, [option.id, variant.id, quantity]);
  return calculation;
}

/** Seconds left of the step's countdown (null without one), ticking once a second. */
function useCountdown(seconds: number | null): number | null {
  const [deadline] = useState(() => (seconds === null ? null : Date.now() + seconds * 1000));
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    if (deadline === null) return;
    const timer = setInterval(() => {
      const remaining = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      setLeft(remaining);
      if (remaining <= 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [deadline]);
  return left;
}
