import type BetterSqlite3 from 'better-sqlite3';

/**
 * One transaction for writes handed over in many turns of the event loop,
 * committed once it has been open `commitAfterMs`, and at `commit()`.
 *
 * A batch's parsed files are written a few milliseconds at a time, so that a
 * server goes on answering in between. A commit per such turn (~25 notes)
 * wrote the index pages those notes share to the write-ahead log again at
 * every commit: 3.1 s to write the rows of the 10k vault's notes that way,
 * against 1.6 s in one transaction. One transaction for a whole batch would
 * keep every page it writes in the log until its end (hundreds of MB at 50k
 * notes), where the checkpoint cannot copy them back.
 *
 * Readers on the same connection see the writes at once, as they would have
 * with a commit per turn; other connections see them at each commit.
 */
export class SpanningTransaction {
  private openedAt: number | null = null;

  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    private readonly commitAfterMs: number,
  ) {}

  /** Runs `write` in the open transaction (opening one if needed); a write that throws rolls it back. */
  run(write: () => void): void {
    if (this.openedAt === null) {
      this.sqlite.exec('BEGIN');
      this.openedAt = performance.now();
    }
    try {
      write();
    } catch (error) {
      this.rollback();
      throw error;
    }
    if (performance.now() - this.openedAt >= this.commitAfterMs) this.commit();
  }

  commit(): void {
    if (this.openedAt === null) return;
    this.openedAt = null;
    this.sqlite.exec('COMMIT');
  }

  rollback(): void {
    if (this.openedAt === null) return;
    this.openedAt = null;
    if (this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK');
  }
}
