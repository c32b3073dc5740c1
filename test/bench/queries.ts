/**
 * A fixed, varied mix of search queries for the benchmark, derived
 * deterministically from a generated vault's titles: title words, one-letter
 * typos, phrases, operators, filters and very common words.
 */
const COMMON = ['the model', 'training data', 'model', 'safety', 'reward model', 'alignment evaluation', 'data', 'language models'];
const OPERATORS = [
  'backdoor -poisoning',
  'dpo OR rlhf',
  'type:paper reward',
  'tag:safety model',
  'year:2020..2022 attack',
  'type:replication verdict:reproduced',
  'has:replication',
  'author:smith',
  'status:read deception',
  'path:papers/ scaling',
];

/** One edit in the middle of the word: the kind of typo a fast typist makes. */
function typo(word: string): string {
  if (word.length < 4) return word;
  const i = Math.floor(word.length / 2);
  return word.slice(0, i) + word.slice(i + 1);
}

export function benchQueries(titles: string[], count = 240): string[] {
  const out: string[] = [];
  const words = (t: string) => t.split(/[^\p{L}\p{N}-]+/u).filter((w) => w.length > 3);
  for (let i = 0; out.length < count; i++) {
    const title = titles[i % titles.length] as string;
    const ws = words(title);
    switch (i % 8) {
      case 0:
        out.push(title);
        break;
      case 1:
        out.push(ws.slice(0, 2).join(' '));
        break;
      case 2:
        out.push(ws.slice(0, 2).map(typo).join(' '));
        break;
      case 3:
        out.push(`"${ws.slice(1, 3).join(' ')}"`);
        break;
      case 4:
        out.push(`${(ws[0] ?? 'model').slice(0, 4)}`);
        break;
      case 5:
        out.push(OPERATORS[i % OPERATORS.length] as string);
        break;
      case 6:
        out.push(COMMON[i % COMMON.length] as string);
        break;
      default:
        out.push(`${ws[ws.length - 1] ?? 'safety'} ${(ws[0] ?? 'mo').slice(0, 3)}`);
    }
  }
  return out.filter((q) => q.trim() && q !== '""');
}

/** Prefixes as typed, for suggestions: 1 to 6 letters of title words. */
export function suggestPrefixes(titles: string[], count = 200): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    const title = titles[i % titles.length] as string;
    const word = title.split(/\s+/).find((w) => w.length > 4) ?? title;
    out.push(word.slice(0, 1 + (i % 6)));
  }
  return out;
}
