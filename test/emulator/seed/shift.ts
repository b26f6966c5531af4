// The demo seed is written relative to SEED_NOW. An emulator on the real clock would see it age (new arrivals no
// longer new, recent orders falling out of the 60-day window, expiry dates passing), so its seed is moved forward by
// whole days to its own "now": the store always looks as the seed describes, relative to the emulator's clock.
import type { DemoStoreSeed } from './types.js';

const DAY_MS = 86_400_000;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whole days from `seedNow` to `now` (0 for a clock pinned to the seed's now). */
export function seedShiftDays(seedNow: string, now: Date): number {
  return Math.round((now.getTime() - Date.parse(seedNow)) / DAY_MS);
}

/** A copy of the seed with every date and date-time moved by `days`. */
export function shiftSeed(seed: DemoStoreSeed, days: number): DemoStoreSeed {
  if (days === 0) return seed;
  const shiftMs = days * DAY_MS;
  const visit = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (DATE_TIME.test(value)) return new Date(Date.parse(value) + shiftMs).toISOString();
      if (DATE.test(value)) return new Date(Date.parse(`${value}T00:00:00Z`) + shiftMs).toISOString().slice(0, 10);
      return value;
    }
    if (Array.isArray(value)) return value.map(visit);
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, visit(inner)]));
    return value;
  };
  return visit(seed) as DemoStoreSeed;
}
