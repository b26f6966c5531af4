// Group commit: writes requested while a batch is being written wait for the next one, and each batch is one
// write (a multi-row statement, or one transaction). Under load a request waits at most one batch longer; the
// database does one write (one fsync) for many requests instead of one each. Used by the post-purchase hot path
// and the webhook intake.

export interface BatcherOptions {
  /** Largest batch written at once. */
  maxBatch: number;
  /**
   * Batches being written at once (default 1). 2 keeps a writer in another thread busy: the next batch is already
   * there when one commits, instead of waiting for the event loop to hear back and send it.
   */
  maxInFlight?: number;
}

/** Each call resolves with its own result once the batch holding it is written; a failed batch rejects them all. */
export function createBatcher<T, R>(flush: (items: T[]) => Promise<R[]>, options: BatcherOptions): (item: T) => Promise<R> {
  const queue: Array<{ item: T; resolve: (result: R) => void; reject: (error: unknown) => void }> = [];
  let scheduled = false;
  let writing = 0;
  const maxInFlight = options.maxInFlight ?? 1;

  const schedule = () => {
    if (scheduled || writing >= maxInFlight || queue.length === 0) return;
    scheduled = true;
    // After the current I/O callbacks, so requests arriving together share a batch.
    setImmediate(run);
  };

  const run = async () => {
    scheduled = false;
    const batch = queue.splice(0, options.maxBatch);
    if (batch.length === 0) return;
    writing++;
    try {
      const results = await flush(batch.map((entry) => entry.item));
      for (const [index, entry] of batch.entries()) entry.resolve(results[index]!);
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    } finally {
      writing--;
      schedule();
    }
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      schedule();
    });
}
