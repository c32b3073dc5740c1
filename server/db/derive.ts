/**
 * What the index derives from the per-file rows after each batch of changes:
 * link targets, the merged paper records, and cross-file problems (broken
 * links, unknown or duplicate citekeys). Deterministic: the same files give
 * the same derived rows whatever order they were indexed in.
 */
import type { Database } from './connection.ts';
import { KEY_PRIORITY } from './note-store.ts';

/**
 * Resolves links to notes, by Obsidian's rules: exact path, then file name,
 * then title, then alias (case-insensitive); ties go to the shortest path.
 * Each link says how far it may go down that list (`links.match`): Markdown
 * links match paths only, Dendron wikilinks paths and file names. When the target does not resolve, the
 * link's alternative key is tried (see `OutgoingLink.altKey`). With `scope`, only links from the given
 * notes or naming the given keys are resolved again.
 */
export function resolveLinks(db: Database, scope?: { sourcePaths: string[]; keys: string[] } | { rowids: [number, number] }): void {
  const best = (column: 'target_key' | 'alt_key') => `(SELECT k.path FROM note_keys k
      WHERE k.key = links.${column}
        AND k.priority <= CASE links.match WHEN 'path' THEN ${KEY_PRIORITY.file} WHEN 'name' THEN ${KEY_PRIORITY.name} ELSE ${KEY_PRIORITY.alias} END
      ORDER BY k.priority, length(k.path), k.path LIMIT 1)`;
  const set = `UPDATE links SET target_path = COALESCE(${best('target_key')}, ${best('alt_key')})`;
  if (!scope) {
    db.sqlite.prepare(`${set} WHERE target_key IS NOT NULL`).run();
    return;
  }
  if ('rowids' in scope) {
    db.sqlite.prepare(`${set} WHERE target_key IS NOT NULL AND rowid BETWEEN ? AND ?`).run(...scope.rowids);
    return;
  }
  db.sqlite
    // A UNION of three indexed lookups rather than one OR, which would scan every link.
    .prepare(`${set} WHERE target_key IS NOT NULL AND rowid IN (
      SELECT rowid FROM links WHERE source_path IN (SELECT value FROM json_each(?))
      UNION SELECT rowid FROM links WHERE target_key IN (SELECT value FROM json_each(?))
      UNION SELECT rowid FROM links WHERE alt_key IN (SELECT value FROM json_each(?)))`)
    .run(JSON.stringify(scope.sourcePaths), JSON.stringify(scope.keys), JSON.stringify(scope.keys));
}

/** The smallest and largest rowid of the links (0, -1 when there are none): to resolve them all in ranges. */
export function linkRowidBounds(db: Database): [number, number] {
  const [low, high] = db.sqlite.prepare('SELECT min(rowid), max(rowid) FROM links').raw().get() as [number | null, number | null];
  return low === null || high === null ? [0, -1] : [low, high];
}

type IdKind = 'citekey' | 'arxiv' | 'doi';

interface PaperSource {
  origin: 'note' | 'bib';
  notePath?: string;
  citekey?: string | null;
  title?: string | null;
  authors: string;
  year?: number | null;
  venue?: string | null;
  arxiv?: string | null;
  doi?: string | null;
  url?: string | null;
}

/** Union–find over identifier strings (`citekey:x`, `arxiv:y`, `doi:z`). */
class Components {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let root = this.parent.get(x) ?? x;
    if (root === x) {
      this.parent.set(x, x);
      return x;
    }
    root = this.find(root);
    this.parent.set(x, root);
    return root;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    // The smaller id becomes the root, so components do not depend on insertion order.
    if (ra < rb) this.parent.set(rb, ra);
    else if (rb < ra) this.parent.set(ra, rb);
  }
}

const idOf = (kind: IdKind, value: string) => `${kind}:${value}`;

/**
 * Rebuilds `papers` and `paper_ids`: one record per real paper, merged across
 * citekeys, arXiv ids and DOIs that a paper note or a `.bib` entry gives
 * together. Papers known only from an arXiv/DOI link exist too; a citation of
 * an unknown citekey does not create a paper (it is reported instead).
 * Returns the paper notes whose paper records came out different (a
 * bibliography can give a paper note its venue or year).
 *
 * `pause` is awaited between its steps, each up to ~0.4 s at 50k notes, so that a caller
 * serving requests can give them a turn (the whole took 1.6 s in one); the tables are
 * written in one transaction, so readers see the papers before or after, never between.
 */
export async function rebuildPapers(db: Database, pause: () => Promise<void> | undefined = () => undefined): Promise<string[]> {
  const recordsBefore = paperRecordsByNote(db);
  await pause();
  const sources: PaperSource[] = [
    ...(db.sqlite
      .prepare(`SELECT 'note' AS origin, note_path AS notePath, citekey, title, authors, year, venue, arxiv, doi, url FROM paper_notes ORDER BY note_path`)
      .all() as PaperSource[]),
    ...(db.sqlite
      .prepare(`SELECT 'bib' AS origin, citekey, title, authors, year, venue, arxiv, doi, url FROM bib_entries ORDER BY source_path, line`)
      .all() as PaperSource[]),
  ];
  const components = new Components();
  const identifiersOf = (s: PaperSource): string[] => {
    const ids: string[] = [];
    if (s.citekey) ids.push(idOf('citekey', s.citekey));
    if (s.arxiv) ids.push(idOf('arxiv', s.arxiv));
    if (s.doi) ids.push(idOf('doi', s.doi));
    // A paper note without any identifier is still a paper: it is known by its note.
    if (ids.length === 0 && s.notePath) ids.push(`note:${s.notePath}`);
    return ids;
  };
  for (const source of sources) {
    const ids = identifiersOf(source);
    for (const id of ids.slice(1)) components.union(ids[0] as string, id);
  }
  await pause();
  const linked = db.sqlite
    .prepare(`SELECT DISTINCT kind, value FROM identifier_refs
      UNION SELECT target_kind, target_value FROM replications WHERE target_kind IN ('arxiv', 'doi')`)
    .all() as { kind: 'arxiv' | 'doi'; value: string }[];
  for (const ref of linked) components.find(idOf(ref.kind, ref.value));

  // Group every identifier under its component, and every source under the component of its first id.
  const members = new Map<string, Set<string>>();
  const addMember = (id: string) => {
    const root = components.find(id);
    const set = members.get(root) ?? new Set<string>();
    set.add(id);
    members.set(root, set);
  };
  const sourcesByRoot = new Map<string, PaperSource[]>();
  for (const source of sources) {
    const ids = identifiersOf(source);
    ids.forEach(addMember);
    const root = components.find(ids[0] as string);
    const list = sourcesByRoot.get(root) ?? [];
    list.push(source);
    sourcesByRoot.set(root, list);
  }
  for (const ref of linked) addMember(idOf(ref.kind, ref.value));

  await pause();
  const papers: PaperRow[] = [];
  /** Each identifier's paper, the first to claim it winning. */
  const paperIds = new Map<string, string>();
  const usedIds = new Set<string>();
  for (const root of [...members.keys()].sort()) {
    const ids = [...(members.get(root) ?? [])].sort();
    const group = sourcesByRoot.get(root) ?? [];
    // A paper note's metadata wins over a bibliography's, which wins over nothing.
    const note = group.find((s) => s.origin === 'note');
    const bib = group.find((s) => s.origin === 'bib');
    const pick = <K extends keyof PaperSource>(key: K) => note?.[key] ?? bib?.[key] ?? null;
    const valuesOf = (kind: IdKind) => ids.filter((id) => id.startsWith(`${kind}:`)).map((id) => id.slice(kind.length + 1));
    const citekey = pick('citekey') ?? valuesOf('citekey')[0] ?? null;
    const arxiv = pick('arxiv') ?? valuesOf('arxiv')[0] ?? null;
    const doi = pick('doi') ?? valuesOf('doi')[0] ?? null;
    let id = citekey ?? (arxiv ? `arxiv:${arxiv}` : doi ? `doi:${doi}` : (note?.notePath ?? root));
    if (usedIds.has(id)) id = root;
    usedIds.add(id);
    const authors = note && note.authors !== '[]' ? note.authors : (bib?.authors ?? note?.authors ?? '[]');
    papers.push({
      id,
      citekey,
      title: pick('title'),
      authors,
      year: pick('year'),
      venue: pick('venue'),
      arxiv,
      doi,
      url: pick('url'),
      notePath: note?.notePath ?? null,
      source: note ? 'note' : bib ? 'bib' : 'link',
    });
    for (const member of ids) {
      const colon = member.indexOf(':');
      const kind = member.slice(0, colon);
      const key = `${kind}\0${member.slice(colon + 1)}`;
      if ((kind === 'citekey' || kind === 'arxiv' || kind === 'doi') && !paperIds.has(key)) paperIds.set(key, id);
    }
  }

  await pause();
  db.sqlite.transaction(() => {
    writePapers(db, papers, paperIds);
    linkReplications(db);
  })();
  await pause();
  const recordsAfter = paperRecordsByNote(db);
  const changed = [...recordsAfter].filter(([path, records]) => recordsBefore.get(path) !== records).map(([path]) => path);
  for (const path of recordsBefore.keys()) if (!recordsAfter.has(path)) changed.push(path);
  return changed;
}

/** A row of `papers` as SQLite returns it (authors as JSON text). */
export interface PaperRow {
  id: string;
  citekey: string | null;
  title: string | null;
  authors: string;
  year: number | null;
  venue: string | null;
  arxiv: string | null;
  doi: string | null;
  url: string | null;
  notePath: string | null;
  source: 'note' | 'bib' | 'link';
}

const paperText = (p: PaperRow) => JSON.stringify([p.id, p.citekey, p.title, p.authors, p.year, p.venue, p.arxiv, p.doi, p.url, p.notePath, p.source]);

/**
 * Brings `papers` and `paper_ids` to the rows given, writing only the rows that differ: a batch
 * rebuilds the papers whenever one may have changed (a full re-index, a paper note's save), and
 * rewrote all 28k papers and their identifiers at 50k notes to change none or a few. It spares the
 * writes, not time: comparing costs about what rewriting did (~1.55 s a rebuild either way).
 */
function writePapers(db: Database, papers: PaperRow[], paperIds: Map<string, string>): void {
  const s = db.sqlite;
  const existing = new Map(
    (s.prepare('SELECT id, citekey, title, authors, year, venue, arxiv, doi, url, note_path AS notePath, source FROM papers').all() as PaperRow[]).map((p) => [
      p.id,
      paperText(p),
    ]),
  );
  const deletePaper = s.prepare('DELETE FROM papers WHERE id = ?');
  const insertPaper = s.prepare(`INSERT INTO papers (id, citekey, title, authors, year, venue, arxiv, doi, url, note_path, source)
    VALUES (@id, @citekey, @title, @authors, @year, @venue, @arxiv, @doi, @url, @notePath, @source)`);
  for (const paper of papers) {
    const before = existing.get(paper.id);
    existing.delete(paper.id);
    if (before === paperText(paper)) continue;
    if (before !== undefined) deletePaper.run(paper.id);
    insertPaper.run(paper);
  }
  for (const id of existing.keys()) deletePaper.run(id);

  const existingIds = new Map(
    (s.prepare('SELECT kind, value, paper_id FROM paper_ids').raw().all() as [string, string, string][]).map(([kind, value, id]) => [`${kind}\0${value}`, id]),
  );
  const putId = s.prepare('INSERT OR REPLACE INTO paper_ids (kind, value, paper_id) VALUES (?, ?, ?)');
  const deleteId = s.prepare('DELETE FROM paper_ids WHERE kind = ? AND value = ?');
  for (const [key, id] of paperIds) {
    const before = existingIds.get(key);
    existingIds.delete(key);
    if (before === id) continue;
    const zero = key.indexOf('\0');
    putId.run(key.slice(0, zero), key.slice(zero + 1), id);
  }
  for (const key of existingIds.keys()) {
    const zero = key.indexOf('\0');
    deleteId.run(key.slice(0, zero), key.slice(zero + 1));
  }
}

/**
 * Each paper note's paper records, one string a note: what a rebuild is compared by. One string
 * from SQLite, split here (a row at a time took twice as long: ~20 ms at 10k notes).
 */
function paperRecordsByNote(db: Database): Map<string, string> {
  const all = db.sqlite
    .prepare(
      `SELECT group_concat(note_path || char(31) || id || char(31) || ifnull(title, '') || char(31) || ifnull(year, '') || char(31) ||
         ifnull(authors, '') || char(31) || ifnull(venue, '') || char(31) || ifnull(citekey, '') || char(31) || ifnull(arxiv, '') ||
         char(31) || ifnull(doi, '') || char(31) || ifnull(url, ''), char(30))
       FROM (SELECT * FROM papers WHERE note_path IS NOT NULL ORDER BY note_path, id)`,
    )
    .pluck()
    .get() as string | null;
  const byNote = new Map<string, string>();
  if (all === null) return byNote;
  for (const record of all.split('\x1e')) {
    const path = record.slice(0, record.indexOf('\x1f'));
    const earlier = byNote.get(path);
    byNote.set(path, earlier === undefined ? record : `${earlier}\x1e${record}`);
  }
  return byNote;
}

/**
 * Points each replication log at the paper it replicates, whichever way
 * `replicates` names it: an identifier, or a wikilink to the paper's note
 * (resolved by the same rules as any wikilink).
 */
export function linkReplications(db: Database, notePaths?: string[]): void {
  const only = notePaths ? ` WHERE note_path IN (SELECT value FROM json_each(@paths))` : '';
  db.sqlite
    .prepare(
      `UPDATE replications SET paper_id = CASE
         WHEN target_kind = 'note' THEN (
           SELECT p.id FROM note_keys k JOIN papers p ON p.note_path = k.path
           WHERE k.key = lower(replace(replications.target_value, '.md', '')) ORDER BY k.priority, length(k.path), k.path LIMIT 1)
         ELSE (SELECT paper_id FROM paper_ids WHERE kind = replications.target_kind AND value = replications.target_value)
       END${only}`,
    )
    .run(notePaths ? { paths: JSON.stringify(notePaths) } : {});
}

/**
 * Recomputes the cross-file problems: broken links, unknown citekeys, duplicate
 * citekeys. With `paths`, only the link and citation problems of those notes
 * (valid when the papers did not change, so citekeys mean what they meant).
 */
export function rebuildDerivedProblems(db: Database, paths?: string[]): void {
  const s = db.sqlite;
  const scoped = paths !== undefined;
  const within = (column: string) => (scoped ? `AND ${column} IN (SELECT value FROM json_each(@paths))` : '');
  const params = scoped ? [{ paths: JSON.stringify(paths) }] : [];
  // For a few files, reach links by their source: SQLite would otherwise walk the index of all
  // unresolved links (`+` keeps it from using that index), ~9 ms of every save at 10k notes.
  s.transaction(() => {
    if (scoped) s.prepare(`DELETE FROM problems WHERE origin = 'derived' AND code IN ('broken-link', 'unknown-citekey') ${within('path')}`).run(...params);
    else s.prepare(`DELETE FROM problems WHERE origin = 'derived'`).run();
    s.prepare(`INSERT INTO problems (path, line, code, message, origin)
      SELECT source_path, line, 'broken-link',
        'broken link: no note matches "' || CASE WHEN target = '' THEN '#' || anchor ELSE target END || '"', 'derived'
      FROM links WHERE kind <> 'external' AND ${scoped ? '+' : ''}target_path IS NULL ${within('source_path')}`).run(...params);
    s.prepare(`INSERT INTO problems (path, line, code, message, origin)
      SELECT source_path, line, 'unknown-citekey', 'unknown citekey @' || key || ': not in any .bib file or paper note', 'derived'
      FROM citations c WHERE NOT EXISTS (SELECT 1 FROM paper_ids p WHERE p.kind = 'citekey' AND p.value = c.key) ${within('c.source_path')}`).run(...params);
    s.prepare(`INSERT INTO problems (path, line, code, message, origin)
      SELECT path, line, 'unknown-citekey', 'replicates unknown citekey "' || target_value || '"', 'derived' FROM (
        SELECT r.note_path AS path, 1 AS line, r.target_value FROM replications r
        WHERE r.target_kind = 'citekey' AND NOT EXISTS (SELECT 1 FROM paper_ids p WHERE p.kind = 'citekey' AND p.value = r.target_value)
        ${within('r.note_path')})`).run(...params);
    if (scoped) return;
    // The same citekey given to two different paper notes, or defined twice in the bibliographies.
    s.prepare(`INSERT INTO problems (path, line, code, message, origin)
      SELECT pn.note_path, 1, 'duplicate-citekey', 'duplicate citekey "' || pn.citekey || '": also used by ' || other.note_path, 'derived'
      FROM paper_notes pn JOIN paper_notes other ON other.citekey = pn.citekey AND other.note_path <> pn.note_path
      WHERE pn.citekey IS NOT NULL`).run();
    s.prepare(`INSERT INTO problems (path, line, code, message, origin)
      SELECT b.source_path, b.line, 'duplicate-citekey', 'duplicate citekey "' || b.citekey || '": also defined at ' || other.source_path || ':' || other.line, 'derived'
      FROM bib_entries b JOIN bib_entries other ON other.citekey = b.citekey AND other.id <> b.id`).run();
  })();
}
