/**
 * Bounded concurrency without a dependency: `concurrency` workers take the next item in turn
 * until none is left or the signal stops them. An item already started is left to finish, so a
 * stop never leaves half a report behind (publish itself is all-or-nothing).
 */
export async function forEachBounded<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
}
