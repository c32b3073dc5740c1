/**
 * A MiniSearch index saved as numbers rather than as its JSON form. `MiniSearch.loadJS`
 * turns every posting of the JSON form (an object keyed by document id) back into a Map
 * entry, parsing each key: ~400 ms for the 651k postings of the fuzzy index at 50k notes,
 * a third of a warm start. Read from one Int32Array, the same Maps take ~150 ms.
 *
 * This relies on the fields MiniSearch declares `protected` (its extension point for
 * subclasses): a version of MiniSearch that changes them changes what a saved index means (bump
 * `FORMAT` in `fuzzy.ts`), and `packed-minisearch.test.ts` compares a restored index with the
 * one it was saved from.
 */
import MiniSearch, { type Options } from 'minisearch';

/** What `pack` returns: strings and scalars (JSON), and every integer in one array. */
export interface PackedIndex {
  header: PackedHeader;
  numbers: Int32Array;
}

export interface PackedHeader {
  documentCount: number;
  nextId: number;
  dirtCount: number;
  averageFieldLength: number[];
  /** How many fields each field-length row has: the options' fields. */
  fields: number;
  /** How many documents have ids (and field lengths, listed apart: discarded documents keep theirs until vacuumed). */
  documents: number;
  fieldLengths: number;
  /** The index's terms, in its order; their postings are in `numbers`, in the same order. */
  terms: string[];
}

/** A field a document left empty has no length (a hole in MiniSearch's array): saved as this. */
const NO_LENGTH = -1;

export class PackedMiniSearch<T> extends MiniSearch<T> {
  /**
   * Every integer of the index in one array, in this order: each document's short id and id;
   * each field-length row's short id and lengths; then, per term, its field count and per
   * field the field id, the posting count and (short id, frequency) pairs. Maps are walked in
   * their insertion order, kept on restore, so that ties rank as they did.
   */
  pack(): PackedIndex {
    // Stored fields are not packed: the indexes here store none (documents are read from SQLite).
    if (this._storedFields.size > 0) throw new Error('PackedMiniSearch: stored fields are not packed');
    const fields = Object.keys(this._fieldIds).length;
    const numbers: number[] = [];
    for (const [shortId, id] of this._documentIds) {
      if (!Number.isInteger(id)) throw new Error(`PackedMiniSearch: document ids must be integers, got ${String(id)}`);
      numbers.push(shortId, id);
    }
    for (const [shortId, lengths] of this._fieldLength) {
      numbers.push(shortId);
      for (let f = 0; f < fields; f++) numbers.push(lengths[f] ?? NO_LENGTH);
    }
    const terms: string[] = [];
    for (const [term, byField] of this._index) {
      terms.push(term);
      numbers.push(byField.size);
      for (const [fieldId, postings] of byField) {
        numbers.push(fieldId, postings.size);
        for (const [shortId, frequency] of postings) numbers.push(shortId, frequency);
      }
    }
    return {
      header: {
        documentCount: this._documentCount,
        nextId: this._nextId,
        dirtCount: this._dirtCount,
        averageFieldLength: this._avgFieldLength,
        fields,
        documents: this._documentIds.size,
        fieldLengths: this._fieldLength.size,
        terms,
      },
      numbers: Int32Array.from(numbers),
    };
  }

  /** The index `pack` saved; null when the numbers do not add up to what the header says. */
  static unpack<T>(packed: PackedIndex, options: Options<T>): PackedMiniSearch<T> | null {
    const { header, numbers } = packed;
    const index = new PackedMiniSearch<T>(options);
    const fields = Object.keys(index._fieldIds).length;
    if (header.fields !== fields) return null;
    index._documentCount = header.documentCount;
    index._nextId = header.nextId;
    index._dirtCount = header.dirtCount;
    index._avgFieldLength = header.averageFieldLength;
    let at = 0;
    const rowsEnd = 2 * header.documents + (fields + 1) * header.fieldLengths;
    if (rowsEnd > numbers.length) return null;
    for (let i = 0; i < header.documents; i++, at += 2) {
      const shortId = numbers[at] as number;
      const id = numbers[at + 1] as number;
      index._documentIds.set(shortId, id);
      index._idToShortId.set(id, shortId);
    }
    for (let i = 0; i < header.fieldLengths; i++) {
      const shortId = numbers[at++] as number;
      const lengths: number[] = new Array(fields);
      for (let f = 0; f < fields; f++, at++) {
        const length = numbers[at] as number;
        if (length !== NO_LENGTH) lengths[f] = length;
      }
      index._fieldLength.set(shortId, lengths);
    }
    for (const term of header.terms) {
      const byField = new Map<number, Map<number, number>>();
      for (let f = numbers[at++] as number; f > 0; f--) {
        const fieldId = numbers[at++] as number;
        const count = numbers[at++] as number;
        if (!(at + 2 * count <= numbers.length)) return null;
        const postings = new Map<number, number>();
        for (let i = 0; i < count; i++, at += 2) postings.set(numbers[at] as number, numbers[at + 1] as number);
        byField.set(fieldId, postings);
      }
      index._index.set(term, byField);
    }
    return at === numbers.length ? index : null;
  }
}
