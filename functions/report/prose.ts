/**
 * Prose against tables (rule P, warnings only): what the narrative says of the quantities the
 * tables hold (prose-reading.ts) is compared with the cells. Each disagreement is one warning
 * naming the sentence, the number quoted, the cell and its value. A blank cell (null) is never
 * compared, and a claim that could mean more than one figure warns only when it agrees with none.
 */
import type { Block } from './common';
import { APPLICANT_COLUMNS, OUTCOME_COLUMNS, REVIEW_GROUPS, type ReviewGroup } from './labels';
import { proactiveLayoutOf } from './layouts';
import type { Problem } from './problems';
import { isConsolidated, mentionsRequests, readSentence, sentencesOf, topicOfHeading, type CaseOutcome, type Claim, type Litigant, type Quantity, type Topic } from './prose-reading';
import type { Report } from './schema';

type Count = number | null;
type Row = Record<string, Count>;
/** One cell, or a sum of cells shown as the group it totals. */
interface Figure {
  cell: string;
  value: number;
  zh: string;
  en: string;
}

const REQUESTS = 'sections.requests.table';
const REVIEWS = 'sections.reviews.table';
const PROACTIVE = 'sections.proactive.table';

export function checkProse(report: Report): Problem[] {
  const figures = figuresOf(report);
  const consolidated = isConsolidated(report.agency.name);
  return narrative(report).flatMap(({ path, text, topic }) => {
    let requestsBefore = false;
    return sentencesOf(text).flatMap((sentence) => {
      const claims = readSentence(sentence, { year: report.year, topic, consolidated, requestsBefore });
      requestsBefore = mentionsRequests(sentence);
      return claims.flatMap((claim) => disagreements(claim, figures).map((d) => warning(d, claim, sentence, path)));
    });
  });
}

interface Passage {
  path: string;
  text: string;
  topic: Topic;
}

/** Every text of the narrative with its JSON path and what it is about. */
function narrative(report: Report): Passage[] {
  const passages: Passage[] = [];
  const read = (blocks: readonly unknown[], base: string, sectionTopic: Topic) => {
    let topic = sectionTopic;
    blocks.forEach((raw, i) => {
      const block = raw as Block | { type: 'subheading'; text: string };
      if (block.type === 'image') return;
      const heading = block.type === 'paragraph' ? block.heading : block.text;
      if (heading !== undefined && sectionTopic === 'other') topic = topicOfHeading(heading) ?? topic;
      if (block.type === 'paragraph' && block.heading) passages.push({ path: `${base}[${i}].heading`, text: block.heading, topic });
      if (block.text !== undefined) passages.push({ path: `${base}[${i}].text`, text: block.text, topic });
    });
  };
  read(report.introduction, 'introduction', 'other');
  for (const [key, section] of Object.entries(report.sections)) {
    const topic: Topic = key === 'requests' ? 'requests' : key === 'reviews' ? 'reviews' : 'other';
    read((section as { blocks?: unknown[] }).blocks ?? [], `sections.${key}.blocks`, topic);
  }
  return passages;
}

/** A table figure a claim may mean; several when the wording allows more than one reading. */
type Figures = (quantity: Quantity) => Figure[];
type FiguresByQuantity = Partial<Record<Quantity, Figure[]>>;

function figuresOf(report: Report): Figures {
  const byQuantity: FiguresByQuantity = { ...requestFigures(report), ...caseFigures(report), ...documentFigures(report), ...feeFigures(report) };
  return (quantity) => byQuantity[quantity] ?? [];
}

const known = (...figures: (Figure | undefined)[]) => figures.filter((f): f is Figure => f !== undefined);

function requestFigures(report: Report): FiguresByQuantity {
  const requests = report.sections.requests.table as unknown as Record<string, unknown>;
  const results = requests.results as Record<string, unknown>;
  const rowAt = (path: string) => path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], requests) as Row | undefined;
  const row = (path: string, column = 'total'): Figure | undefined => {
    const found = rowAt(path);
    const value = column === 'total' && found ? rowTotal(found) : found?.[column];
    if (typeof value !== 'number') return undefined;
    const words = REQUEST_ROWS[path]!;
    const applicant = APPLICANT_COLUMNS.find((c) => c.key === column)!;
    return { cell: `${REQUESTS}.${path}.${column}`, value, zh: words.zh.replace('总计', applicant.label), en: words.en.replace('total', applicant.en) };
  };
  /** A group with no total row of its own: the sum of its rows' totals. */
  const group = (key: string): Figure | undefined => {
    const node = results[key] as Record<string, unknown>;
    const totals = ('total' in node ? [node as Row] : (Object.values(node) as Row[])).map(rowTotal);
    if (totals.every((t) => t === undefined)) return undefined;
    return { cell: `${REQUESTS}.results.${key}`, value: totals.reduce<number>((a, b) => a + (b ?? 0), 0), ...REQUEST_ROWS[`results.${key}`]! };
  };
  const plus = (a: Figure | undefined, b: Figure | undefined, words: { zh: string; en: string }): Figure | undefined =>
    a && b ? { cell: a.cell, value: a.value + b.value, ...words } : undefined;
  const received = row('received');
  const all = plus(received, row('carriedOver'), { zh: '本年新收与上年结转之和', en: 'applications received plus carried over' });
  const granted = row('results.granted');
  const grantedOrPartial = plus(granted, row('results.partiallyGranted'), { zh: '予以公开与部分公开之和', en: 'granted plus partially granted' });
  const organisations = known(...ORGANISATION_COLUMNS.map((column) => row('received', column)));
  const figures: FiguresByQuantity = {
    received: known(received),
    receivedWithCarriedOver: known(received, all),
    applications: known(all),
    'receivedFrom.organisations': organisations.length === 0
      ? []
      : [{ cell: `${REQUESTS}.received`, value: organisations.reduce((a, f) => a + f.value, 0), zh: '本年新收中法人或其他组织各列之和', en: 'applications received from organisations (the sum of their columns)' }],
    carriedOver: known(row('carriedOver')),
    handled: known(row('results.total')),
    processed: known(received, row('results.total'), all),
    carriedForward: known(row('carriedForward')),
    granted: known(granted, grantedOrPartial),
    partiallyGranted: known(row('results.partiallyGranted')),
    grantedOrPartial: known(grantedOrPartial),
    withheld: known(group('withheld')),
    unavailable: known(group('unavailable')),
    notProcessed: known(group('notProcessed')),
    otherHandling: known(group('other')),
  };
  for (const column of ['naturalPerson', 'commercial', 'research', 'nonProfit', 'legal'] as const) figures[`receivedFrom.${column}`] = known(row('received', column));
  return figures;
}

const ORGANISATION_COLUMNS = ['commercial', 'research', 'nonProfit', 'legal', 'other'];

/**
 * A row's total: its 总计 cell, or when that is blank the sum it would have (a blank addend counts
 * as 0); unknown when the whole row is blank.
 */
function rowTotal(row: Row): number | undefined {
  if (typeof row.total === 'number') return row.total;
  const cells = Object.entries(row).filter(([key, value]) => key !== 'total' && typeof value === 'number');
  return cells.length === 0 ? undefined : cells.reduce((a, [, value]) => a + (value as number), 0);
}

const REQUEST_ROWS: Record<string, { zh: string; en: string }> = {
  received: { zh: '本年新收政府信息公开申请数量（总计）', en: 'applications received this year (total)' },
  carriedOver: { zh: '上年结转政府信息公开申请数量（总计）', en: 'applications carried over from last year (total)' },
  'results.total': { zh: '本年度办理结果（七）总计', en: 'results of the year, (7) total' },
  carriedForward: { zh: '结转下年度继续办理（总计）', en: 'carried forward to next year (total)' },
  'results.granted': { zh: '（一）予以公开（总计）', en: '(1) granted (total)' },
  'results.partiallyGranted': { zh: '（二）部分公开（总计）', en: '(2) partially granted (total)' },
  'results.withheld': { zh: '（三）不予公开各项总计之和', en: 'the totals of (3) withheld' },
  'results.unavailable': { zh: '（四）无法提供各项总计之和', en: 'the totals of (4) unavailable' },
  'results.notProcessed': { zh: '（五）不予处理各项总计之和', en: 'the totals of (5) not processed' },
  'results.other': { zh: '（六）其他处理（总计）', en: '(6) other handling (total)' },
};

const OUTCOMES_IN_ENGLISH: Record<CaseOutcome, string> = { total: 'total', upheld: 'upheld', corrected: 'corrected', pending: 'pending' };

/** 行政诉讼 in prose may mean either group of the table, or both. */
function caseFigures(report: Report): FiguresByQuantity {
  const table = report.sections.reviews.table as unknown as Record<ReviewGroup, Row>;
  const figures: FiguresByQuantity = {};
  for (const outcome of Object.keys(OUTCOMES_IN_ENGLISH) as CaseOutcome[]) {
    const outcomeLabel = OUTCOME_COLUMNS.find((c) => c.key === outcome)!.label;
    const cell = (key: ReviewGroup): Figure | undefined => {
      const value = table[key]?.[outcome];
      const group = REVIEW_GROUPS.find((g) => g.key === key)!;
      return typeof value === 'number' ? { cell: `${REVIEWS}.${key}.${outcome}`, value, zh: `${group.label}${outcomeLabel}`, en: `${group.en}, ${OUTCOMES_IN_ENGLISH[outcome]}` } : undefined;
    };
    const direct = cell('litigationDirect');
    const after = cell('litigationAfterReview');
    const both: Figure | undefined = direct && after
      ? { cell: `${REVIEWS}.litigationDirect.${outcome}`, value: direct.value + after.value, zh: `行政诉讼两组${outcomeLabel}之和`, en: `litigation, both groups, ${OUTCOMES_IN_ENGLISH[outcome]}` }
      : undefined;
    figures[`review.${outcome}`] = known(cell('review'));
    figures[`litigation.${outcome}`] = known(both, direct, after);
    figures[`litigationDirect.${outcome}`] = known(direct);
    figures[`litigationAfterReview.${outcome}`] = known(after);
  }
  return figures;
}

const DOCUMENT_COLUMNS_IN_ENGLISH: Record<string, string> = {
  issued: 'issued this year', repealed: 'repealed this year', inForce: 'in force', madeThisYear: 'made this year', publishedThisYear: 'published this year',
};

/** 规章 and 规范性文件, labelled as table 二 prints them. */
function documentFigures(report: Report): FiguresByQuantity {
  const table = report.sections.proactive.table as unknown as Record<string, Row>;
  const figures: FiguresByQuantity = {};
  for (const group of proactiveLayoutOf(report)) {
    for (const row of group.rows) {
      if (row.key !== 'rules' && row.key !== 'normativeDocuments') continue;
      const noun = row.key;
      const cell = (column: string): Figure[] => {
        const value = table[noun]?.[column];
        const zh = `${row.label}${group.columns[row.cells.indexOf(column)]}`;
        const en = `${noun === 'rules' ? 'rules' : 'normative documents'}, ${DOCUMENT_COLUMNS_IN_ENGLISH[column]}`;
        return typeof value === 'number' ? [{ cell: `${PROACTIVE}.${noun}.${column}`, value, zh, en }] : [];
      };
      if (report.formatVersion === '2021') {
        for (const verb of ['issued', 'repealed', 'inForce'] as const) figures[`${noun}.${verb}`] = cell(verb);
      } else {
        // The 2019 table counts documents made and published, not repealed or in force.
        const madeOrPublished = [...cell('madeThisYear'), ...cell('publishedThisYear')];
        figures[`${noun}.issued`] = madeOrPublished;
        figures[`${noun}.published`] = madeOrPublished;
      }
    }
  }
  return figures;
}

/** Amounts in 元: the 2021 table's 行政事业性收费 (万元) and section 六's 信息处理费 (元). */
function feeFigures(report: Report): FiguresByQuantity {
  if (report.formatVersion !== '2021') return {};
  const amount = (value: unknown, scale: number, cell: string, zh: string, en: string): Figure[] =>
    typeof value === 'string' ? [{ cell, value: Number(value) * scale, zh, en }] : [];
  const fees = (report.sections.proactive.table.fees as { amount?: { value?: unknown } }).amount?.value;
  const processing = (report.sections.other as { processingFees?: { amount?: { value?: unknown } } }).processingFees?.amount?.value;
  return {
    fees: amount(fees, 10_000, `${PROACTIVE}.fees.amount`, '行政事业性收费本年收费金额', 'administrative fees collected this year'),
    processingFees: amount(processing, 1, 'sections.other.processingFees.amount', '信息处理费', 'information processing fees'),
  };
}

interface Disagreement {
  figure: Figure;
  /** The figure as the prose would have had to say it, e.g. 95 or "32.0%". */
  expected: number | string;
  found: number | string;
}

const UNIT_IN_YUAN: Record<string, number> = { 元: 1, 万元: 10_000, 亿元: 100_000_000 };

/** Whether a printed figure is the true one, rounded or cut to the decimals it shows. */
function agrees(printed: number, decimals: number, exact: number): boolean {
  return Math.abs(printed - exact) < 10 ** -decimals - 1e-9;
}

function disagreements(claim: Claim, figures: Figures): Disagreement[] {
  switch (claim.kind) {
    case 'count': {
      const candidates = figures(claim.quantity);
      const holds = (f: Figure) => (claim.atLeast ? claim.value >= f.value : claim.value === f.value);
      if (candidates.length === 0 || candidates.some(holds)) return [];
      return [{ figure: candidates[0]!, expected: candidates[0]!.value, found: claim.value }];
    }
    case 'percent': {
      const [part] = figures(claim.quantity);
      const bases = [...figures('handled'), ...figures('received'), ...figures('applications')].filter((b) => b.value > 0);
      // A share of a count the sentence got wrong: the count's own warning covers the sentence.
      if (!part || bases.length === 0 || (claim.of !== undefined && claim.of !== part.value)) return [];
      if (bases.some((b) => agrees(claim.value, claim.decimals, (part.value / b.value) * 100))) return [];
      const expected = `${((part.value / bases[0]!.value) * 100).toFixed(claim.decimals)}%`;
      return [{ figure: part, expected, found: `${claim.value}%` }];
    }
    case 'amount': {
      const [figure] = figures(claim.quantity);
      const scale = UNIT_IN_YUAN[claim.unit]!;
      if (!figure || agrees(claim.value, claim.decimals, figure.value / scale)) return [];
      return [{ figure, expected: `${+(figure.value / scale).toFixed(6)}${claim.unit}`, found: `${claim.value}${claim.unit}` }];
    }
    case 'statement':
      return statementDisagreements(claim, figures);
  }
}

function statementDisagreements(claim: Extract<Claim, { kind: 'statement' }>, figures: Figures): Disagreement[] {
  const nonZero = (quantity: Quantity) => figures(quantity).slice(0, 1).filter((f) => f.value > 0);
  // A statement about 行政诉讼 holds for each group of the table: a warning names the group it fails in.
  const eachLitigant = (outcome: CaseOutcome, litigants: Litigant[]) =>
    litigants.flatMap((l) => (l === 'review' ? ['review' as const] : (['litigationDirect', 'litigationAfterReview'] as const))).flatMap((group) => nonZero(`${group}.${outcome}`));
  const found = claim.quote;
  const figuresAgainst = ((): Figure[] => {
    switch (claim.statement) {
      case 'allUpheld':
        return [...eachLitigant('corrected', claim.litigants), ...(claim.pendingCounts ? eachLitigant('pending', claim.litigants) : [])];
      case 'noneLost':
      case 'noneCorrected':
        return eachLitigant('corrected', claim.litigants);
      case 'none':
        return eachLitigant('total', claim.litigants);
      case 'noRequests': {
        // No application at all: none received, and none among the year's results either.
        const results = ['handled', 'granted', 'partiallyGranted', 'withheld', 'unavailable', 'notProcessed', 'otherHandling'] as const;
        return (['received', ...results] as const).flatMap(nonZero).slice(0, 1);
      }
      case 'noProcessingFees':
        return nonZero('processingFees');
      case 'allCarriedForward': {
        // Carried forward, so not among the year's results: at most the others can have been handled.
        const [all] = figures('applications');
        const [handled] = figures('handled');
        return all && handled && handled.value > all.value - claim.received! ? [handled] : [];
      }
    }
  })();
  return figuresAgainst.map((figure) => ({ figure, expected: figure.value, found }));
}

function warning(d: Disagreement, claim: Claim, sentence: string, textPath: string): Problem {
  const { figure } = d;
  const shown = typeof d.expected === 'number' ? String(d.expected) : d.expected;
  const fewer = claim.kind === 'count' && claim.atLeast;
  return {
    path: figure.cell,
    rule: 'P',
    paths: [figure.cell, textPath],
    expected: d.expected,
    found: d.found,
    sentence: { path: textPath, text: sentence },
    zh: `正文「${claim.quote}」与表格不符${fewer ? '（少于表格所列）' : ''}：${figure.zh}为 ${shown}（见「${sentence}」）`,
    en: `the text says "${claim.quote}"${fewer ? ', fewer than the table holds' : ''}, but the table's ${figure.en} is ${shown} (in "${sentence}")`,
  };
}
