// The funnel as a tree: each step's card (its offer, texts per language, countdown, the validator's problems for
// that step), then what follows when the shopper accepts and when they decline, nested, down to Shopify's depth.
import { Badge, Banner, BlockStack, Box, Button, Card, InlineStack, Tabs, Text, TextField } from '@shopify/polaris';
import { useState } from 'react';
import type { Problem } from '../../api';
import type { Json, StepContent, StepDraft } from '../../types';
import { OfferFields, type Titles } from './OfferFields';

/** Deepest funnel: the root plus five answers (web/server/offers/definitions.ts MAX_FUNNEL_LEVELS). */
export const MAX_LEVELS = 6;

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', fr: 'French', es: 'Spanish', de: 'German', sv: 'Swedish' };
const EMPTY_TEXTS: StepContent = { headline: '', body: '', button: '', declineButton: null };

export interface TreeProps {
  steps: ReadonlyMap<string, StepDraft>;
  locales: readonly string[];
  problems: readonly Problem[];
  titles: Titles;
  remember(id: string, title: string): void;
  update(stepId: string, patch: Partial<StepDraft>): void;
  addAfter(parentId: string, branch: 'accept' | 'decline'): void;
  remove(stepId: string): void;
  rootStepId: string;
}

function Texts({ step, locales, update }: { step: StepDraft; locales: readonly string[]; update: TreeProps['update'] }) {
  const [tab, setTab] = useState(0);
  const locale = locales[tab] ?? locales[0] ?? 'en';
  const content = step.content ?? {};
  const texts = content[locale] ?? EMPTY_TEXTS;
  const set = (key: keyof StepContent, value: string) =>
    update(step.id, { content: { ...content, [locale]: { ...texts, [key]: key === 'declineButton' && value === '' ? null : value } } });
  return (
    <BlockStack gap="200">
      <Tabs
        tabs={locales.map((l) => ({
          id: `${step.id}-texts-${l}`,
          content: LANGUAGE_NAMES[l] ?? l,
          accessibilityLabel: `Texts in ${LANGUAGE_NAMES[l] ?? l}`,
        }))}
        selected={tab}
        onSelect={setTab}
      />
      <TextField label={`Headline (${locale})`} autoComplete="off" value={texts.headline} onChange={(v) => set('headline', v)} />
      <TextField label={`Text (${locale})`} autoComplete="off" multiline={2} value={texts.body} onChange={(v) => set('body', v)} />
      <InlineStack gap="200">
        <TextField label={`Button (${locale})`} autoComplete="off" value={texts.button} onChange={(v) => set('button', v)} />
        <TextField
          label={`Decline button (${locale})`}
          autoComplete="off"
          value={texts.declineButton ?? ''}
          onChange={(v) => set('declineButton', v)}
        />
      </InlineStack>
      <Text as="p" variant="bodySm" tone="subdued">
        {'{product}'} and {'{discount}'} are replaced by the product's name and the discount when the offer is shown.
      </Text>
    </BlockStack>
  );
}

function StepCard(props: TreeProps & { step: StepDraft; level: number }) {
  const { step, level, problems, update, remove, rootStepId } = props;
  const mine = problems.filter((p) => p.stepId === step.id);
  return (
    <div data-step-id={step.id}>
      <Card>
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h3" variant="headingSm">
                Step “{step.id}”
              </Text>
              <Badge>{`Level ${level}`}</Badge>
              {mine.length > 0 ? <Badge tone="critical">{`${mine.length} problem${mine.length === 1 ? '' : 's'}`}</Badge> : null}
            </InlineStack>
            {step.id !== rootStepId ? (
              <Button tone="critical" variant="plain" onClick={() => remove(step.id)} accessibilityLabel={`Remove step ${step.id}`}>
                Remove step
              </Button>
            ) : null}
          </InlineStack>
          {mine.length > 0 ? (
            <Banner tone="critical" title={`Fix before saving: step “${step.id}”`}>
              <ul data-testid={`problems-${step.id}`}>
                {mine.map((p) => (
                  <li key={`${p.field}:${p.message}`}>{p.message}</li>
                ))}
              </ul>
            </Banner>
          ) : null}
          {step.offerRef ? (
            <Text as="p">
              Shows the library offer <code>{step.offerRef}</code> (edit it on the Offers library page).
            </Text>
          ) : (
            <>
              <OfferFields
                offer={(step.offer ?? { kind: 'product' }) as { [key: string]: Json }}
                titles={props.titles}
                remember={props.remember}
                onChange={(offer) => update(step.id, { offer: offer as StepDraft['offer'] })}
              />
              <Texts step={step} locales={props.locales} update={update} />
              <TextField
                label="Countdown (seconds, empty for none)"
                type="number"
                autoComplete="off"
                value={step.countdownSeconds === null || step.countdownSeconds === undefined ? '' : String(step.countdownSeconds)}
                onChange={(v) => update(step.id, { countdownSeconds: v.trim() === '' ? null : Number(v) })}
              />
            </>
          )}
        </BlockStack>
      </Card>
    </div>
  );
}

function Branch(props: TreeProps & { parent: StepDraft; branch: 'accept' | 'decline'; level: number; visited: ReadonlySet<string> }) {
  const { parent, branch, level, steps } = props;
  const target = parent[branch];
  const label = branch === 'accept' ? 'If the shopper accepts' : 'If the shopper declines';
  const child = target ? steps.get(target) : undefined;
  return (
    <Box paddingInlineStart="600" borderInlineStartWidth="025" borderColor="border">
      <BlockStack gap="200">
        <Text as="p" fontWeight="semibold">
          {label}:
        </Text>
        {child && !props.visited.has(child.id) ? (
          <StepNode {...props} step={child} level={level + 1} visited={props.visited} />
        ) : target ? (
          <Text as="p">
            Goes to step “{target}”{steps.has(target) ? ' (shown above)' : ', which does not exist'}.
          </Text>
        ) : (
          <InlineStack gap="200" blockAlign="center">
            <Text as="p" tone="subdued">
              The funnel ends.
            </Text>
            {level < MAX_LEVELS ? (
              <Button
                size="slim"
                onClick={() => props.addAfter(parent.id, branch)}
                accessibilityLabel={`Add a step after ${parent.id} when the shopper ${branch}s`}
              >
                Add a step
              </Button>
            ) : (
              <Text as="span" variant="bodySm" tone="subdued">
                (Shopify's depth limit: {MAX_LEVELS} levels)
              </Text>
            )}
          </InlineStack>
        )}
      </BlockStack>
    </Box>
  );
}

export function StepNode(props: TreeProps & { step: StepDraft; level: number; visited: ReadonlySet<string> }) {
  const visited = new Set(props.visited).add(props.step.id);
  return (
    <BlockStack gap="300">
      <StepCard {...props} />
      <Branch {...props} parent={props.step} branch="accept" visited={visited} />
      <Branch {...props} parent={props.step} branch="decline" visited={visited} />
    </BlockStack>
  );
}
