// A/B confidence and holdout figures: the z-test against values worked out by hand, and the rules around it.
import { describe, expect, it } from 'vitest';
import type { AnalyticsMetrics } from '../ledger/index.js';
import { compareArms, holdoutReport, MIN_ORDERS_FOR_CONFIDENCE, normalCdf, twoProportionConfidence } from './experiments.js';

function metrics(shownOrders: number, acceptedOrders: number, overrides: Partial<AnalyticsMetrics> = {}): AnalyticsMetrics {
  return {
    shownOrders,
    acceptedOrders,
    acceptRate: shownOrders ? acceptedOrders / shownOrders : null,
    shows: shownOrders,
    accepts: acceptedOrders,
    declines: 0,
    acceptedMinor: 0,
    paidMinor: 0,
    removedMinor: 0,
    revenueMinor: 0,
    refundedMinor: 0,
    netRevenueMinor: 0,
    decisions: { treated: shownOrders, holdout: 0, noOffer: 0 },
    ...overrides,
  };
}

describe('confidence that two accept rates differ', () => {
  it('when the normal CDF is read at known points, then it matches the tables to 6 places', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1.644854)).toBeCloseTo(0.05, 6);
  });

  it('when 200 of 1000 and 250 of 1000 orders accepted, then z = 2.677 and the confidence is 99.26 %', () => {
    // pooled p = 0.225; se = sqrt(0.225 * 0.775 * (2/1000)) = 0.018675; z = 0.05 / 0.018675 = 2.6774 -> 1 - 2(1 - Φ(z)) = 0.99258
    expect(twoProportionConfidence(250, 1000, 200, 1000)).toBeCloseTo(0.99258, 4);
  });

  it('when an arm has fewer orders than the minimum, then there is no figure yet', () => {
    expect(twoProportionConfidence(10, MIN_ORDERS_FOR_CONFIDENCE - 1, 20, 1000)).toBeNull();
  });

  it('when arms are compared, then each is measured against its own test’s control (the first arm by label)', () => {
    const result = compareArms([
      { experimentKey: 'x', arm: 'B', funnelId: 'fb', funnelName: 'B', metrics: metrics(1000, 250) },
      { experimentKey: 'x', arm: 'A', funnelId: 'fa', funnelName: 'A', metrics: metrics(1000, 200) },
      { experimentKey: 'y', arm: 'only', funnelId: 'fy', funnelName: 'Y', metrics: metrics(10, 1) },
    ]);
    expect(result.map((r) => [r.experimentKey, r.arm, r.control, r.liftPoints])).toEqual([
      ['x', 'A', true, null],
      ['x', 'B', false, 5],
      ['y', 'only', true, null],
    ]);
    expect(result[1]?.confidence).toBeCloseTo(0.99258, 4);
  });

  it('when some orders could see offers, then the holdout report gives revenue per such order, gross and net', () => {
    const totals = metrics(0, 0, {
      revenueMinor: 10_000,
      refundedMinor: 1_000,
      netRevenueMinor: 9_000,
      decisions: { treated: 40, holdout: 4, noOffer: 3 },
    });
    expect(holdoutReport(totals)).toEqual({
      treatedOrders: 40,
      holdoutOrders: 4,
      revenuePerTreatedOrderMinor: 250,
      netRevenuePerTreatedOrderMinor: 225,
    });
    expect(holdoutReport(metrics(0, 0, { decisions: { treated: 0, holdout: 2, noOffer: 0 } })).revenuePerTreatedOrderMinor).toBeNull();
  });
});
