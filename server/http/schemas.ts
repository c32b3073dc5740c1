/**
 * Response schemas of the JSON API (TypeBox): validation, serialization and
 * the OpenAPI document come from these. Fields are a contract: extend, never
 * rename or drop.
 */
import { Type } from 'typebox';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const NullableString = Nullable(Type.String());
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);
const NoteType = Type.Union([Type.Literal('paper'), Type.Literal('replication'), Type.Literal('note')]);

export const ErrorRef = Type.Ref('Error');
export const errors = { 400: ErrorRef, 404: ErrorRef };

export const NoteSummary = Type.Object({
  slug: Type.String(),
  path: Type.String({ description: 'Relative to the notes folder' }),
  title: Type.String(),
  type: NoteType,
  tags: Type.Array(Type.String()),
  updated: NullableString,
});

export const Paper = Type.Object({
  id: Type.String({ description: 'The citekey, else arxiv:ID, else doi:…' }),
  citekey: NullableString,
  title: NullableString,
  authors: Type.Array(Type.String()),
  year: NullableInt,
  venue: NullableString,
  arxiv: NullableString,
  doi: NullableString,
  url: NullableString,
  source: Type.Union([Type.Literal('note'), Type.Literal('bib'), Type.Literal('link')]),
});

const LinkOut = Type.Object({
  kind: Type.String(),
  target: Type.String(),
  anchor: NullableString,
  label: NullableString,
  line: Type.Integer(),
  context: Type.String(),
  resolved: Type.Union([Type.Object({ slug: Type.String(), path: Type.String(), title: Type.String() }), Type.Null()]),
});

const Claim = Type.Object({
  id: Type.String(),
  text: Type.String(),
  metric: NullableString,
  paper: NullableString,
  ours: NullableString,
  verdict: NullableString,
});

const RefKind = Type.Union(
  ['wikilink', 'embed', 'markdown', 'citation', 'arxiv', 'doi', 'replicates'].map((k) => Type.Literal(k)),
  { description: 'How the reference is written' },
);

/** A note that points at another, with every place it does. */
const NoteRef = Type.Object({ slug: Type.String(), path: Type.String(), title: Type.String(), type: NoteType });

export const Backlink = Type.Object({
  ...NoteRef.properties,
  refs: Type.Array(
    Type.Object({
      kind: RefKind,
      target: Type.String({ description: 'As written: the link target, citekey, arXiv id or DOI' }),
      line: Type.Integer(),
      context: Type.String({ description: 'The sentence or list item around it, as plain text' }),
    }),
  ),
});

export const NoteDetail = Type.Object(
  {
    slug: Type.String(),
    path: Type.String(),
    title: Type.String(),
    type: NoteType,
    aliases: Type.Array(Type.String()),
    tags: Type.Array(Type.String()),
    created: NullableString,
    updated: NullableString,
    visibility: Type.Object({ draft: Type.Boolean(), private: Type.Boolean(), publish: Type.Boolean(), unlisted: Type.Boolean() }),
    metadata: Type.Record(Type.String(), Type.Unknown(), { description: 'The front matter as written' }),
    readingStatus: NullableString,
    rating: NullableInt,
    wordCount: Type.Integer(),
    excerpt: Type.String({ description: 'The opening words of the note, as plain text' }),
    headings: Type.Array(Type.Object({ depth: Type.Integer(), text: Type.String(), id: Type.String(), line: Type.Integer() })),
    paper: Type.Union([Paper, Type.Null()]),
    replication: Type.Union([
      Type.Object({
        replicates: NullableString,
        paperId: NullableString,
        status: NullableString,
        verdict: NullableString,
        code: NullableString,
        commit: NullableString,
        compute: NullableString,
        claims: Type.Array(Claim),
      }),
      Type.Null(),
    ]),
    links: Type.Array(LinkOut),
    citations: Type.Array(
      Type.Object({
        key: Type.String(),
        mode: Type.String(),
        suppressAuthor: Type.Boolean(),
        prefix: NullableString,
        locator: NullableString,
        line: Type.Integer(),
        context: Type.String(),
        paperId: NullableString,
      }),
    ),
    identifiers: Type.Array(Type.Object({ kind: Type.String(), value: Type.String(), line: Type.Integer(), context: Type.String(), paperId: NullableString })),
    backlinks: Type.Array(Backlink, {
      description: 'Notes that link to this one (any link form) or cite its paper (citekey, arXiv id, DOI, replicates)',
    }),
    problems: Type.Array(Type.Object({ line: Type.Integer(), code: Type.String(), message: Type.String() })),
    body: Type.String({ description: 'The Markdown body, without front matter' }),
  },
  { additionalProperties: true },
);

export const NotesPage = Type.Object({ total: Type.Integer(), notes: Type.Array(NoteSummary), next: NullableString });

export const PapersList = Type.Object({
  total: Type.Integer(),
  papers: Type.Array(
    Type.Object({
      ...Paper.properties,
      note: Type.Union([Type.Object({ slug: Type.String(), path: Type.String() }), Type.Null()]),
      citedBy: Type.Integer({ description: 'Distinct notes citing it by any identifier or linking to its note' }),
    }),
  ),
});

export const Health = Type.Object({
  ok: Type.Boolean(),
  notes: Type.Integer(),
  papers: Type.Integer(),
  links: Type.Integer(),
  problems: Type.Integer(),
  searchBacklog: Type.Integer({ description: 'Notes indexed but not searchable yet: a large batch (a first start, a re-index) reaches search in slices.' }),
});

export const SearchHit = Type.Object({
  slug: NullableString,
  path: NullableString,
  title: Type.String(),
  type: NoteType,
  score: Type.Number(),
  snippet: Type.String({ description: 'HTML: matched words in <mark>, everything else escaped' }),
  heading: Type.Union([Type.Object({ text: Type.String(), id: Type.String() }), Type.Null()]),
  external: Type.Boolean({ description: 'A paper without a note' }),
  paperId: NullableString,
  year: NullableInt,
  tags: Type.Array(Type.String()),
  verdict: NullableString,
});

export const SearchResponse = Type.Object({
  query: Type.String(),
  total: Type.Integer(),
  hits: Type.Array(SearchHit),
  facets: Type.Object({
    type: Type.Record(Type.String(), Type.Integer()),
    tags: Type.Array(Type.Object({ tag: Type.String(), count: Type.Integer() })),
    year: Type.Record(Type.String(), Type.Integer()),
    verdict: Type.Record(Type.String(), Type.Integer()),
  }),
  corrections: Type.Array(Type.Object({ from: Type.String(), to: Type.String() })),
  next: NullableString,
});

export const SuggestResponse = Type.Object({
  query: Type.String(),
  suggestions: Type.Array(
    Type.Object({
      kind: Type.Union([Type.Literal('title'), Type.Literal('term')]),
      text: Type.String(),
      query: Type.String(),
      slug: Type.Optional(NullableString),
    }),
  ),
});

/* ---- Backlinks, the graph, papers, the reading queue, exports ---- */

export const NoteLinks = Type.Object({
  ...NoteRef.properties,
  backlinks: Type.Array(Backlink),
  mentions: Type.Array(
    Type.Object({
      ...NoteRef.properties,
      mentions: Type.Array(
        Type.Object({
          term: Type.String({ description: 'The title or alias found' }),
          text: Type.String({ description: 'The words as written' }),
          line: Type.Integer(),
          context: Type.String(),
        }),
      ),
    }),
    { description: 'Notes that name this one (title or alias, whole words, at least 4 characters) without linking to it' },
  ),
});

const Evidence = Type.Object({ path: Type.String(), line: Type.Integer(), context: Type.String() });

export const GraphResponse = Type.Object({
  center: Type.Union([Type.String({ description: 'The center node id' }), Type.Null()]),
  depth: NullableInt,
  nodes: Type.Array(
    Type.Object({
      id: Type.String({ description: '`paper:<paperId>` for papers (a paper note is its paper), `note:<slug>` for other notes' }),
      label: Type.String(),
      type: NoteType,
      year: NullableInt,
      tags: Type.Array(Type.String()),
      degree: Type.Integer({ description: 'Edges of the node in this graph' }),
      verdict: Type.Union([Type.String({ description: "The latest replication's verdict" }), Type.Null()]),
      hasNote: Type.Boolean(),
      slug: NullableString,
      paperId: NullableString,
      distance: Type.Optional(Type.Integer({ description: 'Hops from the center (local graphs)' })),
    }),
  ),
  edges: Type.Array(
    Type.Object({
      source: Type.String(),
      target: Type.String(),
      kind: Type.Union(['links', 'cites', 'replicates', 'embeds'].map((k) => Type.Literal(k))),
      evidence: Type.Array(Evidence),
    }),
  ),
});

export const PaperDetailResponse = Type.Object({
  ...Paper.properties,
  note: Type.Union([NoteRef, Type.Null()]),
  bib: Type.Union([
    Type.Object({ path: Type.String(), line: Type.Integer(), entryType: Type.String(), fields: Type.Record(Type.String(), Type.String()) }),
    Type.Null(),
  ]),
  citedBy: Type.Array(Backlink, { description: 'Notes that cite it, by any form, with where' }),
  replications: Type.Array(
    Type.Object({ ...NoteRef.properties, status: NullableString, verdict: NullableString, updated: NullableString, claims: Type.Array(Claim) }),
  ),
});

export const ReadingQueueResponse = Type.Object({
  papers: Type.Array(
    Type.Object({
      ...Paper.properties,
      score: Type.Number({ description: 'citing notes + 0.5 × co-citations with read papers' }),
      citedBy: Type.Integer({ description: 'Distinct notes citing it' }),
      coCitations: Type.Integer({ description: 'Times a note cites it together with a paper marked read' }),
      citingNotes: Type.Array(NoteRef),
    }),
  ),
});

export const CslItems = Type.Array(Type.Record(Type.String(), Type.Unknown()), { description: 'CSL-JSON items' });
