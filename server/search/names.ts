/**
 * Which documents a query's words name: for a query matching thousands of
 * documents, they are ordered by this instead of bm25 (see the engine's
 * `RANK_ALL_MATCHES`).
 *
 * Each word of a document's names (title and aliases) and people (authors and
 * tags) lists the documents it is in, so a query word reads the documents it
 * names and no others. Testing every match's strings one by one cost ~0.3 µs a
 * document (most of it fetching thousands of small strings scattered over the
 * heap): 10–20 ms for a common word at 50k notes.
 */
import type { DocAttributes } from './attributes.ts';
import { lowerBound, mergeWords, prefixRange } from './sorted-words.ts';

type Named = Pick<DocAttributes, 'rowid' | 'nameText' | 'peopleText'>;

interface Lists {
  /** Documents whose title or an alias holds the word. */
  name: number[];
  /** Documents whose authors or tags hold it. */
  people: number[];
}

/** Removed documents' entries are dropped (all lists made again) once they are this share of all entries. */
const DEAD_SHARE = 0.5;

/** Bumped when the saved form or what the lists hold changes: a saved index from another version is made again. */
const FORMAT = 1;

/** The saved form: the words in order, then per word how many documents each of its lists holds, the lists end to end. */
interface SavedNames {
  format: number;
  words: string;
  nameCounts: number[];
  peopleCounts: number[];
  rowids: number[];
  /** Per document: its rowid, its name text's length and its entries, three numbers each. */
  documents: number[];
}

export class NameIndex {
  private lists = new Map<string, Lists>();
  /** Every word, in code-unit order, so that the words with one prefix are one run. */
  private sorted: string[] = [];
  private alive = new Uint8Array(0);
  /** By rowid: the name text's length (shorter names rank first among equals) and the document's entries. */
  private nameLength = new Int32Array(0);
  private entryCount = new Int32Array(0);
  private entries = 0;
  private dead = 0;
  private built = false;
  private points = new Uint16Array(0);
  private inName = new Int32Array(0);
  private inPeople = new Int32Array(0);
  private serial = 0;

  constructor(private readonly documents: () => Iterable<Named>) {}

  /**
   * Forgets everything: the lists are made from the documents when first needed (a large
   * result set is rare, and making them at start-up cost ~0.5 s of a warm start at 50k notes).
   */
  clear(): void {
    this.built = false;
    this.lists = new Map();
    this.sorted = [];
    this.alive = new Uint8Array(0);
    this.nameLength = new Int32Array(0);
    this.entryCount = new Int32Array(0);
    this.entries = 0;
    this.dead = 0;
  }

  /** Whether the lists are made (they are made when first needed, or restored). */
  get isBuilt(): boolean {
    return this.built;
  }

  /**
   * The lists as JSON, made first if they are not, for `restore` on the next start: making them
   * for a query's first common word was ~90 ms of a warm start at 10k notes, ~430 ms at 50k.
   * Removed documents' entries are left out.
   */
  serialize(): string {
    if (!this.built) this.rebuild();
    const nameCounts: number[] = [];
    const peopleCounts: number[] = [];
    const rowids: number[] = [];
    const words: string[] = [];
    for (const word of this.sorted) {
      const lists = this.lists.get(word) as Lists;
      const start = rowids.length;
      for (const rowid of lists.name) if (this.alive[rowid] === 1) rowids.push(rowid);
      const middle = rowids.length;
      for (const rowid of lists.people) if (this.alive[rowid] === 1) rowids.push(rowid);
      if (rowids.length === start) continue;
      words.push(word);
      nameCounts.push(middle - start);
      peopleCounts.push(rowids.length - middle);
    }
    const documents: number[] = [];
    for (let rowid = 0; rowid < this.alive.length; rowid++)
      if (this.alive[rowid] === 1) documents.push(rowid, this.nameLength[rowid] as number, this.entryCount[rowid] as number);
    const saved: SavedNames = { format: FORMAT, words: words.join('\n'), nameCounts, peopleCounts, rowids, documents };
    return JSON.stringify(saved);
  }

  /** Restores what `serialize` saved (for the same documents); false, and nothing kept, when it is of another format. */
  restore(json: string): boolean {
    const saved = JSON.parse(json) as Partial<SavedNames>;
    const { words, nameCounts, peopleCounts, rowids, documents } = saved;
    if (saved.format !== FORMAT || typeof words !== 'string' || !nameCounts || !peopleCounts || !rowids || !documents) return false;
    this.clear();
    const sorted = words === '' ? [] : words.split('\n');
    if (sorted.length !== nameCounts.length || sorted.length !== peopleCounts.length) return false;
    let at = 0;
    for (let i = 0; i < sorted.length; i++) {
      const middle = at + (nameCounts[i] as number);
      const end = middle + (peopleCounts[i] as number);
      this.lists.set(sorted[i] as string, { name: rowids.slice(at, middle), people: rowids.slice(middle, end) });
      at = end;
    }
    this.sorted = sorted;
    let largest = -1;
    for (let i = 0; i < documents.length; i += 3) largest = Math.max(largest, documents[i] as number);
    this.ensureRoom(largest + 1);
    for (let i = 0; i < documents.length; i += 3) {
      const rowid = documents[i] as number;
      this.alive[rowid] = 1;
      this.nameLength[rowid] = documents[i + 1] as number;
      this.entryCount[rowid] = documents[i + 2] as number;
      this.entries += documents[i + 2] as number;
    }
    this.built = true;
    return true;
  }

  /** Adds documents (one already here is replaced). Before the lists are first needed, nothing is kept. */
  add(docs: Iterable<Named>): void {
    if (!this.built) return;
    const newWords: string[] = [];
    for (const doc of docs) this.addOne(doc, newWords);
    // Many new words at once (a load, a slice of a first start's batch): one merge, not a splice each.
    // The default sort compares strings by code units, natively: ~5x faster than a comparator over 100k+ words.
    if (newWords.length > 16) this.sorted = mergeWords(this.sorted, newWords.sort());
    else for (const word of newWords) this.sorted.splice(lowerBound(this.sorted, word), 0, word);
  }

  private addOne(doc: Named, newWords: string[]): void {
    const { rowid } = doc;
    this.ensureRoom(rowid + 1);
    if (this.alive[rowid] === 1) this.remove(rowid);
    let count = 0;
    for (const [text, kind] of [
      [doc.nameText, 'name'],
      [doc.peopleText, 'people'],
    ] as const) {
      for (const word of text.split(' ')) {
        if (!word || word === ';') continue;
        let lists = this.lists.get(word);
        if (!lists) {
          lists = { name: [], people: [] };
          this.lists.set(word, lists);
          newWords.push(word);
        }
        const list = lists[kind];
        if (list.at(-1) === rowid) continue;
        list.push(rowid);
        count++;
      }
    }
    this.alive[rowid] = 1;
    this.nameLength[rowid] = doc.nameText.length;
    this.entryCount[rowid] = count;
    this.entries += count;
  }

  remove(rowid: number): void {
    if (!this.built || rowid >= this.alive.length || this.alive[rowid] === 0) return;
    this.alive[rowid] = 0;
    this.dead += this.entryCount[rowid] as number;
    if (this.dead > DEAD_SHARE * this.entries) this.rebuild();
  }

  /**
   * Calls `score(rowid, value)` for every document a needle is in: each needle (a word
   * with a space before it, and after it unless it is a prefix) in the title or an alias
   * counts 2, in the authors or tags 1; among equals, shorter names rank higher.
   * Documents named by no needle are not reported (their score is 0).
   */
  scores(needles: readonly string[], size: number, score: (rowid: number, value: number) => void): void {
    if (!this.built) this.rebuild();
    // Arrays by rowid, reused from query to query (allocated for each, they were most of a query's garbage).
    if (this.points.length < size) {
      this.points = new Uint16Array(size);
      this.inName = new Int32Array(size);
      this.inPeople = new Int32Array(size);
      this.serial = 0;
    }
    const { points, inName, inPeople } = this;
    if (this.serial > 0x3fff_0000) {
      inName.fill(0);
      inPeople.fill(0);
      this.serial = 0;
    }
    // The needle each document last counted for, in its names or in its people: a number no query used before.
    const first = this.serial + 1;
    this.serial += needles.length;
    const touched: number[] = [];
    needles.forEach((needle, index) => {
      const n = first + index - 1;
      const word = needle.trim();
      if (!word) return;
      const expansions = needle.endsWith(' ') ? [word] : this.withPrefix(word);
      // A needle counts once a document: 2 in its names, else 1 in its people.
      for (const expansion of expansions) {
        for (const rowid of this.lists.get(expansion)?.name ?? []) {
          if (rowid >= size || this.alive[rowid] === 0 || inName[rowid] === n + 1) continue;
          inName[rowid] = n + 1;
          if (points[rowid] === 0) touched.push(rowid);
          points[rowid] = (points[rowid] as number) + 2;
        }
      }
      for (const expansion of expansions) {
        for (const rowid of this.lists.get(expansion)?.people ?? []) {
          if (rowid >= size || this.alive[rowid] === 0 || inName[rowid] === n + 1 || inPeople[rowid] === n + 1) continue;
          inPeople[rowid] = n + 1;
          if (points[rowid] === 0) touched.push(rowid);
          points[rowid] = (points[rowid] as number) + 1;
        }
      }
    });
    for (const rowid of touched) {
      score(rowid, (points[rowid] as number) + 1 / (this.nameLength[rowid] as number));
      points[rowid] = 0;
    }
  }

  private withPrefix(prefix: string): string[] {
    const { start, end } = prefixRange(this.sorted, prefix);
    return this.sorted.slice(start, end);
  }

  /** Makes every list again from the documents there are, without the removed ones' entries. */
  private rebuild(): void {
    const docs = [...this.documents()];
    this.clear();
    this.built = true;
    this.add(docs);
  }

  private ensureRoom(size: number): void {
    if (size <= this.alive.length) return;
    const room = Math.max(size, Math.ceil(this.alive.length * 1.25), 16);
    const grow = <T extends Uint8Array | Int32Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.alive = grow(this.alive, new Uint8Array(room));
    this.nameLength = grow(this.nameLength, new Int32Array(room));
    this.entryCount = grow(this.entryCount, new Int32Array(room));
  }
}
