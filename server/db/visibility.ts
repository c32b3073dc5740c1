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
 * SQL condition on a papers row aliased `alias`: a paper described only by a
 * hidden note does not exist for visitors (its metadata came from that note).
 */
export const visiblePaper = (alias = 'p') =>
  `(${alias}.note_path IS NULL OR NOT EXISTS (SELECT 1 FROM notes hn WHERE hn.path = ${alias}.note_path AND ${hiddenNote('hn')}))`;
