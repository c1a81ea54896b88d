/**
 * Reading a report's narrative for what it says about the quantities its tables hold: "受理申请17件",
 * "上年结转6件", "予以公开及部分公开258件，占33.9%", "行政复议7件，诉讼9件，均获维持", "现行有效规范性文件393件".
 * Each number is read through the words just before it in its clause (its label), which must end
 * in a known phrase; anything else (信息509条, 培训2次, a comparison with last year, another year's
 * figure, a city-wide figure, an approximate one) is no claim. Precision over recall: a claim
 * read here must be what the sentence says of this report's own year.
 */
import { normalizeNumerals } from './numerals';

/** A quantity of the tables a sentence can state; prose.ts knows the cells. */
export type Quantity =
  | 'received' | 'receivedWithCarriedOver' | `receivedFrom.${Applicant}` | 'carriedOver' | 'handled' | 'processed' | 'carriedForward'
  | 'granted' | 'partiallyGranted' | 'grantedOrPartial' | 'withheld' | 'unavailable' | 'notProcessed' | 'otherHandling'
  | `${Litigant | CaseGroup}.${CaseOutcome}`
  | `${'rules' | 'normativeDocuments'}.${DocumentVerb}`
  | 'fees' | 'processingFees'
  /** Not read from a sentence: received plus carried over, what a share or a carry-forward is reckoned against. */
  | 'applications';
export type Litigant = 'review' | 'litigation';
/** The groups of table 四; not read from a sentence (行政诉讼 there may be either group or both). */
export type CaseGroup = 'review' | 'litigationDirect' | 'litigationAfterReview';
export type CaseOutcome = 'total' | 'upheld' | 'corrected' | 'pending';
/** The applicant columns of table 三, and 法人或其他组织 for the five after the first. */
export type Applicant = 'naturalPerson' | 'commercial' | 'research' | 'nonProfit' | 'legal' | 'organisations';
type DocumentVerb = 'issued' | 'published' | 'repealed' | 'inForce';

/** What a sentence claims about the tables. */
export type Claim =
  /** `atLeast`: the number counts a wider category that holds the figure (政策、规范性文件类信息68条). */
  | { kind: 'count'; quantity: Quantity; value: number; quote: string; atLeast?: true }
  /** A share of the applications handled, e.g. 予以公开占比40% (decimals as printed). */
  /** `of`: the count the sentence gave just before (予以公开258件，占33.9%), if any. */
  | { kind: 'percent'; quantity: Quantity; value: number; decimals: number; quote: string; of?: number }
  | { kind: 'amount'; quantity: 'fees' | 'processingFees'; value: number; decimals: number; unit: string; quote: string }
  /** `received`: allCarriedForward's count of the applications the sentence says were carried forward. */
  | { kind: 'statement'; statement: Statement; litigants: Litigant[]; quote: string; pendingCounts: boolean; received?: number };
export type Statement = 'allUpheld' | 'noneLost' | 'noneCorrected' | 'none' | 'noRequests' | 'noProcessingFees' | 'allCarriedForward';

/** What the text around a sentence is about: its section, or the heading it stands under. */
export type Topic = 'requests' | 'reviews' | 'other';

export function topicOfHeading(heading: string): Topic | undefined {
  if (/依申请|信息公开申请|申请公开/.test(heading)) return 'requests';
  if (/复议|诉讼/.test(heading)) return 'reviews';
  return /^[（(]?[一二三四五六七八九十\d]+[）)、.．]/.test(heading) ? 'other' : undefined;
}

export function sentencesOf(text: string): string[] {
  return text.split(/(?<=[。！？!?\n])/).map((s) => s.trim()).filter((s) => s.length > 0);
}

const BREAK = /[，,；;：:（）()！？!?【】]/;
const TOKEN = /(\d+(?:\.\d+)?)\s*(万元|亿元|元|%|件|宗|起|个|项|次|条|份|篇|部|例|名|人次|人|家|户)/g;
const TAIL = '(?:的)?(?:数量|总数|总量|件数|数)?(?:为|达|达到|是|共|共计|合计|总计|计|有|了)?';
/** Words before a count that leave the rest of the label to say what is counted. */
const FILLER = /^(?:[、，]|以及|及时|和|及|与|其中|另有|共计|共|总计|合计|累计|全年|本年度|本年|今年|年内|已经|已|均|全部|依法|依规|按时|按期|此外|同时|分别|对)+/;
/** The words of other figures: another year's, a comparison, a wider scope, an approximation. */
const COMPARISON = /同比|环比|[较比](?:上|去|前|同期|(?:19|20)\d\d)|与(?:上|去)一?年|上年同期|增长|下降|减少|增加|回落|上升|降低|持平|增幅|降幅/;
const WIDER_SCOPE = /全市|全区|全县|全省|全州|全国|各级|各区|各县|各市|各部门|各单位|各地|各乡镇|各街道|下属|系统内|全系统|市级部门|区级部门|县级部门/;
const APPROXIMATE = /(?:约|近|超过|超|逾|不足|不到|将近|大约|多达|以上)$/;
const APPROXIMATE_AFTER = /^(?:余|多|以上|左右)/;
/** Time words in the order they appear: the last one before a figure says which year it is. */
const TIME_WORD = /(?<![较比与同])(?:上一?年度?|去年|前年)(?!度?结转)|(?<![较比与同\d])((?:19|20)\d{2})(?=\s*年)(?!\s*年(?:度)?(?:以来|起|至今))|今年|本年度?|全年|当年/g;
/** Other kinds of request counts than those of the table, which these labels would otherwise match. */
const NOT_REQUESTS = /复议|诉讼|许可|审批|建议|提案|诉求|来信|来访|信访|咨询|投诉|热线|12345|留言|举报|政务服务|办件|逾期|延期|超期|部门|网上|当面|信函|邮寄|传真|电子邮件|线上|线下|自然人|法人|企业|组织|平台|窗口/;

/** How a label names applications for disclosure: 政府信息公开申请, 依申请公开, 依申请信息公开件. */
const APPLICATIONS = '(?:申请(?:公开)?|依申请(?:信息)?公开)(?:件|事项)?';
/** Applications counted after the noun: 共收到70件申请. */
const APPLICATIONS_AFTER = /^(?:的)?(?:政府信息公开|信息公开|依申请公开)?申请(?!人)/;
const RECEIVED_BEFORE = new RegExp(`(?:新收|收到|受理|接收|接到)${TAIL}$`);
/** The applicants of the applications just counted: 其中自然人申请741件，法人或其他组织申请8件; 涉及自然人72件、商业企业3件. */
const APPLICANTS: Record<string, Applicant> = {
  自然人: 'naturalPerson', 商业企业: 'commercial', 科研机构: 'research', 社会公益组织: 'nonProfit', 法律服务机构: 'legal',
  法人或其他组织: 'organisations', 法人和其他组织: 'organisations', 法人或者其他组织: 'organisations',
};
const APPLICANT_PART = new RegExp(`^(?:涉及|来自)?(${Object.keys(APPLICANTS).join('|')})(?:提出)?(?:的)?(?:申请)?${TAIL}$`);
/** A count of applications that says it includes last year's: 共受理申请20件（含上年结转2件）. */
const WITH_CARRIED_OVER = /(?:含|包括|其中)[^。]*?(?:上一?年度?|去年)?结转(?!下)/;

/** An outcome counted as replies: 同意公开答复9件. */
const ANSWERED = '(?:答复)?';

const requestRules: [Quantity, RegExp, 'label' | 'context'][] = [
  ['carriedOver', new RegExp(`(?:上一?年度?|去年)结转(?:的)?(?:政府信息公开|信息公开)?(?:申请)?${TAIL}$`), 'label'],
  ['carriedOver', new RegExp(`结转上一?年度?(?:的)?(?:政府信息公开|信息公开)?(?:申请)?${TAIL}$`), 'label'],
  ['carriedForward', new RegExp(`(?:结转(?:至|到)?下一?年度?|转入下一?年度?|下一?年度?继续办理)(?:继续办理)?(?:的)?(?:申请)?${TAIL}$`), 'label'],
  ['received', new RegExp(`(?:新收|收到|受理|接收|接到|收悉)[^，]*?${APPLICATIONS}${TAIL}$`), 'label'],
  ['handled', new RegExp(`(?:办结|答复|办理完毕|处理完毕|作出答复|予以答复)[^，]*?${APPLICATIONS}${TAIL}$`), 'label'],
  ['processed', new RegExp(`办理[^，]*?${APPLICATIONS}${TAIL}$`), 'label'],
  ['processed', new RegExp(`^(?:政府信息公开|信息公开)申请${TAIL}$`), 'label'],
  ['received', new RegExp(`^(?:新收|收到|受理)${TAIL}$`), 'context'],
  ['handled', new RegExp(`^(?:办结|答复|答复办结|办理完毕|处理完毕|作出答复|予以答复)${TAIL}$`), 'context'],
  ['grantedOrPartial', new RegExp(`(?:予以公开|同意公开|全部公开|公开)(?:及|和|与|、|或|以及)(?:予以|同意)?部分公开${ANSWERED}${TAIL}$`), 'context'],
  ['granted', new RegExp(`(?<!部分|不)(?:予以公开|同意公开|全部公开|准予公开|予以全部公开)${ANSWERED}${TAIL}$`), 'context'],
  ['partiallyGranted', new RegExp(`部分公开${ANSWERED}${TAIL}$`), 'context'],
  ['withheld', new RegExp(`不予公开${ANSWERED}${TAIL}$`), 'context'],
  ['unavailable', new RegExp(`无法提供${ANSWERED}${TAIL}$`), 'context'],
  ['notProcessed', new RegExp(`不予处理${ANSWERED}${TAIL}$`), 'context'],
  ['otherHandling', new RegExp(`其他处理${ANSWERED}${TAIL}$`), 'context'],
];
const OUTCOME_QUANTITIES: Quantity[] = ['granted', 'partiallyGranted', 'grantedOrPartial', 'withheld', 'unavailable', 'notProcessed', 'otherHandling'];

const LITIGANT_WORD = /复议|诉讼/g;
const NOT_A_CASE_COUNT = /维持|纠正|纠错|撤销|审结|审理|败诉|胜诉|驳回|确认|终止|应诉|出庭|调解|和解|撤回/;
const caseRules: [Litigant | 'outcome', RegExp, CaseOutcome][] = [
  ['review', new RegExp(`(?:行政)?复议(?:案件|申请)?${TAIL}$`), 'total'],
  ['litigation', new RegExp(`(?:行政)?诉讼(?:案件)?${TAIL}$`), 'total'],
  ['outcome', new RegExp(`^(?:结果)?(?:被|予以|获)?维持${TAIL}$`), 'upheld'],
  ['outcome', new RegExp(`^(?:结果)?(?:被)?(?:纠正|纠错|撤销)${TAIL}$`), 'corrected'],
  ['outcome', new RegExp(`^(?:尚未审结|未审结|正在审理|审理中|尚在审理中?)${TAIL}$`), 'pending'],
];

const DOCUMENT_NOUN = /(?:行政)?规范性文件|规章/g;
const DOCUMENT_VERB = '(制发|印发|出台|制定|新制定|发布|公布|公开|废止|宣布失效|废除|现行有效)';
const NOUN = '((?:行政)?规范性文件|规章)';
/** The verb right before the noun (现行有效的行政规范性文件, 本年度制发的规范性文件) or right after it (规章废止). */
const DOCUMENT_LABELS = [
  new RegExp(`${DOCUMENT_VERB}(?:了|的)?(?:(?:本级)?(?:市|区|县|省)?(?:人民)?政府)?${NOUN}${TAIL}$`),
  new RegExp(`^(?:(?:市|区|县|省)?(?:人民)?政府)?${NOUN}${DOCUMENT_VERB}${TAIL}$`),
];
/** A verb or a noun alone takes the other from the sentence: 清理规范性文件，废止2件; 制发规章1件、规范性文件3件. */
const DOCUMENT_VERB_ALONE = new RegExp(`^${DOCUMENT_VERB}${TAIL}$`);
const DOCUMENT_NOUN_ALONE = new RegExp(`^(?:(?:市|区|县|省)?(?:人民)?政府)?${NOUN}${TAIL}$`);
const DOCUMENT_VERBS: Record<string, DocumentVerb> = {
  制发: 'issued', 印发: 'issued', 出台: 'issued', 制定: 'issued', 新制定: 'issued', 发布: 'issued', 公布: 'issued',
  公开: 'published', 废止: 'repealed', 宣布失效: 'repealed', 废除: 'repealed', 现行有效: 'inForce',
};
const DOCUMENT_UNITS = /^(?:件|个|项|份|篇|部)$/;

const FEE_RULES: ['fees' | 'processingFees', RegExp][] = [
  ['fees', new RegExp(`行政事业性收费(?:金额|总额|收入)?${TAIL}$`)],
  ['processingFees', new RegExp(`信息(?:公开)?处理费(?:金额|总额)?${TAIL}$`)],
];

const PERCENT_LABEL = /^(予以公开及部分公开|予以公开和部分公开|予以公开|部分公开|不予公开|无法提供|不予处理|其他处理)?(?:的)?(?:申请)?(?:件数|数量)?(?:占|所占)[^，]*$/;

interface Reading {
  /** The normalised sentence. */
  text: string;
  year: number;
  topic: Topic;
  /** The report is a government's for its whole area (a 县人民政府's): 全县 is its own scope. */
  consolidated: boolean;
  /** The previous sentence of the block spoke of applications for disclosure (a sentence may continue it). */
  requestsBefore: boolean;
}

/** Whether the words before `at` are about this report's own year and its own scope. */
function ownFigure(r: Reading, at: number): boolean {
  const before = r.text.slice(0, at);
  if (!r.consolidated && WIDER_SCOPE.test(before)) return false;
  let latest: string | undefined;
  for (const m of before.matchAll(TIME_WORD)) latest = m[1] ?? m[0];
  if (latest === undefined) return true;
  return /^(?:今年|本年度?|全年|当年)$/.test(latest) || latest === String(r.year);
}

function speaksOfRequests(r: Reading, at: number): boolean {
  return r.topic === 'requests' || /(?<![依被])申请(?!人)/.test(r.text.slice(0, at)) || (r.requestsBefore && /^(?:其中|上述|以上|对)/.test(r.text));
}

/** Applications for disclosure, not for a licence or a review (受理行政许可申请, 受理复议申请). */
function aboutDisclosureRequests(r: Reading): boolean {
  return r.topic === 'requests' || r.requestsBefore || /信息公开|依申请/.test(r.text);
}

function speaksOfDisclosureCases(r: Reading): boolean {
  return r.topic !== 'other' || /信息公开|依申请/.test(r.text);
}

function litigantsIn(text: string): Litigant[] {
  const found = new Set<Litigant>();
  for (const m of text.matchAll(LITIGANT_WORD)) found.add(m[0] === '复议' ? 'review' : 'litigation');
  return [...found];
}

export interface SentenceContext {
  year: number;
  topic: Topic;
  consolidated: boolean;
  requestsBefore: boolean;
}

/** Everything one sentence claims; see Reading for its context. */
export function readSentence(sentence: string, context: SentenceContext): Claim[] {
  const r: Reading = { text: normalizeNumerals(sentence), ...context };
  const counts = countClaims(r);
  return [...counts, ...statementClaims(r, counts)];
}

/** Whether an agency reports for its whole area: a people's government or a zone's committee, not their offices. */
export function isConsolidated(agencyName: string): boolean {
  return /(?:人民政府|管理委员会|管委会|实验区|开发区|新区)$/.test(agencyName);
}

export function mentionsRequests(sentence: string): boolean {
  return /信息公开申请|依申请公开|公开申请/.test(sentence);
}

function countClaims(r: Reading): Claim[] {
  const claims: Claim[] = [];
  let previousEnd = 0;
  let previous: Claim | undefined;
  for (const m of r.text.matchAll(TOKEN)) {
    const start = m.index;
    const end = start + m[0].length;
    const clauseStart = lastBreakBefore(r.text, start);
    const labelStart = Math.max(clauseStart, previousEnd);
    const label = r.text.slice(labelStart, start).trim();
    const clause = r.text.slice(clauseStart, start);
    previousEnd = end;
    const value = Number(m[1]);
    const unit = m[2]!;
    const decimals = m[1]!.split('.')[1]?.length ?? 0;
    if (COMPARISON.test(clause) || APPROXIMATE.test(label) || APPROXIMATE_AFTER.test(r.text.slice(end)) || !ownFigure(r, start)) {
      previous = undefined;
      continue;
    }
    const bare = label.replace(FILLER, '');
    const quote = `${label.replace(/^[、，]/, '')}${m[0]}`;
    const after = r.text.slice(end);
    const claim = readCount(r, { bare, label, unit, value, decimals, start, after, quote }, previous, claims);
    if (claim) claims.push(claim);
    previous = claim;
  }
  return claims;
}

function lastBreakBefore(text: string, at: number): number {
  for (let i = at - 1; i >= 0; i--) if (BREAK.test(text[i]!)) return i + 1;
  return 0;
}

interface Token {
  bare: string;
  label: string;
  unit: string;
  value: number;
  decimals: number;
  start: number;
  /** The rest of the sentence after the number and its unit. */
  after: string;
  quote: string;
}

function readCount(r: Reading, t: Token, previous: Claim | undefined, earlier: Claim[]): Claim | undefined {
  if (t.unit === '%') return readPercent(r, t, previous);
  if (/元$/.test(t.unit)) return readAmount(r, t);
  return readRequestCount(r, t, previous) ?? readCaseCount(r, t) ?? readDocumentCount(r, t, earlier) ?? readDocumentCategory(t);
}

function readRequestCount(r: Reading, t: Token, previous: Claim | undefined): Claim | undefined {
  if (!/^(?:件|宗|个|份|条)$/.test(t.unit)) return undefined;
  const count = (quantity: Quantity): Claim => ({ kind: 'count', quantity, value: t.value, quote: t.quote });
  const part = APPLICANT_PART.exec(t.bare.replace(/^涉及/, ''));
  if (part && previous?.kind === 'count' && /^received/.test(previous.quantity)) return count(`receivedFrom.${APPLICANTS[part[1]!]!}`);
  if (!aboutDisclosureRequests(r)) return undefined;
  const received = (): Claim => count(WITH_CARRIED_OVER.test(r.text) ? 'receivedWithCarriedOver' : 'received');
  if (RECEIVED_BEFORE.test(t.bare) && APPLICATIONS_AFTER.test(t.after) && !NOT_REQUESTS.test(t.label)) {
    return { ...received(), quote: `${t.quote}${APPLICATIONS_AFTER.exec(t.after)![0]}` };
  }
  for (const [quantity, pattern, needs] of requestRules) {
    if (!pattern.test(t.bare)) continue;
    // An outcome names itself (属信访、重复申请等不予处理); a count of applications must not be of another kind.
    if (!OUTCOME_QUANTITIES.includes(quantity) && NOT_REQUESTS.test(t.label)) return undefined;
    if (needs === 'context' && !speaksOfRequests(r, t.start)) return undefined;
    return quantity === 'received' ? received() : count(quantity);
  }
  return undefined;
}

function readCaseCount(r: Reading, t: Token): Claim | undefined {
  if (!speaksOfDisclosureCases(r) || !/^(?:件|宗|起|个)$/.test(t.unit)) return undefined;
  for (const [who, pattern, column] of caseRules) {
    if (!pattern.test(who === 'outcome' ? t.bare : t.label)) continue;
    if (who !== 'outcome') return NOT_A_CASE_COUNT.test(t.label) ? undefined : { kind: 'count', quantity: `${who}.${column}`, value: t.value, quote: t.quote };
    const mentioned = [...r.text.slice(0, t.start).matchAll(LITIGANT_WORD)].at(-1)?.[0];
    if (!mentioned) return undefined;
    return { kind: 'count', quantity: `${mentioned === '复议' ? 'review' : 'litigation'}.${column}`, value: t.value, quote: t.quote };
  }
  return undefined;
}

function readDocumentCount(r: Reading, t: Token, earlier: Claim[]): Claim | undefined {
  if (!DOCUMENT_UNITS.test(t.unit)) return undefined;
  let verbWord: string | undefined;
  let nounWord: string | undefined;
  const both = DOCUMENT_LABELS.map((pattern) => pattern.exec(t.bare)).find((m) => m !== null);
  if (both) [verbWord, nounWord] = both[1]!.includes('规') ? [both[2], both[1]] : [both[1], both[2]];
  else if (DOCUMENT_VERB_ALONE.test(t.bare)) {
    verbWord = DOCUMENT_VERB_ALONE.exec(t.bare)![1];
    nounWord = [...r.text.slice(0, t.start).matchAll(DOCUMENT_NOUN)].at(-1)?.[0];
  } else if (DOCUMENT_NOUN_ALONE.test(t.bare)) nounWord = DOCUMENT_NOUN_ALONE.exec(t.bare)![1];
  const previousDocument = earlier.at(-1);
  const verb = verbWord
    ? DOCUMENT_VERBS[verbWord]
    : previousDocument?.kind === 'count' && /^(?:rules|normativeDocuments)\./.test(previousDocument.quantity)
      ? (previousDocument.quantity.split('.')[1] as DocumentVerb)
      : undefined;
  if (!verb || !nounWord) return undefined;
  const noun = nounWord === '规章' ? 'rules' : 'normativeDocuments';
  return { kind: 'count', quantity: `${noun}.${verb}`, value: t.value, quote: t.quote };
}

/** The items published in the category that holds the normative documents (2019 format's 本年新公开数量). */
const DOCUMENT_CATEGORY = new RegExp(`^(?:政策、|政策性文件、|政策文件、)?(?:行政)?规范性文件类(?:政府)?信息${TAIL}$`);

function readDocumentCategory(t: Token): Claim | undefined {
  if (!/^(?:条|件)$/.test(t.unit) || !DOCUMENT_CATEGORY.test(t.bare)) return undefined;
  return { kind: 'count', quantity: 'normativeDocuments.published', value: t.value, quote: t.quote, atLeast: true };
}

function readPercent(r: Reading, t: Token, previous: Claim | undefined): Claim | undefined {
  // 予以公开及部分公开208件（17.46%）: a share in brackets right after the count.
  const bracketed = t.label === '' && /[（(]$/.test(r.text.slice(0, t.start).trimEnd());
  const m = bracketed ? ['', undefined] : PERCENT_LABEL.exec(t.bare);
  if (!m) return undefined;
  const named = m[1] ? outcomeOfWords(m[1]) : undefined;
  const quantity = named ?? (previous?.kind === 'count' && OUTCOME_QUANTITIES.includes(previous.quantity) ? previous.quantity : undefined);
  if (!quantity) return undefined;
  const of = previous?.kind === 'count' && previous.quantity === quantity ? previous.value : undefined;
  return { kind: 'percent', quantity, value: t.value, decimals: t.decimals, quote: of !== undefined ? `${previous!.quote}，${t.quote}` : t.quote, of };
}

function outcomeOfWords(words: string): Quantity | undefined {
  if (/部分公开/.test(words)) return /予以公开/.test(words) ? 'grantedOrPartial' : 'partiallyGranted';
  const byWords: Record<string, Quantity> = { 予以公开: 'granted', 不予公开: 'withheld', 无法提供: 'unavailable', 不予处理: 'notProcessed', 其他处理: 'otherHandling' };
  return byWords[words];
}

function readAmount(r: Reading, t: Token): Claim | undefined {
  const fee = FEE_RULES.find(([, pattern]) => pattern.test(t.label));
  if (!fee || !ownFigure(r, t.start)) return undefined;
  return { kind: 'amount', quantity: fee[0], value: t.value, decimals: t.decimals, unit: t.unit, quote: t.quote };
}

const NEGATION = '(?:未发生|未出现|没有发生|没有|未有|无(?!论)|未被|未收到|不存在|未因)';
const STATEMENTS: { statement: Statement; pattern: RegExp }[] = [
  { statement: 'allUpheld', pattern: /(?<![未不])(?:均|全部|都|皆|全都)(?:已|被|获|依法|予以|得到|获得)*维持/g },
  { statement: 'noneLost', pattern: /(?:无|未发生|没有|未出现|零|无一)[^，。；]{0,20}?败诉/g },
  { statement: 'noneCorrected', pattern: /(?:无|未发生|没有|未出现|未有|未被|未因)[^，。；]{0,16}?(?:被)?(?:纠错|纠正|撤销)/g },
  { statement: 'none', pattern: new RegExp(`${NEGATION}[^，；。]*?(?:行政)?(?:复议|诉讼)[^，；。]*`, 'g') },
  { statement: 'noRequests', pattern: /(?:未|没有)(?:收到|受理|接到)(?:任何)?(?:的)?(?:(?:政府信息公开|信息公开|依申请公开)?申请(?!人)|依申请公开(?:事宜|事项))|无(?:政府信息公开|信息公开|依申请公开)申请(?!人)/g },
  { statement: 'noProcessingFees', pattern: /(?:未|没有|无)(?:收取|收|产生|发生)?(?:任何)?(?:政府信息公开)?信息(?:公开)?处理费/g },
  /** Without a number: the applications the sentence counted are carried forward (收到申请1件，…，结转下年度办理). */
  { statement: 'allCarriedForward', pattern: /(?<=^|[，,；;])[^，,；;\d]*?结转(?:至|到)?下一?年度?(?:继续)?办理(?=[。；;]?$)/g },
];

function statementClaims(r: Reading, counts: Claim[]): Claim[] {
  const claims: Claim[] = [];
  for (const { statement, pattern } of STATEMENTS) {
    for (const m of r.text.matchAll(pattern)) {
      if (!ownFigure(r, m.index)) continue;
      const claim = readStatement(r, statement, m[0], m.index, counts);
      if (claim) claims.push(claim);
    }
  }
  return claims;
}

function readStatement(r: Reading, statement: Statement, words: string, at: number, counts: Claim[]): Claim | undefined {
  const before = r.text.slice(0, at);
  const base = { kind: 'statement' as const, statement, quote: words, pendingCounts: false };
  switch (statement) {
    case 'noRequests':
    case 'noProcessingFees':
      return { ...base, litigants: [] };
    case 'allCarriedForward': {
      const received = counts.filter((c) => c.kind === 'count' && /^received/.test(c.quantity));
      if (received.length !== 1 || counts.length !== 1 || received[0]!.kind !== 'count') return undefined;
      return { ...base, quote: words.replace(/^[^结]*/, ''), litigants: [], received: received[0]!.value };
    }
    case 'none': {
      if (!speaksOfDisclosureCases(r) || NOT_A_CASE_COUNT.test(words) || /\d/.test(words)) return undefined;
      return { ...base, litigants: litigantsIn(words) };
    }
    case 'noneLost':
      return speaksOfDisclosureCases(r) ? { ...base, litigants: ['litigation'] } : undefined;
    default: {
      // 未发生因依申请公开被行政复议纠错: the cases named in the words, else those named before in the
      // same part of the sentence (行政复议1件已纠正；行政诉讼2件均获维持: only the lawsuits).
      const named = litigantsIn(words);
      const litigants = named.length > 0 ? named : litigantsIn(before.slice(before.search(/[；;][^；;]*$/) + 1));
      if (litigants.length === 0 || !speaksOfDisclosureCases(r)) return undefined;
      return { ...base, litigants, pendingCounts: statement === 'allUpheld' && !/审结|结案|已决|终结|审理完毕|办结/.test(before) };
    }
  }
}
