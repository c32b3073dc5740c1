import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FileOutcome, type ParseJob, parseAll } from '../../server/indexer/parse-pool.ts';
import type { NotePath } from '../../server/ingest/types.ts';

/** A replication log per file, each citing the one before it: small, and all different. */
function noteText(i: number): string {
  return `---
type: replication
title: "Replicating claim ${i}: probe accuracy on layer ${i % 24}"
status: ${i % 3 === 0 ? 'replicated' : 'partial'}
tags: [probing, layer-${i % 24}]
---
## Setup
Linear probes on the residual stream, seed ${i}. See [[claim-${i - 1}]] and [@marks2023geometry].

| claim | measured |
|---|---|
| ${(0.9 - (i % 10) / 100).toFixed(2)} | ${(0.85 - (i % 7) / 100).toFixed(2)} |
`;
}

describe('parseAll on workers', () => {
  let dir: string;
  let jobs: ParseJob[];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'scholium-parse-pool-'));
    mkdirSync(join(dir, 'logs'));
    jobs = Array.from({ length: 480 }, (_, i) => {
      const path = `logs/claim-${i}.md` as NotePath;
      writeFileSync(join(dir, path), noteText(i));
      return { path, kind: 'note' as const, absolutePath: join(dir, path) };
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('hands every result over in input order, as parsing on the main thread does', async () => {
    const onWorkers: [string, FileOutcome][] = [];
    const stats = await parseAll(jobs, (job, outcome) => onWorkers.push([job.path, outcome]), 2);
    const inProcess: [string, FileOutcome][] = [];
    await parseAll(jobs, (job, outcome) => inProcess.push([job.path, outcome]), 1);
    expect(stats.workers).toBe(2);
    expect(onWorkers.map(([path]) => path)).toEqual(jobs.map((job) => job.path));
    expect(onWorkers).toEqual(inProcess);
  });

  it('gives the workers more only as results are taken: a slow writer has a few chunks waiting, not the whole batch', async () => {
    const taken: string[] = [];
    const stats = await parseAll(
      jobs,
      (job) => {
        // A writer ~1 ms a file: far slower than two workers parse these notes.
        const until = performance.now() + 1;
        while (performance.now() < until);
        taken.push(job.path);
      },
      2,
    );
    expect(taken).toEqual(jobs.map((job) => job.path));
    // 30 chunks of 16 files: unbounded, nearly all of them waited at once.
    expect(stats.mostChunksWaiting).toBeGreaterThan(0);
    expect(stats.mostChunksWaiting).toBeLessThanOrEqual(8);
  });
});
