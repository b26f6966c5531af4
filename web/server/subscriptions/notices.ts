// The notice jobs: the renewal reminder (`subscriptions.remind`, queued for `reminderDays` before each charge) and
// the request to confirm a challenged payment. Each checks the contract is still in the state the notice is about.
import type { Logger } from '../logger.js';
import { installedShop } from '../shops/index.js';
import type { StoredContractLine } from './contracts.js';
import type { SubscriptionDeps } from './deps.js';
import { managePageUrl, signManageLink } from './manage-link.js';
import { cycleAmountMinor, formatMinor, sameInstant } from './schedule.js';

async function recipient(deps: SubscriptionDeps, contractId: string) {
  const contract = await deps.db.prisma.subscriptionContract.findUnique({ where: { id: contractId } });
  if (!contract?.customerEmail) return null;
  const shop = await installedShop(deps.db, { id: contract.shopId });
  if (!shop) return null;
  const token = signManageLink({ shop: shop.domain, contractId: contract.id, now: deps.clock.now() }, deps.linkSecret);
  return { contract, shop, to: contract.customerEmail, manageUrl: managePageUrl(deps.appUrl, token) };
}

export async function sendRenewalReminder(
  deps: SubscriptionDeps,
  payload: { contractId: string; cycle: number; due: string },
  log: Logger,
): Promise<{ sent: boolean; reason?: string }> {
  const target = await recipient(deps, payload.contractId);
  if (!target) return { sent: false, reason: 'no_recipient' };
  const { contract } = target;
  if (contract.status !== 'ACTIVE') return { sent: false, reason: `contract_${contract.status.toLowerCase()}` };
  if (contract.currentCycle !== payload.cycle || !sameInstant(contract.nextBillingDate, new Date(payload.due))) {
    return { sent: false, reason: 'rescheduled' };
  }
  const lines = contract.lines as unknown as StoredContractLine[];
  await deps.notifier.renewalReminder({
    shop: target.shop.domain,
    to: target.to,
    manageUrl: target.manageUrl,
    contractId: contract.shopifyId,
    chargeDate: new Date(payload.due),
    amount: formatMinor(cycleAmountMinor(lines, contract.deliveryPriceMinor)),
    currencyCode: contract.currencyCode,
    items: lines.map((l) => `${l.quantity} × ${l.title}${l.variantTitle ? ` (${l.variantTitle})` : ''}`),
  });
  log.info({ contractId: contract.shopifyId, due: payload.due }, 'renewal reminder sent');
  return { sent: true };
}

export async function sendActionNotice(
  deps: SubscriptionDeps,
  payload: { contractId: string; actionUrl: string | null },
  log: Logger,
): Promise<{ sent: boolean; reason?: string }> {
  const target = await recipient(deps, payload.contractId);
  if (!target) return { sent: false, reason: 'no_recipient' };
  await deps.notifier.paymentActionRequired({
    shop: target.shop.domain,
    to: target.to,
    manageUrl: target.manageUrl,
    contractId: target.contract.shopifyId,
    actionUrl: payload.actionUrl,
  });
  log.info({ contractId: target.contract.shopifyId }, 'payment confirmation notice sent');
  return { sent: true };
}
