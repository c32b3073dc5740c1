/**
 * The texts search passages are looked for in: a note's first
 * `PASSAGE_SCAN_CHARS` characters, split into the sections under its headings.
 *
 * Reading them is most of a page's cost: a long note's text comes from many
 * overflow pages, and its headings are parsed from JSON (hundreds in a long
 * note). The same notes come back query after query (long notes match most
 * words; typing re-runs a search on every keystroke), so the most recently
 * used are kept, up to a budget of characters.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from '../db/connection.ts';

/**
 * How much of a note's text is scanned for its best passage. Past this, a very
 * long note (a changelog, a thesis) shows a passage from its first 64 KB: scanning
 * 200 KB notes for every hit cost tens of milliseconds a query.
 */
export const PASSAGE_SCAN_CHARS = 64 * 1024;
/**
 * Characters of text kept (1 byte each for ASCII, 2 at most): several hundred notes. Each
 * is folded again for every hit rather than kept folded too: at the same memory, twice the
 * notes kept (hits 50% → 67% of a page's texts in the benchmark's second pass at 10k notes)
 * saved more than the folding costs (mean query 3.5 → 3.1 ms, side by side).
 */
const BUDGET_CHARS = 8 * 1024 * 1024;

export interface Section {
  start: number;
  end: number;
  heading: { text: string; id: string } | null;
}

export interface PassageText {
  text: string;
  /** In order; a passage never crosses from one into the next. */
  sections: Section[];
}

export class PassageTexts {
  private readonly kept = new Map<string, PassageText>();
  private keptChars = 0;
  private statement: BetterSqlite3.Statement | undefined;

  constructor(
    private readonly db: Database,
    private readonly budgetChars = BUDGET_CHARS,
  ) {}

  /** The texts of these notes (by path); a path without a note is left out. */
  get(paths: readonly string[]): Map<string, PassageText> {
    const out = new Map<string, PassageText>();
    const missing: string[] = [];
    for (const path of paths) {
      const text = this.kept.get(path);
      if (!text) {
        missing.push(path);
        continue;
      }
      // Most recently used last: the first entries are the next to go.
      this.kept.delete(path);
      this.kept.set(path, text);
      out.set(path, text);
    }
    if (missing.length === 0) return out;
    this.statement ??= this.db.sqlite.prepare(
      // Only what a passage is looked for in: a note of 200 KB is read (and decoded) in full otherwise.
      `SELECT path, substr(plain_text, 1, ${PASSAGE_SCAN_CHARS}) AS plainText, headings FROM notes WHERE path IN (SELECT value FROM json_each(?))`,
    );
    for (const row of this.statement.all(JSON.stringify(missing)) as { path: string; plainText: string; headings: string }[]) {
      const text = passageText(row.plainText, JSON.parse(row.headings) as { text: string; id: string }[]);
      out.set(row.path, text);
      this.keep(row.path, text);
    }
    return out;
  }

  /** Forgets every text (the notes were all read again). */
  clear(): void {
    this.kept.clear();
    this.keptChars = 0;
  }

  /** Forgets a note's text: it changed or is gone. */
  forget(path: string): void {
    const text = this.kept.get(path);
    if (!text) return;
    this.kept.delete(path);
    this.keptChars -= text.text.length;
  }

  private keep(path: string, text: PassageText): void {
    this.forget(path);
    this.kept.set(path, text);
    this.keptChars += text.text.length;
    for (const [oldest, old] of this.kept) {
      if (this.keptChars <= this.budgetChars) break;
      this.kept.delete(oldest);
      this.keptChars -= old.text.length;
    }
  }
}

/** A note's text split into the sections under its headings (each heading is a line of the text). */
export function passageText(fullText: string, headings: { text: string; id: string }[]): PassageText {
  const text = fullText.length > PASSAGE_SCAN_CHARS ? fullText.slice(0, PASSAGE_SCAN_CHARS) : fullText;
  const sections: Section[] = [{ start: 0, end: text.length, heading: null }];
  // Each heading is the first line after the previous one that reads exactly as it does.
  let from = 0;
  for (const heading of headings) {
    const at = lineAt(text, heading.text, from);
    if (at < 0) break;
    (sections.at(-1) as Section).end = at;
    from = at + heading.text.length + 1;
    sections.push({ start: from, end: text.length, heading: { text: heading.text, id: heading.id } });
  }
  return { text, sections };
}

/** Where the first line reading exactly `line` starts, at or after `from` (a line's start); -1 if none. */
function lineAt(text: string, line: string, from: number): number {
  for (let at = text.indexOf(line, from); at !== -1; at = text.indexOf(line, at + 1)) {
    const end = at + line.length;
    if ((at === 0 || text.charCodeAt(at - 1) === 10) && (end === text.length || text.charCodeAt(end) === 10)) return at;
    if (at >= text.length) break;
  }
  return -1;
}
