/**
 * Which documents a query's words name: for a query matching thousands of
 * documents, they are ordered by this instead of bm25 (see the engine's
 * `RANK_ALL_MATCHES`).
 *
 * Every document's name text (title and aliases) and people text (authors and
 * tags) are joined into two long strings, so each query word is one native
 * search over all of them. Testing the documents one by one cost ~0.3 µs each,
 * most of it fetching thousands of small strings scattered over the heap.
 */
import type { DocAttributes } from './attributes.ts';

/** Never inside a needle (query words, spaces), so no match spans two documents. */
const SEPARATOR = '\u0000';

interface Joined {
  text: string;
  /** Where each document's text starts in `text`, ascending; `rowids[i]` is the document at `starts[i]`. */
  starts: Int32Array;
  rowids: Int32Array;
}

export class NameIndex {
  private names: Joined | null = null;
  private people: Joined | null = null;
  /** Name text length by rowid: shorter names first among equals. */
  private nameLength = new Int32Array(0);

  constructor(private readonly documents: () => Iterable<DocAttributes>) {}

  /** The documents changed: the joined texts are made again when next needed. */
  invalidate(): void {
    this.names = null;
    this.people = null;
  }

  /**
   * Calls `score(rowid, value)` for every document a needle is in: each needle (a word
   * with a space before it, and after it unless it is a prefix) in the title or an alias
   * counts 2, in the authors or tags 1; among equals, shorter names rank higher.
   * Documents named by no needle are not reported (their score is 0).
   */
  scores(needles: readonly string[], size: number, score: (rowid: number, value: number) => void): void {
    if (!this.names || !this.people) this.join();
    const names = this.names as Joined;
    const people = this.people as Joined;
    const points = new Uint16Array(size);
    const inName = new Uint8Array(size);
    const touched: number[] = [];
    for (const needle of needles) {
      inName.fill(0);
      // A needle counts once a document: 2 in its names, else 1 in its people.
      forEachDocumentWith(names, needle, size, (rowid) => {
        if (inName[rowid] === 1) return;
        inName[rowid] = 1;
        if (points[rowid] === 0) touched.push(rowid);
        points[rowid] = (points[rowid] as number) + 2;
      });
      const seenInPeople = new Set<number>();
      forEachDocumentWith(people, needle, size, (rowid) => {
        if (inName[rowid] === 1 || seenInPeople.has(rowid)) return;
        seenInPeople.add(rowid);
        if (points[rowid] === 0) touched.push(rowid);
        points[rowid] = (points[rowid] as number) + 1;
      });
    }
    for (const rowid of touched) score(rowid, (points[rowid] as number) + 1 / (this.nameLength[rowid] as number));
  }

  private join(): void {
    const docs = [...this.documents()];
    let size = 0;
    for (const d of docs) size = Math.max(size, d.rowid + 1);
    this.nameLength = new Int32Array(size);
    for (const d of docs) this.nameLength[d.rowid] = d.nameText.length;
    this.names = joined(docs, (d) => d.nameText);
    this.people = joined(docs, (d) => d.peopleText);
  }
}

function joined(docs: readonly DocAttributes[], text: (d: DocAttributes) => string): Joined {
  const starts = new Int32Array(docs.length);
  const rowids = new Int32Array(docs.length);
  const parts: string[] = [];
  let at = 0;
  docs.forEach((d, i) => {
    const t = text(d);
    starts[i] = at;
    rowids[i] = d.rowid;
    parts.push(t);
    at += t.length + SEPARATOR.length;
  });
  return { text: parts.join(SEPARATOR), starts, rowids };
}

/** Calls `found` with the rowid of each document whose text holds `needle` (once an occurrence: a document may repeat). */
function forEachDocumentWith(joined: Joined, needle: string, size: number, found: (rowid: number) => void): void {
  const { text, starts, rowids } = joined;
  let doc = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    // Positions only grow: the document holding this one is found by walking forward.
    while (doc + 1 < starts.length && (starts[doc + 1] as number) <= at) doc++;
    const rowid = rowids[doc] as number;
    if (rowid < size) found(rowid);
  }
}
