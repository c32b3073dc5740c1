/**
 * Why a cold index is slow: Markdown parsing throughput on one core, step by step.
 *
 *   node --import tsx test/bench/parser-throughput.ts [notes=1000]
 *
 * Generates a seeded vault (the benchmark's), then parses the same notes with
 * micromark alone (tokens, no tree), remark-parse and each syntax extension the
 * renderer uses, the markdown-it reader the index uses, and finally the whole
 * ingest step (parse + extraction + front matter). Prints MB/s for each: the
 * ceiling a cold index of N MB on C cores cannot beat is N / (C × the last figure).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import wikiLinkPlugin from '@flowershow/remark-wiki-link';
import { parse, postprocess, preprocess } from 'micromark';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { ingestFile } from '../../server/ingest/ingest-file.ts';
import { parseMarkdown } from '../../server/ingest/markdown-tree.ts';
import { toNotePath } from '../../server/ingest/paths.ts';
import { generateVault } from './generate-vault.ts';

const notes = Number(process.argv[2] ?? 1000);
const dir = mkdtempSync(join(tmpdir(), 'scholium-parse-'));
try {
  generateVault(dir, { notes, seed: 1 });
  const files: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const p = join(d, entry);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.md')) files.push(p);
    }
  };
  walk(dir);
  const sample = files.map((f) => ({ path: toNotePath(f.slice(dir.length + 1)), bytes: readFileSync(f) }));
  const texts = sample.map((s) => s.bytes.toString('utf8'));
  const megabytes = sample.reduce((sum, s) => sum + s.bytes.byteLength, 0) / 1e6;

  const rate = (fn: () => void) => {
    fn(); // warm-up pass: JIT and caches
    const started = performance.now();
    fn();
    return megabytes / ((performance.now() - started) / 1000);
  };
  const processors = {
    'micromark tokens only': null,
    'remark-parse': unified().use(remarkParse),
    '+ remark-gfm': unified().use(remarkParse).use(remarkGfm),
    '+ remark-math': unified().use(remarkParse).use(remarkGfm).use(remarkMath),
    "+ wikilinks (the renderer's parser)": unified().use(remarkParse).use(remarkGfm).use(remarkMath).use(wikiLinkPlugin),
  };
  console.log(`${sample.length} notes, ${megabytes.toFixed(1)} MB, one core (${process.version}):`);
  for (const [label, processor] of Object.entries(processors)) {
    const mbs = rate(() => {
      for (const t of texts) {
        if (processor) processor.parse(t);
        else
          postprocess(
            parse({})
              .document()
              .write(preprocess()(t, undefined, true)),
          );
      }
    });
    console.log(`  ${label.padEnd(40)} ${mbs.toFixed(2)} MB/s`);
  }
  const reader = rate(() => {
    for (const t of texts) parseMarkdown(t);
  });
  console.log(`  ${'markdown-it reader (the ingest parser)'.padEnd(40)} ${reader.toFixed(2)} MB/s`);
  const ingest = rate(() => {
    for (const s of sample) if (s.path) ingestFile(s.path, 'note', s.bytes);
  });
  console.log(`  ${'whole ingest step (parse + extract)'.padEnd(40)} ${ingest.toFixed(2)} MB/s`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
