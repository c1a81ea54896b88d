/**
 * The importer's core: the text of a published report (its lines, however the web page, PDF,
 * Word file or text file gave them) → a report JSON in the project's schema and a summary of
 * what was read and what needs a person. Pure: no Node API, so it runs wherever the core runs.
 * Adapters (./adapters) turn each kind of file into lines.
 */
import { formatVersionForYear, parseReport, type FormatVersion } from '../report';
import { labelId, SECTION_HEADINGS, SECTION_ORDER, type SectionKey } from '../report/labels';
import type { Block } from '../report';
import { sourceDocument, type SourceDocument } from './document';
import { closingMatter, frontMatter } from './front-matter';
import { blocksOf } from './narrative';
import { otherSection } from './other-section';
import { proactiveShape, readProactiveTable } from './proactive-table';
import { readRequestsTable } from './requests-table';
import { readReviewsTable } from './reviews-table';
import { runsOf } from './runs';
import { findSections, type SectionHeading } from './sections';
import { Findings, type ImportSummary } from './summary';
import { wordingDiffers } from './text';
import { tokenize, type Token } from './tokens';

export type { ImportSummary } from './summary';

export interface ImportOptions {
  /** The agency's id in this project (not printed in the publication); "imported" when not given. */
  agencyId?: string;
}

export interface ImportResult {
  /** The report as read; valid against the schema when `summary.needsPerson` is empty. */
  report: Record<string, unknown>;
  summary: ImportSummary;
  /** True when every cell and paragraph was placed and nothing needs a person. */
  complete: boolean;
}

/** Where each table of a section begins: its first header words. */
const TABLE_START: Record<'proactive' | 'requests' | 'reviews', RegExp> = {
  proactive: /第二十条|信息内容/,
  requests: /[（(]?本列数据|申请人情况|本年新收/,
  // A PDF's header sets 结果维持 over two lines: "结果 结果 其他 尚未" / "维持 纠正 结果 审结".
  reviews: /结果维持|尚未审结|结果\s*结果\s*其他/,
};

/** A note that only points at the table ("（有关情况附表）"), printed after a table section's heading. */
const TABLE_POINTER = /^[（(][^（）()]{0,10}附表[）)]$/;

interface TablePart {
  blocks: Block[];
  runs: ReturnType<typeof runsOf>['runs'];
  leftover: string[];
  text: string;
}

/** A table section: narrative before the table, the table's runs, narrative after it. */
function tableSection(doc: SourceDocument, key: keyof typeof TABLE_START, start: number, end: number): TablePart | undefined {
  const at = TABLE_START[key].exec(doc.scan.slice(start, end));
  if (!at) return undefined;
  let tableStart = start + at.index;
  if (key === 'reviews') {
    const review = doc.scan.lastIndexOf('行政复议', tableStart);
    if (review >= start && tableStart - review < 40) tableStart = review;
  }
  // A table row's start ("| 行政复议 |") belongs to the table, not to the text before it.
  const lineStart = Math.max(start, doc.text.lastIndexOf('\n', tableStart - 1) + 1);
  if (/^[|\s]*$/.test(doc.text.slice(lineStart, tableStart))) tableStart = lineStart;
  const tokens = tokenize(doc.scan, tableStart, end);
  const narrative = tokens.findIndex((t) => t.kind === 'text' && /[。]/.test(t.text) && t.text.length > 15);
  const tableTokens: Token[] = narrative < 0 ? tokens : tokens.slice(0, narrative);
  const tableEnd = narrative < 0 ? end : tokens[narrative]!.start;
  const { runs, trailing } = runsOf(tableTokens);
  return {
    blocks: [...blocksOf(doc.text.slice(start, tableStart)), ...blocksOf(doc.text.slice(tableEnd, end))].filter((block) => !(block.type === 'paragraph' && TABLE_POINTER.test(block.text ?? ''))),
    runs,
    leftover: trailing.map((t) => t.text),
    text: doc.scan.slice(tableStart, tableEnd),
  };
}

export function importLines(lines: readonly string[], options: ImportOptions = {}): ImportResult {
  const doc = sourceDocument(lines);
  const findings = new Findings();
  const headings = findSections(doc);
  const byKey = new Map<SectionKey, SectionHeading>(headings.map((h) => [h.key, h]));
  for (const key of SECTION_ORDER) if (!byKey.has(key)) findings.needsPerson.push(`找不到第${SECTION_HEADINGS[key].slice(0, 1)}部分的标题「${SECTION_HEADINGS[key]}」`);

  const firstHeading = headings[0]?.start ?? doc.text.length;
  const front = frontMatter(doc, firstHeading);
  const printedLabels: Record<string, string> = {};
  for (const heading of headings) if (wordingDiffers(heading.printed, SECTION_HEADINGS[heading.key])) printedLabels[labelId.heading(heading.key)] = heading.printed;

  const spanOf = (key: SectionKey) => {
    const heading = byKey.get(key);
    if (!heading) return undefined;
    const next = headings[headings.indexOf(heading) + 1];
    return { start: heading.end, end: next ? next.start : doc.text.length };
  };

  const proactiveSpan = spanOf('proactive');
  const proactivePart = proactiveSpan && tableSection(doc, 'proactive', proactiveSpan.start, proactiveSpan.end);
  const yearVersion = front.year === undefined ? undefined : formatVersionForYear(front.year);
  const shapeVersion = proactivePart ? proactiveShape(proactivePart.text) : undefined;
  const version: FormatVersion = yearVersion ?? shapeVersion ?? '2021';
  if (!front.year) findings.needsPerson.push('找不到报告年度');
  if (yearVersion && shapeVersion && yearVersion !== shapeVersion) {
    findings.needsPerson.push(`${front.year}年的报告应使用${yearVersion}年格式，但第二部分的表头是${shapeVersion}年格式的`);
  }

  const sectionBlocks = (key: SectionKey): Block[] => {
    const span = spanOf(key);
    return span ? blocksOf(doc.text.slice(span.start, span.end)) : [];
  };
  const tablePart = (key: 'proactive' | 'requests' | 'reviews') => {
    if (key === 'proactive') return proactivePart;
    const span = spanOf(key);
    return span && tableSection(doc, key, span.start, span.end);
  };
  const table = <T>(key: 'proactive' | 'requests' | 'reviews', read: (part: TablePart) => { table: T; printedLabels: Record<string, string> }) => {
    const part = tablePart(key) ?? { blocks: key === 'proactive' || !spanOf(key) ? [] : sectionBlocks(key), runs: [], leftover: [], text: '' };
    if (part.runs.length === 0) findings.needsPerson.push(`${SECTION_HEADINGS[key]}: 找不到表格`);
    const result = read(part);
    Object.assign(printedLabels, result.printedLabels);
    return { blocks: part.blocks, table: result.table };
  };

  const proactive = table('proactive', (part) => readProactiveTable(part.runs, part.leftover, version, findings));
  const requests = table('requests', (part) => readRequestsTable(part.runs, part.leftover, version, findings));
  const reviews = table('reviews', (part) => readReviewsTable(part.runs, part.leftover, findings));

  const otherSpan = spanOf('other');
  const closing = otherSpan ? closingMatter(doc.text.slice(otherSpan.start, otherSpan.end)) : undefined;
  const agencyName = front.agencyName ?? closing?.signature?.name;
  if (!agencyName) findings.needsPerson.push('找不到机关名称');

  const introduction = blocksOf(doc.text.slice(front.introductionStart, firstHeading));
  const report: Record<string, unknown> = {
    formatVersion: version,
    year: front.year,
    agency: { name: agencyName, id: options.agencyId ?? 'imported' },
    ...(front.publishedOn && { publishedOn: front.publishedOn }),
    ...(front.title && { title: front.title }),
    ...(closing?.signature && { signature: closing.signature }),
    introduction,
    sections: {
      overview: { blocks: sectionBlocks('overview') },
      proactive,
      requests,
      reviews,
      problems: { blocks: sectionBlocks('problems') },
      other: otherSection(closing ? blocksOf(closing.body) : [], version),
    },
    ...(Object.keys(printedLabels).length > 0 && { printedLabels }),
  };
  const parsed = parseReport(report);
  if (!parsed.ok) for (const problem of parsed.problems) findings.needsPerson.push(`${problem.path}: ${problem.zh}`);
  const summary = findings.summary();
  return { report, summary, complete: summary.needsPerson.length === 0 && summary.unplaced.length === 0 };
}

/** The text of a .txt file, as lines. */
export function importText(text: string, options?: ImportOptions): ImportResult {
  return importLines(text.split(/\r?\n/), options);
}
