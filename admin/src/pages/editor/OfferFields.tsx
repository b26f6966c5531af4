// The offer of one step: what is offered (one product, a choice, quantity tiers, subscription plans; a product named
// or found by a template) and its discount. Loosely typed on purpose: the server's validator is the one judge, and
// its problems are shown on the step.
import { BlockStack, Button, Checkbox, InlineStack, Select, Text, TextField } from '@shopify/polaris';
import { ProductButton } from '../../components/ProductPicker';
import type { Json } from '../../types';

type Obj = { [key: string]: Json };
export type Titles = ReadonlyMap<string, string>;

const asObj = (value: Json | undefined): Obj => (value && typeof value === 'object' && !Array.isArray(value) ? value : {});
const asList = (value: Json | undefined): Json[] => (Array.isArray(value) ? value : []);
const num = (text: string): number | null => (text.trim() === '' || Number.isNaN(Number(text)) ? null : Number(text));

const TEMPLATE_DEFAULTS: Record<string, Obj> = {
  related: { template: 'related', basis: ['collections', 'tags', 'productType', 'vendor'] },
  complementary: { template: 'complementary', pairs: [] },
  new_arrivals: { template: 'new_arrivals', withinDays: 30 },
  slow_movers: { template: 'slow_movers', minInventory: 1, minAgeDays: 30 },
  expiring_soon: { template: 'expiring_soon', metafield: 'custom.expiry_date', withinDays: 14 },
};

const KIND_DEFAULTS: Record<string, Obj> = {
  product: { kind: 'product', source: { type: 'product', productId: '', variantIds: null }, discount: { type: 'percentage', percent: 10 } },
  choice: { kind: 'choice', source: { type: 'template', template: TEMPLATE_DEFAULTS.related ?? {}, limit: 3 }, discount: null },
  tiers: { kind: 'tiers', productId: '', variantIds: null, tiers: [{ quantity: 2, discount: { type: 'percentage', percent: 10 } }] },
  plans: {
    kind: 'plans',
    productId: '',
    variantIds: null,
    oneTime: null,
    plans: { type: 'all', discount: { type: 'percentage', percent: 10 } },
  },
};

export function DiscountField({ label, value, onChange }: { label: string; value: Json | undefined; onChange(value: Json): void }) {
  const discount = asObj(value);
  const type = typeof discount.type === 'string' ? discount.type : 'none';
  const amount = type === 'percentage' ? discount.percent : type === 'fixed_amount' ? Number(discount.amountMinor ?? 0) / 100 : '';
  return (
    <InlineStack gap="200" blockAlign="end">
      <Select
        label={label}
        options={[
          { label: 'No discount', value: 'none' },
          { label: 'Percentage off', value: 'percentage' },
          { label: 'Amount off (shop currency)', value: 'fixed_amount' },
        ]}
        value={type}
        onChange={(next) =>
          onChange(
            next === 'none'
              ? null
              : next === 'percentage'
                ? { type: 'percentage', percent: 10 }
                : { type: 'fixed_amount', amountMinor: 500 },
          )
        }
      />
      {type !== 'none' ? (
        <TextField
          label={type === 'percentage' ? 'Percent' : 'Amount'}
          type="number"
          autoComplete="off"
          value={String(amount ?? '')}
          onChange={(text) => {
            const n = num(text);
            onChange(type === 'percentage' ? { type, percent: n } : { type, amountMinor: n === null ? null : Math.round(n * 100) });
          }}
        />
      ) : null}
    </InlineStack>
  );
}

function ProductField({
  label,
  productId,
  titles,
  onPick,
}: {
  label: string;
  productId: Json | undefined;
  titles: Titles;
  onPick(id: string, title: string): void;
}) {
  const id = typeof productId === 'string' ? productId : '';
  return (
    <InlineStack gap="300" blockAlign="center">
      <Text as="span">
        {label}: <strong>{id ? (titles.get(id) ?? id) : 'none picked'}</strong>
      </Text>
      <ProductButton label={id ? 'Change product' : 'Pick a product'} onPick={(p) => onPick(p.id, p.title)} />
    </InlineStack>
  );
}

function TemplateFields({
  template,
  onChange,
  titles,
  remember,
}: {
  template: Obj;
  onChange(next: Obj): void;
  titles: Titles;
  remember(id: string, title: string): void;
}) {
  const name = typeof template.template === 'string' ? template.template : 'related';
  const pairs = asList(template.pairs).map(asObj);
  return (
    <BlockStack gap="200">
      <Select
        label="Template"
        options={[
          { label: 'Related products', value: 'related' },
          { label: 'Complementary products', value: 'complementary' },
          { label: 'New arrivals', value: 'new_arrivals' },
          { label: 'Slow movers', value: 'slow_movers' },
          { label: 'Expiring soon', value: 'expiring_soon' },
        ]}
        value={name}
        onChange={(next) => onChange({ ...(TEMPLATE_DEFAULTS[next] ?? {}) })}
      />
      {name === 'new_arrivals' || name === 'expiring_soon' ? (
        <TextField
          label="Within days"
          type="number"
          autoComplete="off"
          value={String(template.withinDays ?? '')}
          onChange={(text) => onChange({ ...template, withinDays: num(text) })}
        />
      ) : null}
      {name === 'expiring_soon' ? (
        <TextField
          label="Date metafield (namespace.key)"
          autoComplete="off"
          value={String(template.metafield ?? '')}
          onChange={(text) => onChange({ ...template, metafield: text })}
        />
      ) : null}
      {name === 'complementary' ? (
        <BlockStack gap="200">
          {pairs.map((pair, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: pairs have no id of their own; their position is their identity
            <BlockStack key={`pair-${index}`} gap="100">
              <ProductField
                label={`Pair ${index + 1}: when the order has`}
                productId={pair.productId}
                titles={titles}
                onPick={(id, title) => {
                  remember(id, title);
                  onChange({ ...template, pairs: pairs.map((p, i) => (i === index ? { ...p, productId: id } : p)) });
                }}
              />
              <ProductField
                label="offer"
                productId={asList(pair.complementIds)[0]}
                titles={titles}
                onPick={(id, title) => {
                  remember(id, title);
                  onChange({ ...template, pairs: pairs.map((p, i) => (i === index ? { ...p, complementIds: [id] } : p)) });
                }}
              />
            </BlockStack>
          ))}
          <Button onClick={() => onChange({ ...template, pairs: [...pairs, { productId: '', complementIds: [] }] })}>Add a pair</Button>
        </BlockStack>
      ) : null}
    </BlockStack>
  );
}

export function OfferFields({
  offer,
  onChange,
  titles,
  remember,
}: {
  offer: Obj;
  onChange(next: Obj): void;
  titles: Titles;
  remember(id: string, title: string): void;
}) {
  const kind = typeof offer.kind === 'string' ? offer.kind : 'product';
  const source = asObj(offer.source);
  return (
    <BlockStack gap="300">
      <Select
        label="Offer"
        options={[
          { label: 'One product', value: 'product' },
          { label: 'A choice of products', value: 'choice' },
          { label: 'Quantity tiers', value: 'tiers' },
          { label: 'Subscription plans', value: 'plans' },
        ]}
        value={kind}
        onChange={(next) => onChange({ ...(KIND_DEFAULTS[next] ?? {}) })}
      />
      {kind === 'product' || kind === 'choice' ? (
        <Select
          label="Products"
          options={[
            { label: kind === 'product' ? 'A product I pick' : 'Products I pick', value: kind === 'product' ? 'product' : 'products' },
            { label: 'Found by a template', value: 'template' },
          ]}
          value={String(source.type ?? 'product')}
          onChange={(next) =>
            onChange({
              ...offer,
              source:
                next === 'template'
                  ? { type: 'template', template: TEMPLATE_DEFAULTS.related ?? {}, ...(kind === 'choice' ? { limit: 3 } : {}) }
                  : next === 'product'
                    ? { type: 'product', productId: '', variantIds: null }
                    : { type: 'products', items: [] },
            })
          }
        />
      ) : null}
      {kind === 'product' && source.type === 'product' ? (
        <ProductField
          label="Product"
          productId={source.productId}
          titles={titles}
          onPick={(id, title) => {
            remember(id, title);
            onChange({ ...offer, source: { ...source, productId: id } });
          }}
        />
      ) : null}
      {(kind === 'product' || kind === 'choice') && source.type === 'template' ? (
        <TemplateFields
          template={asObj(source.template)}
          titles={titles}
          remember={remember}
          onChange={(template) => onChange({ ...offer, source: { ...source, template } })}
        />
      ) : null}
      {kind === 'choice' && source.type === 'products' ? (
        <BlockStack gap="200">
          {asList(source.items)
            .map(asObj)
            .map((item, index) => (
              <ProductField
                // biome-ignore lint/suspicious/noArrayIndexKey: choice items have no id of their own; their position is their identity
                key={`item-${index}`}
                label={`Choice ${index + 1}`}
                productId={item.productId}
                titles={titles}
                onPick={(id, title) => {
                  remember(id, title);
                  onChange({
                    ...offer,
                    source: { ...source, items: asList(source.items).map((it, i) => (i === index ? { ...asObj(it), productId: id } : it)) },
                  });
                }}
              />
            ))}
          <Button
            onClick={() =>
              onChange({
                ...offer,
                source: { ...source, items: [...asList(source.items), { productId: '', variantIds: null, discount: null }] },
              })
            }
          >
            Add a product to the choice
          </Button>
        </BlockStack>
      ) : null}
      {kind === 'tiers' || kind === 'plans' ? (
        <ProductField
          label="Product"
          productId={offer.productId}
          titles={titles}
          onPick={(id, title) => {
            remember(id, title);
            onChange({ ...offer, productId: id });
          }}
        />
      ) : null}
      {kind === 'tiers'
        ? asList(offer.tiers)
            .map(asObj)
            .map((tier, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: tiers have no id of their own; their position is their identity
              <InlineStack key={`tier-${index}`} gap="200" blockAlign="end">
                <TextField
                  label={`Tier ${index + 1}: quantity`}
                  type="number"
                  autoComplete="off"
                  value={String(tier.quantity ?? '')}
                  onChange={(text) =>
                    onChange({
                      ...offer,
                      tiers: asList(offer.tiers).map((t, i) => (i === index ? { ...asObj(t), quantity: num(text) } : t)),
                    })
                  }
                />
                <DiscountField
                  label={`Tier ${index + 1}: discount`}
                  value={tier.discount}
                  onChange={(discount) =>
                    onChange({ ...offer, tiers: asList(offer.tiers).map((t, i) => (i === index ? { ...asObj(t), discount } : t)) })
                  }
                />
              </InlineStack>
            ))
        : null}
      {kind === 'tiers' ? (
        <Button onClick={() => onChange({ ...offer, tiers: [...asList(offer.tiers), { quantity: 4, discount: null }] })}>Add a tier</Button>
      ) : null}
      {kind === 'plans' ? (
        <>
          <DiscountField
            label="Discount on every plan"
            value={asObj(offer.plans).discount}
            onChange={(discount) => onChange({ ...offer, plans: { type: 'all', discount } })}
          />
          <Checkbox
            label="Also offer a one-time purchase"
            checked={offer.oneTime !== null && offer.oneTime !== undefined}
            onChange={(checked) => onChange({ ...offer, oneTime: checked ? { discount: null } : null })}
          />
        </>
      ) : null}
      {kind === 'product' || kind === 'choice' ? (
        <DiscountField label="Discount" value={offer.discount} onChange={(discount) => onChange({ ...offer, discount })} />
      ) : null}
      {kind === 'product' ? (
        <TextField
          label="Most units a shopper can take"
          type="number"
          autoComplete="off"
          value={String(offer.maxQuantity ?? 1)}
          onChange={(text) => onChange({ ...offer, maxQuantity: num(text) })}
        />
      ) : null}
    </BlockStack>
  );
}
