/**
 * The context of a link or citation: the sentence around it, trimmed to a
 * readable length. Shared by ingest (links as parsed) and the graph (mentions).
 */

/** Longest context kept, in characters. */
export const MAX_CONTEXT = 320;

const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * Sentence spans of a text. The segmenter ends a sentence at "p." inside
 * `[see @key, p. 3]`; a sentence is not over while a bracket is open.
 */
export function sentences(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let depth = 0;
  for (const s of sentenceSegmenter.segment(text)) {
    const start = s.index;
    const end = start + s.segment.length;
    const last = out.at(-1);
    if (last && depth > 0) last.end = end;
    else out.push({ start, end });
    for (let i = start; i < end; i++) {
      const code = text.charCodeAt(i);
      // `[` or `(` opens, `]` or `)` closes.
      if (code === 0x5b || code === 0x28) depth++;
      else if ((code === 0x5d || code === 0x29) && depth > 0) depth--;
    }
  }
  return out;
}

export function clip(text: string): string {
  return text.length <= MAX_CONTEXT ? text : `${text.slice(0, MAX_CONTEXT - 1)}…`;
}
