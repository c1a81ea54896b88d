/**
 * The report as the templates see it: everything formatted, every label taken from the report
 * model, every optional key present (the templates are compiled strict). A pure function of the
 * report, so the same JSON always gives the same HTML (docs/design.md, "The data flow").
 */
import { labelId, printedLabel, reportTitle, SECTION_HEADINGS, type Block, type Report, type SectionKey } from '../report';
import { blockView, textBlock, type BlockView } from './blocks';
import { formatChineseDate, isZeroDecimal } from './formatting';
import {
  proactiveTableView,
  requestsTableView,
  reviewsTableView,
  type ProactiveGroupView,
  type RequestsTableView,
  type ReviewsTableView,
} from './tables';

export interface SectionView {
  heading: string;
  blocks: BlockView[];
}

export interface ReportView {
  /** The document's <title>: the title lines joined, as one would cite the report. */
  documentTitle: string;
  titleLines: string[];
  introduction: BlockView[];
  overview: SectionView;
  proactive: SectionView & { table: ProactiveGroupView[] };
  requests: SectionView & { table: RequestsTableView };
  reviews: SectionView & { table: ReviewsTableView };
  problems: SectionView;
  other: SectionView;
  /** 落款 at the end (GB/T 9704 署名 and 成文日期), when the report has one. */
  signature: { name: string; date: string } | null;
}

/** Published reports print "无" / "无。" for an empty section 六 (format.md §3.5, §4.1). */
const NOTHING_TO_REPORT = '无';

type ProcessingFees = { notices?: number; amount: { value: string; unit: '元' } };

/**
 * Section 六 of version B reports 信息处理费 (format.md §4.1, 国办函〔2020〕109号), in 元 and in
 * prose as published reports do ("全年收取政府信息公开信息处理费3940元").
 */
export function processingFeesSentence(fees: ProcessingFees): string {
  if (isZeroDecimal(fees.amount.value)) return '本年度未收取政府信息公开信息处理费。';
  const amount = `${fees.amount.value}${fees.amount.unit}`;
  if (!fees.notices) return `本年度收取政府信息公开信息处理费${amount}。`;
  return `本年度对${fees.notices}件政府信息公开申请收取信息处理费，共计${amount}。`;
}

/** Whether the agency's own text of section 六 already reports the fee. */
const mentionsProcessingFees = (blocks: Block[]) => blocks.some((block) => 'text' in block && block.text?.includes('信息处理费'));

/**
 * The fee sentence opens section 六 when the report gives the fee and its narrative does not
 * already say it: the fee is printed once, in the agency's words where it wrote them.
 */
function otherSectionBlocks(report: Report): BlockView[] {
  const other = report.sections.other;
  const printsFees = 'processingFees' in other && other.processingFees && !mentionsProcessingFees(other.blocks);
  const fees = printsFees ? [textBlock(processingFeesSentence(other.processingFees!))] : [];
  const blocks = [...fees, ...other.blocks.map(blockView)];
  return blocks.length > 0 ? blocks : [textBlock(NOTHING_TO_REPORT)];
}

export function reportView(report: Report): ReportView {
  const titleLines = reportTitle(report);
  const { sections } = report;
  const heading = (key: SectionKey) => printedLabel(report, labelId.heading(key), SECTION_HEADINGS[key]);
  const section = (key: SectionKey, blocks: Block[]): SectionView => ({ heading: heading(key), blocks: blocks.map(blockView) });
  return {
    documentTitle: titleLines.join(''),
    titleLines,
    introduction: report.introduction.map(blockView),
    overview: section('overview', sections.overview.blocks),
    proactive: { ...section('proactive', sections.proactive.blocks), table: proactiveTableView(report) },
    requests: { ...section('requests', sections.requests.blocks), table: requestsTableView(report) },
    reviews: { ...section('reviews', sections.reviews.blocks), table: reviewsTableView(report) },
    problems: section('problems', sections.problems.blocks),
    other: { heading: heading('other'), blocks: otherSectionBlocks(report) },
    signature: report.signature ? { name: report.signature.name, date: formatChineseDate(report.signature.date) } : null,
  };
}
