// A 3-D Secure challenge nobody answers must not leave the contract waiting for ever. When an attempt is challenged,
// a job is queued for CHALLENGE_EXPIRY_DAYS later; if the attempt is still challenged then (and the contract still
// waits on that cycle), the shop's final action (pause, cancel or skip) is applied, as after the last retry.
// The attempt itself stays "challenged": if the customer confirms after all, Shopify charges it and the success
// webhook is still recorded (revenue in the ledger; the cycle moves on unless the final action already moved it).

import type { Logger } from '../logger.js';
import { installedShop } from '../shops/index.js';
import { pauseCancelOrSkip } from './actions.js';
import type { SubscriptionDeps } from './deps.js';
import { readSubscriptionSettings } from './settings.js';

export const CHALLENGE_EXPIRY_JOB = 'subscriptions.challenge-expiry';
/**
 * How long the customer has to confirm. Shopify documents no expiry for a billing attempt's challenge (the
 * ActionRequiredState only gives nextActionUrl), so this is Encore's bound: the default retry schedule's last
 * retry (7 days), so a challenged cycle ends no later than a declined one.
 */
export const CHALLENGE_EXPIRY_DAYS = 7;

export type ChallengeExpiryResult =
  | { outcome: 'answered'; status: string }
  | { outcome: 'moved_on' }
  | { outcome: 'expired'; action: 'pause' | 'cancel' | 'skip' };

export async function expireChallenge(deps: SubscriptionDeps, attemptId: string, log: Logger): Promise<ChallengeExpiryResult> {
  const row = await deps.db.prisma.billingAttempt.findUnique({ where: { id: attemptId } });
  if (row?.status !== 'challenged') return { outcome: 'answered', status: row?.status ?? 'gone' };
  const contract = await deps.db.prisma.subscriptionContract.findUnique({ where: { id: row.contractId } });
  if (!contract || contract.currentCycle !== row.cycleIndex || contract.dunningState !== 'awaiting_customer')
    return { outcome: 'moved_on' };
  const shop = await installedShop(deps.db, { id: row.shopId });
  if (!shop) return { outcome: 'moved_on' };
  const { finalAction } = await readSubscriptionSettings(deps.db, row.shopId);
  const { count } = await deps.db.prisma.subscriptionContract.updateMany({
    where: { id: contract.id, currentCycle: row.cycleIndex, dunningState: 'awaiting_customer' },
    data: { dunningState: finalAction === 'skip' ? 'none' : 'exhausted', lastErrorCode: 'AUTHENTICATION_EXPIRED' },
  });
  if (count === 0) return { outcome: 'moved_on' };
  await deps.db.prisma.billingAttempt.update({ where: { id: row.id }, data: { dunningAction: `challenge_expired_${finalAction}` } });
  const context = { contractId: contract.shopifyId, cycle: row.cycleIndex, attempt: row.attemptNumber, days: CHALLENGE_EXPIRY_DAYS };
  log.info({ ...context, action: finalAction }, 'the customer did not confirm the payment in time; final action applied');
  await pauseCancelOrSkip(deps, shop, contract.id, finalAction, row.cycleIndex, log);
  return { outcome: 'expired', action: finalAction };
}
