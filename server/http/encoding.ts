/**
 * Response compression settings, shared by the compression plugin (for
 * responses made by a route) and the kept responses (compressed once, then
 * sent as they are), so both answer a client the same way.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export type ContentEncoding = 'br' | 'gzip';

/** In order of preference, for the same weight in `Accept-Encoding`. */
export const ENCODINGS: readonly ContentEncoding[] = ['br', 'gzip'];
/** Smaller bodies are sent as they are: compressing them saves less than the header costs. */
export const COMPRESS_THRESHOLD = 1024;
/** Brotli's quality 4, as the plugin uses: its default 11 costs milliseconds a response. */
export const BROTLI_OPTIONS = { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } };
/** The types worth compressing (the plugin's default test). */
const COMPRESSIBLE = /^text\/(?!event-stream)|(?:\+|\/)json(?:;|$)|(?:\+|\/)text(?:;|$)|(?:\+|\/)xml(?:;|$)/u;

export function isCompressible(contentType: string): boolean {
  return COMPRESSIBLE.test(contentType);
}

/** Client headers seen, with the encoding chosen for each: a browser sends the same one every time. */
const chosen = new Map<string, ContentEncoding | null>();
const CHOSEN_LIMIT = 256;

/**
 * The encoding to answer `Accept-Encoding` with, or null for none. The highest weight wins,
 * ties going to the first of `ENCODINGS`; `*` and `x-gzip` stand for gzip, as for the plugin.
 */
export function preferredEncoding(acceptEncoding: string | undefined): ContentEncoding | null {
  if (!acceptEncoding) return null;
  const known = chosen.get(acceptEncoding);
  if (known !== undefined) return known;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [rawName = '', ...params] = part.split(';');
    const name = rawName.trim() === '*' || rawName.trim() === 'x-gzip' ? 'gzip' : rawName.trim();
    let weight = 1;
    for (const param of params) {
      const q = /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(param);
      if (q) weight = Number(q[1]);
    }
    weights.set(name, Math.max(weights.get(name) ?? 0, weight));
  }
  let best: ContentEncoding | null = null;
  let bestWeight = 0;
  for (const encoding of ENCODINGS) {
    const weight = weights.get(encoding) ?? 0;
    if (weight > bestWeight) {
      best = encoding;
      bestWeight = weight;
    }
  }
  if (chosen.size >= CHOSEN_LIMIT) chosen.clear();
  chosen.set(acceptEncoding, best);
  return best;
}

export function encode(body: Buffer, encoding: ContentEncoding): Buffer {
  return encoding === 'br' ? brotliCompressSync(body, BROTLI_OPTIONS) : gzipSync(body);
}
