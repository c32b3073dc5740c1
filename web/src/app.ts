/**
 * Progressive enhancement for every page: search as you type with keyboard
 * navigation, `/` to search from anywhere, hover previews of linked notes, and
 * (author mode) live reload when notes change. Pages work without it.
 */

const DEBOUNCE_MS = 120;
const PREVIEW_DELAY_MS = 350;

interface SearchHit {
  slug: string | null;
  paperId: string | null;
  title: string;
  type: string;
  snippet: string;
  heading: { text: string; id: string } | null;
  external: boolean;
}

const $ = <T extends Element>(selector: string, root: ParentNode = document) => root.querySelector<T>(selector);

function noteHref(slug: string): string {
  return `/notes/${slug.split('/').map(encodeURIComponent).join('/')}`;
}

function hitHref(hit: SearchHit): string {
  if (hit.slug) return `${noteHref(hit.slug)}${hit.heading ? `#${hit.heading.id}` : ''}`;
  return `/papers/${encodeURIComponent(hit.paperId ?? '')}`;
}

function escapeHtml(text: string): string {
  const div = document.createElement('div');
  div.textContent = text;
  return div.innerHTML;
}

/** The header search box: results in a popup while typing; ↑/↓ to move, Enter to open, Esc to close. */
function setUpSearch(): void {
  const input = $<HTMLInputElement>('#q');
  const popup = $<HTMLDivElement>('#search-popup');
  if (!input || !popup) return;
  let timer: number | undefined;
  let active = -1;
  let controller: AbortController | undefined;
  let shown: SearchHit[] = [];

  const close = () => {
    popup.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const highlight = (index: number) => {
    const options = popup.querySelectorAll<HTMLElement>('[role="option"]');
    for (const [i, option] of options.entries()) option.setAttribute('aria-selected', String(i === index));
    active = index;
    const option = options[index];
    if (option) {
      input.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    }
  };
  const render = (hits: SearchHit[], total: number, query: string) => {
    shown = hits;
    if (hits.length === 0) {
      popup.innerHTML = `<p class="popup-empty">No results for <q>${escapeHtml(query)}</q></p>`;
    } else {
      popup.innerHTML = hits
        .map(
          (h, i) => `<a role="option" id="popup-${i}" aria-selected="false" class="popup-hit" href="${escapeHtml(hitHref(h))}">
            <span class="popup-title">${escapeHtml(h.title)}</span> <span class="badge type-${escapeHtml(h.type)}">${escapeHtml(h.type)}</span>${h.external ? ' <span class="badge external">no note</span>' : ''}
            ${h.snippet ? `<span class="popup-snippet">${h.snippet}</span>` : ''}</a>`,
        )
        .join('');
      popup.insertAdjacentHTML('beforeend', `<a class="popup-all" href="/search?q=${encodeURIComponent(query)}">All ${total} results →</a>`);
    }
    popup.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
  };
  const run = async () => {
    const query = input.value.trim();
    if (!query) return close();
    controller?.abort();
    controller = new AbortController();
    const started = performance.now();
    try {
      const res = await fetch(`/api/search?q=${encodeURIComponent(query)}&limit=8`, { signal: controller.signal, headers: { accept: 'application/json' } });
      if (!res.ok) {
        const body = (await res.json()) as { error?: string };
        popup.innerHTML = `<p class="popup-empty">${escapeHtml(body.error ?? 'Cannot search this')}</p>`;
        popup.hidden = false;
        return;
      }
      const body = (await res.json()) as { hits: SearchHit[]; total: number };
      render(body.hits, body.total, query);
      document.documentElement.dataset.lastSearchMs = String(Math.round(performance.now() - started));
    } catch (error) {
      if ((error as Error).name !== 'AbortError') throw error;
    }
  };

  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, DEBOUNCE_MS);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' && shown.length) {
      event.preventDefault();
      if (popup.hidden) popup.hidden = false;
      highlight(Math.min(shown.length - 1, active + 1));
    } else if (event.key === 'ArrowUp' && shown.length) {
      event.preventDefault();
      highlight(Math.max(0, active - 1));
    } else if (event.key === 'Enter' && active >= 0 && shown[active]) {
      event.preventDefault();
      window.location.assign(hitHref(shown[active] as SearchHit));
    } else if (event.key === 'Escape') {
      close();
    }
  });
  document.addEventListener('click', (event) => {
    if (!popup.contains(event.target as Node) && event.target !== input) close();
  });
  // `/` focuses the search box from anywhere, unless the user is typing in a field.
  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement;
    if (event.key === '/' && !event.ctrlKey && !event.metaKey && !/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) && !target.isContentEditable) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });
}

/** Hovering a link to a note shows its title and opening lines. */
function setUpPreviews(): void {
  const card = document.createElement('div');
  card.className = 'preview-card';
  card.setAttribute('role', 'tooltip');
  card.hidden = true;
  document.body.append(card);
  const cache = new Map<string, Promise<string | null>>();
  let timer: number | undefined;

  const load = (slug: string) => {
    let pending = cache.get(slug);
    if (!pending) {
      pending = fetch(`/api/notes/${slug.split('/').map(encodeURIComponent).join('/')}`, { headers: { accept: 'application/json' } }).then(async (res) => {
        if (!res.ok) return null;
        const note = (await res.json()) as { title: string; type: string; excerpt?: string; tags: string[] };
        return `<strong>${escapeHtml(note.title)}</strong> <span class="badge type-${escapeHtml(note.type)}">${escapeHtml(note.type)}</span><p>${escapeHtml(note.excerpt ?? '')}</p>`;
      });
      cache.set(slug, pending);
    }
    return pending;
  };
  document.addEventListener('mouseover', (event) => {
    const link = (event.target as Element).closest?.<HTMLAnchorElement>('a[data-slug]');
    if (!link || link.closest('.search-popup')) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(async () => {
      const content = await load(link.dataset.slug as string);
      if (!content || !link.matches(':hover')) return;
      card.innerHTML = content;
      const rect = link.getBoundingClientRect();
      card.style.left = `${Math.min(window.scrollX + rect.left, window.scrollX + window.innerWidth - 340)}px`;
      card.style.top = `${window.scrollY + rect.bottom + 6}px`;
      card.hidden = false;
    }, PREVIEW_DELAY_MS);
  });
  document.addEventListener('mouseout', (event) => {
    if ((event.target as Element).closest?.('a[data-slug]')) {
      window.clearTimeout(timer);
      card.hidden = true;
    }
  });
}

/** Author mode: the note being edited re-renders, a search page re-runs its query. */
function setUpLiveReload(): void {
  if (document.body.dataset.mode !== 'author' || !('EventSource' in window)) return;
  const events = new EventSource('/api/events');
  events.addEventListener('change', (event) => {
    const { changed, removed } = JSON.parse((event as MessageEvent<string>).data) as { changed: { slug: string }[]; removed: { slug: string }[] };
    const slug = document.body.dataset.slug;
    const touched = [...changed, ...removed].some((n) => n.slug === slug);
    if ((slug && touched) || document.body.classList.contains('page-search') || document.body.classList.contains('page-home')) {
      sessionStorage.setItem('scholium-scroll', String(window.scrollY));
      window.location.reload();
    }
  });
  const scroll = sessionStorage.getItem('scholium-scroll');
  if (scroll) {
    sessionStorage.removeItem('scholium-scroll');
    window.scrollTo(0, Number(scroll));
  }
}

/** "Copy BibTeX" buttons on paper notes. */
function setUpCopyButtons(): void {
  document.addEventListener('click', async (event) => {
    const button = (event.target as Element).closest?.<HTMLButtonElement>('button[data-copy-target]');
    if (!button) return;
    const source = document.getElementById(button.dataset.copyTarget as string);
    if (!source) return;
    await navigator.clipboard.writeText(source.textContent ?? '');
    const label = button.textContent;
    button.textContent = 'Copied';
    window.setTimeout(() => {
      button.textContent = label;
    }, 1500);
  });
}

setUpSearch();
setUpPreviews();
setUpLiveReload();
setUpCopyButtons();
