/** The report model: what the rest of the project imports from step 1 of the data flow. */
export { parseReport, parseReportJson, reportSchema, reportJsonSchema, formatVersionForYear, reportTitle } from './schema';
export type { Report, ReportInput, FormatVersion, ParseResult } from './schema';
export type { Report2019 } from './v2019';
export type { Report2021 } from './v2021';
export { validateReport, acknowledges, acknowledgementFor, type Validation } from './validate';
export { checkRules, ARITHMETIC_RULES, type ArithmeticRule, type RuleFindings } from './rules';
export { requestsLayoutOf, proactiveLayoutOf, otherHandlingIsOneRow } from './layouts';
export { officialLabels, printedLabel, printedLabelProblems } from './printed-labels';
export { checkCrossYear, numbersOf, previousYearNumbers, type PreviousYearNumbers } from './cross-year';
export { parseJsonText, type JsonText } from './json-text';
export { halfWidthDigits } from './numerals';
export { formatPath, MAX_PROBLEMS, problemCount, type Problem, type RuleId } from './problems';
export type { Block, ApplicantRow, Cell, Acknowledgement } from './common';
export * from './labels';
export { PROACTIVE_LAYOUT_2019, REQUESTS_LAYOUT_2019 } from './v2019';
export { PROACTIVE_LAYOUT_2021, REQUESTS_LAYOUT_2021 } from './v2021';
export { nextYearDraft, parseLastYear } from './next-year';
