// The Admin API cost and the time of one accepted email offer, end to end through the real app: the shopper's POST
// on the offer page -> orderEditBegin, orderEditAddVariant, orderEditAddLineItemDiscount, orderEditCommit (which
// also returns the payment URL and the fulfillment orders), fulfillmentOrderHold -> 303 to the payment page. Costs
// are each response's `extensions.cost` from the Admin API emulator (Shopify's documented cost model: mutations 10
// points, objects 1, connections 2 + first x node). The floor, measured in the same run: the same five mutations
// sent straight to the emulator with the smallest selection each accepts (what no implementation can go under),
// their cost and their round-trip time. Prints the results and rewrites the "## Email offer: one accepted order
// edit" section of docs/benchmarks.md.
//
//   npx tsx bench/order-edit/run.ts              # 30 accepts on SQLite, updates docs/benchmarks.md
//   npx tsx bench/order-edit/run.ts --no-write   # print only
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_VARIANTS } from '../../test/emulator/seed/demo-store.js';
import { gid } from '../../test/emulator/store/ids.js';
import { gql } from '../../test/emulator/testing.js';
import {
  type CostEntry,
  formNonce,
  type OrderEditBackend,
  openOffer,
  recordAdminCosts,
  startOrderEditBackend,
  submitAccept,
} from '../../test/support/order-edit.js';
import { writeSection } from '../support/report.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const ACCEPTS = 30;
const BUDGET = 60;

interface Sample {
  costs: CostEntry[];
  ms: number;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const costOf = (entries: CostEntry[]) => entries.reduce((sum, e) => sum + (e.actualQueryCost ?? e.requestedQueryCost), 0);

async function oneAccept(b: OrderEditBackend): Promise<Sample> {
  const order = await b.placeOrder([{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }]);
  const offer = await b.createOffer(order, { variantIds: [DEMO_VARIANTS.espresso250g] });
  const page = await openOffer(offer.url);
  const costs = recordAdminCosts(b.h.emulator.url);
  const started = performance.now();
  try {
    const answer = await submitAccept(offer.url, {
      nonce: formNonce(page.html),
      variant: gid('ProductVariant', DEMO_VARIANTS.espresso250g),
      quantity: 1,
    });
    if (answer.status !== 303) throw new Error(`accept answered ${answer.status}`);
    return { costs: costs.entries, ms: performance.now() - started };
  } finally {
    costs.stop();
  }
}

/** The five mutations with the least they can select, straight to the emulator: the floor. */
async function floor(b: OrderEditBackend): Promise<Sample> {
  const order = b.h.emulator.store.createOrder({
    customerId: null,
    email: 'floor@example.net',
    lines: [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }],
  });
  const costs: CostEntry[] = [];
  const send = async (operation: string, query: string, variables: Record<string, unknown>) => {
    const response = await gql<Record<string, { userErrors: unknown[] } & Record<string, unknown>>>(b.h.emulator, query, variables);
    if (!response.data) throw new Error(`${operation}: ${JSON.stringify(response.errors)}`);
    const cost = response.extensions?.cost as Omit<CostEntry, 'operation'>;
    costs.push({ operation, ...cost });
    return response.data!;
  };
  const started = performance.now();
  const begun = await send(
    'OrderEditBegin',
    'mutation($id: ID!) { orderEditBegin(id: $id) { calculatedOrder { id } userErrors { field } } }',
    {
      id: gid('Order', order.id),
    },
  );
  const calculatedId = (begun.orderEditBegin!.calculatedOrder as { id: string }).id;
  const added = await send(
    'OrderEditAddVariant',
    `mutation($id: ID!, $v: ID!) {
      orderEditAddVariant(id: $id, variantId: $v, quantity: 1, allowDuplicates: true) { calculatedLineItem { id } userErrors { field } }
    }`,
    { id: calculatedId, v: gid('ProductVariant', DEMO_VARIANTS.espresso250g) },
  );
  const lineId = (added.orderEditAddVariant!.calculatedLineItem as { id: string }).id;
  await send(
    'OrderEditAddLineItemDiscount',
    `mutation($id: ID!, $l: ID!) {
      orderEditAddLineItemDiscount(id: $id, lineItemId: $l, discount: { percentValue: 10 }) { userErrors { field } }
    }`,
    { id: calculatedId, l: lineId },
  );
  const committed = await send(
    'OrderEditCommit',
    `mutation($id: ID!) {
      orderEditCommit(id: $id, notifyCustomer: false) { order { fulfillmentOrders(first: 5) { nodes { id } } } userErrors { field } }
    }`,
    { id: calculatedId },
  );
  const fos = (committed.orderEditCommit!.order as { fulfillmentOrders: { nodes: { id: string }[] } }).fulfillmentOrders.nodes;
  await send(
    'FulfillmentOrderHold',
    'mutation($id: ID!) { fulfillmentOrderHold(id: $id, fulfillmentHold: { reason: AWAITING_PAYMENT }) { userErrors { field } } }',
    { id: fos.at(-1)!.id },
  );
  return { costs, ms: performance.now() - started };
}

/** A Markdown table with padded columns, as Biome formats docs/benchmarks.md. */
function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const write = !process.argv.includes('--no-write');
  const load = os.loadavg()[0]!;
  const b = await startOrderEditBackend('sqlite');
  const accepts: Sample[] = [];
  const floors: Sample[] = [];
  try {
    for (let i = 0; i < ACCEPTS; i++) {
      // The shop's clock is a ManualClock: let the leaky bucket refill (100 points per second) between rounds.
      b.clock.advance(60_000);
      accepts.push(await oneAccept(b));
      floors.push(await floor(b));
    }
  } finally {
    await b.close();
  }
  const cost = costOf(accepts[0]!.costs);
  const floorCost = costOf(floors[0]!.costs);
  if (accepts.some((s) => costOf(s.costs) !== cost)) throw new Error('the cost of an accept varied between runs');
  const ms = accepts.map((s) => s.ms);
  const floorMs = floors.map((s) => s.ms);
  const table = markdownTable(
    ['operation', 'requested', 'actual', 'floor (actual)'],
    [
      ...accepts[0]!.costs.map((e, i) => [
        `\`${e.operation}\``,
        String(e.requestedQueryCost),
        String(e.actualQueryCost),
        String(floors[0]!.costs[i]?.actualQueryCost ?? '–'),
      ]),
      ['**total**', String(accepts[0]!.costs.reduce((sum, e) => sum + e.requestedQueryCost, 0)), `**${cost}**`, String(floorCost)],
    ],
  );
  const cpu = `${os.cpus()[0]?.model.trim() ?? 'unknown CPU'} (${os.cpus().length} cores)`;
  const ratio = (cost / floorCost).toFixed(2);
  const [p50, p95] = [percentile(ms, 50).toFixed(1), percentile(ms, 95).toFixed(1)];
  const [floorP50, floorP95] = [percentile(floorMs, 50).toFixed(1), percentile(floorMs, 95).toFixed(1)];
  const timeRatio = (percentile(ms, 50) / percentile(floorMs, 50)).toFixed(2);
  const section = `## Email offer: one accepted order edit

Measured ${new Date().toISOString().slice(0, 10)} on ${cpu}, Node ${process.version}, with
\`npx tsx bench/order-edit/run.ts\`: ${ACCEPTS} accepts through the real app (the shopper's POST on the offer page, SQLite,
the Admin API emulator on Shopify's 2026-07 schema), each followed in the same run by the floor: the same five mutations
sent straight to the emulator with the smallest selection each accepts. Machine load average ${load.toFixed(1)} at the start.

Cost: **${cost} points** per accepted offer (budget ${BUDGET}; floor ${floorCost}, ratio ${ratio}). The payment URL and the
fulfillment orders to hold come back in \`orderEditCommit\`'s payload, and the re-check of the order (still editable?
a line an interrupted attempt committed?) in \`orderEditBegin\`'s, so neither costs a query of its own. The emulator charges
a mutation 10 points whatever its payload selects, as Shopify's rate-limit page states mutation cost; if Shopify also
charged the payload's selection, the commit's order selection would add at most its requested query cost.

${table}

Time from the POST to the 303 (lock, five Admin API calls, the records, the window-end job, the ledger): p50
${p50} ms, p95 ${p95} ms; floor (the five round trips alone) p50 ${floorP50} ms, p95
${floorP95} ms; ratio at p50 ${timeRatio}. On Shopify the round trips dominate (each a network
call to Shopify instead of a local emulator).
`;
  console.log(section);
  if (cost > BUDGET) throw new Error(`one accept costs ${cost} points, over the budget of ${BUDGET}`);
  if (write) writeSection(path.join(repoRoot, 'docs/benchmarks.md'), section);
}

await main();
