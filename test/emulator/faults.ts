// Scripted failures so tests can prove retries and timeouts: the next N requests (to one shop or any) answer with a
// 5xx and a body, arrive late, or have their connection dropped. Faults apply to every /admin request (GraphQL
// and OAuth) and are consumed in the order they were queued.

/** `operation`: only requests whose GraphQL operation has this name (e.g. "OrderEditCommit"), to fail a flow mid-way. */
export type FaultSpec =
  | {
      status: 500 | 502 | 503 | 504 | 429;
      count?: number;
      shop?: string;
      operation?: string;
      body?: string;
      headers?: Record<string, string>;
    }
  | { latencyMs: number; count?: number; shop?: string; operation?: string }
  | { drop: true; count?: number; shop?: string; operation?: string };

export type Fault =
  | { kind: 'status'; status: number; body: string; headers: Record<string, string> }
  | { kind: 'latency'; ms: number }
  | { kind: 'drop' };

interface QueuedFault {
  spec: FaultSpec;
  remaining: number;
}

const DEFAULT_BODIES: Record<number, string> = {
  500: JSON.stringify({ errors: 'Internal Server Error' }),
  502: '<html><body><h1>502 Bad Gateway</h1></body></html>',
  503: JSON.stringify({ errors: 'Service Unavailable' }),
  504: '<html><body><h1>504 Gateway Time-out</h1></body></html>',
  429: JSON.stringify({ errors: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' }),
};

export class Faults {
  private readonly queue: QueuedFault[] = [];
  /** Every fault that was applied, for assertions. */
  readonly applied: { shop: string; fault: Fault; at: number }[] = [];

  /** Queues a fault for the next `count` (default 1) matching requests; `count: Infinity` keeps it until cleared. */
  next(spec: FaultSpec): void {
    this.queue.push({ spec, remaining: spec.count ?? 1 });
  }

  clear(): void {
    this.queue.length = 0;
  }

  pending(): number {
    return this.queue.reduce((sum, q) => sum + (Number.isFinite(q.remaining) ? q.remaining : 1), 0);
  }

  /** The fault to apply to a request for `shop` (running `operation`, when known), if any (consuming one use of it). */
  take(shop: string, operation: string | null = null): Fault | null {
    const index = this.queue.findIndex(
      (q) => q.remaining > 0 && (!q.spec.shop || q.spec.shop === shop) && (!q.spec.operation || q.spec.operation === operation),
    );
    if (index < 0) return null;
    const queued = this.queue[index]!;
    queued.remaining -= 1;
    if (queued.remaining <= 0) this.queue.splice(index, 1);
    const spec = queued.spec;
    let fault: Fault;
    if ('status' in spec) {
      const headers: Record<string, string> = {
        'Content-Type': spec.body?.startsWith('<') || DEFAULT_BODIES[spec.status]?.startsWith('<') ? 'text/html' : 'application/json',
        ...spec.headers,
      };
      if (spec.status === 429 && !headers['Retry-After']) headers['Retry-After'] = '1.0';
      fault = { kind: 'status', status: spec.status, body: spec.body ?? DEFAULT_BODIES[spec.status] ?? '', headers };
    } else if ('latencyMs' in spec) {
      fault = { kind: 'latency', ms: spec.latencyMs };
    } else {
      fault = { kind: 'drop' };
    }
    this.applied.push({ shop, fault, at: Date.now() });
    return fault;
  }
}
