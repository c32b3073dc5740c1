/** Searches over words kept in code-unit order, where the words sharing a prefix are one run. */

/** The first index whose word is not before `word`. */
export function lowerBound(sorted: readonly string[], word: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < word) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The run of words starting with `prefix`: indices `start` (included) to `end` (excluded). */
export function prefixRange(sorted: readonly string[], prefix: string): { start: number; end: number } {
  const start = lowerBound(sorted, prefix);
  let end = start;
  while (end < sorted.length && (sorted[end] as string).startsWith(prefix)) end++;
  return { start, end };
}
