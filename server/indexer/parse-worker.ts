/** Worker-thread entry: reads and parses batches of files and posts back plain records (never syntax trees). */
import { parentPort } from 'node:worker_threads';
import { type ParseRequest, type ParseResponse, readAndParse } from './parse-pool.ts';

parentPort?.on('message', (request: ParseRequest) => {
  const outcomes = request.jobs.map(readAndParse);
  parentPort?.postMessage({ id: request.id, outcomes } satisfies ParseResponse);
});
