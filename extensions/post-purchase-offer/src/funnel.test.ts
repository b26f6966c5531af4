// The page's walk through a funnel, without rendering: the same rules the backend's engine applies.
import { describe, expect, it } from 'vitest';
import { firstShowable, nextStep, START, unsignedChange, visibleOptions } from './funnel.js';
import { filtersStep, funnel, grinderStep, monthlyTeaChange, teaStep } from './test-support/funnel-fixture.js';

describe('walking a funnel', () => {
  it('when a step is accepted or declined, then its accept or decline branch comes next, and null ends the page', () => {
    const f = funnel();
    expect(nextStep(f, grinderStep, true, { ...START, accepted: 1 })?.stepId).toBe('tea');
    expect(nextStep(f, grinderStep, false, START)?.stepId).toBe('filters');
    expect(nextStep(f, filtersStep, false, START)).toBeNull();
  });

  it('when a subscription was accepted, then plan options disappear and a step left with none is passed along its decline branch', () => {
    const onlyPlans = { ...teaStep, options: teaStep.options.filter((option) => option.plan !== null), decline: 'filters' };
    const f = funnel({ steps: { grinder: { ...grinderStep, accept: 'tea' }, tea: onlyPlans, filters: filtersStep } });
    const afterSubscription = { accepted: 1, subscriptionTaken: true, remaining: 2 };
    expect(visibleOptions(teaStep, afterSubscription).map((option) => option.id)).toEqual(['one_time']);
    expect(nextStep(f, f.steps.grinder!, true, afterSubscription)?.stepId).toBe('filters');
    expect(nextStep(f, f.steps.grinder!, true, { ...afterSubscription, subscriptionTaken: false })?.stepId).toBe('tea');
  });

  it('when Shopify’s limit of accepted changes is reached or it reports none remaining, then nothing more is shown', () => {
    const f = funnel({ maxAccepts: 3 });
    expect(firstShowable(f, 'filters', { accepted: 3, subscriptionTaken: false, remaining: null })).toBeNull();
    expect(firstShowable(f, 'filters', { accepted: 1, subscriptionTaken: false, remaining: 0 })).toBeNull();
    expect(firstShowable(f, 'filters', { accepted: 2, subscriptionTaken: false, remaining: 1 })?.stepId).toBe('filters');
  });

  it('when a branch points at a step the funnel does not have, then the page ends instead of guessing', () => {
    const f = funnel({ steps: { grinder: { ...grinderStep, accept: 'gone' } } });
    expect(nextStep(f, f.steps.grinder!, true, START)).toBeNull();
  });

  it('when Shopify prices a choice, then the change has the numeric ids, quantity, discount and subscription shipping to sign', () => {
    const [oneTime, monthly] = teaStep.options;
    expect(unsignedChange(grinderStep.options[0]!, grinderStep.options[0]!.variants[1]!, 1)).toEqual({
      type: 'add_variant',
      variantId: 32,
      quantity: 1,
      discount: { value: 20, valueType: 'percentage', title: '20% off' },
    });
    expect(unsignedChange(oneTime!, oneTime!.variants[0]!, 1)).toEqual({ type: 'add_variant', variantId: 61, quantity: 1 });
    expect(unsignedChange(monthly!, monthly!.variants[0]!, 1)).toEqual(monthlyTeaChange);
  });
});
