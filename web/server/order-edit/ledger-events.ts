// The ledger events of an email offer's order edit (accepted, paid, removed): one shape, one key per order and step,
// so a retried job records each once.
import type { OrderEditDeps } from './deps.js';
import { type EmailOfferSnapshot, readOfferSnapshot } from './offer-snapshot.local.js';
import type { EditRecord, OfferRecord } from './repository.js';

type LedgerEventInput = Parameters<OrderEditDeps['ledger']['recordEvent']>[0];

export function editLedgerEvent(
  offer: OfferRecord,
  edit: Pick<EditRecord, 'variantId' | 'quantity'>,
  kind: 'accepted' | 'paid' | 'removed',
  extra: Partial<Pick<LedgerEventInput, 'amount' | 'productIds' | 'detail'>>,
  snapshot: EmailOfferSnapshot | null = readOfferSnapshot(offer.offer),
): LedgerEventInput {
  return {
    shopId: offer.shopId,
    orderKey: offer.orderId,
    customerId: offer.customerId,
    surface: 'email',
    kind,
    funnelId: snapshot?.funnelId ?? null,
    stepId: snapshot?.stepId ?? null,
    offerId: snapshot?.offerId ?? null,
    arm: snapshot?.arm ?? null,
    variantId: edit.variantId,
    quantity: edit.quantity,
    idempotencyKey: `${kind}:email:${offer.orderId}:${snapshot?.stepId ?? offer.id}`,
    ...extra,
  };
}
