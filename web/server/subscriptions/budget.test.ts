// The billing pace: a shop's bucket as Shopify reports it, slots for what cannot go now.
import { describe, expect, it } from 'vitest';
import { AdminBudget } from './budget.js';

const at = (s: number) => new Date(Date.UTC(2026, 11, 1, 10, 0, s));

describe('AdminBudget', () => {
  it('when the bucket is full, then work goes at once until it is spent, then each job gets a later slot, one per refill', () => {
    const budget = new AdminBudget();
    const grants = Array.from({ length: 205 }, (_, i) => budget.take('s', `k${i}`, 10, at(0)).waitMs);
    expect(grants.slice(0, 200).every((w) => w === 0)).toBe(true);
    expect(grants.slice(200)).toEqual([100, 200, 300, 400, 500]);
  });

  it('when a job comes back at its slot, then it goes without paying twice', () => {
    const budget = new AdminBudget();
    for (let i = 0; i < 200; i++) budget.take('s', `k${i}`, 10, at(0));
    expect(budget.take('s', 'late', 10, at(0)).waitMs).toBe(100);
    expect(budget.take('s', 'late', 10, at(0)).waitMs).toBe(100);
    expect(budget.take('s', 'late', 10, at(1)).waitMs).toBe(0);
  });

  it('when Shopify reports less room than Encore thought (another app instance spent it), then Encore waits longer', () => {
    const budget = new AdminBudget();
    budget.observe(
      's',
      { requestedQueryCost: 10, actualQueryCost: 10, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 5, restoreRate: 50 } },
      at(0),
    );
    expect(budget.take('s', 'k', 10, at(0)).waitMs).toBe(100);
  });

  it('when shops differ, then their budgets do not mix', () => {
    const budget = new AdminBudget();
    for (let i = 0; i < 200; i++) budget.take('a', `k${i}`, 10, at(0));
    expect(budget.take('b', 'k', 10, at(0)).waitMs).toBe(0);
  });

  it('when a burst is paced, then each queued renewal gets the slot a job would be told, and taking it later pays nothing more', () => {
    const budget = new AdminBudget();
    for (let i = 0; i < 200; i++) budget.take('s', `k${i}`, 10, at(0));
    const slots = Array.from({ length: 3 }, (_, i) => budget.reserve('s', `queued${i}`, 10, at(0)).getTime() - at(0).getTime());
    expect(slots).toEqual([100, 200, 300]);
    // Asking again names the same slot; the job at its slot goes without paying again, and the next newcomer queues
    // behind every reservation.
    expect(budget.reserve('s', 'queued0', 10, at(0)).getTime() - at(0).getTime()).toBe(100);
    expect(budget.take('s', 'queued0', 10, new Date(at(0).getTime() + 100)).waitMs).toBe(0);
    expect(budget.take('s', 'newcomer', 10, new Date(at(0).getTime() + 100)).waitMs).toBe(300);
  });

  it('when a paced renewal finds nothing to bill, then its points go back to the bucket', () => {
    const budget = new AdminBudget();
    for (let i = 0; i < 200; i++) budget.take('s', `k${i}`, 10, at(0));
    budget.reserve('s', 'skipped', 10, at(0));
    budget.release('s', 'skipped', at(0));
    expect(budget.take('s', 'next', 10, at(0)).waitMs).toBe(100);
  });
});
