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

/**
 * `sorted` without the words in `leaving` and with `entering` (itself sorted, none already in
 * `sorted`) in place: one pass, where a splice a word moves the whole list each time (~0.4 ms for
 * a pair at 60k words) and sorting everything again compares every word many times.
 */
export function mergeWords(sorted: readonly string[], entering: readonly string[], leaving: ReadonlySet<string> = new Set()): string[] {
  const merged: string[] = [];
  let e = 0;
  for (const word of sorted) {
    if (leaving.has(word)) continue;
    while (e < entering.length && (entering[e] as string) < word) merged.push(entering[e++] as string);
    merged.push(word);
  }
  while (e < entering.length) merged.push(entering[e++] as string);
  return merged;
}
