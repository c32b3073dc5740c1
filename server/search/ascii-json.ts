/**
 * JSON text with every character past ASCII written as a `\uXXXX` escape (the same JSON). A
 * saved index is a few MB of text holding a handful of such characters, and one of them made
 * SQLite's text a two-byte string for V8 throughout: reading and parsing the fuzzy index and the
 * attributes back took ~20 ms more each at 10k notes.
 */
export function asciiJson(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
