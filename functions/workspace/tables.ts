/**
 * The three tables as spreadsheet-like grids with the official labels (or those the report
 * printed), every cell an input a screen reader names by its row and column, blanks shown blank.
 * Each 总计 shows beside it the sum the rules compute (R-2, R-3, R-4), so the author sees at once
 * which figure to correct. Keyboard moves and pasting are grid-keys.ts.
 */
import {
  APPLICANT_COLUMNS,
  labelId,
  OUTCOME_COLUMNS,
  PROACTIVE_CONTENT_LABEL,
  printedLabel,
  proactiveLayoutOf,
  REQUESTS_HEADER,
  requestsLayoutOf,
  REVIEW_GROUPS,
  REVIEWS_HEADER,
  type Report,
  type RequestGroupLayout,
  type RequestRowLayout,
} from '../report';
import { h } from './dom';
import type { EditorContext } from './editor-context';
import { enableGridKeys } from './grid-keys';
import { amountValue, cellText, cellValue, getAt, pathText, setAt, type Path } from './model';

const REQUESTS = ['sections', 'requests', 'table'];
const REVIEWS = ['sections', 'reviews', 'table'];

/** The label as the report prints it; the official wording stays in the tooltip when they differ. */
function labelOf(ctx: EditorContext, id: string, official: string): string {
  return printedLabel(ctx.report as unknown as Report, id, official);
}

/** One cell: an input bound to its path in the report. */
function cellInput(ctx: EditorContext, path: Path, name: string, kind: 'count' | 'amount' = 'count'): HTMLTableCellElement {
  const key = pathText(path);
  const input = h('input', {
    type: 'text',
    inputMode: kind === 'amount' ? 'decimal' : 'numeric',
    autocomplete: 'off',
    'aria-label': name,
    'data-path': key,
    value: cellText(getAt(ctx.report, path)),
  });
  input.addEventListener('input', () => {
    setAt(ctx.report, path, kind === 'amount' ? amountValue(input.value) : cellValue(input.value));
    ctx.changed();
  });
  ctx.fields.set(key, input);
  return h('td', {}, input);
}

const th = (text: string, props: Record<string, string | number> = {}) => h('th', props, text);

/** Section 三, laid out as the format prints it: header rows, then rows with merged group labels. */
export function requestsTable(ctx: EditorContext): HTMLTableElement {
  const report = ctx.report as unknown as Report;
  const layout = requestsLayoutOf(report);
  const column = (key: (typeof APPLICANT_COLUMNS)[number]['key'], label: string) => labelOf(ctx, labelId.requestColumn(key), label);
  const header = (part: keyof typeof REQUESTS_HEADER) => labelOf(ctx, labelId.requestHeader(part), REQUESTS_HEADER[part]);
  const [natural, ...organisations] = APPLICANT_COLUMNS.filter((c) => c.key !== 'total');
  const total = APPLICANT_COLUMNS.at(-1)!;
  const head = h(
    'thead',
    {},
    h('tr', {}, th(header('note'), { colSpan: 3, rowSpan: 3, scope: 'col' }), th(header('applicants'), { colSpan: 7, scope: 'colgroup' })),
    h('tr', {}, th(column(natural!.key, natural!.label), { rowSpan: 2, scope: 'col' }), th(header('organisations'), { colSpan: 5, scope: 'colgroup' }), th(column(total.key, total.label), { rowSpan: 2, scope: 'col' })),
    h('tr', {}, organisations.map((c) => th(column(c.key, c.label), { scope: 'col' }))),
  );

  const rowLabel = (row: RequestRowLayout | RequestGroupLayout) => labelOf(ctx, labelId.requestRow(row.path), row.label);
  const resultRows = layout.results.flatMap((item) => ('rows' in item ? item.rows : [item])).length;
  const bodyRows: HTMLTableRowElement[] = [];
  const cells = (row: RequestRowLayout, name: string) =>
    APPLICANT_COLUMNS.map((c) => withComputed(ctx, cellInput(ctx, [...REQUESTS, ...row.path, c.key], `${name}，${column(c.key, c.label)}`), [...REQUESTS, ...row.path, c.key]));
  const plainRow = (row: RequestRowLayout) => h('tr', {}, th(rowLabel(row), { colSpan: 3, scope: 'row' }), cells(row, rowLabel(row)));
  bodyRows.push(...layout.before.map(plainRow));
  layout.results.forEach((item, i) => {
    const first = i === 0 ? th(labelOf(ctx, labelId.requestHeader('results'), REQUESTS_HEADER.results), { rowSpan: resultRows, scope: 'rowgroup', class: 'results' }) : null;
    if (!('rows' in item)) {
      bodyRows.push(h('tr', {}, first, th(rowLabel(item), { colSpan: 2, scope: 'row' }), cells(item, rowLabel(item))));
      return;
    }
    item.rows.forEach((row, j) => {
      const group = j === 0 ? th(rowLabel(item), { rowSpan: item.rows.length, scope: 'rowgroup' }) : null;
      bodyRows.push(h('tr', {}, j === 0 ? first : null, group, th(rowLabel(row), { scope: 'row' }), cells(row, `${rowLabel(item)}${rowLabel(row)}`)));
    });
  });
  bodyRows.push(...layout.after.map(plainRow));
  return gridTable('requests', '三、收到和处理政府信息公开申请情况', head, bodyRows);
}

/** Section 二: each group's caption row, its column heads, then its rows. */
export function proactiveTable(ctx: EditorContext): HTMLTableElement {
  const report = ctx.report as unknown as Report;
  const rows: HTMLTableRowElement[] = [];
  for (const group of proactiveLayoutOf(report)) {
    const columns = group.columns.map((c, i) => labelOf(ctx, labelId.proactiveColumn(group, i), c));
    rows.push(h('tr', { class: 'caption' }, th(labelOf(ctx, labelId.proactiveCaption(group), group.caption), { colSpan: 4, scope: 'colgroup' })));
    rows.push(h('tr', { class: 'heads' }, th(labelOf(ctx, labelId.proactiveContent, PROACTIVE_CONTENT_LABEL), { scope: 'col' }), columns.map((c) => th(c, { scope: 'col', colSpan: columns.length === 1 ? 3 : 1 }))));
    for (const row of group.rows) {
      const label = labelOf(ctx, labelId.proactiveRow(row.key), row.label);
      const cells = row.cells.map((key, i) => {
        const amount = key === 'amount';
        const path = ['sections', 'proactive', 'table', row.key, key, ...(amount ? ['value'] : [])];
        const td = cellInput(ctx, path, `${label}，${columns[i]}`, amount ? 'amount' : 'count');
        if (row.cells.length === 1) td.colSpan = 3;
        return td;
      });
      rows.push(h('tr', {}, th(label, { scope: 'row' }), cells));
    }
  }
  return gridTable('proactive', '二、主动公开政府信息情况', null, rows);
}

/** Section 四: 行政复议 and the two kinds of 行政诉讼, five columns each, one row of figures. */
export function reviewsTable(ctx: EditorContext): HTMLTableElement {
  const header = (part: keyof typeof REVIEWS_HEADER) => labelOf(ctx, labelId.reviewsHeader(part), REVIEWS_HEADER[part]);
  const [review, ...litigation] = REVIEW_GROUPS;
  const groupLabel = (g: (typeof REVIEW_GROUPS)[number]) => (g.key === 'review' ? header('review') : labelOf(ctx, labelId.reviewGroup(g.key), g.label));
  const column = (g: (typeof REVIEW_GROUPS)[number], c: (typeof OUTCOME_COLUMNS)[number]) => labelOf(ctx, labelId.reviewColumn(g.key, c.key), c.label);
  const head = h(
    'thead',
    {},
    h('tr', {}, th(header('review'), { colSpan: 5, rowSpan: 2, scope: 'colgroup' }), th(header('litigation'), { colSpan: 10, scope: 'colgroup' })),
    h('tr', {}, litigation.map((g) => th(groupLabel(g), { colSpan: 5, scope: 'colgroup' }))),
    h('tr', {}, REVIEW_GROUPS.flatMap((g) => OUTCOME_COLUMNS.map((c) => th(column(g, c), { scope: 'col' })))),
  );
  const cells = REVIEW_GROUPS.flatMap((g) =>
    OUTCOME_COLUMNS.map((c) => withComputed(ctx, cellInput(ctx, [...REVIEWS, g.key, c.key], `${review === g ? header('review') : `${header('litigation')}${groupLabel(g)}`}，${column(g, c)}`), [...REVIEWS, g.key, c.key])),
  );
  return gridTable('reviews', '四、政府信息公开行政复议、行政诉讼情况', head, [h('tr', {}, cells)]);
}

function gridTable(id: string, caption: string, head: HTMLElement | null, rows: HTMLTableRowElement[]): HTMLTableElement {
  const table = h('table', { class: `grid ${id}`, id: `table-${id}` }, h('caption', { class: 'visually-hidden' }, caption), head, h('tbody', {}, rows));
  enableGridKeys(table);
  return table;
}

/** Total cells get an <output> beside the input for the computed sum (totals.ts fills it in). */
function withComputed(ctx: EditorContext, td: HTMLTableCellElement, path: Path): HTMLTableCellElement {
  const key = pathText(path);
  if (!key.endsWith('.total') && !key.includes('.results.total.')) return td;
  const output = h('output', { class: 'computed', 'data-computed': key, 'aria-label': '按规则计算 computed' });
  td.append(output);
  ctx.fields.get(key)!.setAttribute('aria-describedby', `computed-${key.replaceAll('.', '-')}`);
  output.id = `computed-${key.replaceAll('.', '-')}`;
  return td;
}

/**
 * Section 六's 信息处理费 (the 2021 format, 国办函〔2020〕109号): notices issued and the amount in 元.
 * Both blank means the report states none (the schema's optional `processingFees`); a notice count
 * without an amount is reported by the schema on the amount.
 */
export function processingFeesFields(ctx: EditorContext): HTMLElement | null {
  if (ctx.report.formatVersion !== '2021') return null;
  const other = (ctx.report.sections as Record<string, Record<string, unknown>>).other!;
  const fees = other.processingFees as { notices?: number; amount: { value: string } } | undefined;
  const notices = h('input', { type: 'text', inputMode: 'numeric', 'data-path': 'sections.other.processingFees.notices', value: cellText(fees?.notices) });
  const amount = h('input', { type: 'text', inputMode: 'decimal', 'data-path': 'sections.other.processingFees.amount.value', value: fees?.amount.value ?? '' });
  const update = () => {
    const count = cellValue(notices.value);
    const value = amountValue(amount.value);
    if (count === null && value === null) delete other.processingFees;
    else other.processingFees = { ...(count === null ? {} : { notices: count }), amount: { value: value ?? '', unit: '元' } };
    ctx.changed();
  };
  for (const input of [notices, amount]) {
    input.addEventListener('input', update);
    ctx.fields.set(input.dataset.path!, input);
  }
  ctx.fields.set('sections.other.processingFees', amount);
  return h(
    'fieldset',
    { class: 'fees' },
    h('legend', {}, '信息处理费 ', h('span', { lang: 'en' }, 'information processing fees')),
    h('label', { class: 'field' }, h('span', {}, '发出收费通知件数 Notices issued'), notices),
    h('label', { class: 'field' }, h('span', {}, '收费金额（元） Amount (yuan)'), amount),
  );
}
