/** Worker-thread entry: parses batches of files and posts back plain records (never syntax trees). */
import { parentPort } from 'node:worker_threads';
import { ingestFile } from '../ingest/ingest-file.ts';
import type { ParseRequest, ParseResponse } from './parse-pool.ts';

parentPort?.on('message', (request: ParseRequest) => {
  const results = request.jobs.map((job) => ingestFile(job.path, job.kind, job.bytes));
  parentPort?.postMessage({ id: request.id, results } satisfies ParseResponse);
});
