/** Worker-thread entry: reads and parses batches of files and posts back plain records (never syntax trees). */
import { parentPort } from 'node:worker_threads';
import type { ParseRequest, ParseResponse } from './parse-pool.ts';
import { prepareToParse, readAndParse } from './read-and-parse.ts';

// Answers may leave out of order (one waiting for the BibTeX parser to load): the pool matches them by id.
parentPort?.on('message', async (request: ParseRequest) => {
  await prepareToParse(request.jobs);
  const outcomes = request.jobs.map(readAndParse);
  parentPort?.postMessage({ id: request.id, outcomes } satisfies ParseResponse);
});
