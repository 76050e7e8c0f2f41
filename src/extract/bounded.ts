// Runs tasks with at most `limit` at a time. After the first failure no new task starts; the ones
// running are awaited (their connections must be released) and the first error is thrown. Pure.

export async function runBounded<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | null = null;
  async function lane(): Promise<void> {
    while (failure === null && next < items.length) {
      const k = next++;
      try {
        results[k] = await task(items[k] as T);
      } catch (error) {
        failure ??= { error };
      }
    }
  }
  const lanes = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  if (failure !== null) throw (failure as { error: unknown }).error;
  return results;
}
