/** Builds the browser assets once before the suite, so page and browser tests see what `npm start` serves. */
import { buildAssets } from '../web/build.ts';

export default async function setup(): Promise<void> {
  await buildAssets();
}
