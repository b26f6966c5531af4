import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketOf, isInHoldout, pickArm } from './assignment.js';
import { toGid, toLegacyId } from './ids.js';

describe('deterministic assignment', () => {
  it('when the same order is assigned again, with arms listed in any order, then it gets the same arm', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string({ minLength: 1 }),
        fc.uniqueArray(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 5 }),
        (salt, orderKey, names) => {
          const arms = names.map((name, i) => ({ name, weight: i + 1 }));
          expect(pickArm(salt, 'exp', orderKey, arms)).toBe(pickArm(salt, 'exp', orderKey, [...arms].reverse()));
        },
      ),
    );
  });

  it('when order ids are sequential, then buckets still spread evenly (each tenth within 8.5-11.5 %)', () => {
    const tenths = new Array<number>(10).fill(0);
    for (let i = 0; i < 20_000; i++) tenths[Math.floor(bucketOf('', 'holdout', `gid://shopify/Order/${5_900_000_000_000 + i}`) / 1000)]!++;
    for (const count of tenths) {
      expect(count / 20_000).toBeGreaterThan(0.085);
      expect(count / 20_000).toBeLessThan(0.115);
    }
  });

  it('when the salt changes, then the holdout group is a different set of orders', () => {
    const keys = Array.from({ length: 2000 }, (_, i) => `order-${i}`);
    const a = keys.filter((key) => isInHoldout('spring', key, 10));
    const b = keys.filter((key) => isInHoldout('autumn', key, 10));
    const overlap = a.filter((key) => b.includes(key)).length;
    expect(overlap / a.length).toBeLessThan(0.25);
  });

  it('when the holdout is 0 % or 100 %, then nobody or everybody is held out', () => {
    expect(isInHoldout('', 'x', 0)).toBe(false);
    expect(isInHoldout('', 'x', 100)).toBe(true);
  });

  it('when the experiment key differs, then arm and holdout assignments are independent of each other', () => {
    let both = 0;
    let held = 0;
    for (let i = 0; i < 10_000; i++) {
      const key = `o${i}`;
      const inHoldout = isInHoldout('', key, 50);
      if (inHoldout) held++;
      if (
        inHoldout &&
        pickArm('', 'test', key, [
          { name: 'A', weight: 1 },
          { name: 'B', weight: 1 },
        ]) === 'A'
      )
        both++;
    }
    expect(both / held).toBeGreaterThan(0.46);
    expect(both / held).toBeLessThan(0.54);
  });
});

describe('GIDs at the boundary', () => {
  it('when a legacy id is converted to a GID and back, then it is unchanged', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (id) => {
        expect(toLegacyId(toGid('ProductVariant', id))).toBe(id);
      }),
    );
  });

  it.each(['42', 'gid://shopify/ProductVariant/', 'gid://shopify/ProductVariant/12a', 'gid://shopify/ProductVariant/99999999999999999999'])(
    'when "%s" is not a usable GID, then conversion throws instead of guessing',
    (text) => {
      expect(() => toLegacyId(text)).toThrow(RangeError);
    },
  );
});
