import { type Html, html } from './html.ts';

export interface PageContext {
  /** Public mode: read-only, no editor links, no live updates. */
  publicMode: boolean;
  /** The query in the header's search box. */
  query?: string;
}

export interface PageOptions {
  title: string;
  body: Html;
  context: PageContext;
  /** Extra class on <body>, for page-specific styles. */
  kind: string;
  description?: string;
  /** Focus the search box on load (the home page). */
  autofocusSearch?: boolean;
  /** The note shown, if any (live reload refreshes this page when it changes). */
  slug?: string;
  /** Alternate representations: the JSON twin, feeds. */
  alternates?: { type: string; href: string; title?: string }[];
}

export function layout(page: PageOptions): Html {
  const { context } = page;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${page.title} · Scholium</title>
${page.description ? html`<meta name="description" content="${page.description}">` : ''}
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/app.css">
<link rel="stylesheet" href="/assets/katex/katex.min.css">
<link rel="alternate" type="application/atom+xml" href="/feed.xml" title="Recently updated notes">
${(page.alternates ?? []).map((a) => html`<link rel="alternate" type="${a.type}" href="${a.href}"${a.title ? html` title="${a.title}"` : ''}>`)}
<script type="module" src="/assets/app.js"></script>
</head>
<body class="page-${page.kind}" data-mode="${context.publicMode ? 'public' : 'author'}"${page.slug ? html` data-slug="${page.slug}"` : ''}>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <a class="brand" href="/">Scholium</a>
  <form class="search-form" action="/search" method="get" role="search">
    <label class="visually-hidden" for="q">Search notes</label>
    <input id="q" name="q" type="search" role="combobox" value="${context.query ?? ''}" placeholder="Search notes, papers, authors…  ( / )"
      autocomplete="off" spellcheck="false" aria-controls="search-popup" aria-expanded="false" aria-autocomplete="list"${page.autofocusSearch ? html` autofocus` : ''}>
    <div id="search-popup" class="search-popup" role="listbox" hidden></div>
  </form>
  <nav class="site-nav" aria-label="Sections">
    <a href="/papers">Papers</a>
    <a href="/replications">Replications</a>
    <a href="/tags">Tags</a>
    <a href="/graph">Graph</a>
    ${context.publicMode ? '' : html`<a href="/problems">Problems</a>`}
  </nav>
</header>
<main id="main" tabindex="-1">
${page.body}
</main>
<footer class="site-footer">
  <span>Scholium${context.publicMode ? '' : ' · author mode'}</span>
  <a href="/api/docs">API</a>
  <a href="/feed.xml">Feed</a>
</footer>
</body>
</html>`;
}
