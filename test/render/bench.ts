/**
 * `node --import tsx test/render/bench.ts`: what rendering a note costs.
 *
 * Prints the highlighter's start-up (first `loadHighlighter()` in a fresh
 * process, and the first block of each language, which compiles its grammar),
 * then the median of 100 renders after warm-up for a ~2 KB note of prose and
 * links and for a note with 3 code blocks and 5 math expressions, both with
 * the code/math caches cleared before every render (a note seen for the
 * first time) and kept (a note rendered again), next to what ingest's
 * parseNote costs for the same body.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseNote, splitFrontMatter } from '../../server/ingest/parse-note.ts';
import type { NotePath } from '../../server/ingest/types.ts';
import { clearCodeCache, highlightCode, loadHighlighter, warmUpHighlighter } from '../../server/render/highlight.ts';
import { renderMarkdown } from '../../server/render/index.ts';
import { clearMathCache } from '../../server/render/math.ts';
import type { LinkResolver, RenderOptions } from '../../server/render/types.ts';

const RUNS = 100;

const resolver: LinkResolver = {
  note: ({ target }) => (target.includes('missing') ? null : { slug: target.toLowerCase().replace(/\s+/g, '-'), title: target }),
  paper: ({ value }) => ({ id: value, title: `Paper ${value}`, slug: null }),
};
const options: RenderOptions = { notePath: 'topics/bench.md', dialect: 'obsidian', resolver };

const prose = splitFrontMatter(readFileSync(new URL('../../notes/topics/backdoors-and-poisoning.md', import.meta.url), 'utf8')).body;

const codeAndMath = `# Training run notes

The loss is $\\mathcal{L}(\\theta) = -\\sum_i \\log p_\\theta(y_i \\mid x_i)$ and the rate is $\\hat{m} = k / n$, see [[Setup]] and [@kaplan2020scaling].

$$
\\hat{m} = \\frac{\\#\\{\\text{coherent answers judged misaligned}\\}}{\\#\\{\\text{coherent answers}\\}}
$$

\`\`\`python
import math

def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval for k successes out of n."""
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return centre - half, centre + half
\`\`\`

Run it with:

\`\`\`bash
python -m train --config configs/lora.yaml --seed 0 | tee logs/run-0.txt
grep -c "misaligned" logs/run-0.txt
\`\`\`

\`\`\`yaml
model: open-7b-instruct
lora:
  rank: 16
  alpha: 32
  dropout: 0.05
train:
  epochs: 1
  lr: 1.0e-4
\`\`\`

With $n = 300$ the half-width is about $\\sqrt{p(1-p)/n}$ times $1.96$:

$$
\\mathrm{CI}_{95} = \\hat{p} \\pm 1.96 \\sqrt{\\frac{\\hat{p}(1-\\hat{p})}{n}}
$$
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Median wall-clock and CPU milliseconds; CPU time is the steadier figure on a shared machine. */
interface Timing {
  wallMs: number;
  cpuMs: number;
}

class Samples {
  readonly wall: number[] = [];
  readonly cpu: number[] = [];

  async take(run: () => unknown): Promise<void> {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    await run();
    const usedCpu = process.cpuUsage(startCpu);
    this.wall.push(performance.now() - start);
    this.cpu.push((usedCpu.user + usedCpu.system) / 1000);
  }

  get timing(): Timing {
    return { wallMs: fmt(median(this.wall)), cpuMs: fmt(median(this.cpu)) };
  }
}

/**
 * The three figures are taken in turn within one loop (first render with
 * empty caches, the same render again, ingest's parse), so that GC pauses and
 * other processes weigh on each alike.
 */
async function measure(body: string) {
  const cold = new Samples();
  const cached = new Samples();
  const ingest = new Samples();
  for (let i = 0; i < RUNS; i++) {
    clearCodeCache();
    clearMathCache();
    await cold.take(() => renderMarkdown(body, options));
    await cached.take(() => renderMarkdown(body, options));
    await ingest.take(() => parseNote('topics/bench.md' as NotePath, body));
  }
  return { bytes: Buffer.byteLength(body), cold: cold.timing, cached: cached.timing, ingestParseNote: ingest.timing };
}

function fmt(ms: number): number {
  return Number(ms.toFixed(3));
}

const startLoad = performance.now();
const highlighter = await loadHighlighter();
const loadMs = performance.now() - startLoad;
const firstBlock: Record<string, number> = {};
for (const lang of ['python', 'typescript', 'javascript', 'bash', 'json', 'yaml', 'latex']) {
  const tree = {
    type: 'root' as const,
    children: [
      {
        type: 'element' as const,
        tagName: 'pre',
        properties: {},
        children: [
          {
            type: 'element' as const,
            tagName: 'code',
            properties: { className: [`language-${lang}`] },
            children: [{ type: 'text' as const, value: 'x = 1\n' }],
          },
        ],
      },
    ],
  };
  const start = performance.now();
  highlightCode(tree, highlighter);
  firstBlock[lang] = Number((performance.now() - start).toFixed(1));
}
clearCodeCache();
const startWarm = performance.now();
await warmUpHighlighter();
const warmUpMs = performance.now() - startWarm;

// Let the JIT settle on both notes before any figure is taken.
for (let i = 0; i < 300; i++) {
  await renderMarkdown(prose, options);
  await renderMarkdown(codeAndMath, options);
}

const result = {
  node: process.version,
  highlighterStartupMs: fmt(loadMs),
  firstBlockPerLanguageMs: firstBlock,
  warmUpHighlighterAfterThatMs: fmt(warmUpMs),
  proseNote: await measure(prose),
  codeAndMathNote: await measure(codeAndMath),
};
console.log(JSON.stringify(result, null, 2));
