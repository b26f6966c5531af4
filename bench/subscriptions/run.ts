// Renewal billing at scale: N contracts (10,000 by default) due at the same minute, billed by the app's real job
// handlers against the Admin API emulator on the Standard plan's budget (a leaky bucket of 2,000 points refilled at
// 100 points/s, as Shopify meters it). The emulator's clock and the app's are one manual clock moved a second at a
// time, so "how long until all are billed" is the shop's time, not this machine's; the wall time is printed beside
// it. The floor is what the budget allows: the points every Admin API request of the run really cost (measured at
// the emulator's bucket: charged minus refunded), divided by the restore rate; less the 2,000 points the bucket
// holds at the start for the stricter floor. Prints the result and rewrites the "## Subscription renewals" section
// of docs/benchmarks.md.
//
//   npx tsx bench/subscriptions/run.ts                  # 10,000 contracts on SQLite, updates docs/benchmarks.md
//   npx tsx bench/subscriptions/run.ts --count 2000 --no-write
//   npx tsx bench/subscriptions/run.ts --database postgresql
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_VARIANTS } from '../../test/emulator/seed/demo-store.js';
import { createDueContracts } from '../../test/support/due-contracts.js';
import { startSubscriptionsBackend } from '../../test/support/subscriptions.js';
import { createWorker } from '../../web/server/jobs/worker.js';
import { silentLogger } from '../../web/server/logger.js';
import { jobHandlers } from '../../web/server/start.js';
import { writeSection } from '../support/report.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

interface Result {
  count: number;
  database: 'sqlite' | 'postgresql';
  billed: number;
  charged: number;
  shopSeconds: number;
  points: number;
  restoreRate: number;
  bucketSize: number;
  throttled: number;
  wallSeconds: number;
  /** CPU time of this process (all threads: the app, its SQLite writer thread, the emulator) while billing. */
  cpuSeconds: number;
  setupSeconds: number;
  load: { start: number; end: number; mean: number };
}

async function measure(count: number, database: 'sqlite' | 'postgresql'): Promise<Result> {
  const loadAtStart = os.loadavg()[0] ?? 0;
  const setupStart = performance.now();
  const b = await startSubscriptionsBackend(database === 'postgresql' ? { database } : {});
  try {
    const ctx = b.h.server.ctx;
    const store = b.h.emulator.store;
    store.setInventory(DEMO_VARIANTS.sencha100g, 10_000_000);
    const due = new Date(b.clock.now().getTime() + 60_000);
    const ids = await createDueContracts(ctx, store, b.shopId, count, due);
    // Every point the shop's bucket hands out from here on, less what the emulator refunds (requested − actual).
    const bucket = b.h.emulator.bucket();
    let points = 0;
    let throttled = 0;
    const tryCharge = bucket.tryCharge.bind(bucket);
    const refund = bucket.refund.bind(bucket);
    bucket.tryCharge = (cost: number) => {
      const ok = tryCharge(cost);
      if (ok) points += cost;
      else throttled += 1;
      return ok;
    };
    bucket.refund = (returned: number) => {
      points -= Math.max(0, returned);
      refund(returned);
    };
    const worker = createWorker({ db: ctx.db, clock: b.clock, logger: silentLogger(), handlers: jobHandlers(ctx), concurrency: 4 });
    const setupSeconds = (performance.now() - setupStart) / 1000;
    b.clock.set(due);
    const wallStart = performance.now();
    const cpuStart = process.cpuUsage();
    const wanted = new Set(ids);
    const billed = new Set<number>();
    let lastBilledAt = due.getTime();
    const loads: number[] = [];
    for (let second = 0; billed.size < wanted.size && second < count; second++) {
      await worker.runDue();
      store.settleBillingAttempts();
      await b.h.emulator.webhooks.settled();
      const before = billed.size;
      for (const attempt of store.billingAttempts.values()) if (wanted.has(attempt.contractId)) billed.add(attempt.contractId);
      if (billed.size > before) lastBilledAt = b.clock.now().getTime();
      if (second % 10 === 0) loads.push(os.loadavg()[0] ?? 0);
      if (second % 60 === 0) console.log(`  ${second} s (shop clock): ${billed.size} of ${count} billed`);
      b.clock.advance(1000);
    }
    const wallSeconds = (performance.now() - wallStart) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const charged = [...store.billingAttempts.values()].filter((a) => wanted.has(a.contractId)).length;
    await worker.stop();
    const status = bucket.status();
    return {
      count,
      database,
      billed: billed.size,
      charged,
      shopSeconds: (lastBilledAt - due.getTime()) / 1000,
      points,
      restoreRate: status.restoreRate,
      bucketSize: status.maximumAvailable,
      throttled,
      wallSeconds,
      cpuSeconds,
      setupSeconds,
      load: { start: loadAtStart, end: os.loadavg()[0] ?? 0, mean: loads.reduce((a, b) => a + b, 0) / Math.max(1, loads.length) },
    };
  } finally {
    await b.close();
  }
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const secs = (n: number) => `${n.toFixed(0)} s`;

function command(r: Result): string {
  const count = r.count === 10_000 ? '' : ` --count ${r.count}`;
  return `npx tsx bench/subscriptions/run.ts${count}${r.database === 'postgresql' ? ' --database postgresql' : ''}`;
}

function table(r: Result, floor: number, strictFloor: number): string {
  const header = [
    'contracts',
    'billed (attempts)',
    'all billed after (shop clock)',
    'floor: points / restore rate',
    'ratio',
    'strict floor (less the full bucket)',
    'ratio',
    'THROTTLED answers',
    'wall time (setup)',
    'CPU time (per contract)',
  ];
  const row = [
    int(r.count),
    `${int(r.billed)} (${int(r.charged)})`,
    secs(r.shopSeconds),
    secs(floor),
    `${(r.shopSeconds / floor).toFixed(2)}×`,
    secs(strictFloor),
    strictFloor > 0 ? `${(r.shopSeconds / strictFloor).toFixed(2)}×` : 'n/a',
    String(r.throttled),
    `${secs(r.wallSeconds)} (${secs(r.setupSeconds)})`,
    `${secs(r.cpuSeconds)} (${((r.cpuSeconds * 1000) / r.count).toFixed(1)} ms)`,
  ];
  // Padded like Biome formats Markdown tables (npm test checks docs/ with it).
  const widths = header.map((h, i) => Math.max(h.length, row[i]?.length ?? 0, 3));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), line(row)].join('\n');
}

function render(r: Result): string {
  const floor = r.points / r.restoreRate;
  const strictFloor = Math.max(0, r.points - r.bucketSize) / r.restoreRate;
  const machine = `${os.cpus()[0]?.model.trim() ?? 'unknown CPU'} (${os.cpus().length} cores)`;
  const db = r.database === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  return `## Subscription renewals

Measured ${new Date().toISOString().slice(0, 10)} on ${machine}, Node ${process.version}, with \`${command(r)}\`:
${int(r.count)} contracts due at the same minute (copies of an ACTIVE seed contract, stored as the contract webhook
would store them, each with its renewal and reminder jobs), billed by the app's real job handlers (4 jobs at once,
${db}) against the Admin API emulator on the Standard plan's budget (bucket ${int(r.bucketSize)} points, restored
${int(r.restoreRate)} points/s). One manual clock drives the app and the emulator and moves one second per round
(run the due jobs, settle the attempts, deliver the webhooks), so the time below is the shop's, not this machine's.
The floor is the points every Admin API request of the run really cost (at the emulator's bucket: charged minus
refunded: ${int(r.points)} points, ${(r.points / r.count).toFixed(1)} per contract billed) divided by the
restore rate; the strict floor also spends the ${int(r.bucketSize)} points the bucket holds at the start. The machine
is shared with other engineers' tests and is noisy: load average (\`uptime\`, 1 min) ${r.load.start.toFixed(1)} at the start,
${r.load.mean.toFixed(1)} on average while billing, ${r.load.end.toFixed(1)} at the end, on ${os.cpus().length} cores; the wall time
depends on it, the shop time does not, and the CPU time (this process, all threads) much less.

${table(r, floor, strictFloor)}
`;
}

const count = Number(argument('--count') ?? 10_000);
const database = argument('--database') === 'postgresql' ? 'postgresql' : 'sqlite';
if (!(Number.isInteger(count) && count > 0)) throw new Error('--count must be a positive integer');
console.log(`Billing ${count} due contracts on ${database}…`);
const result = await measure(count, database);
const section = render(result);
console.log(section);
if (result.billed !== result.count || result.charged !== result.count) {
  console.error(`expected ${result.count} contracts billed once each; got ${result.billed} billed, ${result.charged} attempts`);
  process.exitCode = 1;
}
if (!process.argv.includes('--no-write')) writeSection(path.join(repoRoot, 'docs/benchmarks.md'), section);
