// The catalog settings' rules, above all the sales window: Shopify shows an app only the last 60 days of orders
// without read_all_orders (which Encore does not request), so a longer window would count what it cannot read.
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { catalogSettings, DEFAULT_CATALOG_SETTINGS, MAX_RECENT_SALES_DAYS_WITHOUT_READ_ALL_ORDERS } from './settings.js';

function refusal(overrides: Parameters<typeof catalogSettings>[0]): AppError {
  try {
    catalogSettings(overrides);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the settings to be refused');
}

describe('catalog settings', () => {
  it('when nothing is overridden, then the defaults apply and the sales window stays inside what Shopify lets the app read', () => {
    expect(catalogSettings()).toEqual(DEFAULT_CATALOG_SETTINGS);
    expect(DEFAULT_CATALOG_SETTINGS.readAllOrders).toBe(false);
    expect(DEFAULT_CATALOG_SETTINGS.recentSalesDays).toBeLessThanOrEqual(MAX_RECENT_SALES_DAYS_WITHOUT_READ_ALL_ORDERS);
  });

  it('when the sales window is 60 days, then it is accepted', () => {
    expect(catalogSettings({ recentSalesDays: 60 }).recentSalesDays).toBe(60);
  });

  it('when the sales window is longer than 60 days without read_all_orders, then it is a 422 that says why and what to do', () => {
    const error = refusal({ recentSalesDays: 61 });
    expect(error.status).toBe(422);
    expect(error.code).toBe('validation_failed');
    expect(error.details?.problems).toEqual([
      {
        field: 'recentSalesDays',
        message:
          'recentSalesDays is 61, but Shopify shows an app only the last 60 days of orders without the read_all_orders scope, ' +
          'which Encore does not request. Use 60 days or fewer, or request read_all_orders and set readAllOrders.',
      },
    ]);
  });

  it('when the app holds read_all_orders, then a longer sales window is accepted', () => {
    expect(catalogSettings({ recentSalesDays: 365, readAllOrders: true }).recentSalesDays).toBe(365);
  });

  it('when several settings are wrong, then every problem is named at once', () => {
    const error = refusal({ ttlMs: 0, staleGraceMs: Number.NaN, recentSalesDays: 1.5 });
    expect(error.status).toBe(422);
    expect(error.details?.problems?.map((problem) => problem.field)).toEqual(['ttlMs', 'staleGraceMs', 'recentSalesDays']);
  });
});
