/**
 * A small least-recently-used cache for rendered fragments (highlighted code,
 * typeset math): notes are re-rendered far more often than their code blocks
 * and formulas change, and those two are most of a render's cost. Bounded by
 * the characters it holds (keys and values), since highlighted HTML is about
 * ten times the size of its code.
 */
export class LruCache {
  readonly #map = new Map<string, string>();
  #chars = 0;

  constructor(readonly maxChars: number) {}

  get(key: string): string | undefined {
    const value = this.#map.get(key);
    if (value !== undefined) {
      // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
      this.#map.delete(key);
      this.#map.set(key, value);
    }
    return value;
  }

  set(key: string, value: string): void {
    this.#remove(key);
    const size = key.length + value.length;
    if (size > this.maxChars) return;
    this.#map.set(key, value);
    this.#chars += size;
    for (const oldest of this.#map.keys()) {
      if (this.#chars <= this.maxChars) break;
      this.#remove(oldest);
    }
  }

  clear(): void {
    this.#map.clear();
    this.#chars = 0;
  }

  /** Characters held, keys included. */
  get chars(): number {
    return this.#chars;
  }

  #remove(key: string): void {
    const value = this.#map.get(key);
    if (value === undefined) return;
    this.#map.delete(key);
    this.#chars -= key.length + value.length;
  }
}
