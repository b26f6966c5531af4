// The price of a contract line on a plan: percentage, fixed amount off, a set price, prepaid plans, rounding and the
// way back from a discounted price to the variant's price.
import { describe, expect, it } from 'vitest';
import { adjustedPrice, linePriceOnPlan, undiscountedPrice } from './pricing.js';

describe('linePriceOnPlan', () => {
  it('when a 1200 variant moves from 10% to 15%, then the line costs 1020 instead of 1080, base 1200', () => {
    expect(linePriceOnPlan(1200, { adjustment: { type: 'percentage', percent: 10 }, prepaidDeliveries: 1 }).currentPriceMinor).toBe(1080);
    expect(linePriceOnPlan(1200, { adjustment: { type: 'percentage', percent: 15 }, prepaidDeliveries: 1 })).toEqual({
      currentPriceMinor: 1020,
      basePriceMinor: 1200,
      cycleDiscount: { adjustmentType: 'PERCENTAGE', percentage: 15 },
    });
  });

  it('when the plan takes a fixed amount off or sets a price, then the line costs that, never below zero', () => {
    expect(linePriceOnPlan(1200, { adjustment: { type: 'fixed_amount', amountMinor: 250 }, prepaidDeliveries: 1 })).toMatchObject({
      currentPriceMinor: 950,
      cycleDiscount: { adjustmentType: 'FIXED_AMOUNT', fixedMinor: 250 },
    });
    expect(adjustedPrice(200, { type: 'fixed_amount', amountMinor: 250 })).toBe(0);
    expect(linePriceOnPlan(1200, { adjustment: { type: 'price', priceMinor: 900 }, prepaidDeliveries: 1 }).currentPriceMinor).toBe(900);
    expect(linePriceOnPlan(1200, { adjustment: null, prepaidDeliveries: 1 })).toEqual({
      currentPriceMinor: 1200,
      basePriceMinor: 1200,
      cycleDiscount: null,
    });
  });

  it('when the plan is prepaid for 3 deliveries, then the line charges the 3 at once', () => {
    expect(linePriceOnPlan(1000, { adjustment: { type: 'percentage', percent: 20 }, prepaidDeliveries: 3 })).toMatchObject({
      currentPriceMinor: 2400,
      basePriceMinor: 3000,
    });
  });

  it('when a percentage gives half a cent, then it is rounded to the nearest cent', () => {
    expect(adjustedPrice(1999, { type: 'percentage', percent: 15 })).toBe(1699); // 1699.15
    expect(adjustedPrice(1250, { type: 'percentage', percent: 10 })).toBe(1125);
    expect(adjustedPrice(1, { type: 'percentage', percent: 50 })).toBe(1); // 0.5 rounds half up
  });
});

describe('undiscountedPrice', () => {
  it('when the line is 1080 on a 10% plan, then the variant price was 1200; a set price or 100% cannot be undone', () => {
    expect(undiscountedPrice(1080, { adjustment: { type: 'percentage', percent: 10 }, prepaidDeliveries: 1 })).toBe(1200);
    expect(undiscountedPrice(950, { adjustment: { type: 'fixed_amount', amountMinor: 250 }, prepaidDeliveries: 1 })).toBe(1200);
    expect(undiscountedPrice(2400, { adjustment: { type: 'percentage', percent: 20 }, prepaidDeliveries: 3 })).toBe(1000);
    expect(undiscountedPrice(900, { adjustment: { type: 'price', priceMinor: 900 }, prepaidDeliveries: 1 })).toBeNull();
    expect(undiscountedPrice(0, { adjustment: { type: 'percentage', percent: 100 }, prepaidDeliveries: 1 })).toBeNull();
  });
});
