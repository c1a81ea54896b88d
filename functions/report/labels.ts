/**
 * Labels and table layouts shared by both format versions, verbatim from docs/format.md
 * (§2 headings, §3.3/§4.3 section 三, §3.4 section 四). The renderer, the rule messages and the
 * tests all read these, so a label exists in exactly one place.
 */

export const SECTION_HEADINGS = {
  overview: '一、总体情况',
  proactive: '二、主动公开政府信息情况',
  requests: '三、收到和处理政府信息公开申请情况',
  reviews: '四、政府信息公开行政复议、行政诉讼情况',
  problems: '五、存在的主要问题及改进情况',
  other: '六、其他需要报告的事项',
} as const;
export type SectionKey = keyof typeof SECTION_HEADINGS;
export const SECTION_ORDER = Object.keys(SECTION_HEADINGS) as SectionKey[];

/** Section 三 columns in printed order; the last five sit under "法人或其他组织". */
export const APPLICANT_COLUMNS = [
  { key: 'naturalPerson', label: '自然人', en: 'natural persons' },
  { key: 'commercial', label: '商业企业', en: 'commercial enterprises' },
  { key: 'research', label: '科研机构', en: 'research institutions' },
  { key: 'nonProfit', label: '社会公益组织', en: 'public-interest organisations' },
  { key: 'legal', label: '法律服务机构', en: 'legal service institutions' },
  { key: 'other', label: '其他', en: 'others' },
  { key: 'total', label: '总计', en: 'total' },
] as const;
export type ApplicantColumn = (typeof APPLICANT_COLUMNS)[number]['key'];

export const REQUESTS_HEADER = {
  note: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
  applicants: '申请人情况',
  organisations: '法人或其他组织',
  results: '三、本年度办理结果',
} as const;

/** One printed row of section 三: where its cells are in the JSON and its label. */
export interface RequestRowLayout {
  path: string[];
  label: string;
}
/**
 * A merged group label beside its sub-items, e.g. （三）不予公开 (no subtotal row of its own);
 * `path` is where its rows are in the JSON, and names its label (labelId).
 */
export interface RequestGroupLayout {
  path: string[];
  label: string;
  rows: RequestRowLayout[];
}
export interface RequestsLayout {
  before: RequestRowLayout[];
  results: (RequestRowLayout | RequestGroupLayout)[];
  after: RequestRowLayout[];
}

const r = (path: string, label: string): RequestRowLayout => ({ path: path.split('.'), label });

const RESULTS_COMMON = {
  head: [r('results.granted', '（一）予以公开'), r('results.partiallyGranted', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）')],
  groups: [
    {
      path: ['results', 'withheld'],
      label: '（三）不予公开',
      rows: [
        r('results.withheld.stateSecret', '1.属于国家秘密'),
        r('results.withheld.prohibitedByLaw', '2.其他法律行政法规禁止公开'),
        r('results.withheld.endangersSecurity', '3.危及“三安全一稳定”'),
        r('results.withheld.thirdPartyRights', '4.保护第三方合法权益'),
        r('results.withheld.internalAffairs', '5.属于三类内部事务信息'),
        r('results.withheld.processInformation', '6.属于四类过程性信息'),
        r('results.withheld.enforcementFiles', '7.属于行政执法案卷'),
        r('results.withheld.administrativeQueries', '8.属于行政查询事项'),
      ],
    },
    {
      path: ['results', 'unavailable'],
      label: '（四）无法提供',
      rows: [
        r('results.unavailable.notHeld', '1.本机关不掌握相关政府信息'),
        r('results.unavailable.requiresCreation', '2.没有现成信息需要另行制作'),
        r('results.unavailable.stillUnclear', '3.补正后申请内容仍不明确'),
      ],
    },
    {
      path: ['results', 'notProcessed'],
      label: '（五）不予处理',
      rows: [
        r('results.notProcessed.complaints', '1.信访举报投诉类申请'),
        r('results.notProcessed.repeated', '2.重复申请'),
        r('results.notProcessed.publications', '3.要求提供公开出版物'),
        r('results.notProcessed.excessive', '4.无正当理由大量反复申请'),
        r('results.notProcessed.confirmations', '5.要求行政机关确认或重新出具已获取信息'),
      ],
    },
  ] satisfies RequestGroupLayout[],
};

/** Builds the section 三 layout of a version from how it prints （六）其他处理. */
export function requestsLayout(otherHandling: RequestRowLayout | RequestGroupLayout): RequestsLayout {
  return {
    before: [r('received', '一、本年新收政府信息公开申请数量'), r('carriedOver', '二、上年结转政府信息公开申请数量')],
    results: [...RESULTS_COMMON.head, ...RESULTS_COMMON.groups, otherHandling, r('results.total', '（七）总计')],
    after: [r('carriedForward', '四、结转下年度继续办理')],
  };
}

/** Every row of a section 三 layout, in printed order. */
export function requestRows(layout: RequestsLayout): RequestRowLayout[] {
  const results = layout.results.flatMap((item) => ('rows' in item ? item.rows : [item]));
  return [...layout.before, ...results, ...layout.after];
}

/** Section 四 (format.md §3.4): three groups of five columns, no row label. */
export const OUTCOME_COLUMNS = [
  { key: 'upheld', label: '结果维持' },
  { key: 'corrected', label: '结果纠正' },
  { key: 'other', label: '其他结果' },
  { key: 'pending', label: '尚未审结' },
  { key: 'total', label: '总计' },
] as const;
export const REVIEW_GROUPS = [
  { key: 'review', label: '行政复议', en: 'administrative review' },
  { key: 'litigationDirect', label: '未经复议直接起诉', en: 'litigation without prior review' },
  { key: 'litigationAfterReview', label: '复议后起诉', en: 'litigation after review' },
] as const;
export const REVIEWS_HEADER = { review: '行政复议', litigation: '行政诉讼' } as const;

/** Section 二: caption rows ("第二十条第（一）项"), then "信息内容" + columns, then rows. */
export interface ProactiveGroupLayout {
  caption: string;
  columns: string[];
  rows: { key: string; label: string; cells: string[] }[];
}
export const PROACTIVE_CONTENT_LABEL = '信息内容';

/**
 * Label ids: how a report names the label it printed differently (`printedLabels`) and how
 * the renderer looks the printed wording up. One id per label the publication prints.
 */
export const labelId = {
  heading: (section: SectionKey) => `heading.${section}`,
  requestRow: (path: readonly string[]) => `requests.row.${path.join('.')}`,
  requestColumn: (column: ApplicantColumn) => `requests.column.${column}`,
  requestHeader: (part: keyof typeof REQUESTS_HEADER) => `requests.header.${part}`,
  proactiveContent: 'proactive.header.content',
  proactiveCaption: (group: ProactiveGroupLayout) => `proactive.caption.${group.rows[0]!.key}`,
  proactiveColumn: (group: ProactiveGroupLayout, index: number) => `proactive.column.${group.rows[0]!.key}.${group.rows[0]!.cells[index]!}`,
  proactiveRow: (key: string) => `proactive.row.${key}`,
  reviewsHeader: (part: keyof typeof REVIEWS_HEADER) => `reviews.header.${part}`,
  reviewGroup: (group: ReviewGroup) => `reviews.group.${group}`,
  reviewColumn: (group: ReviewGroup, column: OutcomeColumn) => `reviews.column.${group}.${column}`,
};
export type ReviewGroup = (typeof REVIEW_GROUPS)[number]['key'];
export type OutcomeColumn = (typeof OUTCOME_COLUMNS)[number]['key'];
