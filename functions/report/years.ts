/**
 * The last year a report may be for. The archive's keys stop at the same year (archive/keys.ts),
 * so every valid report has a key to be archived under.
 */
export const LAST_YEAR = 2099;
