// The webhook intake under a steady stream of signed `orders/create` deliveries (workload.ts), sent at fixed
// rates by an open-loop sender (pace.ts) in this process to the whole backend (startServer: createApp and the
// in-process job worker) in another, on SQLite and on PostgreSQL, next to a bare Express 5 app answering the same
// requests at the same rates in the same run. After each run it waits until the worker has processed everything
// and checks that every delivery was processed exactly once: one delivery row and one job per event, every job
// succeeded on its first attempt, every delivery marked processed, and the customer profiles the orders/create
// handler keeps count each order with a customer once (the ~1 % of deliveries that are Shopify retrying an
// earlier one must not count again). Then, per database, the intake alone (worker off) at the goal rate, to
// split the server's CPU between receiving and processing. Prints the results and rewrites the
// "## Webhook intake" section of docs/benchmarks.md.
//
//   npx tsx bench/webhooks/run.ts                        # full run (about 5 minutes), updates docs/benchmarks.md
//   npx tsx bench/webhooks/run.ts --no-write             # print only
//   npx tsx bench/webhooks/run.ts --seconds 5 --only sqlite --rates 100,200
//   ENCORE_TEST_POSTGRES_URL=postgresql://user@host:5432/postgres   # where to create the PostgreSQL databases (as npm test)
//   BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=.cache/prof"   # profile the Encore server
//   BENCH_THREADS=1                                      # also print the server's CPU per thread and delivery
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type TestDatabase, testDatabases } from '../../test/support/databases.js';
import type { Db, DbProvider } from '../../web/server/db/client.js';
import { WORKER_CONCURRENCY } from '../../web/server/start.js';
import { WEBHOOK_JOB } from '../../web/server/webhooks/receive.js';
import { processCpuMs, threadsCpuMs, writeSection } from '../support/report.js';
import { type ServerProcess, serverNodeArgs, startServerProcess, stopServerProcess } from '../support/server-process.js';
import { type PacedRequest, type PacedResult, paced } from './pace.js';
import { deliveryStream, SHOP_DOMAIN, TOPIC } from './workload.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const API_KEY = 'bench-api-key';
const API_SECRET = 'bench-api-secret-0123456789abcdef';
const WARMUP_SECONDS = 2;
const RETRY_SHARE = 0.01;
const DRAIN_TIMEOUT_MS = 300_000;

/** The goals of issue 9 (point 10), per database: this rate with at most this p99. */
const GOALS: Record<DbProvider, { rate: number; p99Ms: number }> = {
  sqlite: { rate: 200, p99Ms: 100 },
  postgresql: { rate: 500, p99Ms: 50 },
};
/** The goal rate and twice it (the headroom, or where it saturates). */
const RATES: Record<DbProvider, number[]> = { sqlite: [200, 400], postgresql: [500, 1_000] };
const NAMES: Record<DbProvider, string> = { sqlite: 'SQLite', postgresql: 'PostgreSQL' };

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

interface ExactlyOnce {
  /** Distinct deliveries sent (warm-up included) and, of the requests, how many repeated an earlier one. */
  distinct: number;
  retries: number;
  deliveries: number;
  jobs: number;
  succeededFirstTry: number;
  markedProcessed: number;
  ordersCounted: number;
  ordersWithCustomer: number;
  /** From the last request's answer until the worker had processed everything. */
  drainMs: number;
  ok: boolean;
}

interface Measured {
  result: PacedResult;
  /** The server process's CPU (all threads) during the measured run, per answered request. */
  cpuMsPerRequest: number | null;
}

interface EncoreRun extends Measured {
  provider: DbProvider;
  check: ExactlyOnce;
  /** The server's CPU from the warm-up's start until everything was processed, per delivery sent. */
  cpuMsPerDelivery: number | null;
}

interface RatePair {
  provider: DbProvider;
  rate: number;
  bare: Measured;
  encore: EncoreRun;
}

function startProcess(mode: 'hello' | 'encore', env: Record<string, string>): Promise<ServerProcess> {
  return startServerProcess(path.join(here, 'server.ts'), { ...env, BENCH_MODE: mode }, mode === 'encore' ? serverNodeArgs() : []);
}

/** A fresh, migrated database (as the tests make them) with the installed shop. */
async function freshDatabase(provider: DbProvider): Promise<TestDatabase> {
  const database = await testDatabases[provider]();
  await database.db.prisma.shop.create({ data: { domain: SHOP_DOMAIN, name: 'Bench Webhooks', installState: 'installed' } });
  return database;
}

/** Waits until no webhook job is queued or running, then compares what was stored with what was sent. */
async function verify(
  db: Db,
  sent: { distinct: number; withCustomer: number; retries: number },
  lastAnswerAt: number,
): Promise<ExactlyOnce> {
  for (;;) {
    const pending = await db.prisma.job.count({ where: { name: WEBHOOK_JOB, status: { in: ['queued', 'running'] } } });
    if (pending === 0) break;
    if (Date.now() - lastAnswerAt > DRAIN_TIMEOUT_MS)
      throw new Error(`${pending} webhook jobs still pending ${DRAIN_TIMEOUT_MS} ms after the run`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const drainMs = Date.now() - lastAnswerAt;
  const [deliveries, jobs, succeededFirstTry, markedProcessed, profiles] = await Promise.all([
    db.prisma.webhookDelivery.count({ where: { topic: TOPIC } }),
    db.prisma.job.count({ where: { name: WEBHOOK_JOB } }),
    db.prisma.job.count({ where: { name: WEBHOOK_JOB, status: 'succeeded', attempts: 1 } }),
    db.prisma.webhookDelivery.count({ where: { topic: TOPIC, status: 'processed' } }),
    db.prisma.customerProfile.aggregate({ _sum: { ordersCount: true } }),
  ]);
  const ordersCounted = profiles._sum.ordersCount ?? 0;
  const ok =
    [deliveries, jobs, succeededFirstTry, markedProcessed].every((count) => count === sent.distinct) && ordersCounted === sent.withCustomer;
  return {
    distinct: sent.distinct,
    retries: sent.retries,
    deliveries,
    jobs,
    succeededFirstTry,
    markedProcessed,
    ordersCounted,
    ordersWithCustomer: sent.withCustomer,
    drainMs,
    ok,
  };
}

function perRequest(before: number | null, after: number | null, requests: number): number | null {
  return before === null || after === null || requests === 0 ? null : (after - before) / requests;
}

/** A warm-up and a measured run at `rate` against `url`, with the server's CPU over the measured run. */
async function measure(url: string, pid: number | undefined, rate: number, seconds: number, next: () => PacedRequest): Promise<Measured> {
  await paced({ baseUrl: url, rate, seconds: WARMUP_SECONDS, next });
  const before = processCpuMs(pid);
  const threadsBefore = threadsCpuMs(pid);
  const result = await paced({ baseUrl: url, rate, seconds, next });
  const cpuMsPerRequest = perRequest(before, processCpuMs(pid), result.answered);
  if (process.env.BENCH_THREADS) {
    for (const [thread, ms] of threadsCpuMs(pid)) {
      const spent = ms - (threadsBefore.get(thread) ?? 0);
      if (spent > 0) console.log(`  thread ${thread}: ${(spent / result.answered).toFixed(3)} ms CPU per request`);
    }
  }
  return { result, cpuMsPerRequest };
}

async function encoreRun(provider: DbProvider, rate: number, seconds: number, seed: number, worker: boolean): Promise<EncoreRun> {
  const database = await freshDatabase(provider);
  const server = await startProcess('encore', {
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET,
    SHOPIFY_APP_URL: 'https://bench.example.com',
    DATABASE_URL: database.url,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    ENCORE_RUN_WORKER: worker ? '1' : '0',
  });
  try {
    const stream = deliveryStream({
      secret: API_SECRET,
      seed,
      runId: `${provider}-${rate}-${seed}-${worker ? 'w' : 'i'}`,
      retryShare: RETRY_SHARE,
    });
    let retries = 0;
    const next = () => {
      const delivery = stream.next();
      if (delivery.retry) retries += 1;
      return { method: 'POST', path: '/api/webhooks', headers: delivery.headers, body: delivery.body };
    };
    const cpuAtStart = processCpuMs(server.child.pid);
    const measured = await measure(server.url, server.child.pid, rate, seconds, next);
    const requests = stream.sent.distinct + retries;
    const skipped: ExactlyOnce = {
      distinct: stream.sent.distinct,
      retries,
      deliveries: 0,
      jobs: 0,
      succeededFirstTry: 0,
      markedProcessed: 0,
      ordersCounted: 0,
      ordersWithCustomer: 0,
      drainMs: 0,
      ok: true,
    };
    const check = worker ? await verify(database.db, { ...stream.sent, retries }, Date.now()) : skipped;
    return { provider, ...measured, check, cpuMsPerDelivery: perRequest(cpuAtStart, processCpuMs(server.child.pid), requests) };
  } finally {
    await stopServerProcess(server.child);
    await database.drop();
  }
}

function bareRun(hello: ServerProcess, rate: number, seconds: number, seed: number): Promise<Measured> {
  const stream = deliveryStream({ secret: API_SECRET, seed, runId: `bare-${rate}`, retryShare: 0 });
  return measure(hello.url, hello.child.pid, rate, seconds, () => {
    const delivery = stream.next();
    return { method: 'POST', path: '/hello', headers: delivery.headers, body: delivery.body };
  });
}

const ms = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
const cpu = (value: number | null) => (value === null ? '?' : `${value.toFixed(2)} ms`);

function describe(what: string, measured: Measured, extra = ''): string {
  const r = measured.result;
  return (
    `${what} @${r.offeredRate}/s: achieved ${r.achievedRate}/s, p50 ${ms(r.p50Ms)}, p99 ${ms(r.p99Ms)}, max ${ms(r.maxMs)}, ` +
    `non-2xx ${r.sent - r.ok2xx}, sender lag p99 ${ms(r.senderLagP99Ms)}, server CPU ${cpu(measured.cpuMsPerRequest)}/request${extra}`
  );
}

async function main(): Promise<void> {
  const loadAtStart = os.loadavg()[0]!;
  const seconds = Number(argument('--seconds') ?? 10);
  const write = !process.argv.includes('--no-write');
  const only = argument('--only') as DbProvider | undefined;
  const providers: DbProvider[] = only ? [only] : ['sqlite', 'postgresql'];
  const customRates = argument('--rates')?.split(',').map(Number);
  const pairs: RatePair[] = [];
  const intakeAlone: EncoreRun[] = [];
  const hello = await startProcess('hello', {});
  let seed = 1;
  try {
    for (const provider of providers) {
      for (const rate of customRates ?? RATES[provider]) {
        const bare = await bareRun(hello, rate, seconds, seed);
        console.log(describe('bare Express', bare));
        const encore = await encoreRun(provider, rate, seconds, seed, true);
        console.log(
          describe(
            NAMES[provider],
            encore,
            `; exactly once: ${encore.check.ok ? 'yes' : 'NO'} ${JSON.stringify(encore.check)}; ` +
              `CPU per delivery (intake + processing) ${cpu(encore.cpuMsPerDelivery)}`,
          ),
        );
        pairs.push({ provider, rate, bare, encore });
        seed += 1;
      }
      const alone = await encoreRun(provider, GOALS[provider].rate, seconds, seed, false);
      console.log(describe(`${NAMES[provider]}, worker off`, alone));
      intakeAlone.push(alone);
      seed += 1;
    }
  } finally {
    await stopServerProcess(hello.child);
  }
  const section = renderSection(pairs, intakeAlone, { seconds, load: { start: loadAtStart, end: os.loadavg()[0]! } });
  console.log(`\n${section}`);
  if (write) {
    writeSection(path.join(repoRoot, 'docs/benchmarks.md'), section);
    console.log('docs/benchmarks.md updated');
  }
  if (pairs.some((pair) => !pair.encore.check.ok)) process.exitCode = 1;
}

function renderSection(
  pairs: RatePair[],
  intakeAlone: EncoreRun[],
  meta: { seconds: number; load: { start: number; end: number } },
): string {
  const machine = `${os.cpus()[0]?.model.trim() ?? 'unknown CPU'} (${os.cpus().length} cores)`;
  const rows = pairs.map(({ provider, bare, encore }) => {
    const r = encore.result;
    const b = bare.result;
    const cpuRatio =
      encore.cpuMsPerRequest !== null && bare.cpuMsPerRequest ? ` (${(encore.cpuMsPerRequest / bare.cpuMsPerRequest).toFixed(1)}×)` : '';
    const once = encore.check.ok ? `yes, ${encore.check.distinct.toLocaleString('en-US')} + ${encore.check.retries} retries` : 'NO';
    const cells = [
      NAMES[provider],
      r.offeredRate,
      r.achievedRate,
      ms(r.p50Ms),
      ms(r.p99Ms),
      ms(r.maxMs),
      r.sent - r.ok2xx,
      `${ms(b.p50Ms)} / ${ms(b.p99Ms)}`,
      `${cpu(encore.cpuMsPerRequest)}${cpuRatio}`,
      cpu(encore.cpuMsPerDelivery),
      once,
      `${(encore.check.drainMs / 1000).toFixed(1)} s`,
    ];
    return `| ${cells.join(' | ')} |`;
  });
  const bareCpu = pairs.map((pair) => pair.bare.cpuMsPerRequest).filter((value): value is number => value !== null);
  const verdicts = (['sqlite', 'postgresql'] as const)
    .map((provider) => {
      const pair = pairs.find((candidate) => candidate.provider === provider && candidate.rate === GOALS[provider].rate);
      if (!pair) return null;
      const { result, check } = pair.encore;
      const met =
        result.achievedRate >= GOALS[provider].rate * 0.98 &&
        result.p99Ms <= GOALS[provider].p99Ms &&
        result.ok2xx === result.sent &&
        check.ok;
      return (
        `${NAMES[provider]} ${GOALS[provider].rate}/s with p99 ≤ ${GOALS[provider].p99Ms} ms — ${met ? 'met' : 'NOT met'} ` +
        `(p99 ${ms(result.p99Ms)}, bare Express ${ms(pair.bare.result.p99Ms)} at the same rate; ` +
        `every delivery processed exactly once: ${check.ok ? 'yes' : 'NO'})`
      );
    })
    .filter(Boolean);
  const whereTimeGoes = intakeAlone
    .map((alone) => {
      const atGoal = pairs.find((pair) => pair.provider === alone.provider && pair.rate === alone.result.offeredRate);
      const bare = atGoal?.bare.cpuMsPerRequest ?? null;
      const total = atGoal?.encore.cpuMsPerDelivery ?? null;
      const processing = total !== null && alone.cpuMsPerRequest !== null ? total - alone.cpuMsPerRequest : null;
      const cores = processing === null ? null : (processing * alone.result.offeredRate) / 1000;
      const vsBare = bare ? ` (${(alone.cpuMsPerRequest! / bare).toFixed(1)}× bare Express)` : '';
      const coresNeeded = cores === null ? '' : `, so processing deliveries as fast as they arrive would take ${cores.toFixed(1)} cores`;
      return (
        `${NAMES[alone.provider]} at ${alone.result.offeredRate}/s: ` +
        `receiving ${cpu(alone.cpuMsPerRequest)} per delivery with the worker off${vsBare}, p99 ${ms(alone.result.p99Ms)}; ` +
        `processing about ${cpu(processing)} more${coresNeeded}`
      );
    })
    .join('; ');
  const columns = [
    'database',
    'offered /s',
    'achieved /s',
    'p50',
    'p99',
    'max',
    'non-2xx',
    'bare Express p50 / p99',
    'server CPU per request (× bare)',
    'CPU per delivery, intake + processing',
    'processed exactly once',
    'all processed after',
  ];
  const bareCpuRange = bareCpu.length ? `${Math.min(...bareCpu).toFixed(2)}-${Math.max(...bareCpu).toFixed(2)} ms` : '?';
  return `## Webhook intake

Measured ${new Date().toISOString().slice(0, 10)} on ${machine}, Node ${process.version}, with \`npx tsx bench/webhooks/run.ts\`: signed
\`orders/create\` deliveries (~2 KB bodies, unique event ids, 1 % of requests a retry of an earlier delivery) sent at
a fixed rate by an open-loop sender (latency counted from each request's scheduled time, so a server that falls
behind cannot slow the sender down and hide it), ${meta.seconds} s per rate after a ${WARMUP_SECONDS} s warm-up, to the whole backend as
\`startServer\` runs it (createApp, info logs to stdout, the in-process job worker on, ${WORKER_CONCURRENCY} jobs at once) on a fresh
database with the shop installed; bare Express 5 (a POST that reads the body and answers JSON) gets the same
requests at the same rates in the same run. The sender, the server and PostgreSQL share the machine's 2 cores with
other work: load average ${meta.load.start.toFixed(1)} at the start, ${meta.load.end.toFixed(1)} at the end.

| ${columns.join(' | ')} |
|${columns.map(() => '---|').join('')}
${rows.join('\n')}

Goals: ${verdicts.join('; ')}.

"Processed exactly once": after the run the benchmark waits for the worker, then checks one delivery row and one job
per distinct delivery, every job succeeded on its first attempt, every delivery marked processed, and the sum of
the customer profiles' order counts (kept by the \`orders/create\` handler) equals the orders with a customer sent
(retries must not count again). "All processed after" is how long after the last answer that took. "Server CPU
per request" is the server process's CPU (all threads) during the measured run divided by its requests (bare
Express: ${bareCpuRange}); it includes whatever processing the worker did meanwhile. "CPU per
delivery" is the server's CPU from the warm-up's start until everything was processed, divided by the deliveries.

Where the time goes (${whereTimeGoes}). Receiving is HTTP and Express, the HMAC (node:crypto), parsing the body,
one write shared with the deliveries around it (on PostgreSQL one round trip; on SQLite the writer thread's group
commit and its fsync) and two info log lines. Processing is the claim, the \`orders/create\` handler (the customer
profile through Prisma's model API: the shop, the profile, then a create or an \`updateMany\` in a transaction, at
0.7-1 ms of CPU per Prisma query here), the delivery's status and the job's outcome. Processing every delivery as
it arrives would take more CPU than the machine has beside the intake, the sender and PostgreSQL, so the worker
claims jobs only while the event loop keeps up (docs/jobs.md) and works the backlog off after the burst ("all
processed after"). Before these changes (issue 9) the intake topped out near 75/s on SQLite with p99 0.7-1.7 s:
the delivery and its job were two Prisma writes on the event loop, and every Prisma write that met the writer
thread's lock slept in busy_timeout there; now one connection writes the file (web/server/db/README.md). What
would help next: the \`orders/create\` handler through \`db.sql\` (one upsert, like the offer endpoint's profile
read), and a worker in a process of its own so that processing never shares the intake's event loop (the web
process can run without one, \`ENCORE_RUN_WORKER=0\`, beside \`npm run worker\`, which this benchmark does not measure yet).
`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
