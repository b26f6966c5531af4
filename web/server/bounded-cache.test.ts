import { describe, expect, it } from 'vitest';
import { BoundedCache } from './bounded-cache.js';
import { ManualClock } from './clock.js';

describe('BoundedCache', () => {
  it('when more entries are stored than maxEntries, then the least recently used one is dropped', () => {
    const cache = new BoundedCache<string, number>({ maxEntries: 2 });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now more recent than b
    cache.set('c', 3);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
  });

  it('when an entry is stored again, then it counts as recently used and keeps only the new value', () => {
    const cache = new BoundedCache<string, string>({ maxEntries: 2 });
    cache.set('a', 'old');
    cache.set('b', 'b');
    cache.set('a', 'new');
    cache.set('c', 'c');
    expect(cache.get('a')).toBe('new');
    expect(cache.get('b')).toBeUndefined();
  });

  it('when an entry reaches ttlMs on the injected clock, then it is a miss, and one a millisecond younger is a hit', () => {
    const clock = new ManualClock();
    const cache = new BoundedCache<string, string>({ maxEntries: 10, ttlMs: 1_000, clock });
    cache.set('shop', 'facts');
    clock.advance(999);
    expect(cache.get('shop')).toBe('facts');
    clock.advance(1);
    expect(cache.get('shop')).toBeUndefined();
    cache.set('shop', 'fresh facts');
    expect(cache.get('shop')).toBe('fresh facts');
  });

  it('when the value was read before it is stored, then its age counts from the read', () => {
    const clock = new ManualClock();
    const cache = new BoundedCache<string, null>({ maxEntries: 10, ttlMs: 1_000, clock });
    const readAt = clock.now();
    clock.advance(400);
    cache.set('customer', null, readAt);
    expect(cache.get('customer')).toBeNull();
    clock.advance(600);
    expect(cache.get('customer')).toBeUndefined();
  });

  it('when entries are deleted or cleared, then they are misses', () => {
    const cache = new BoundedCache<string, number>({ maxEntries: 5 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(1);
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('when the bound or the age limit is not a usable number, then it is refused at construction', () => {
    expect(() => new BoundedCache({ maxEntries: 0 })).toThrow(RangeError);
    expect(() => new BoundedCache({ maxEntries: 1.5 })).toThrow(RangeError);
    expect(() => new BoundedCache({ maxEntries: 1, ttlMs: 0, clock: new ManualClock() })).toThrow(RangeError);
  });
});
