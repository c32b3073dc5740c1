// Worker entry in plain JavaScript: a worker thread does not inherit the main
// thread's TypeScript loader, so it registers tsx itself before loading the worker.
import { register } from 'tsx/esm/api';

register();
await import('./postings-worker.ts');
