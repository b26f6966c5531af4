// Deterministic assignment of an order to the holdout and to A/B arms: a hash of (salt, purpose, order key), so
// the same order lands in the same bucket on every surface, every retry and every server, with nothing stored.

/** 32-bit FNV-1a over UTF-16 code units, finished with murmur3's avalanche so nearby keys spread evenly. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A bucket in 0..9999 (hundredths of a percent). */
export function bucketOf(salt: string, purpose: string, orderKey: string): number {
  return hash32(`${salt}\u0000${purpose}\u0000${orderKey}`) % 10_000;
}

/** True for the holdoutPercent share of orders (0-100, 2 decimals). */
export function isInHoldout(salt: string, orderKey: string, holdoutPercent: number): boolean {
  if (holdoutPercent <= 0) return false;
  return bucketOf(salt, 'holdout', orderKey) < Math.round(holdoutPercent * 100);
}

export interface Arm {
  name: string;
  weight: number;
}

/** Picks an arm by weight. Arms are ordered by name first, so the input order never changes the outcome. */
export function pickArm(salt: string, experimentKey: string, orderKey: string, arms: readonly Arm[]): string {
  const sorted = [...arms].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return pickSortedArm(
    salt,
    experimentKey,
    orderKey,
    sorted,
    sorted.reduce((sum, arm) => sum + arm.weight, 0),
  );
}

/** pickArm for arms already sorted by name (compiled experiments), without allocating. */
export function pickSortedArm(salt: string, experimentKey: string, orderKey: string, sorted: readonly Arm[], totalWeight: number): string {
  if (sorted.length === 0 || totalWeight <= 0) throw new RangeError('an experiment needs at least one weighted arm');
  let point = hash32(`${salt}\u0000experiment:${experimentKey}\u0000${orderKey}`) % totalWeight;
  for (const arm of sorted) {
    if (point < arm.weight) return arm.name;
    point -= arm.weight;
  }
  return sorted[sorted.length - 1]!.name;
}
