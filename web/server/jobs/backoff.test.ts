import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultBackoff, exponentialBackoff } from './backoff.js';
import { describeJobError } from './errors.js';

describe('exponential backoff', () => {
  it('when jitter is off, then delays double from 5 s and stop at the 1 h cap', () => {
    const backoff = exponentialBackoff({ random: () => 0 });

    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map(backoff)).toEqual([
      5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 640_000, 1_280_000, 2_560_000, 3_600_000,
    ]);
    expect(backoff(500)).toBe(3_600_000);
  });

  it('when jitter is on, then every delay lies between half and all of its exponential ceiling, never above the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, roll) => {
        const ceiling = Math.min(3_600_000, 5_000 * 2 ** (attempt - 1));
        const delay = exponentialBackoff({ random: () => roll })(attempt);
        return delay >= Math.floor(ceiling / 2) && delay <= ceiling;
      }),
    );
  });

  it('when the default policy is used, then consecutive failures of one job spread over random delays', () => {
    const delays = new Set(Array.from({ length: 20 }, () => defaultBackoff(3)));

    expect(delays.size).toBeGreaterThan(1);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(10_000);
  });

  it('when options make no sense, then building the policy throws', () => {
    expect(() => exponentialBackoff({ baseMs: 0 })).toThrow(RangeError);
    expect(() => exponentialBackoff({ baseMs: 10, maxMs: 5 })).toThrow(RangeError);
    expect(() => exponentialBackoff({ jitter: 2 })).toThrow(RangeError);
  });
});

describe('describeJobError', () => {
  it('when credentials appear in a message, then they are replaced and the rest is kept', () => {
    const message = describeJobError(
      new Error(
        'call failed: token shpat_abcDEF123 / Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln / ' +
          'https://x.test/o?signature=abc123&id=4 / api_key=sk_live_9',
      ),
    );

    expect(message).toBe(
      'Error: call failed: token shp***_[redacted] / Bearer [redacted] / https://x.test/o?signature=[redacted]&id=4 / api_key=[redacted]',
    );
  });

  it('when a bare JWT or a password appears, then it is replaced', () => {
    expect(describeJobError(new Error('bad eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln here'))).toBe('Error: bad [redacted-jwt] here');
    expect(describeJobError(new Error('db password: hunter2, retry'))).toBe('Error: db password: [redacted], retry');
  });

  it('when something other than an Error is thrown, or the message is huge, then the text is still bounded and stack-free', () => {
    expect(describeJobError('plain string')).toBe('Non-error thrown: plain string');
    const long = describeJobError(new Error('x'.repeat(10_000)));
    expect(long.length).toBe(2_001);
    expect(long.endsWith('…')).toBe(true);
    expect(describeJobError(new TypeError('nope'))).toBe('TypeError: nope');
  });
});
