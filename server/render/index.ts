export { CODE_THEME_CSS, CODE_THEMES, loadHighlighter, warmUpHighlighter } from './highlight.ts';
export { renderMarkdown, renderMarkdownSync } from './render.ts';
export type { LinkResolver, NoteTarget, RenderedNote, RenderOptions, ResolvedNote, ResolvedPaper, TocEntry } from './types.ts';
export { fragment, headingId, noteHref, paperHref } from './urls.ts';
