/** What every part of the editor shares: the report, where each field is, and whom to tell of a change. */
import type { Json, Path } from './model';

export interface EditorContext {
  report: Json;
  /** Every field by the path the validator names it with, so a problem finds its cell or paragraph. */
  fields: Map<string, HTMLElement>;
  /** The author changed the report (a cell, a text, a block). */
  changed(): void;
  /** A block was added, removed or moved: the section's blocks are drawn again. */
  restructured(section: Path): void;
  /** The printed wording of a label changed (labels.ts): its heading or table is drawn again. */
  relabelled(labelId: string): void;
}
