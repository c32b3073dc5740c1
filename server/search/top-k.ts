/**
 * The first `k` items of `items` in `compare` order, without sorting them all:
 * a search over a common word matches thousands of documents but shows twenty.
 * A bounded heap keeps the k best seen so far (its root is the worst of them).
 */
export function topK<T>(items: readonly T[], k: number, compare: (a: T, b: T) => number): T[] {
  if (k <= 0) return [];
  if (items.length <= k * 4) return [...items].sort(compare).slice(0, k);
  const heap: T[] = [];
  // Max-heap under `compare`: the root is the item that sorts last.
  const worse = (i: number, j: number) => compare(heap[i] as T, heap[j] as T) > 0;
  const swap = (i: number, j: number) => {
    const t = heap[i] as T;
    heap[i] = heap[j] as T;
    heap[j] = t;
  };
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < heap.length && worse(l, top)) top = l;
      if (r < heap.length && worse(r, top)) top = r;
      if (top === i) return;
      swap(i, top);
      i = top;
    }
  };
  for (const item of items) {
    if (heap.length < k) {
      heap.push(item);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!worse(i, parent)) break;
        swap(i, parent);
        i = parent;
      }
    } else if (compare(item, heap[0] as T) < 0) {
      heap[0] = item;
      siftDown(0);
    }
  }
  return heap.sort(compare);
}

/**
 * The indices (below `n`) of the `k` best `scores`, highest first, ties ordered by
 * `compareTies`. The scores alone find the k-th best (a heap of numbers); only the
 * indices at or above it are then ordered with `compareTies`. A comparator over
 * every match cost more than the matching when thousands of documents match.
 */
export function topByScore(scores: Float64Array, n: number, k: number, compareTies: (a: number, b: number) => number): number[] {
  if (k <= 0 || n === 0) return [];
  const byRank = (a: number, b: number) => (scores[b] as number) - (scores[a] as number) || compareTies(a, b);
  if (n <= k * 4)
    return Array.from({ length: n }, (_, i) => i)
      .sort(byRank)
      .slice(0, k);
  // A min-heap of the k best scores seen: its root is the k-th best so far.
  const heap = new Float64Array(k);
  let size = 0;
  for (let i = 0; i < n; i++) {
    const score = scores[i] as number;
    if (size < k) {
      let at = size++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if ((heap[parent] as number) <= score) break;
        heap[at] = heap[parent] as number;
        at = parent;
      }
      heap[at] = score;
    } else if (score > (heap[0] as number)) {
      let at = 0;
      for (;;) {
        const l = 2 * at + 1;
        if (l >= k) break;
        const r = l + 1;
        const child = r < k && (heap[r] as number) < (heap[l] as number) ? r : l;
        if ((heap[child] as number) >= score) break;
        heap[at] = heap[child] as number;
        at = child;
      }
      heap[at] = score;
    }
  }
  const threshold = heap[0] as number;
  const above: number[] = [];
  const tied: number[] = [];
  for (let i = 0; i < n; i++) {
    const score = scores[i] as number;
    if (score > threshold) above.push(i);
    else if (score === threshold) tied.push(i);
  }
  above.sort(byRank);
  return [...above, ...topK(tied, k - above.length, compareTies)];
}
