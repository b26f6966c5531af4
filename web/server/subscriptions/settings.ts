// A shop's renewal and dunning settings: retry schedule, final action, what an inventory failure does, when the
// renewal reminder goes out. Stored in SubscriptionSettings; a shop that never saved any gets the defaults.
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { UnprocessableError, zodProblems } from '../errors.js';
import type { DunningPolicy, FinalAction } from './dunning.js';

export interface SubscriptionSettingsValue extends DunningPolicy {
  /** Days before each charge the renewal reminder is sent; 0 sends none. */
  reminderDays: number;
}

/** Retry 1, 3 and 7 days after a failure, then pause; skip a cycle that is out of stock; remind 3 days ahead. */
export const DEFAULT_SUBSCRIPTION_SETTINGS: SubscriptionSettingsValue = {
  retryDays: [1, 3, 7],
  finalAction: 'pause',
  inventoryAction: 'skip',
  reminderDays: 3,
};

export const subscriptionSettingsSchema = z
  .object({
    retryDays: z.array(z.number().int().min(1).max(30)).max(10),
    finalAction: z.enum(['pause', 'cancel', 'skip']),
    inventoryAction: z.enum(['skip', 'retry']),
    reminderDays: z.number().int().min(0).max(14),
  })
  .strict();

export async function readSubscriptionSettings(db: Db, shopId: string): Promise<SubscriptionSettingsValue> {
  const row = await db.prisma.subscriptionSettings.findUnique({ where: { shopId } });
  if (!row) return { ...DEFAULT_SUBSCRIPTION_SETTINGS, retryDays: [...DEFAULT_SUBSCRIPTION_SETTINGS.retryDays] };
  const retryDays = Array.isArray(row.retryDays) ? row.retryDays.filter((d): d is number => typeof d === 'number') : [];
  return {
    retryDays,
    finalAction: row.finalAction as FinalAction,
    inventoryAction: row.inventoryAction === 'retry' ? 'retry' : 'skip',
    reminderDays: row.reminderDays,
  };
}

/** Merges `patch` into the current settings; a value out of range is a 422 naming the field. */
export async function updateSubscriptionSettings(
  db: Db,
  shopId: string,
  patch: Record<string, unknown>,
): Promise<SubscriptionSettingsValue> {
  const current = await readSubscriptionSettings(db, shopId);
  const parsed = subscriptionSettingsSchema.safeParse({ ...current, ...patch });
  if (!parsed.success) throw new UnprocessableError('These subscription settings cannot be saved.', zodProblems(parsed.error.issues));
  const next = parsed.data;
  const data = {
    retryDays: next.retryDays,
    finalAction: next.finalAction,
    inventoryAction: next.inventoryAction,
    reminderDays: next.reminderDays,
  };
  await db.prisma.subscriptionSettings.upsert({ where: { shopId }, create: { shopId, ...data }, update: data });
  return next;
}
