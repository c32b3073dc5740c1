#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so a fresh clone needs no build step.
// `npm start` runs the built bundle instead (server/build.ts): the same code without tsx.
import { register } from 'tsx/esm/api';

register();
await import('./entry.ts');
