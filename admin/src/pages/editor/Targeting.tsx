// Targeting, built condition by condition: the engine's rules (web/server/offers/definitions.ts TargetingSchema) as
// form rows, with the raw JSON beside them for what the rows do not cover (nested any/all groups). The server's
// validator stays the judge: its problems for `targeting.conditions.N…` are shown on row N.
import {
  BlockStack,
  Box,
  Button,
  ButtonGroup,
  Card,
  Checkbox,
  FormLayout,
  InlineError,
  InlineStack,
  Select,
  Text,
  TextField,
} from '@shopify/polaris';
import { useState } from 'react';
import type { Problem } from '../../api';
import { ProductButton } from '../../components/ProductPicker';
import type { FunnelDraft, Json } from '../../types';

type Targeting = NonNullable<FunnelDraft['targeting']>;
type Condition = { [key: string]: Json };

/** The list conditions: the key holding the list, what the merchant types, and whether it can be negated. */
const LISTS: Record<string, { key: string; label: string; help: string; gid?: string; upper?: boolean }> = {
  products: {
    key: 'productIds',
    label: 'Products (ids)',
    help: 'Product ids, comma-separated (123 or gid://shopify/Product/123).',
    gid: 'Product',
  },
  variants: {
    key: 'variantIds',
    label: 'Variants (ids)',
    help: 'Variant ids, comma-separated (123 or gid://shopify/ProductVariant/123).',
    gid: 'ProductVariant',
  },
  collections: {
    key: 'collectionIds',
    label: 'Collections (ids)',
    help: 'Collection ids, comma-separated (123 or gid://shopify/Collection/123).',
    gid: 'Collection',
  },
  productTags: { key: 'tags', label: 'Product tags', help: 'Comma-separated; an order matches when a product in it has one.' },
  vendors: { key: 'vendors', label: 'Vendors', help: 'Comma-separated.' },
  productTypes: { key: 'productTypes', label: 'Product types', help: 'Comma-separated.' },
  customerTags: { key: 'tags', label: 'Customer tags', help: 'Comma-separated.' },
  orderTags: { key: 'tags', label: 'Order tags', help: 'Comma-separated.' },
  shippingCountry: { key: 'countries', label: 'Shipping countries', help: 'Two-letter codes, comma-separated (DE, FR, SE).', upper: true },
  currency: { key: 'currencies', label: 'Currencies', help: 'Three-letter codes, comma-separated (EUR, SEK).', upper: true },
  locale: { key: 'locales', label: 'Languages', help: 'Language codes, comma-separated (en, fr, de-CH).' },
  salesChannel: { key: 'channels', label: 'Sales channels', help: 'Comma-separated (online_store, pos…).' },
};

export const CONDITION_TYPES = [
  { label: 'Cart subtotal', value: 'subtotal' },
  { label: 'Products in the cart', value: 'products' },
  { label: 'Variants in the cart', value: 'variants' },
  { label: 'Collections in the cart', value: 'collections' },
  { label: 'Product tags in the cart', value: 'productTags' },
  { label: 'Vendors in the cart', value: 'vendors' },
  { label: 'Product types in the cart', value: 'productTypes' },
  { label: 'First order or returning customer', value: 'customerStatus' },
  { label: 'Number of earlier orders', value: 'orderCount' },
  { label: 'Customer tags', value: 'customerTags' },
  { label: 'Order tags', value: 'orderTags' },
  { label: 'Shipping country', value: 'shippingCountry' },
  { label: 'Currency', value: 'currency' },
  { label: 'Language', value: 'locale' },
  { label: 'Sales channel', value: 'salesChannel' },
  { label: 'Has a subscription in the cart', value: 'hasSubscription' },
];

/** A new condition of `type` with the fields the schema requires. */
export function blankCondition(type: string): Condition {
  const list = LISTS[type];
  if (list) return { type, [list.key]: [], negate: false };
  if (type === 'subtotal') return { type, minMinor: null, maxMinor: null };
  if (type === 'orderCount') return { type, min: null, max: null };
  if (type === 'customerStatus') return { type, status: 'new' };
  if (type === 'hasSubscription') return { type, value: true };
  return { type };
}

const splitList = (text: string, upper?: boolean) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => (upper ? part.toUpperCase() : part));

function toIds(values: string[], type: string): string[] {
  return values.map((v) => (/^\d+$/.test(v) ? `gid://shopify/${type}/${v}` : v));
}

/** The currency's minor-unit digits (JPY 0, USD 2, KWD 3), as the browser knows ISO 4217; 2 when it does not. */
function digitsOf(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** An amount typed in the shop's currency (12.50) as minor units; null when empty; not a number: kept for the server to refuse. */
function minorOf(text: string, digits: number): number | null {
  if (text.trim() === '') return null;
  const value = Number(text.replace(',', '.'));
  return Number.isFinite(value) ? Math.round(value * 10 ** digits) : (text as unknown as number);
}

const majorOf = (minor: Json | undefined, digits: number) => (typeof minor === 'number' ? String(minor / 10 ** digits) : '');
const countOf = (text: string): number | null => (text.trim() === '' ? null : Number(text));

/** A text field over a list, keeping what the merchant types (a trailing comma) while sending the parsed list. */
function ListField({ label, help, value, upper, onChange, error }: ListFieldProps) {
  const [text, setText] = useState(() => value.join(', '));
  return (
    <TextField
      label={label}
      helpText={help}
      autoComplete="off"
      value={text}
      error={error}
      onChange={(next) => {
        setText(next);
        onChange(splitList(next, upper));
      }}
    />
  );
}

interface ListFieldProps {
  label: string;
  help: string;
  value: string[];
  upper?: boolean | undefined;
  onChange(value: string[]): void;
  error?: string | undefined;
}

function NumberField({ label, value, onChange, error, help }: NumberFieldProps) {
  const [text, setText] = useState(value);
  return (
    <TextField
      label={label}
      type="number"
      autoComplete="off"
      value={text}
      error={error}
      helpText={help}
      onChange={(next) => {
        setText(next);
        onChange(next);
      }}
    />
  );
}

interface NumberFieldProps {
  label: string;
  value: string;
  onChange(text: string): void;
  error?: string | undefined;
  help?: string;
}

function ConditionFields({ condition, set, problems, index, currency }: ConditionProps) {
  const type = String(condition.type);
  // A product picked with the button re-creates the ids field, so it shows the new list.
  const [picked, setPicked] = useState(0);
  const field = (name: string) =>
    problems.find(
      (p) => p.field === `targeting.conditions.${index}.${name}` || p.field.startsWith(`targeting.conditions.${index}.${name}.`),
    )?.message;
  const list = LISTS[type];
  if (list) {
    const values = Array.isArray(condition[list.key]) ? (condition[list.key] as Json[]).map(String) : [];
    return (
      <FormLayout>
        <ListField
          key={picked}
          label={list.label}
          help={list.help}
          value={values}
          upper={list.upper}
          error={field(list.key)}
          onChange={(next) => set({ ...condition, [list.key]: list.gid ? toIds(next, list.gid) : next })}
        />
        {type === 'products' ? (
          <ProductButton
            label="Add a product"
            onPick={(product) => {
              if (!values.includes(product.id)) set({ ...condition, productIds: [...values, product.id] });
              setPicked((n) => n + 1);
            }}
          />
        ) : null}
        <Checkbox
          label="Not: match orders with none of these"
          checked={condition.negate === true}
          onChange={(negate) => set({ ...condition, negate })}
        />
      </FormLayout>
    );
  }
  if (type === 'subtotal') {
    return (
      <FormLayout.Group>
        <NumberField
          label={`At least (${currency})`}
          value={majorOf(condition.minMinor, digitsOf(currency))}
          error={field('minMinor')}
          onChange={(t) => set({ ...condition, minMinor: minorOf(t, digitsOf(currency)) })}
        />
        <NumberField
          label={`Below (${currency})`}
          value={majorOf(condition.maxMinor, digitsOf(currency))}
          error={field('maxMinor')}
          onChange={(t) => set({ ...condition, maxMinor: minorOf(t, digitsOf(currency)) })}
        />
      </FormLayout.Group>
    );
  }
  if (type === 'orderCount') {
    return (
      <FormLayout.Group>
        <NumberField
          label="At least this many earlier orders"
          value={condition.min === null || condition.min === undefined ? '' : String(condition.min)}
          error={field('min')}
          onChange={(t) => set({ ...condition, min: countOf(t) })}
        />
        <NumberField
          label="At most this many earlier orders"
          value={condition.max === null || condition.max === undefined ? '' : String(condition.max)}
          error={field('max')}
          onChange={(t) => set({ ...condition, max: countOf(t) })}
        />
      </FormLayout.Group>
    );
  }
  if (type === 'customerStatus') {
    return (
      <Select
        label="Customer"
        options={[
          { label: 'First order (new customer)', value: 'new' },
          { label: 'Returning customer', value: 'returning' },
        ]}
        value={String(condition.status ?? 'new')}
        error={field('status')}
        onChange={(status) => set({ ...condition, status })}
      />
    );
  }
  if (type === 'hasSubscription') {
    return (
      <Select
        label="The cart"
        options={[
          { label: 'has a subscription', value: 'yes' },
          { label: 'has no subscription', value: 'no' },
        ]}
        value={condition.value === false ? 'no' : 'yes'}
        onChange={(v) => set({ ...condition, value: v === 'yes' })}
      />
    );
  }
  return null;
}

interface ConditionProps {
  /** The shop's currency: subtotal amounts are typed in it and stored in its minor units. */
  currency: string;
  condition: Condition;
  index: number;
  set(next: Condition): void;
  problems: readonly Problem[];
}

const isLeaf = (c: Json): c is Condition =>
  typeof c === 'object' && c !== null && !Array.isArray(c) && CONDITION_TYPES.some((t) => t.value === c.type);

function ConditionRow({ condition, index, set, remove, problems, currency }: ConditionProps & { remove(): void }) {
  const mine = problems.filter((p) => p.field === `targeting.conditions.${index}` || p.field.startsWith(`targeting.conditions.${index}.`));
  const type = String(condition.type);
  return (
    <Box padding="300" borderWidth="025" borderColor="border" borderRadius="200">
      <div data-condition={index}>
        <BlockStack gap="200">
          <InlineStack align="space-between" blockAlign="end" gap="200">
            <div style={{ flex: 1 }}>
              <Select
                label={`Condition ${index + 1}`}
                options={CONDITION_TYPES}
                value={type}
                onChange={(next) => set(blankCondition(next))}
              />
            </div>
            <Button variant="plain" tone="critical" onClick={remove} accessibilityLabel={`Remove condition ${index + 1}`}>
              Remove
            </Button>
          </InlineStack>
          {/* Keyed by type: a new type starts its fields empty. */}
          <ConditionFields key={type} condition={condition} index={index} set={set} problems={problems} currency={currency} />
          {mine.length > 0 ? (
            <BlockStack gap="100">
              {mine.map((p) => (
                <InlineError key={`${p.field}:${p.message}`} fieldID={`condition-${index}`} message={`${p.field}: ${p.message}`} />
              ))}
            </BlockStack>
          ) : null}
        </BlockStack>
      </div>
    </Box>
  );
}

interface TargetingEditorProps {
  targeting: Targeting;
  set(next: Targeting): void;
  problems: Problem[];
  /** The shop's currency code (subtotal amounts). */
  currency: string;
}

/** The targeting card: the builder, or the JSON when the merchant asks for it or the rules need it (groups). */
export function TargetingEditor({ targeting, set, problems, currency }: TargetingEditorProps) {
  const advanced = targeting.conditions.some((c) => !isLeaf(c));
  const [mode, setMode] = useState<'builder' | 'json'>(advanced ? 'json' : 'builder');
  const [text, setText] = useState(() => JSON.stringify(targeting, null, 2));
  const [jsonError, setJsonError] = useState<string | null>(null);
  // Rows are re-created (fresh text fields) when the JSON view changed the conditions.
  const [generation, setGeneration] = useState(0);
  const mine = problems.filter((p) => p.field === 'targeting' || p.field.startsWith('targeting.'));
  const general = mine.filter((p) => !/^targeting\.conditions\.\d+/.test(p.field));
  const setConditions = (conditions: Json[]) => set({ ...targeting, conditions });
  const show = (next: 'builder' | 'json') => {
    if (next === 'json') setText(JSON.stringify(targeting, null, 2));
    else setGeneration((g) => g + 1);
    setMode(next);
  };
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Targeting
          </Text>
          <ButtonGroup variant="segmented">
            <Button pressed={mode === 'builder'} disabled={advanced && mode === 'json'} onClick={() => show('builder')}>
              Builder
            </Button>
            <Button pressed={mode === 'json'} onClick={() => show('json')}>
              JSON
            </Button>
          </ButtonGroup>
        </InlineStack>
        {advanced ? (
          <Text as="p" tone="subdued">
            These rules have nested any/all groups: edit them as JSON.
          </Text>
        ) : null}
        {general.map((p) => (
          <InlineError key={`${p.field}:${p.message}`} fieldID="targeting" message={p.message} />
        ))}
        {mode === 'json' ? (
          <TextField
            label="Targeting (JSON: match all/any over conditions)"
            helpText='For example {"match":"all","conditions":[{"type":"subtotal","minMinor":5000}]}; an empty list matches every order.'
            autoComplete="off"
            multiline={6}
            monospaced
            value={text}
            error={jsonError ?? (mine.length > 0 ? mine.map((p) => `${p.field}: ${p.message}`).join('; ') : undefined)}
            onChange={(next) => {
              setText(next);
              try {
                set(JSON.parse(next) as Targeting);
                setJsonError(null);
              } catch {
                setJsonError('This is not valid JSON yet.');
              }
            }}
          />
        ) : (
          <BlockStack gap="300" key={generation}>
            <Select
              label="Show this funnel when the order matches"
              options={[
                { label: 'all of these conditions', value: 'all' },
                { label: 'any of these conditions', value: 'any' },
              ]}
              value={targeting.match}
              onChange={(match) => set({ ...targeting, match: match === 'any' ? 'any' : 'all' })}
            />
            {targeting.conditions.length === 0 ? (
              <Text as="p" tone="subdued">
                No conditions: every order can see this funnel.
              </Text>
            ) : null}
            {targeting.conditions.map((c, i) =>
              isLeaf(c) ? (
                <ConditionRow
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions in the rule list (the validator names them by index)
                  key={`${generation}:${i}`}
                  condition={c}
                  index={i}
                  currency={currency}
                  problems={mine}
                  set={(next) => setConditions(targeting.conditions.map((old, j) => (j === i ? next : old)))}
                  remove={() => {
                    setConditions(targeting.conditions.filter((_, j) => j !== i));
                    setGeneration((g) => g + 1);
                  }}
                />
              ) : null,
            )}
            <InlineStack>
              <Button onClick={() => setConditions([...targeting.conditions, blankCondition('subtotal')])}>Add a condition</Button>
            </InlineStack>
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
