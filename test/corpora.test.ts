/**
 * Indexes the real public vaults in ../shared/corpora (present in CI, absent in
 * a user's fresh clone, where these tests skip and say why).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../server/db/connection.ts';
import { buildApp } from '../server/http/app.ts';
import type { IndexSummary } from '../server/indexer/indexer.ts';
import { makeIndex } from './helpers/vault.ts';

const CORPORA = fileURLToPath(new URL('../../shared/corpora', import.meta.url));
const present = existsSync(CORPORA);
if (!present) console.warn(`[corpora] skipped: ${CORPORA} not found (it ships beside the repo in CI, not in a fresh clone)`);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(
      (e) =>
        e.isFile() &&
        e.name.endsWith('.md') &&
        !relative(dir, join(e.parentPath, e.name))
          .split('/')
          .some((s) => s.startsWith('.')),
    )
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** Indexes a corpus once for the enclosing describe block and serves it. */
function useCorpus(folder: string) {
  const dir = join(CORPORA, folder);
  const corpus = {} as { app: FastifyInstance; db: Database; summary: IndexSummary; dir: string; close(): void };
  beforeAll(async () => {
    const index = makeIndex(dir, 2);
    corpus.dir = dir;
    corpus.db = index.db;
    corpus.close = index.close;
    corpus.summary = await index.indexer.syncAll();
    corpus.app = await buildApp({ db: index.db, indexer: index.indexer });
    console.info(
      `[corpora] ${folder}: ${corpus.summary.notes} notes, ${corpus.summary.links} links, ${corpus.summary.unresolvedLinks} unresolved, indexed in ${corpus.summary.ms} ms`,
    );
  }, 120_000);
  afterAll(async () => {
    await corpus.app?.close();
    corpus.close?.();
  });
  return corpus;
}

async function allNotePaths(app: FastifyInstance): Promise<string[]> {
  const paths: string[] = [];
  let next: string | null = null;
  do {
    const res = await app.inject(`/api/notes?limit=500${next ? `&next=${next}` : ''}`);
    const body = res.json() as { notes: { path: string }[]; next: string | null };
    paths.push(...body.notes.map((n) => n.path));
    next = body.next;
  } while (next);
  return paths.sort();
}

describe.skipIf(!present)('the dendron corpus', () => {
  const corpus = useCorpus('dendron/vault');

  it('serves every Markdown file through /api/notes', async () => {
    expect(await allNotePaths(corpus.app)).toEqual(markdownFiles(corpus.dir));
  });

  // Counted by a separate script (not Scholium's parser): strip front matter, fenced and inline
  // code, count [[…]] and ![[…]], take the part after | as the target (Dendron's order), drop
  // dendron://vault/ and #anchors, match file names. It found 150/62 for dendron.ref.commands:
  // 3 of those links sit inside HTML comments, which are not rendered and so are not links here,
  // and it missed 1 inside a fence that an HTML comment wraps; 148/61 is the count of rendered links.
  // The last column is how many of those links a note makes to itself (same script, source = target):
  // backlinks leave them out. For dendron.topic.vaults the index has one more self-link than the
  // script, `[[Workspace Vault|#workspace-vault]]` (line 130): a link to a heading of the same note,
  // which has no file name for the script to match.
  const mostLinked: [path: string, links: number, notes: number, selfLinks: number][] = [
    ['dendron.ref.commands.md', 148, 61, 5],
    ['community.discord.roles.md', 126, 110, 0],
    ['changelog.md', 111, 99, 0],
    ['community.events.reading-series.md', 60, 58, 0],
    ['dendron.topic.publish-legacy.configuration.md', 58, 28, 1],
    ['dendron.topic.vaults.md', 58, 33, 7],
  ];

  it('agrees with an independent count of the most linked-to notes', () => {
    const count = corpus.db.sqlite.prepare(
      `SELECT count(*) AS links, count(DISTINCT source_path) AS notes FROM links WHERE kind IN ('wikilink', 'embed') AND target_path = ?`,
    );
    for (const [path, links, notes] of mostLinked) expect([path, count.get(path)]).toEqual([path, { links, notes }]);
  });

  it('serves backlinks that agree with the independent count, less each note’s links to itself', async () => {
    for (const [path, links, notes, selfLinks] of mostLinked) {
      const res = await corpus.app.inject(`/api/notes/${path.replace(/\.md$/, '')}/backlinks`);
      const backlinks = (res.json() as { backlinks: { path: string; refs: { kind: string }[] }[] }).backlinks;
      const wikilinks = backlinks.map((b) => b.refs.filter((r) => r.kind === 'wikilink' || r.kind === 'embed').length);
      expect([path, wikilinks.reduce((a, b) => a + b, 0), wikilinks.filter((n) => n > 0).length]).toEqual([
        path,
        links - selfLinks,
        notes - (selfLinks > 0 ? 1 : 0),
      ]);
      expect(backlinks.some((b) => b.path === path)).toBe(false);
    }
  });

  it('leaves unresolved only links whose target is not in this vault', () => {
    // 144 of 3150: links into Dendron's other vaults (rfc.*, dev.*, dendron://dendron.docs/…),
    // tutorial notes that Dendron creates on install, renamed notes, and placeholders in examples.
    expect(corpus.summary.unresolvedLinks).toBeLessThanOrEqual(144);
  });
});

describe.skipIf(!present)('the foam-docs corpus', () => {
  const corpus = useCorpus('foam-docs/docs');

  it('serves every Markdown file through /api/notes', async () => {
    expect(await allNotePaths(corpus.app)).toEqual(markdownFiles(corpus.dir));
  });

  it('resolves wikilinks through link reference definitions, as Foam does', async () => {
    const res = await corpus.app.inject('/api/notes/user/index');
    const links = (res.json() as { links: { target: string; resolved: { path: string } | null }[] }).links;
    expect(links.find((l) => l.target === 'publishing')?.resolved?.path).toBe('user/publishing/publish-to-github-pages.md');
  });

  it('leaves unresolved only the two links whose targets do not exist', () => {
    // `[[cli-grep|foam grep]]` (no such note) and `../../user/publishing/publishing.md` (file absent).
    expect(corpus.summary.unresolvedLinks).toBe(2);
  });
});
