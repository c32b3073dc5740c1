/** Small pieces shared by pages: links, badges, lists. */
import { type Html, html } from './html.ts';

export const noteHref = (slug: string) => `/notes/${slug.split('/').map(encodeURIComponent).join('/')}`;
export const paperHref = (id: string) => `/papers/${encodeURIComponent(id)}`;
export const tagHref = (tag: string) => `/tags/${tag.split('/').map(encodeURIComponent).join('/')}`;
export const searchHref = (q: string) => `/search?q=${encodeURIComponent(q)}`;

export function typeBadge(type: string): Html {
  return html`<span class="badge type-${type}">${type}</span>`;
}

export function verdictBadge(verdict: string | null | undefined): Html | '' {
  return verdict ? html`<span class="badge verdict verdict-${verdict}">${verdict.replace('-', ' ')}</span>` : '';
}

export function tagList(tags: readonly string[]): Html | '' {
  if (tags.length === 0) return '';
  return html`<ul class="tags">${tags.map((t) => html`<li><a href="${tagHref(t)}">#${t}</a></li>`)}</ul>`;
}

export function noteList(notes: readonly { slug: string; title: string; type: string; tags?: readonly string[]; updated?: string | null }[]): Html {
  if (notes.length === 0) return html`<p class="empty">Nothing here yet.</p>`;
  return html`<ul class="note-list">${notes.map(
    (n) =>
      html`<li><a href="${noteHref(n.slug)}" data-slug="${n.slug}">${n.title}</a> ${typeBadge(n.type)}${n.updated ? html` <time datetime="${n.updated}">${n.updated.slice(0, 10)}</time>` : ''}</li>`,
  )}</ul>`;
}
