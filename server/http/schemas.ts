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

export const Health = Type.Object({ ok: Type.Boolean(), notes: Type.Integer(), papers: Type.Integer(), links: Type.Integer(), problems: Type.Integer() });

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
