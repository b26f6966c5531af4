/**
 * `true` when a checkout change (`applyCartLinesChange`, `applyDiscountCodeChange`...) succeeded. An error result
 * and a rejected promise are both failures; their messages are not meant for buyers, so callers show their own.
 */
export async function settle(change: Promise<{ type: 'success' } | { type: 'error'; message: string }>): Promise<boolean> {
  try {
    return (await change).type === 'success';
  } catch {
    return false;
  }
}
