/**
 * The saved form of an in-memory index as bytes: a few texts (UTF-8, their lengths first), then
 * typed arrays from a multiple of 4, so that they are viewed in place when read back rather than
 * parsed or copied (the posting lists are 67 MB at 50k notes).
 */

/** `texts`, then `arrays` (widest first, so that each stays aligned), as `readSavedBytes` reads them. */
export function savedBytes(texts: readonly string[], arrays: readonly ArrayBufferView[]): Buffer {
  const encoded = texts.map((text) => Buffer.from(text, 'utf8'));
  const prefix = Buffer.alloc(4 * encoded.length);
  for (const [i, bytes] of encoded.entries()) prefix.writeUInt32LE(bytes.length, 4 * i);
  const head = prefix.length + encoded.reduce((total, bytes) => total + bytes.length, 0);
  const padding = Buffer.alloc((4 - (head % 4)) % 4);
  return Buffer.concat([prefix, ...encoded, padding, ...arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))]);
}

/** The arrays' bytes: `byteLength` of them from `offset` in `buffer`, which starts on a multiple of 4. */
export interface SavedArrays {
  buffer: ArrayBuffer;
  offset: number;
  byteLength: number;
}

/**
 * The `textCount` texts and the arrays `savedBytes` wrote; null when the lengths do not fit the
 * bytes. The arrays are viewed in place when they are aligned (the bytes are the caller's, read
 * from the database for this), else copied once.
 */
export function readSavedBytes(bytes: Buffer, textCount: number): { texts: string[]; arrays: SavedArrays } | null {
  if (bytes.length < 4 * textCount) return null;
  const texts: string[] = [];
  let at = 4 * textCount;
  for (let i = 0; i < textCount; i++) {
    const length = bytes.readUInt32LE(4 * i);
    if (at + length > bytes.length) return null;
    texts.push(bytes.subarray(at, at + length).toString('utf8'));
    at += length;
  }
  at += (4 - (at % 4)) % 4;
  if (at > bytes.length) return null;
  const byteLength = bytes.length - at;
  const aligned = (bytes.byteOffset + at) % 4 === 0;
  const source = bytes.buffer as ArrayBuffer;
  const arrays = aligned
    ? { buffer: source, offset: bytes.byteOffset + at, byteLength }
    : { buffer: source.slice(bytes.byteOffset + at, bytes.byteOffset + bytes.length), offset: 0, byteLength };
  return { texts, arrays };
}
