/**
 * Many archive reads without thousands of requests open at once: `size` at a time, each group
 * awaited before the next starts, results in input order. Runtime-neutral.
 */
export async function mapInGroups<T, R>(items: readonly T[], size: number, read: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(read))));
  return results;
}
