// `npm run demo`: a few days of offer events in the ledger, so the admin's Home has figures and charts on a first
// visit. Made once per demo database (fixed idempotency keys: a second run records nothing new), dated relative to
// now, attributed to the demo's funnels. Amounts are the shop's currency, minor units, as the ledger's convention
// asks (web/server/ledger/README.md).
import type { Ledger, RecordEventInput } from '../web/server/ledger/index.js';

const DAY_MS = 86_400_000;

export interface DemoLedgerFunnels {
  postPurchase: { id: string; steps: string[] };
  checkout: { id: string; steps: string[] };
}

/** A small deterministic pseudo-random sequence, so every demo database gets the same story. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function orderEvents(shopId: string, n: number, at: Date, funnels: DemoLedgerFunnels, random: () => number): RecordEventInput[] {
  const surface = n % 3 === 0 ? 'checkout' : 'post_purchase';
  const funnel = surface === 'checkout' ? funnels.checkout : funnels.postPurchase;
  const orderKey = `demo-order-${n}`;
  const base = { shopId, orderKey, surface, customerId: null, funnelId: funnel.id } as const;
  const key = (kind: string, step = '') => `demo:${kind}:${n}:${step}`;
  if (random() < 0.08) {
    return [{ ...base, kind: 'decided', arm: 'holdout', detail: { outcome: 'holdout' }, idempotencyKey: key('decided'), occurredAt: at }];
  }
  const events: RecordEventInput[] = [
    { ...base, kind: 'decided', detail: { outcome: 'offer' }, idempotencyKey: key('decided'), occurredAt: at },
  ];
  const step = funnel.steps[Math.floor(random() * funnel.steps.length)] ?? funnel.steps[0] ?? 'first';
  const later = (seconds: number) => new Date(at.getTime() + seconds * 1000);
  events.push({ ...base, stepId: step, offerId: step, kind: 'shown', idempotencyKey: key('shown', step), occurredAt: later(5) });
  if (random() < 0.35) {
    const minor = 900 + Math.floor(random() * 4000);
    const variantId = `gid://shopify/ProductVariant/${900_000 + n}`;
    events.push({
      ...base,
      stepId: step,
      offerId: step,
      variantId,
      quantity: 1,
      kind: 'accepted',
      amount: { minor, currencyCode: 'USD' },
      idempotencyKey: key('accepted', step),
      occurredAt: later(20),
    });
    if (random() < 0.12) {
      events.push({
        ...base,
        stepId: step,
        offerId: step,
        variantId,
        quantity: 1,
        kind: 'refunded',
        amount: { minor, currencyCode: 'USD' },
        detail: { refundId: `demo-${n}` },
        idempotencyKey: key('refunded', step),
        occurredAt: later(2 * 86_400),
      });
    }
  } else {
    events.push({ ...base, stepId: step, offerId: step, kind: 'declined', idempotencyKey: key('declined', step), occurredAt: later(15) });
  }
  return events;
}

/** Records about 25 orders a day over the last `days` days; returns how many events were new. */
export async function seedDemoLedger(
  ledger: Pick<Ledger, 'recordEvent'>,
  shopId: string,
  funnels: DemoLedgerFunnels,
  now: Date,
  days = 7,
): Promise<number> {
  const random = sequence(7);
  let recorded = 0;
  let n = 0;
  for (let day = days - 1; day >= 0; day--) {
    const orders = 20 + Math.floor(random() * 10);
    for (let i = 0; i < orders; i++) {
      n++;
      const at = new Date(now.getTime() - day * DAY_MS - Math.floor(random() * 20 * 3_600_000));
      for (const event of orderEvents(shopId, n, at, funnels, random)) {
        // A refund dated in the future of `now` is not recorded yet.
        if ((event.occurredAt as Date).getTime() > now.getTime()) continue;
        if ((await ledger.recordEvent(event)).recorded) recorded++;
      }
    }
  }
  return recorded;
}
