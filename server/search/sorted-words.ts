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
 * `sorted` without the items `leaving` says so, and with `entering` (itself sorted, none already in
 * `sorted`) in place: one pass, where a splice an item moves the whole list each time (~0.4 ms for
 * a pair at 60k entries) and sorting everything again compares every item many times.
 */
export function mergeSorted<T>(
  sorted: readonly T[],
  entering: readonly T[],
  compare: (a: T, b: T) => number,
  leaving: (item: T) => boolean = () => false,
): T[] {
  const merged: T[] = [];
  let e = 0;
  for (const item of sorted) {
    if (leaving(item)) continue;
    while (e < entering.length && compare(entering[e] as T, item) < 0) merged.push(entering[e++] as T);
    merged.push(item);
  }
  while (e < entering.length) merged.push(entering[e++] as T);
  return merged;
}

/** Code-unit order, the order the words are kept in. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `mergeSorted` for words in code-unit order. */
export function mergeWords(sorted: readonly string[], entering: readonly string[], leaving: ReadonlySet<string> = new Set()): string[] {
  return mergeSorted(sorted, entering, byCodeUnits, (word) => leaving.has(word));
}
