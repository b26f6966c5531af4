// The funnel and library-offer checks (pure): engine problems as per-field messages, library offer references,
// the no-catalog mode, and how a step whose library offer is off is passed over at runtime.
import { describe, expect, it } from 'vitest';
import { catalogOf, EN, product, productGid, productStep } from '../../../test/support/engine-fixtures.js';
import { FunnelDocumentSchema, LibraryOfferDefinitionSchema, type LibraryOfferRef, runtimeFunnel } from './documents.js';
import { armKey, CATALOG_MISSING_NOTICE, checkFunnel, checkLibraryOffer, type ValidationEnv } from './validation.js';

const catalog = catalogOf([product(1), product(2), product(3, { price: 500 })]);

function env(overrides: Partial<ValidationEnv> = {}): ValidationEnv {
  return { catalog, shopCurrency: 'USD', settings: { locales: ['en'], defaultLocale: 'en' }, offers: new Map(), ...overrides };
}

function library(id: string, overrides: Partial<LibraryOfferRef> = {}, productNumber = 2): LibraryOfferRef {
  return {
    id,
    name: `Offer ${id}`,
    enabled: true,
    definition: LibraryOfferDefinitionSchema.parse({
      offer: {
        kind: 'product',
        source: { type: 'product', productId: productGid(productNumber) },
        discount: { type: 'percentage', percent: 15 },
      },
      content: { en: EN },
    }),
    ...overrides,
  };
}

const twoSteps = {
  name: 'After checkout',
  surface: 'post_purchase',
  rootStepId: 'upsell',
  steps: [productStep('upsell', 1, { decline: 'downsell' }), productStep('downsell', 2)],
};

describe('checking a funnel', () => {
  it('when the funnel is valid, then the stored document has defaults filled in and no id', () => {
    const checked = checkFunnel(twoSteps, env());
    expect(checked.problems).toEqual([]);
    expect(checked.value).toMatchObject({ name: 'After checkout', enabled: true, priority: 0, experiment: null, rootStepId: 'upsell' });
    expect(checked.value).not.toHaveProperty('id');
    expect(checked.value!.steps[0]).toMatchObject({ id: 'upsell', accept: null, decline: 'downsell', countdownSeconds: null });
  });

  it('when a client sends back read-only fields it received, then they are ignored', () => {
    const checked = checkFunnel({ ...twoSteps, id: 'abc', version: 3, createdAt: 'x', updatedAt: 'y' }, env());
    expect(checked.problems).toEqual([]);
  });

  it('when several things are wrong, then every problem is reported at once with its field and step', () => {
    const checked = checkFunnel(
      {
        ...twoSteps,
        steps: [
          productStep('upsell', 1, { decline: 'nowhere' }),
          productStep('downsell', 99, { content: {} }),
          productStep('orphan', 3, {
            offer: {
              kind: 'product',
              source: { type: 'product', productId: productGid(3) },
              discount: { type: 'fixed_amount', amountMinor: 500 },
            },
          }),
        ],
      },
      env(),
    );
    expect(checked.value).toBeNull();
    expect(checked.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'steps.0.decline', stepId: 'upsell', message: expect.stringContaining('"nowhere"') }),
        expect.objectContaining({ field: 'steps.1.content.en', stepId: 'downsell' }),
        expect.objectContaining({
          field: 'steps.1.offer.source.productId',
          stepId: 'downsell',
          message: expect.stringContaining('no longer exists'),
        }),
        expect.objectContaining({ field: 'steps.2', stepId: 'orphan', message: expect.stringContaining('No answer leads') }),
        expect.objectContaining({ field: 'steps.2.offer.discount', stepId: 'orphan', message: expect.stringContaining('cost nothing') }),
      ]),
    );
  });

  it('when a field has the wrong shape, then the problem names its dotted path and step', () => {
    const checked = checkFunnel(
      {
        ...twoSteps,
        steps: [productStep('upsell', 1, { offer: { kind: 'product', source: { type: 'product', productId: 'Product 1' } } })],
      },
      env(),
    );
    expect(checked.problems).toContainEqual(
      expect.objectContaining({
        field: 'steps.0.offer.source.productId',
        stepId: 'upsell',
        message: expect.stringContaining('gid://shopify/Product/123'),
      }),
    );
  });

  it('when no catalog is available, then catalog checks are skipped with a notice and the rest is still checked', () => {
    const withUnknownProduct = {
      ...twoSteps,
      steps: [productStep('upsell', 77, { decline: 'downsell' }), productStep('downsell', 2, { content: {} })],
    };
    const checked = checkFunnel(withUnknownProduct, env({ catalog: null }));
    expect(checked.notices).toEqual([CATALOG_MISSING_NOTICE]);
    expect(checked.problems.map((p) => p.field)).toEqual(['steps.1.content.en']);

    const withCatalog = checkFunnel(withUnknownProduct, env());
    expect(withCatalog.notices).toEqual([]);
    expect(withCatalog.problems.map((p) => p.field)).toContain('steps.0.offer.source.productId');
  });

  it('when another funnel already is the same arm of the same A/B test, then the arm is a problem', () => {
    const experiment = { key: 'pp-test', arm: 'b' };
    const taken = new Map([[armKey('post_purchase', 'pp-test', 'b'), 'Other funnel']]);
    const checked = checkFunnel({ ...twoSteps, experiment }, env({ takenArms: taken }));
    expect(checked.problems).toEqual([
      expect.objectContaining({ field: 'experiment.arm', message: expect.stringContaining('"Other funnel"') }),
    ]);
    expect(checkFunnel({ ...twoSteps, experiment: { key: 'pp-test', arm: 'a' } }, env({ takenArms: taken })).problems).toEqual([]);
    const alongOthers = checkFunnel({ ...twoSteps, experiment, rootStepId: 'nope' }, env({ takenArms: taken }));
    expect(alongOthers.problems.map((p) => p.field)).toEqual(expect.arrayContaining(['rootStepId', 'experiment.arm']));
  });
});

describe('steps that use a library offer', () => {
  const refFunnel = (offerRef: string, extra: Record<string, unknown> = {}) => ({
    ...twoSteps,
    steps: [productStep('upsell', 1, { decline: 'downsell' }), { id: 'downsell', offerRef, ...extra }],
  });

  it('when the reference resolves, then the stored step keeps the reference (not a copy of the offer)', () => {
    const checked = checkFunnel(refFunnel('lib1'), env({ offers: new Map([['lib1', library('lib1')]]) }));
    expect(checked.problems).toEqual([]);
    expect(checked.value!.steps[1]).toEqual({ id: 'downsell', offerId: null, offerRef: 'lib1', accept: null, decline: null });
  });

  it('when the referenced offer does not exist, then the reference is the problem (and nothing inside it is)', () => {
    const checked = checkFunnel(refFunnel('gone'), env());
    expect(checked.problems).toEqual([
      expect.objectContaining({ field: 'steps.1.offerRef', stepId: 'downsell', message: expect.stringContaining('does not exist') }),
    ]);
  });

  it('when the referenced offer is turned off, then the funnel saves with a warning', () => {
    const checked = checkFunnel(refFunnel('lib1'), env({ offers: new Map([['lib1', library('lib1', { enabled: false })]]) }));
    expect(checked.problems).toEqual([]);
    expect(checked.value).not.toBeNull();
    expect(checked.warnings).toEqual([
      expect.objectContaining({ field: 'steps.1.offerRef', message: expect.stringContaining('turned off') }),
    ]);
  });

  it('when the referenced offer breaks a rule in this funnel, then the problem points at the reference and names the offer', () => {
    const missingProduct = library('lib1', {}, 55);
    const checked = checkFunnel(refFunnel('lib1'), env({ offers: new Map([['lib1', missingProduct]]) }));
    expect(checked.problems).toEqual([
      expect.objectContaining({
        field: 'steps.1.offerRef',
        stepId: 'downsell',
        message: expect.stringMatching(/^Library offer "Offer lib1": Product .* no longer exists/),
      }),
    ]);
  });

  it('when a reference step carries fields of its own offer, then those are problems', () => {
    const checked = checkFunnel(refFunnel('lib1', { content: { en: EN } }), env({ offers: new Map([['lib1', library('lib1')]]) }));
    expect(checked.problems).toEqual([
      expect.objectContaining({ field: 'steps.1', stepId: 'downsell', message: expect.stringContaining('content') }),
    ]);
  });
});

describe('the funnel the engine runs', () => {
  const document = FunnelDocumentSchema.parse({
    name: 'Tree',
    surface: 'post_purchase',
    rootStepId: 'a',
    steps: [
      { id: 'a', offerRef: 'lib-a', accept: 'b', decline: 'c' },
      productStep('b', 1),
      { id: 'c', offerRef: 'lib-c', decline: 'd' },
      productStep('d', 2),
    ],
  });

  it('when every library offer is on, then references become the offers themselves, keyed by the library offer', () => {
    const offers = new Map([
      ['lib-a', library('lib-a')],
      ['lib-c', library('lib-c')],
    ]);
    const { definition, bypassedStepIds } = runtimeFunnel('f1', document, offers);
    expect(bypassedStepIds).toEqual([]);
    expect(definition!.id).toBe('f1');
    expect(definition!.steps.find((s) => s.id === 'a')).toMatchObject({
      offerId: 'lib-a',
      offer: { kind: 'product' },
      accept: 'b',
      decline: 'c',
    });
  });

  it("when a step's library offer is off or deleted, then shoppers go down its decline branch instead", () => {
    const offers = new Map([['lib-c', library('lib-c', { enabled: false })]]); // lib-a deleted, lib-c off
    const { definition, bypassedStepIds } = runtimeFunnel('f1', document, offers);
    expect(bypassedStepIds.sort()).toEqual(['a', 'c']);
    expect(definition!.rootStepId).toBe('d');
    expect(definition!.steps.map((s) => s.id).sort()).toEqual(['b', 'd']);
  });

  it('when no step is left, then there is no funnel to run', () => {
    const onlyRef = FunnelDocumentSchema.parse({ name: 'One', surface: 'email', rootStepId: 'a', steps: [{ id: 'a', offerRef: 'lib-a' }] });
    expect(runtimeFunnel('f2', onlyRef, new Map()).definition).toBeNull();
  });
});

describe('checking a library offer', () => {
  const offerInput = {
    name: 'Socks',
    offer: { kind: 'product', source: { type: 'product', productId: productGid(3) }, discount: { type: 'fixed_amount', amountMinor: 600 } },
    content: { en: EN },
  };

  it('when the offer is valid, then name, enabled and the definition come back normalized', () => {
    const checked = checkLibraryOffer({ ...offerInput, offer: { ...offerInput.offer, discount: null } }, env());
    expect(checked.problems).toEqual([]);
    expect(checked.value).toMatchObject({
      name: 'Socks',
      enabled: true,
      definition: { countdownSeconds: null, offer: { maxQuantity: 1 } },
    });
  });

  it("when the offer breaks engine rules, then problems use the offer's own field paths", () => {
    const checked = checkLibraryOffer({ ...offerInput, content: {} }, env());
    expect(checked.problems).toEqual(
      expect.arrayContaining([
        { field: 'content.en', message: expect.stringMatching(/^This offer has no English/) },
        { field: 'offer.discount', message: expect.stringContaining('cost nothing') },
      ]),
    );
  });

  it('when the shape is wrong, then zod problems name each field', () => {
    const checked = checkLibraryOffer({ name: '', offer: { kind: 'bundle' }, content: { en: EN }, extra: 1 }, env());
    expect(checked.problems.map((p) => p.field).sort()).toEqual(['', 'name', 'offer.kind'].sort());
  });
});
