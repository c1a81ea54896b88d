/** What an import read, and what it leaves for a person. */
export interface ImportSummary {
  /** Table cells read from the publication (a blank printed as blank counts as read). */
  cellsRead: number;
  /** Table cells the format has for this report. */
  cellsExpected: number;
  /** Text the importer could not place, quoted. */
  unplaced: string[];
  /** What a person has to check or supply before the report is right. */
  needsPerson: string[];
}

export class Findings {
  cellsRead = 0;
  cellsExpected = 0;
  readonly unplaced: string[] = [];
  readonly needsPerson: string[] = [];

  unplace(text: string): void {
    const trimmed = text.trim();
    const quote = trimmed.length > 200 ? `${trimmed.slice(0, 200)}…` : trimmed;
    // The same stray text (a crawl's placeholder head over every row) is quoted once.
    if (quote && !this.unplaced.includes(quote)) this.unplaced.push(quote);
  }

  summary(): ImportSummary {
    return { cellsRead: this.cellsRead, cellsExpected: this.cellsExpected, unplaced: this.unplaced, needsPerson: this.needsPerson };
  }
}
