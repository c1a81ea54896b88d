/**
 * A table of inputs that moves like a spreadsheet: arrows move between cells, Enter moves down
 * (Shift+Enter up), Tab and Shift+Tab keep their order (the inputs are in row order), focusing a
 * cell selects its figure so typing replaces it, and a block copied from Excel or WPS (tab-separated
 * lines) pastes into the cells from the cursor rightwards and down.
 */

/** The table's inputs by visual row, each row left to right. */
function matrix(table: HTMLTableElement): HTMLInputElement[][] {
  return Array.from(table.tBodies[0]!.rows, (row) => Array.from(row.querySelectorAll("input"))).filter((row) => row.length > 0);
}

function position(grid: HTMLInputElement[][], input: HTMLInputElement): [number, number] | undefined {
  for (let r = 0; r < grid.length; r++) {
    const c = grid[r]!.indexOf(input);
    if (c >= 0) return [r, c];
  }
  return undefined;
}

/** The cell at a row and column, or the row's last when it has fewer columns (section 二's groups). */
function cellAt(grid: HTMLInputElement[][], r: number, c: number): HTMLInputElement | undefined {
  const row = grid[r];
  return row?.[Math.min(c, row.length - 1)];
}

/** Tab-separated lines as Excel and WPS put them on the clipboard (a trailing line break dropped). */
function parseTsv(text: string): string[][] {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  return lines.map((line) => line.split('\t'));
}

const MOVES: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

export function enableGridKeys(table: HTMLTableElement): void {
  table.addEventListener('focusin', (event) => {
    if (event.target instanceof HTMLInputElement) event.target.select();
  });
  table.addEventListener('keydown', (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || event.altKey || event.ctrlKey || event.metaKey) return;
    const move = event.key === 'Enter' ? [event.shiftKey ? -1 : 1, 0] : MOVES[event.key];
    if (!move) return;
    const grid = matrix(table);
    const at = position(grid, input);
    if (!at) return;
    const [r, c] = at;
    const target = move[1] === 0 ? cellAt(grid, r + move[0]!, c) : grid[r]![c + move[1]!];
    event.preventDefault();
    target?.focus();
  });
  table.addEventListener('paste', (event) => {
    const input = event.target;
    const text = event.clipboardData?.getData('text/plain') ?? '';
    if (!(input instanceof HTMLInputElement) || !/[\t\n]/.test(text.replace(/\r?\n$/, ''))) return;
    event.preventDefault();
    const grid = matrix(table);
    const [r, c] = position(grid, input)!;
    parseTsv(text).forEach((values, i) =>
      values.forEach((value, j) => {
        const target = grid[r + i]?.[c + j];
        if (!target) return;
        target.value = value.trim();
        target.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    );
  });
}
