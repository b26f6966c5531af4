// Dunning rules, by outcome: what a failure code means and what happens after it.
import { describe, expect, it } from 'vitest';
import { classifyFailure, decideAfterFailure } from './dunning.js';

const policy = { retryDays: [1, 3, 7], finalAction: 'pause' as const, inventoryAction: 'skip' as const };

describe('dunning', () => {
  it('when the bank declines for funds, then the charge is retried on schedule, and after the last retry the final action applies', () => {
    expect(decideAfterFailure('INSUFFICIENT_FUNDS', 1, policy)).toMatchObject({
      kind: 'retry',
      afterDays: 1,
      nextAttempt: 2,
      askForPaymentMethod: false,
    });
    expect(decideAfterFailure('INSUFFICIENT_FUNDS', 3, policy)).toMatchObject({ kind: 'retry', afterDays: 7, nextAttempt: 4 });
    expect(decideAfterFailure('INSUFFICIENT_FUNDS', 4, policy)).toEqual({ kind: 'final', action: 'pause', reason: 'retries_exhausted' });
  });

  it('when the card cannot be charged as it is, then the customer is asked for another one while retries continue', () => {
    for (const code of ['EXPIRED_PAYMENT_METHOD', 'EXPIRED_CARD', 'PAYMENT_METHOD_NOT_FOUND', 'INVALID_PAYMENT_METHOD']) {
      expect(decideAfterFailure(code, 1, policy)).toMatchObject({ kind: 'retry', askForPaymentMethod: true });
    }
  });

  it('when stock is short, then the cycle is skipped, or retried if the shop says so', () => {
    expect(decideAfterFailure('INSUFFICIENT_INVENTORY', 1, policy)).toEqual({ kind: 'skip_cycle', reason: 'inventory' });
    expect(decideAfterFailure('INVENTORY_ALLOCATIONS_NOT_FOUND', 1, { ...policy, inventoryAction: 'retry' })).toMatchObject({
      kind: 'retry',
    });
  });

  it('when nothing the customer or a retry can do helps, then the final action applies at once', () => {
    expect(decideAfterFailure('MERCHANT_ACCOUNT_ERROR', 1, { ...policy, finalAction: 'cancel' })).toEqual({
      kind: 'final',
      action: 'cancel',
      reason: 'not_retryable',
    });
  });

  it('when a code is new or lower case (webhooks send lower case), then it is read as Shopify meant it, unknown ones as a decline', () => {
    expect(classifyFailure('authentication_required')).toBe('authentication');
    expect(classifyFailure('SOMETHING_NEW')).toBe('payment_retry');
    expect(classifyFailure(null)).toBe('payment_retry');
  });
});
