/**
 * A new year's draft from last year's report: what the format carries from one year to the next
 * is filled in, everything this year must say is left blank for the author. Carried over:
 * - the agency and the title (its year moved on);
 * - 二、上年结转 ← last year's 四、结转下年度继续办理, column by column (X-1 then holds);
 * - 2021 format: 现行有效件数 ← last year's, a starting point the author corrects by this year's
 *   制发 and 废止; 2019 format: 上一年项目数量 ← last year's count plus its 本年增/减;
 * - every section's text, headings and images, which the author rewrites for the year: the prose
 *   check (prose.ts) then points out each sentence still quoting last year's figures.
 * Every other cell is blank (null), so the validator asks for each one. Labels printed wrongly last
 * year, the publication date and acknowledgements of last year's violations are not carried.
 */
import { APPLICANT_COLUMNS } from './labels';
import { formatVersionForYear, parseReport, reportTitle, type ParseResult, type Report } from './schema';

type Json = Record<string, unknown>;

/** The same shape with every number (and every amount's value) blank. */
function blanked(value: unknown): unknown {
  if (typeof value === 'number') return null;
  if (Array.isArray(value)) return value.map(blanked);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, key === 'unit' ? child : key === 'value' ? null : blanked(child)]));
  }
  return value;
}

const applicantRowOf = (row: Report['sections']['requests']['table']['carriedForward']) =>
  Object.fromEntries(APPLICANT_COLUMNS.map((column) => [column.key, row[column.key]]));

/** Section 二 of the new year's format, with what it carries from last year's. */
function proactiveTable(previous: Report, formatVersion: '2019' | '2021'): Json {
  const last = previous.sections.proactive.table as unknown as Record<string, Record<string, unknown>>;
  if (formatVersion === '2021') {
    const inForce = (key: string) => (previous.formatVersion === '2021' ? (last[key]!.inForce as number | null) : null);
    return {
      rules: { issued: null, repealed: null, inForce: inForce('rules') },
      normativeDocuments: { issued: null, repealed: null, inForce: inForce('normativeDocuments') },
      licensing: { decisions: null },
      punishment: { decisions: null },
      enforcement: { decisions: null },
      fees: { amount: { value: null, unit: '万元' } },
    };
  }
  // A 2020 report from 2019's: each item's count at the end of last year.
  const countAtEnd = (key: string) => {
    const { previousYear, change } = last[key] as { previousYear: number | null; change: number | null };
    return previousYear === null || change === null ? null : previousYear + change;
  };
  const managed = (key: string) => ({ previousYear: countAtEnd(key), change: null, decisions: null });
  const unit = previous.formatVersion === '2019' ? (last.procurement!.amount as { unit?: string }).unit : undefined;
  return {
    rules: { madeThisYear: null, publishedThisYear: null, publishedTotal: null },
    normativeDocuments: { madeThisYear: null, publishedThisYear: null, publishedTotal: null },
    licensing: managed('licensing'),
    otherServices: managed('otherServices'),
    punishment: managed('punishment'),
    enforcement: managed('enforcement'),
    fees: { previousYear: countAtEnd('fees'), change: null },
    procurement: { projects: null, amount: { value: null, unit } },
  };
}

/** Section 三 of the new year's format: blank, but for 上年结转. */
function requestsTable(previous: Report, formatVersion: '2019' | '2021'): Json {
  const template = blanked(previous.sections.requests.table) as { results: Json };
  const blankRow = blanked(previous.sections.requests.table.received);
  const other = formatVersion === '2021' ? { noCorrection: blankRow, unpaidFees: blankRow, other: blankRow } : blankRow;
  return { ...template, results: { ...template.results, other }, carriedOver: applicantRowOf(previous.sections.requests.table.carriedForward) };
}

/** The draft for `year` (last year's year + 1 unless given) from last year's parsed report. */
export function nextYearDraft(previous: Report, year = previous.year + 1): Json {
  const formatVersion = formatVersionForYear(year);
  const { sections } = previous;
  const moveYear = (line: string) => line.replaceAll(`${previous.year}年`, `${year}年`);
  // JSON round trip: drops the keys left undefined, and shares nothing with `previous`.
  return JSON.parse(
    JSON.stringify({
      formatVersion,
      year,
      agency: previous.agency,
      title: previous.title ? reportTitle(previous).map(moveYear) : undefined,
      introduction: previous.introduction,
      sections: {
        overview: sections.overview,
        proactive: { blocks: sections.proactive.blocks, table: proactiveTable(previous, formatVersion) },
        requests: { blocks: sections.requests.blocks, table: requestsTable(previous, formatVersion) },
        reviews: { blocks: sections.reviews.blocks, table: blanked(sections.reviews.table) },
        problems: sections.problems,
        other: { blocks: sections.other.blocks },
      },
    }),
  ) as Json;
}

/**
 * Last year's report as JSON, parsed for carrying forward. What the draft does not carry is left
 * out first, so that a report archived before the model dropped `contact` and named
 * acknowledgements by cell is still one to start from.
 */
export function parseLastYear(json: unknown): ParseResult {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return parseReport(json);
  const { contact, acknowledgements, printedLabels, ...carried } = json as Record<string, unknown>;
  return parseReport(carried);
}
