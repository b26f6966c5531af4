// How late the event loop runs its timers: a few milliseconds when it keeps up, tens or hundreds when more work
// is queued than one thread can do. The in-process worker waits for the loop to catch up before it claims the next
// job (worker.ts, `whenIdle`), so that HTTP requests - above all webhooks, which Shopify gives 5 s - are answered
// first and background jobs use the time left over; a backlog of jobs is worked off once the burst has passed.

export interface EventLoopLag {
  /** The largest lag of the last few samples (30 ms), in ms. */
  current(): number;
  /**
   * Resolves once the lag is at most `maxLagMs` (at once when it already is), or after `maxWaitMs` whatever the
   * lag: on a machine so busy that timers always run late, jobs still make progress.
   */
  settled(maxLagMs: number, maxWaitMs: number): Promise<void>;
  stop(): void;
}

const SAMPLE_MS = 10;
/** Samples the lag is taken over. */
const WINDOW = 3;

export function monitorEventLoopLag(): EventLoopLag {
  const recent: number[] = [];
  let expected = performance.now() + SAMPLE_MS;
  const waiting: Array<{ maxLagMs: number; until: number; resolve: () => void }> = [];
  const current = () => Math.max(0, ...recent);
  const timer = setInterval(() => {
    const now = performance.now();
    recent.push(Math.max(0, now - expected));
    if (recent.length > WINDOW) recent.shift();
    expected = now + SAMPLE_MS;
    // One waiter per sample: claims resume one at a time, so a backlog does not flood the loop again at once.
    const lag = current();
    const next = waiting.findIndex((entry) => lag <= entry.maxLagMs || now >= entry.until);
    if (next >= 0) waiting.splice(next, 1)[0]!.resolve();
  }, SAMPLE_MS);
  // Measuring must not keep the process alive.
  timer.unref();
  return {
    current,
    settled(maxLagMs, maxWaitMs) {
      if (current() <= maxLagMs) return Promise.resolve();
      return new Promise<void>((resolve) => waiting.push({ maxLagMs, until: performance.now() + maxWaitMs, resolve }));
    },
    stop() {
      clearInterval(timer);
      for (const entry of waiting.splice(0)) entry.resolve();
    },
  };
}
