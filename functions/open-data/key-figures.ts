/**
 * The figures a reader follows from year to year (issue 19: applications received and carried
 * over, handled by outcome, carried into next year, 行政复议 and 行政诉讼, 规范性文件), each the sum
 * of the table cells whose JSON path it names. Defined on paths rather than on a report's shape, so
 * one definition reads both formats (the 2019 format's 本年新制作 / 对外公开总数 and the 2021
 * format's 本年制发 / 现行有效 sit in the same figure), a report that prints （六）其他处理 as one
 * row or as three, and a region's roll-up (roll-up.ts) alike. Blanks add as sums.ts says.
 */
import { addValues } from './sums';
import type { TableCell } from './tables';

const REQUESTS = 'sections.requests.table.';
const NORMATIVE = 'sections.proactive.table.normativeDocuments.';
const REVIEWS = 'sections.reviews.table.';

interface KeyFigure {
  id: string;
  zh: string;
  en: string;
  /** Whether a cell counts toward the figure. */
  counts: (path: string) => boolean;
}

const exactly = (...paths: string[]) => (path: string) => paths.includes(path);
/** The 总计 column of every row under a group of section 三, e.g. （三）不予公开's eight rows. */
const groupTotal = (group: string) => (path: string) => path.startsWith(`${REQUESTS}results.${group}.`) && path.endsWith('.total');

export const KEY_FIGURES: readonly KeyFigure[] = [
  { id: 'received', zh: '本年新收申请', en: 'Requests received', counts: exactly(`${REQUESTS}received.total`) },
  { id: 'carriedOver', zh: '上年结转', en: 'Carried over from last year', counts: exactly(`${REQUESTS}carriedOver.total`) },
  { id: 'granted', zh: '予以公开', en: 'Granted', counts: exactly(`${REQUESTS}results.granted.total`) },
  { id: 'partiallyGranted', zh: '部分公开', en: 'Partially granted', counts: exactly(`${REQUESTS}results.partiallyGranted.total`) },
  { id: 'withheld', zh: '不予公开', en: 'Withheld', counts: groupTotal('withheld') },
  { id: 'unavailable', zh: '无法提供', en: 'Cannot be provided', counts: groupTotal('unavailable') },
  { id: 'notProcessed', zh: '不予处理', en: 'Not processed', counts: groupTotal('notProcessed') },
  { id: 'otherHandling', zh: '其他处理', en: 'Otherwise handled', counts: groupTotal('other') },
  { id: 'handled', zh: '办理结果总计', en: 'Handled in total', counts: exactly(`${REQUESTS}results.total.total`) },
  { id: 'carriedForward', zh: '结转下年度继续办理', en: 'Carried into next year', counts: exactly(`${REQUESTS}carriedForward.total`) },
  { id: 'review', zh: '行政复议', en: 'Administrative reviews', counts: exactly(`${REVIEWS}review.total`) },
  { id: 'litigation', zh: '行政诉讼', en: 'Lawsuits', counts: exactly(`${REVIEWS}litigationDirect.total`, `${REVIEWS}litigationAfterReview.total`) },
  { id: 'normativeIssued', zh: '规范性文件 本年制发（2019 格式：本年新制作）', en: 'Normative documents issued this year', counts: exactly(`${NORMATIVE}issued`, `${NORMATIVE}madeThisYear`) },
  { id: 'normativeInForce', zh: '规范性文件 现行有效（2019 格式：对外公开总数）', en: 'Normative documents in force (2019 format: published in total)', counts: exactly(`${NORMATIVE}inForce`, `${NORMATIVE}publishedTotal`) },
];

export type KeyFigures = Record<string, number | null>;

/** Every key figure of the cells, by id; null for a figure whose cells are all blank. */
export function keyFigures(cells: readonly Pick<TableCell, 'path' | 'value'>[]): KeyFigures {
  return Object.fromEntries(
    KEY_FIGURES.map((figure) => {
      const sum = addValues(cells.filter((cell) => figure.counts(cell.path)).map((cell) => cell.value));
      return [figure.id, sum === '' ? null : Number(sum)];
    }),
  );
}
