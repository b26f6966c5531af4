// The per-order lock (OrderLock): two edits of one order never interleave, whatever the instances, tabs or retries.
// Taken by inserting the row, or by taking over a row whose lease ran out; released by deleting our own row only.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import { type Db, isUniqueViolation } from '../db/client.js';

export interface LockKey {
  shopId: string;
  orderId: string;
}

export interface LockOptions {
  /** How long the holder may keep it; longer than the slowest edit (the Admin client waits out throttling). */
  leaseMs: number;
  /** How long to wait for a lock someone else holds. */
  waitMs: number;
  /** Real-time pause between tries (the clock may be a test's ManualClock). */
  pollMs?: number;
}

export const DEFAULT_LOCK: LockOptions = { leaseMs: 5 * 60_000, waitMs: 10_000, pollMs: 50 };

async function tryAcquire(db: Db, clock: Clock, key: LockKey, holder: string, leaseMs: number): Promise<boolean> {
  const now = clock.now();
  const lockedUntil = new Date(now.getTime() + leaseMs);
  try {
    await db.prisma.orderLock.create({ data: { ...key, holder, lockedUntil } });
    return true;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const taken = await db.prisma.orderLock.updateMany({
    where: { shopId: key.shopId, orderId: key.orderId, lockedUntil: { lt: now } },
    data: { holder, lockedUntil },
  });
  return taken.count === 1;
}

export type Locked<T> = { acquired: true; value: T } | { acquired: false };

/** Runs `work` holding the order's lock; `acquired: false` when someone else held it for all of `waitMs`. */
export async function withOrderLock<T>(
  db: Db,
  clock: Clock,
  key: LockKey,
  options: LockOptions,
  work: () => Promise<T>,
): Promise<Locked<T>> {
  const holder = randomUUID();
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    if (await tryAcquire(db, clock, key, holder, options.leaseMs)) break;
    if (Date.now() >= deadline) return { acquired: false };
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 50));
  }
  try {
    return { acquired: true, value: await work() };
  } finally {
    await db.prisma.orderLock.deleteMany({ where: { ...key, holder } });
  }
}
