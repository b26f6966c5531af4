// Templates resolved at sync time, without an order: the checkout block cannot run the engine's rankings.
// New arrivals, slow movers and expiring soon pick their products now (they drift until the next sync);
// complementary pairs become one offer per complement, shown when the cart holds one of its partners; "related
// products" ranks against the whole cart and is not synced.
import { buildOrderFacts, compileTemplate, type Discount, type Step, type Template } from '../../offers/index.js';
import { emptyConditions, emptySelector } from '../conditions.js';
import type { Candidate, PlanInput, StepWarn } from './types.js';

/** What a step asks of a template: up to `limit` products, each at `discount`. */
export interface TemplateSource {
  template: Template;
  limit: number;
  discount: Discount | null;
}

export function templateCandidates(source: TemplateSource, step: Step, input: PlanInput, warn: StepWarn): Candidate[] {
  const { template, limit, discount } = source;
  const { catalog } = input;
  if (template.template === 'related') {
    warn(
      'template_unsupported',
      `Step "${step.id}" uses the "related products" template, which ranks against the whole cart; ` +
        'the checkout block cannot, so the step is not shown in checkout.',
    );
    return [];
  }
  if (template.template === 'complementary') return complementCandidates(template, discount, input);
  // Order-independent rankings: resolved once, for an empty cart, at sync time.
  const facts = buildOrderFacts({
    order: {
      key: 'checkout-sync',
      lines: [],
      subtotal: { shopMinor: 0, presentmentMinor: 0 },
      presentmentCurrency: catalog.shopCurrency,
      tags: [],
      shippingCountry: null,
      salesChannel: null,
    },
    customer: null,
    locale: input.settings.defaultLocale,
  });
  const found: Candidate[] = [];
  compileTemplate(template, catalog)(facts, input.now.getTime(), (product) => {
    if (!product.active || !product.variants.some((v) => v.sellableQuantity >= 1)) return false;
    found.push({ product, productId: product.id, variantIds: null, discount, quantity: 1, plan: null, conditions: null });
    return found.length >= limit;
  });
  if (found.length === 0)
    warn('template_no_match', `Step "${step.id}": its template finds no product in stock right now, so it shows nothing in checkout.`);
  return found;
}

/** One offer per complement, shown when the cart holds a product paired with it (in the merchant's order). */
function complementCandidates(
  template: Extract<Template, { template: 'complementary' }>,
  discount: Discount | null,
  input: PlanInput,
): Candidate[] {
  const sources = new Map<string, Set<string>>();
  for (const pair of template.pairs) {
    for (const complementId of pair.complementIds) {
      const set = sources.get(complementId) ?? new Set<string>();
      set.add(pair.productId);
      sources.set(complementId, set);
    }
  }
  return [...sources].map(([complementId, partners]) => {
    const includes = emptySelector();
    for (const id of partners) includes.productIds.add(id);
    return {
      product: input.catalog.products.get(complementId),
      productId: complementId,
      variantIds: null,
      discount,
      quantity: 1,
      plan: null,
      conditions: { ...emptyConditions(), includes },
    };
  });
}
