// The event-loop lag gate the in-process worker waits on before claiming a job.
import { afterEach, describe, expect, it } from 'vitest';
import { type EventLoopLag, monitorEventLoopLag } from './event-loop-lag.js';

/** Keeps the event loop busy for `ms`. */
function block(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy
  }
}

/** A loop with more work than it can do, as a burst of requests makes it: 30 ms chunks back to back for `ms`. */
async function saturate(ms: number): Promise<void> {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    block(30);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('event loop lag', () => {
  let lag: EventLoopLag;
  afterEach(() => lag?.stop());

  it('when the loop has more work than it can do, then the lag shows it and settled() waits until the loop has caught up', async () => {
    lag = monitorEventLoopLag();
    await sleep(50);
    let settled = false;
    const saturated = saturate(400);
    await sleep(150);
    expect(lag.current()).toBeGreaterThan(10);
    const waiting = lag.settled(10, 10_000).then(() => {
      settled = true;
    });
    await saturated;
    expect(settled).toBe(false);
    await waiting;
    expect(lag.current()).toBeLessThanOrEqual(10);
  });

  it('when the loop keeps up, then settled() resolves at once', async () => {
    lag = monitorEventLoopLag();
    await sleep(60);
    const result = await Promise.race([lag.settled(1_000, 10_000).then(() => 'settled'), sleep(5).then(() => 'waiting')]);
    expect(result).toBe('settled');
  });

  it('when the loop never catches up to the limit, then settled() resolves after its longest wait anyway', async () => {
    lag = monitorEventLoopLag();
    await sleep(50);
    const started = performance.now();
    // A limit no loop meets: only the longest wait can let it go.
    await lag.settled(-1, 200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });
});
