import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  catalogOf,
  collectionGid,
  EN,
  planGid,
  product,
  productGid,
  productStep,
  variant,
  variantGid,
} from '../../../test/support/engine-fixtures.js';
import { UnprocessableError } from '../errors.js';
import type { FunnelDefinitionInput, Locale, Surface } from './definitions.js';
import { type ValidationProblem, validateFunnel } from './validate.js';

type StepInput = FunnelDefinitionInput['steps'][number];

const plan = (n: number) => ({
  id: planGid(n),
  name: `Plan ${n}`,
  category: 'SUBSCRIPTION' as const,
  billing: { interval: 'MONTH' as const, intervalCount: 1 },
  delivery: { interval: 'MONTH' as const, intervalCount: 1 },
  priceAdjustment: { type: 'percentage' as const, percent: 10 },
});

const catalog = (() => {
  const products = [
    product(1, { price: 1000 }),
    product(2, {
      price: 500,
      variants: [variant(2, 1, { priceMinor: 500 }), variant(2, 2, { priceMinor: 400, title: 'Small' })],
    }),
    product(3, { price: 2500 }),
    product(4, { price: 800, status: 'archived' }),
    product(5, { price: 2000, sellingPlans: [plan(1), plan(2)] }),
  ];
  return {
    ...catalogOf(products),
    collections: new Map([[collectionGid(1), { id: collectionGid(1), title: 'Coffee' }]]),
  };
})();

const FR = { headline: 'Titre', body: 'Texte', button: 'Ajouter' };
const settings = { locales: ['en', 'fr'] as Locale[], defaultLocale: 'en' as Locale };
const noSubscription: FunnelDefinitionInput['targeting'] = { conditions: [{ type: 'hasSubscription', value: false }] };

const bilingual = (step: StepInput): StepInput => ({ ...step, content: { en: EN, fr: FR } });
const funnelOf = (steps: StepInput[], extra: Partial<FunnelDefinitionInput> = {}): FunnelDefinitionInput => ({
  id: 'f',
  name: 'Funnel',
  surface: 'post_purchase',
  rootStepId: steps[0]!.id,
  targeting: noSubscription,
  steps: steps.map(bilingual),
  ...extra,
});
const problemsOf = (input: unknown): ValidationProblem[] => {
  const result = validateFunnel(input, { catalog, settings });
  return result.ok ? [] : result.problems;
};
const plansStep = (id: string, extra: Partial<StepInput> = {}): StepInput => ({
  id,
  offer: { kind: 'plans', productId: productGid(5), plans: { type: 'all' } },
  content: { en: EN },
  ...extra,
});

describe('validateFunnel: table of problems', () => {
  it('when the funnel is well-formed, then it validates clean and comes back with defaults filled in', () => {
    const result = validateFunnel(funnelOf([productStep('a', 1, { accept: 'b' }), productStep('b', 3)]), {
      catalog,
      settings,
    });
    expect(result.ok).toBe(true);
    expect(result.ok && result.funnel.steps[0]?.countdownSeconds).toBeNull();
  });

  it.each<[string, unknown, Partial<ValidationProblem>[]]>([
    [
      'a field has the wrong shape',
      { ...funnelOf([productStep('a', 1)]), steps: [{ ...bilingual(productStep('a', 1)), countdownSeconds: 5 }] },
      [{ code: 'invalid_field', stepId: 'a', field: 'steps.0.countdownSeconds' }],
    ],
    [
      'two steps share an id',
      funnelOf([productStep('a', 1, { accept: 'a2' }), productStep('a', 3)]),
      [{ code: 'duplicate_step_id', stepId: 'a', field: 'steps.1.id' }],
    ],
    ['the root does not exist', { ...funnelOf([productStep('a', 1)]), rootStepId: 'zzz' }, [{ code: 'unknown_step', field: 'rootStepId' }]],
    [
      'a branch points nowhere',
      funnelOf([productStep('a', 1, { decline: 'ghost' })]),
      [{ code: 'unknown_step', stepId: 'a', field: 'steps.0.decline' }],
    ],
    [
      'a branch loops back',
      funnelOf([productStep('a', 1, { accept: 'b' }), productStep('b', 3, { decline: 'a' })]),
      [{ code: 'cycle', stepId: 'b', field: 'steps.1.decline' }],
    ],
    [
      'a step answers to two parents',
      funnelOf([productStep('a', 1, { accept: 'b', decline: 'c' }), productStep('b', 3, { accept: 'c' }), productStep('c', 1)]),
      [{ code: 'multiple_parents', stepId: 'b', field: 'steps.1.accept' }],
    ],
    [
      'a step is unreachable',
      funnelOf([productStep('a', 1), productStep('lost', 3)]),
      [{ code: 'unreachable_step', stepId: 'lost', field: 'steps.1' }],
    ],
    [
      'the funnel is 7 levels deep',
      funnelOf(['s1', 's2', 's3', 's4', 's5', 's6', 's7'].map((id, i, all) => productStep(id, 1, { decline: all[i + 1] ?? null }))),
      [{ code: 'too_deep', stepId: 's7', field: 'steps.6' }],
    ],
    [
      'a fourth post-purchase accept is possible',
      funnelOf(['a', 'b', 'c', 'd'].map((id, i, all) => productStep(id, 1, { accept: all[i + 1] ?? null }))),
      [{ code: 'too_many_accepts', stepId: 'd', field: 'steps.3' }],
    ],
    [
      'a subscription follows an accepted subscription',
      funnelOf([plansStep('sub', { accept: 'sub2', decline: 'sub3' }), plansStep('sub2'), plansStep('sub3')]),
      [{ code: 'multiple_subscriptions', stepId: 'sub2', field: 'steps.1.offer' }],
    ],
    [
      'a subscription can reach subscription orders',
      funnelOf([plansStep('sub')], { targeting: { conditions: [] } }),
      [{ code: 'subscription_on_subscription_order', stepId: 'sub', field: 'targeting' }],
    ],
    [
      'a translation is missing',
      { ...funnelOf([productStep('a', 1)]), steps: [productStep('a', 1)] },
      [{ code: 'missing_translation', stepId: 'a', field: 'steps.0.content.fr' }],
    ],
    [
      'a discount makes a variant free',
      funnelOf([
        productStep('a', 2, {
          offer: {
            kind: 'product',
            source: { type: 'product', productId: productGid(2) },
            discount: { type: 'fixed_amount', amountMinor: 400 },
          },
        }),
      ]),
      [{ code: 'price_not_positive', stepId: 'a', field: 'steps.0.offer.discount' }],
    ],
    [
      'a tier discount of 100 % gives the tier away',
      funnelOf([
        {
          id: 't',
          offer: {
            kind: 'tiers',
            productId: productGid(1),
            tiers: [{ quantity: 2 }, { quantity: 3, discount: { type: 'percentage', percent: 100 } }],
          },
          content: { en: EN },
        },
      ]),
      [{ code: 'price_not_positive', stepId: 't', field: 'steps.0.offer.tiers.1.discount' }],
    ],
    [
      'a product no longer exists',
      funnelOf([productStep('a', 99)]),
      [{ code: 'unknown_product', stepId: 'a', field: 'steps.0.offer.source.productId' }],
    ],
    ['a product is archived', funnelOf([productStep('a', 4)]), [{ code: 'product_not_active', stepId: 'a' }]],
    [
      'a variant belongs to another product',
      funnelOf([
        productStep('a', 1, {
          offer: {
            kind: 'product',
            source: { type: 'product', productId: productGid(1), variantIds: [variantGid(3)] },
          },
        }),
      ]),
      [{ code: 'unknown_variant', stepId: 'a', field: 'steps.0.offer.source.variantIds.0' }],
    ],
    [
      'a selling plan no longer exists',
      funnelOf([
        plansStep('p', {
          offer: {
            kind: 'plans',
            productId: productGid(5),
            plans: { type: 'listed', items: [{ sellingPlanId: planGid(1) }, { sellingPlanId: planGid(9) }] },
          },
        }),
      ]),
      [{ code: 'unknown_selling_plan', stepId: 'p', field: 'steps.0.offer.plans.items.1.sellingPlanId' }],
    ],
    [
      'a product has no plans to offer',
      funnelOf([plansStep('p', { offer: { kind: 'plans', productId: productGid(1), plans: { type: 'all' } } })]),
      [{ code: 'no_selling_plans', stepId: 'p' }],
    ],
    [
      'targeting names a missing collection',
      funnelOf([productStep('a', 1)], {
        targeting: { conditions: [{ type: 'collections', collectionIds: [collectionGid(1), collectionGid(2)] }] },
      }),
      [{ code: 'unknown_collection', field: 'targeting.conditions.0.collectionIds.1' }],
    ],
    [
      'two tiers have the same quantity',
      funnelOf([
        {
          id: 't',
          offer: { kind: 'tiers', productId: productGid(1), tiers: [{ quantity: 2 }, { quantity: 2 }] },
          content: { en: EN },
        },
      ]),
      [{ code: 'duplicate_tier', stepId: 't', field: 'steps.0.offer.tiers.1.quantity' }],
    ],
  ])('when %s, then the problem is reported with its step and field', (_label, input, expected) => {
    const problems = problemsOf(input);
    for (const problem of expected) expect(problems).toContainEqual(expect.objectContaining(problem));
    for (const problem of problems) expect(problem.message.length).toBeGreaterThan(10);
  });

  it('when the HTTP layer rejects a funnel, then the problems go into a 422 unchanged', () => {
    const problems = problemsOf(funnelOf([productStep('a', 99)]));
    const error = new UnprocessableError('The funnel has problems', problems);
    expect(error.status).toBe(422);
    expect(error.details?.problems).toEqual([
      expect.objectContaining({ code: 'unknown_product', field: 'steps.0.offer.source.productId', stepId: 'a' }),
    ]);
  });

  it('when the input is not even an object, then one problem covers the whole definition', () => {
    expect(problemsOf('nope')).toEqual([{ code: 'invalid_field', field: '', message: expect.any(String) }]);
  });

  it('when several things are wrong, then every problem is returned at once', () => {
    const input = funnelOf([
      productStep('a', 99, { accept: 'b', decline: 'ghost' }),
      productStep('b', 2, {
        offer: {
          kind: 'product',
          source: { type: 'product', productId: productGid(2) },
          discount: { type: 'percentage', percent: 100 },
        },
        accept: 'a',
      }),
      productStep('lost', 1),
    ]);
    expect(problemsOf(input).map((p) => [p.code, p.stepId])).toEqual(
      expect.arrayContaining([
        ['unknown_step', 'a'],
        ['cycle', 'b'],
        ['unreachable_step', 'lost'],
        ['unknown_product', 'a'],
        ['price_not_positive', 'b'],
      ]),
    );
  });
});

// --- property-based: random valid trees, then one injected fault at a time ------------------------------------

interface Shape {
  kind: 'product' | 'choice' | 'tiers' | 'template' | 'plans';
  percent: number;
  accept: Shape | null;
  decline: Shape | null;
}

const shapeArb = fc.letrec<{ node: Shape }>((tie) => ({
  node: fc.record({
    kind: fc.constantFrom('product', 'choice', 'tiers', 'template', 'plans'),
    percent: fc.integer({ min: 1, max: 9_999 }).map((h) => h / 100),
    accept: fc.option(tie('node'), { depthSize: 'small', maxDepth: 7 }),
    decline: fc.option(tie('node'), { depthSize: 'small', maxDepth: 7 }),
  }),
})).node;

/** Turns a random shape into a funnel that respects every rule: depth, accepts per path, one subscription per path. */
function validFunnel(shape: Shape, surface: Surface): FunnelDefinitionInput {
  const steps: StepInput[] = [];
  const build = (node: Shape, level: number, acceptsBefore: number, subscriptionAbove: boolean): string => {
    const id = `s${steps.length}`;
    const index = steps.length;
    steps.push({
      id,
      offer: { kind: 'product', source: { type: 'product', productId: productGid(1) } },
      content: { en: EN, fr: FR },
    });
    const plansAllowed = node.kind === 'plans' && !subscriptionAbove;
    const discount = { type: 'percentage' as const, percent: node.percent };
    const offer: StepInput['offer'] =
      node.kind === 'choice'
        ? {
            kind: 'choice',
            source: { type: 'products', items: [{ productId: productGid(1) }, { productId: productGid(3), discount }] },
          }
        : node.kind === 'tiers'
          ? { kind: 'tiers', productId: productGid(3), tiers: [{ quantity: 1 }, { quantity: 3, discount }] }
          : node.kind === 'template'
            ? { kind: 'product', source: { type: 'template', template: { template: 'related' } }, discount }
            : plansAllowed
              ? { kind: 'plans', productId: productGid(5), oneTime: {}, plans: { type: 'all', discount } }
              : { kind: 'product', source: { type: 'product', productId: productGid(2) }, discount };
    const isSubscription = offer.kind === 'plans';
    const canGoDeeper = level < 6;
    const acceptOk = canGoDeeper && node.accept !== null && (surface !== 'post_purchase' || acceptsBefore + 1 < 3);
    const accept = acceptOk ? build(node.accept!, level + 1, acceptsBefore + 1, subscriptionAbove || isSubscription) : null;
    const decline = canGoDeeper && node.decline !== null ? build(node.decline, level + 1, acceptsBefore, subscriptionAbove) : null;
    steps[index] = { ...steps[index]!, offer, accept, decline };
    return id;
  };
  build(shape, 1, 0, false);
  return { id: 'random', name: 'Random funnel', surface, rootStepId: 's0', targeting: noSubscription, steps };
}

const surfaceArb = fc.constantFrom<Surface>('post_purchase', 'checkout', 'email');

describe('validateFunnel: properties', () => {
  it('when a random funnel obeys every rule, then it validates clean', () => {
    fc.assert(
      fc.property(shapeArb, surfaceArb, (shape, surface) => {
        const result = validateFunnel(validFunnel(shape, surface), { catalog, settings });
        expect(result.ok ? [] : result.problems).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  type Fault = (funnel: FunnelDefinitionInput, stepIndex: number) => { funnel: FunnelDefinitionInput; expect: Partial<ValidationProblem> };
  const withStep = (funnel: FunnelDefinitionInput, index: number, change: (step: StepInput) => StepInput) => ({
    ...funnel,
    steps: funnel.steps.map((step, i) => (i === index ? change(step) : step)),
  });

  const faults: Record<string, Fault> = {
    'a loop back to the root': (funnel, i) => {
      const step = funnel.steps[i]!;
      const branch = step.decline ? 'accept' : 'decline';
      // keep the original children reachable when possible; the loop itself is what must be reported
      return {
        funnel: withStep(funnel, i, (s) => ({ ...s, [branch]: 's0' })),
        expect: { code: 'cycle', stepId: step.id },
      };
    },
    'an orphan step': (funnel) => ({
      funnel: {
        ...funnel,
        steps: [
          ...funnel.steps,
          {
            id: 'orphan',
            offer: { kind: 'product', source: { type: 'product', productId: productGid(1) } },
            content: { en: EN, fr: FR },
          },
        ],
      },
      expect: { code: 'unreachable_step', stepId: 'orphan' },
    }),
    'a missing French text': (funnel, i) => ({
      funnel: withStep(funnel, i, (s) => ({ ...s, content: { en: EN } })),
      expect: { code: 'missing_translation', stepId: funnel.steps[i]!.id, field: `steps.${i}.content.fr` },
    }),
    'a product that no longer exists': (funnel, i) => ({
      funnel: withStep(funnel, i, (s) => ({
        ...s,
        offer: { kind: 'product', source: { type: 'product', productId: productGid(404) } },
      })),
      expect: { code: 'unknown_product', stepId: funnel.steps[i]!.id },
    }),
    'a discount that gives a product away': (funnel, i) => ({
      funnel: withStep(funnel, i, (s) => ({
        ...s,
        offer: {
          kind: 'product',
          source: { type: 'product', productId: productGid(1) },
          discount: { type: 'fixed_amount', amountMinor: 1000 },
        },
      })),
      expect: { code: 'price_not_positive', stepId: funnel.steps[i]!.id, field: `steps.${i}.offer.discount` },
    }),
    'a branch to a step that does not exist': (funnel, i) => ({
      funnel: withStep(funnel, i, (s) => ({ ...s, decline: 'nowhere' })),
      expect: { code: 'unknown_step', stepId: funnel.steps[i]!.id, field: `steps.${i}.decline` },
    }),
  };

  it('when one fault is injected into a valid random funnel, then it is reported on the right step', () => {
    fc.assert(
      fc.property(shapeArb, surfaceArb, fc.constantFrom(...Object.keys(faults)), fc.nat(), (shape, surface, faultName, pick) => {
        const valid = validFunnel(shape, surface);
        const index = pick % valid.steps.length;
        const { funnel, expect: expected } = faults[faultName]!(valid, index);
        const result = validateFunnel(funnel, { catalog, settings });
        expect(result.ok).toBe(false);
        expect(result.ok ? [] : result.problems).toContainEqual(expect.objectContaining(expected));
      }),
      { numRuns: 300 },
    );
  });
});
