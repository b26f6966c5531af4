// A fixed-rate (open-loop) sender: request i leaves at start + i / rate whether or not earlier ones were answered,
// as Shopify sends webhooks, and its latency is counted from that scheduled moment. A closed-loop generator
// (autocannon's connections) sends the next request only after an answer, so a slow server would lower the
// rate and hide its own queueing (coordinated omission); here a server that falls behind shows it in p99.
import http from 'node:http';

export interface PacedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface PacedResult {
  /** Requests per second asked for. */
  offeredRate: number;
  /** Answered requests divided by the time from the first scheduled send to the last answer. */
  achievedRate: number;
  sent: number;
  answered: number;
  /** Answers by status class. */
  ok2xx: number;
  status4xx: number;
  status5xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** How late the sender itself was in sending (its own CPU starvation), p99. */
  senderLagP99Ms: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** Sends `rate` requests per second for `seconds`, each from `next()`, to `baseUrl`; resolves when all are answered. */
export async function paced(options: {
  baseUrl: string;
  rate: number;
  seconds: number;
  next: () => PacedRequest;
  timeoutMs?: number;
  onAnswer?: (status: number, request: PacedRequest) => void;
}): Promise<PacedResult> {
  const { rate, seconds } = options;
  const total = Math.round(rate * seconds);
  const url = new URL(options.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1_024 });
  const latencies = new Float64Array(total);
  const lags = new Float64Array(total);
  let answered = 0;
  let ok2xx = 0;
  let status4xx = 0;
  let status5xx = 0;
  let errors = 0;
  let lastAnswerAt = 0;
  const start = performance.now() + 20;

  const send = (index: number, scheduledAt: number) =>
    new Promise<void>((resolve) => {
      const request = options.next();
      lags[index] = performance.now() - scheduledAt;
      const done = (status: number | null) => {
        latencies[index] = performance.now() - scheduledAt;
        lastAnswerAt = performance.now();
        answered += 1;
        if (status === null) errors += 1;
        else if (status >= 500) status5xx += 1;
        else if (status >= 400) status4xx += 1;
        else if (status >= 200 && status < 300) ok2xx += 1;
        if (status !== null) options.onAnswer?.(status, request);
        resolve();
      };
      const req = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method: request.method,
          path: request.path,
          headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body) },
        },
        (res) => {
          res.resume();
          res.once('end', () => done(res.statusCode ?? 0));
          res.once('error', () => done(null));
        },
      );
      req.setTimeout(options.timeoutMs ?? 30_000, () => req.destroy(new Error('timeout')));
      req.once('error', () => done(null));
      req.end(request.body);
    });

  const inFlight: Array<Promise<void>> = [];
  await new Promise<void>((resolve) => {
    let index = 0;
    const tick = () => {
      const now = performance.now();
      while (index < total && start + (index * 1000) / rate <= now) {
        inFlight.push(send(index, start + (index * 1000) / rate));
        index += 1;
      }
      if (index >= total) {
        resolve();
        return;
      }
      const wait = start + (index * 1000) / rate - performance.now();
      setTimeout(tick, Math.max(0, Math.floor(wait)));
    };
    setTimeout(tick, 20);
  });
  await Promise.all(inFlight);
  agent.destroy();
  const sorted = latencies.slice().sort();
  const sortedLags = lags.slice().sort();
  return {
    offeredRate: rate,
    achievedRate: Math.round(answered / ((lastAnswerAt - start) / 1000)),
    sent: total,
    answered,
    ok2xx,
    status4xx,
    status5xx,
    errors,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted[sorted.length - 1] ?? 0),
    senderLagP99Ms: round(percentile(sortedLags, 99)),
  };
}
