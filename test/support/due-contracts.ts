// Many contracts due at once, for the scale tests and the benchmark: each is created in the emulator (a copy of an
// ACTIVE seed contract, without webhooks) and stored in the app's database as subscription_contracts/create would
// store it, so the test measures billing, not ingest.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../web/server/clock.js';
import type { Db } from '../../web/server/db/client.js';
import type { JobQueue } from '../../web/server/jobs/index.js';
import { scheduleCycles } from '../../web/server/subscriptions/scheduling.js';
import { DEMO_CONTRACTS } from '../emulator/seed/demo-store.js';
import type { ShopStore } from '../emulator/store/shop-store.js';

export async function createDueContracts(
  deps: { db: Db; jobs: JobQueue; clock: Clock },
  store: ShopStore,
  shopId: string,
  count: number,
  due: Date,
): Promise<number[]> {
  const template = store.contracts.get(DEMO_CONTRACTS.farahMonthlySencha);
  if (!template) throw new Error('the demo seed has no contract to copy');
  const ids: number[] = [];
  const rows = [];
  for (let i = 0; i < count; i++) {
    const id = store.newId();
    store.contracts.set(id, {
      ...template,
      id,
      nextBillingDate: due.toISOString(),
      lines: template.lines.map((l) => ({ ...l, id: randomUUID() })),
      orderIds: [],
    });
    ids.push(id);
    rows.push({
      id: randomUUID(),
      shopId,
      shopifyId: `gid://shopify/SubscriptionContract/${id}`,
      customerId: `gid://shopify/Customer/${template.customerId}`,
      status: 'ACTIVE',
      currencyCode: template.currencyCode,
      billingInterval: template.billingPolicy.interval,
      billingCount: template.billingPolicy.intervalCount,
      nextBillingDate: due,
      lines: template.lines.map((l) => ({
        id: l.id,
        quantity: l.quantity,
        title: l.title,
        variantTitle: l.variantTitle,
        sellingPlanId: null,
        sellingPlanName: null,
        productId: null,
        variantId: null,
        currentPrice: { amount: (l.currentPrice / 100).toFixed(2), currencyCode: template.currencyCode },
      })),
      shopifyUpdatedAt: new Date(template.updatedAt),
    });
  }
  for (let i = 0; i < rows.length; i += 500) await deps.db.prisma.subscriptionContract.createMany({ data: rows.slice(i, i + 500) });
  await scheduleCycles(
    deps,
    shopId,
    rows.map((row) => ({ ...row, currentCycle: 1, failedAttempts: 0, dunningState: 'none', nextRetryAt: null })),
  );
  return ids;
}
