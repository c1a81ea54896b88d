/**
 * A table's bands → rows of cells, as a web page's table gives them (`| a | b |`, an empty cell
 * kept empty). The columns are the lowest header cells (those with no header cell under them: a
 * merged head such as 申请人情况 spans the cells under it); a row is the numbers centred on one
 * height, with the label cells beside them; a cell that spans rows (三、本年度办理结果) goes with
 * the first. A row of labels only is a row of blanks when it is numbered (2.其他法律行政法规禁止公开),
 * and the first row of a page carries on the last row of the page before when it has no label (a
 * number wrapped over the page break) or its label opens with no numbering (a label wrapped over it).
 */
import { NUMBERED } from '../text';
import { pitchOf, spanOf, textOf, type Block } from './blocks';
import { withoutSpreadSpaces } from './fragments';

export interface Row {
  cells: string[];
  /** Where the label cells end and the value cells begin. */
  labels: number;
}

interface Slot {
  x: number;
  right: number;
}

interface Anchor {
  centre: number;
  values: Block[];
  labels: Block[];
}

const centreOf = (block: Block) => (block.top + block.bottom) / 2;
const overlap = (a: { x: number; right: number }, b: { x: number; right: number }) => Math.min(a.right, b.right) - Math.max(a.x, b.x);

/** The columns under a header: its lowest cells left to right, cells that overlap as one. */
function slotsOf(header: Block[]): Slot[] {
  const leaves = header.filter((h) => !header.some((g) => g !== h && g.top < h.bottom - 0.3 * h.size && overlap(g, h) > 0));
  const slots: Slot[] = [];
  for (const leaf of [...leaves].sort((a, b) => a.x - b.x)) {
    const last = slots.at(-1);
    if (last && leaf.x < last.right) last.right = Math.max(last.right, leaf.right);
    else slots.push({ x: leaf.x, right: leaf.right });
  }
  return slots;
}

function slotIndex(slots: Slot[], block: Block): number {
  let best = 0;
  let score = -Infinity;
  slots.forEach((slot, i) => {
    const centreDistance = Math.abs((slot.x + slot.right) / 2 - (block.x + block.right) / 2);
    const value = overlap(slot, block) > 0 ? overlap(slot, block) : -centreDistance;
    if (value > score) {
      score = value;
      best = i;
    }
  });
  return best;
}

/** Numbers at one height are a row; label blocks go to the row they span (the first, if several) or the nearest within half a line. */
function anchorsOf(blocks: Block[], pitch: number): { anchors: Anchor[]; loose: Block[] } {
  const anchors: Anchor[] = [];
  for (const value of blocks.filter((b) => b.value).sort((a, b) => centreOf(b) - centreOf(a))) {
    const anchor = anchors.at(-1);
    if (anchor && anchor.centre - centreOf(value) <= 0.5 * value.size) anchor.values.push(value);
    else anchors.push({ centre: centreOf(value), values: [value], labels: [] });
  }
  const loose: Block[] = [];
  for (const block of blocks.filter((b) => !b.value)) {
    const span = spanOf(block);
    const inside = anchors.filter((a) => a.centre >= span.low && a.centre <= span.high);
    const near = anchors.filter((a) => a.centre >= span.low - pitch / 2 && a.centre <= span.high + pitch / 2).sort((a, b) => Math.abs(a.centre - centreOf(block)) - Math.abs(b.centre - centreOf(block)));
    const anchor = inside[0] ?? near[0];
    if (anchor) anchor.labels.push(block);
    else loose.push(block);
  }
  return { anchors, loose };
}

const cellText = (block: Block) => withoutSpreadSpaces(textOf(block));

/** Header blocks as rows: those starting at one height, left to right. */
function headerRows(header: Block[]): Row[] {
  const rows: Block[][] = [];
  for (const block of [...header].sort((a, b) => b.top - a.top || a.x - b.x)) {
    const row = rows.at(-1);
    if (row && row[0]!.top - block.top <= 0.5 * block.size) row.push(block);
    else rows.push([block]);
  }
  return rows.map((row) => ({ cells: row.sort((a, b) => a.x - b.x).map(cellText), labels: row.length }));
}

/**
 * The table being read, across bands and pages: its columns, where its values begin, and
 * label-only bands held until the next band shows whether the table goes on.
 */
export class TableReader {
  private slots: Slot[] | undefined;
  private valueStart: number | undefined;
  private header: Block[] = [];
  private size = 0;
  private lastRow: Row | undefined;
  /** Where each label cell of the last row begins. */
  private lastLabelXs: number[] = [];
  /** The page being read, and the page its last row was read on (or carried on to). */
  private page = 0;
  private lastRowPage = -1;
  /** Label-only bands, with the page each is on (a row cut by a page break can be held over it). */
  private held: { blocks: Block[]; page: number }[] = [];
  /** Lines of text just above, on this page: a header's cells set on lines of their own. */
  private recent: Block[] = [];

  constructor(
    private readonly pitches: Map<number, number>,
    /** Where rows go, in reading order (shared with the prose around the table). */
    private readonly emit: (row: Row) => void,
    /** Prose, and held bands that turn out not to be the table's. */
    private readonly release: (block: Block) => void,
  ) {}

  get open(): boolean {
    return this.slots !== undefined || this.lastRow !== undefined;
  }

  newPage(): void {
    this.page++;
    this.recent = [];
    this.header = [];
  }

  /** Left of the first value column, where labels are. */
  private inLabels(block: Block): boolean {
    if (!this.slots || this.valueStart === undefined || Math.abs(block.size - this.size) > 0.1 * this.size) return false;
    return block.right <= this.slots[this.valueStart]!.x + 0.5 * block.size;
  }

  /** A band of one block of text: held when it may be a row of the open table, else prose. */
  takeText(block: Block): void {
    if (this.open && this.inLabels(block)) {
      this.held.push({ blocks: [block], page: this.page });
      return;
    }
    if (this.open) this.close();
    this.release(block);
    this.recent.push(block);
  }

  /** The table ends: bands held for it are prose. */
  close(): void {
    for (const band of this.held) band.blocks.forEach(this.release);
    this.recent.push(...this.held.flatMap((band) => band.blocks));
    this.held = [];
    this.slots = undefined;
    this.valueStart = undefined;
    this.header = [];
    this.lastRow = undefined;
  }

  /** A band of several blocks, or with numbers. */
  takeBand(blocks: Block[]): void {
    const size = Math.max(...blocks.map((b) => b.size));
    const { anchors, loose } = anchorsOf(blocks, pitchOf(this.pitches, size));
    if (anchors.length === 0) {
      if (this.open && blocks.every((b) => this.inLabels(b))) {
        this.held.push({ blocks, page: this.page });
        return;
      }
      this.startHeader(blocks, size);
      return;
    }
    const top = anchors[0]!.centre;
    const header = loose.filter((b) => centreOf(b) > top && (!this.open || !this.inLabels(b)));
    if (header.length > 0) this.startHeader(header, size);
    if (this.header.length > 0) {
      this.slots = slotsOf([...this.recent, ...this.header]);
      this.header = [];
      this.lastRow = undefined;
      const values = anchors.flatMap((a) => a.values);
      this.valueStart = Math.min(...values.map((v) => slotIndex(this.slots!, v)));
    } else if (!this.open) this.size = size;
    this.resolveHeld();
    this.recent = [];
    const rows = [...anchors.map((a) => ({ centre: a.centre, anchor: a as Anchor | undefined, block: undefined as Block | undefined })), ...loose.filter((b) => !header.includes(b)).map((b) => ({ centre: centreOf(b), anchor: undefined, block: b }))];
    for (const row of rows.sort((a, b) => b.centre - a.centre)) {
      if (row.anchor) this.dataRow(row.anchor);
      else this.labelRow([row.block!]);
    }
  }

  private startHeader(blocks: Block[], size: number): void {
    if (this.lastRow || this.held.length > 0) this.close();
    this.header.push(...blocks);
    this.size = size;
    for (const row of headerRows(blocks)) this.emit(row);
  }

  /** Held bands are the table's: each a row of labels (blocks centred on one height are one row). */
  private resolveHeld(): void {
    for (const { blocks, page } of this.held) {
      if (this.carriesOn(blocks, page)) continue;
      const rows: Block[][] = [];
      for (const block of blocks.sort((a, b) => centreOf(b) - centreOf(a))) {
        const row = rows.at(-1);
        if (row && centreOf(row[0]!) - centreOf(block) <= 0.5 * block.size) row.push(block);
        else rows.push([block]);
      }
      for (const row of rows) this.labelRow(row, page);
    }
    this.held = [];
  }

  private push(row: Row, labels: Block[], page: number): void {
    this.emit(row);
    this.lastRow = row;
    this.lastLabelXs = labels.map((block) => block.x);
    this.lastRowPage = page;
  }

  private opensPage(page: number): boolean {
    return this.lastRowPage !== page;
  }

  /**
   * Labels opening a page with no numbering: the rest of the last row's labels, cut by the page
   * break. One label goes on the label cell it is under (the last, if under none); several go each
   * on the cell it is under, and are not the rest when one is under no cell.
   */
  private carriesOn(blocks: Block[], page: number): boolean {
    const last = this.lastRow;
    if (!last || last.labels === 0 || !this.opensPage(page) || blocks.some((block) => block.value || NUMBERED.test(cellText(block)))) return false;
    const cellOf = (block: Block) => this.lastLabelXs.findIndex((x) => Math.abs(x - block.x) <= 0.5 * block.size);
    const cells = blocks.map(cellOf);
    if (blocks.length > 1 && (cells.includes(-1) || new Set(cells).size < cells.length)) return false;
    blocks.forEach((block, i) => {
      const cell = cells[i] === -1 ? last.labels - 1 : cells[i]!;
      last.cells[cell] = `${last.cells[cell]}${cellText(block)}`;
    });
    this.lastRowPage = page;
    return true;
  }

  /** A label with no numbers beside it: the rest of a label cut by the page, or a row of blanks. */
  private labelRow(blocks: Block[], page = this.page): void {
    blocks.sort((a, b) => a.x - b.x);
    if (blocks.length === 1 && this.carriesOn(blocks, page)) return;
    const labels = blocks.map(cellText);
    const blanks = NUMBERED.test(labels.at(-1)!) && this.slots && this.valueStart !== undefined ? this.slots.length - this.valueStart : 0;
    this.push({ cells: [...labels, ...Array<string>(blanks).fill('')], labels: labels.length }, blocks, page);
  }

  private dataRow(anchor: Anchor): void {
    const labels = anchor.labels.sort((a, b) => a.x - b.x).map(cellText);
    const values = this.valueCells(anchor.values);
    const last = this.lastRow;
    // Numbers with no label at the top of a page: the rest of the last row's numbers.
    if (labels.length === 0 && last && this.opensPage(this.page) && last.cells.length === last.labels + values.length) {
      values.forEach((value, i) => (last.cells[last.labels + i] = `${last.cells[last.labels + i]}${value}`));
      this.lastRowPage = this.page;
      return;
    }
    this.push({ cells: [...labels, ...values], labels: labels.length }, anchor.labels, this.page);
  }

  /** The values of a row in its columns, blanks where a column has none. */
  private valueCells(values: Block[]): string[] {
    const byX = [...values].sort((a, b) => a.x - b.x);
    if (!this.slots || this.valueStart === undefined) return byX.map(cellText);
    const cells = Array<string>(this.slots.length - this.valueStart).fill('');
    for (const value of byX) {
      const column = slotIndex(this.slots, value) - this.valueStart;
      // Two numbers in one column, or one left of the columns: the columns are not these; as printed.
      if (column < 0 || cells[column] !== '') return byX.map(cellText);
      cells[column] = cellText(value);
    }
    return cells;
  }
}
