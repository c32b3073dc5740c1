/**
 * What a note's HTML may contain after sanitizing: GitHub's rules
 * (hast-util-sanitize's default schema), plus the few things notes use that
 * GitHub does not allow and the placeholders of trusted markup.
 *
 * The sanitizer runs before math, code highlighting and link markup are
 * added, so none of KaTeX's or Shiki's classes and styles are allowed here:
 * raw HTML in a note cannot dress itself up as either.
 */
import { defaultSchema, type Options as Schema } from 'rehype-sanitize';
import { MARKER_PROPERTY } from './markers.ts';

const defaults = defaultSchema.attributes ?? {};
const withMarker = (tag: string) => [...(defaults[tag] ?? []), MARKER_PROPERTY];

export const sanitizeSchema: Schema = {
  ...defaultSchema,
  tagNames: [...(defaultSchema.tagNames ?? []), 'mark', 'abbr', 'cite', 'small', 'u', 'figure', 'figcaption', 'caption'],
  // Dropped with their content (other disallowed elements are unwrapped and keep their text).
  strip: ['script', 'style', 'template', 'noscript', 'iframe', 'object', 'embed', 'textarea', 'title', 'xmp', 'noembed', 'noframes', 'select'],
  attributes: {
    ...defaults,
    // remark-math writes `$x$` as `<code class="language-math math-inline">`; the math step finds it by these classes.
    code: [['className', /^language-./, 'math-inline', 'math-display']],
    // Placeholders for trusted markup (see markers.ts): inline and block ones, and headings.
    span: withMarker('span'),
    div: withMarker('div'),
    h1: withMarker('h1'),
    h2: withMarker('h2'),
    h3: withMarker('h3'),
    h4: withMarker('h4'),
    h5: withMarker('h5'),
    h6: withMarker('h6'),
  },
};
