/**
 * Public mode's one rule, in one place: which notes (and the papers they
 * describe) a visitor may see. Everything that serves visitors filters
 * through these conditions.
 */

/** SQL condition on a notes row aliased `alias`: a draft, private or unpublished note, which visitors never see. */
export const hiddenNote = (alias = 'n') => `(${alias}.draft = 1 OR ${alias}.private = 1 OR ${alias}.publish = 0)`;

/** SQL condition on a notes row: visible in listings (not hidden, not unlisted). */
export const listedNote = (alias = 'n') => `(${alias}.draft = 0 AND ${alias}.private = 0 AND ${alias}.publish = 1 AND ${alias}.unlisted = 0)`;

/**
 * SQL condition on a papers row aliased `alias`: what visitors may see of a
 * paper. A paper with a note exists when its note is visible; a paper without a
 * note exists when a bibliography lists it or a visible note cites or links it
 * (a DOI pasted only into a draft must not surface).
 */
export const visiblePaper = (alias = 'p') => `(CASE WHEN ${alias}.note_path IS NOT NULL
  THEN NOT EXISTS (SELECT 1 FROM notes hn WHERE hn.path = ${alias}.note_path AND ${hiddenNote('hn')})
  ELSE ${alias}.source = 'bib'
    OR EXISTS (SELECT 1 FROM paper_ids pi JOIN identifier_refs r ON r.kind = pi.kind AND r.value = pi.value
               JOIN notes vn ON vn.path = r.source_path WHERE pi.paper_id = ${alias}.id AND NOT ${hiddenNote('vn')})
    OR EXISTS (SELECT 1 FROM paper_ids pi JOIN citations c ON pi.kind = 'citekey' AND c.key = pi.value
               JOIN notes vn ON vn.path = c.source_path WHERE pi.paper_id = ${alias}.id AND NOT ${hiddenNote('vn')})
    OR EXISTS (SELECT 1 FROM replications r JOIN notes vn ON vn.path = r.note_path WHERE r.paper_id = ${alias}.id AND NOT ${hiddenNote('vn')})
  END)`;
