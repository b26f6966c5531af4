// The notice jobs: the renewal reminder (`subscriptions.remind`, queued for `reminderDays` before each charge), the
// request to confirm a challenged payment (`subscriptions.action-notice`), and the other notices
// (`subscriptions.notice`: payment failed, paused, cancelled, skipped). Each checks, when it runs, that the contract
// is still in the state the notice is about, then sends through SubscriptionNotifier (the email module), which
// sends at most once per (contract, cycle, kind).
import type { Logger } from '../logger.js';
import { installedShop } from '../shops/index.js';
import type { StoredContractLine } from './contracts.js';
import type { SubscriptionDeps } from './deps.js';
import { managePageUrl, signManageLink } from './manage-link.js';
import type { NoticeResult, SubscriptionNotice, SubscriptionNoticeKind } from './notifier.js';
import { cycleAmountMinor, sameInstant } from './schedule.js';
import type { ContractRecord } from './scheduling.js';

export const NOTICE_JOB = 'subscriptions.notice';

/** The notices sent by NOTICE_JOB (the reminder and the payment confirmation have their own jobs). */
export type QueuedNoticeKind = Extract<SubscriptionNoticeKind, 'payment_failed' | 'paused' | 'cancelled' | 'skipped'>;
export const QUEUED_NOTICE_KINDS: readonly QueuedNoticeKind[] = ['payment_failed', 'paused', 'cancelled', 'skipped'];

export interface NoticePayload {
  contractId: string;
  cycle: number;
  kind: QueuedNoticeKind;
  cardUpdateRequested?: boolean | undefined;
}

/** Queues a notice once per (contract, cycle, kind); the sender keeps the same rule for the email itself. */
export async function enqueueNotice(deps: Pick<SubscriptionDeps, 'jobs'>, shopDomain: string, payload: NoticePayload): Promise<void> {
  const body = {
    contractId: payload.contractId,
    cycle: payload.cycle,
    kind: payload.kind,
    cardUpdateRequested: !!payload.cardUpdateRequested,
  };
  await deps.jobs.enqueue(NOTICE_JOB, body, {
    idempotencyKey: `${NOTICE_JOB}:${payload.contractId}:${payload.cycle}:${payload.kind}`,
    shopDomain,
  });
}

async function recipient(deps: SubscriptionDeps, contractId: string) {
  const contract = await deps.db.prisma.subscriptionContract.findUnique({ where: { id: contractId } });
  if (!contract?.customerEmail) return null;
  const shop = await installedShop(deps.db, { id: contract.shopId });
  if (!shop) return null;
  const token = signManageLink({ shop: shop.domain, contractId: contract.id, now: deps.clock.now() }, deps.linkSecret);
  return { contract, shop, to: contract.customerEmail, manageUrl: managePageUrl(deps.appUrl, token) };
}

function noticeOf(
  target: { contract: ContractRecord; to: string; manageUrl: string },
  kind: SubscriptionNoticeKind,
  cycle: number,
  extra: Partial<Pick<SubscriptionNotice, 'actionUrl' | 'retryDate' | 'cardUpdateRequested' | 'nextBillingDate'>> = {},
): SubscriptionNotice {
  const { contract } = target;
  const lines = contract.lines as unknown as StoredContractLine[];
  return {
    kind,
    shopId: contract.shopId,
    contractId: contract.id,
    contractGid: contract.shopifyId,
    cycle,
    to: target.to,
    locale: contract.customerLocale,
    manageUrl: target.manageUrl,
    items: lines.map((l) => ({ title: l.title, variantTitle: l.variantTitle ?? null, quantity: l.quantity })),
    nextBillingDate: extra.nextBillingDate !== undefined ? extra.nextBillingDate : contract.nextBillingDate,
    amountMinor: cycleAmountMinor(lines, contract.deliveryPriceMinor),
    currencyCode: contract.currencyCode,
    actionUrl: extra.actionUrl ?? null,
    retryDate: extra.retryDate ?? null,
    cardUpdateRequested: extra.cardUpdateRequested ?? false,
  };
}

export async function sendRenewalReminder(
  deps: SubscriptionDeps,
  payload: { contractId: string; cycle: number; due: string },
  log: Logger,
): Promise<NoticeResult> {
  const target = await recipient(deps, payload.contractId);
  if (!target) return { sent: false, reason: 'no_recipient' };
  const { contract } = target;
  if (contract.status !== 'ACTIVE') return { sent: false, reason: `contract_${contract.status.toLowerCase()}` };
  if (contract.currentCycle !== payload.cycle || !sameInstant(contract.nextBillingDate, new Date(payload.due))) {
    return { sent: false, reason: 'rescheduled' };
  }
  const notice = noticeOf(target, 'renewal_reminder', payload.cycle, { nextBillingDate: new Date(payload.due) });
  const result = await deps.notifier.notify(notice, log);
  log.info({ contractId: contract.shopifyId, due: payload.due, ...result }, 'renewal reminder');
  return result;
}

export async function sendActionNotice(
  deps: SubscriptionDeps,
  payload: { contractId: string; cycle?: number | undefined; actionUrl: string | null },
  log: Logger,
): Promise<NoticeResult> {
  const target = await recipient(deps, payload.contractId);
  if (!target) return { sent: false, reason: 'no_recipient' };
  const cycle = payload.cycle ?? target.contract.currentCycle;
  if (target.contract.currentCycle !== cycle) return { sent: false, reason: 'cycle_moved_on' };
  const result = await deps.notifier.notify(noticeOf(target, 'payment_action', cycle, { actionUrl: payload.actionUrl }), log);
  log.info({ contractId: target.contract.shopifyId, ...result }, 'payment confirmation notice');
  return result;
}

/** Is the contract still in the state this notice tells the customer about? */
function stillTrue(contract: ContractRecord, payload: NoticePayload): boolean {
  switch (payload.kind) {
    case 'paused':
      return contract.status === 'PAUSED';
    case 'cancelled':
      return contract.status === 'CANCELLED';
    case 'skipped':
      return contract.status === 'ACTIVE' && contract.currentCycle > payload.cycle;
    case 'payment_failed':
      return contract.currentCycle === payload.cycle && contract.failedAttempts > 0 && contract.status === 'ACTIVE';
  }
}

export async function sendQueuedNotice(deps: SubscriptionDeps, payload: NoticePayload, log: Logger): Promise<NoticeResult> {
  const target = await recipient(deps, payload.contractId);
  if (!target) return { sent: false, reason: 'no_recipient' };
  if (!stillTrue(target.contract, payload)) return { sent: false, reason: 'no_longer_true' };
  const notice = noticeOf(target, payload.kind, payload.cycle, {
    retryDate: payload.kind === 'payment_failed' ? target.contract.nextRetryAt : null,
    cardUpdateRequested: payload.cardUpdateRequested ?? false,
  });
  const result = await deps.notifier.notify(notice, log);
  log.info({ contractId: target.contract.shopifyId, kind: payload.kind, ...result }, 'subscription notice');
  return result;
}
