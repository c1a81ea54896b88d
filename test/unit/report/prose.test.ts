/**
 * Rule P, the narrative against the tables, on sentences of real published reports (Shanghai's
 * 市政府办公厅 2019, 平潭综合实验区 2021–2025, 沭阳县 2023–2025, 宿迁市残联 2020) set into the examples,
 * whose tables are known: jianghai (2021 format) has 新收 105, 上年结转 6, 办结 105, 予以公开 51,
 * 部分公开 7, 不予公开 15, 无法提供 22, 不予处理 8, 其他处理 2; 行政复议 6 (3 维持, 1 纠正, 1 其他, 1 尚未审结);
 * 行政诉讼 2 + 1; 行政规范性文件 3 / 2 / 27; 行政事业性收费 385.62 万元; 信息处理费 0 元.
 */
import { describe, expect, it } from 'vitest';
import { parseReport, validateReport, type Report } from '../../../functions/report';
import { checkProse } from '../../../functions/report/prose';
import { normalizeNumerals } from '../../../functions/report/numerals';
import { readSentence, sentencesOf } from '../../../functions/report/prose-reading';
import { loadExample } from '../../helpers/examples';

const R = 'sections.requests.table';
const V = 'sections.reviews.table';
const P = 'sections.proactive.table';

type Section = 'overview' | 'requests' | 'reviews' | 'other';

/** The example with one paragraph of prose added to a section; `change` edits the raw JSON first. */
interface Setting {
  section?: Section;
  example?: 'seed2020' | 'consistent2021';
  change?: (raw: any) => void;
}

function reportSaying(text: string, { section = 'overview', example = 'consistent2021', change = () => {} }: Setting = {}): Report {
  const raw = loadExample(example);
  raw.sections[section].blocks = [...(raw.sections[section].blocks ?? []), { type: 'paragraph', text }];
  change(raw);
  const parsed = parseReport(raw);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.report;
}

/** [cell, table value, quoted] of each warning. */
function disagreements(text: string, options?: Setting) {
  return checkProse(reportSaying(text, options)).map((w) => [w.path, w.expected, w.found]);
}

describe('numerals', () => {
  it('reads Chinese numerals before a measure word, full-width digits and 百分之, and leaves other numerals alone', () => {
    expect(normalizeNumerals('受理申请十七件，一百零五件，两件，１０５件，百分之四十，百分之三十三点九')).toBe('受理申请17件，105件，2件，105件，40%，33.9%');
    expect(normalizeNumerals('一是加强解读，“十四五”规划，四类内部事务，1,234件，1.2万件')).toBe('一是加强解读，“十四五”规划，四类内部事务，1234件，12000件');
  });

  it('compares a count written in Chinese numerals with the table', () => {
    expect(disagreements('本年度共受理政府信息公开申请十七件。')).toEqual([[`${R}.received.total`, 105, 17]]);
    expect(disagreements('全年新收政府信息公开申请一百零五件，上年结转六件。')).toEqual([]);
    expect(disagreements('全年新收政府信息公开申请１０５件，上年结转两件。')).toEqual([[`${R}.carriedOver.total`, 6, 2]]);
  });
});

describe('applications', () => {
  it('reads received, carried over, handled and carried forward in one sentence (jianghai, as published: no warning)', () => {
    expect(disagreements('全年新收政府信息公开申请105件，上年结转6件；办结105件，结转下年度继续办理6件。')).toEqual([]);
    expect(disagreements('全年新收政府信息公开申请105件，上年结转6件；办结95件，结转下年度继续办理16件。')).toEqual([
      [`${R}.results.total.total`, 105, 95],
      [`${R}.carriedForward.total`, 6, 16],
    ]);
  });

  it('reads the number before its noun (本年度全区共收到70件申请) and 依申请公开 as applications', () => {
    expect(disagreements('本年度我局共收到70件政府信息公开申请，及时依法依规办结69件。')).toEqual([
      [`${R}.received.total`, 105, 70],
      [`${R}.results.total.total`, 105, 69],
    ]);
    expect(disagreements('2021年度我局共收到依申请信息公开105件。')).toEqual([]);
  });

  it('takes 共…其中… as the total first, then its parts by applicant (沭阳县 2025: 749 = 新收 713 + 结转 36)', () => {
    expect(disagreements('全年共受理政府信息公开申请 105 件，其中自然人申请 86 件，法人或其他组织申请 19 件。')).toEqual([]);
    expect(disagreements('全年共受理政府信息公开申请 111 件，其中自然人申请 92 件，法人或其他组织申请 19 件。')).toEqual([
      [`${R}.received.total`, 105, 111],
      [`${R}.received.naturalPerson`, 86, 92],
    ]);
    expect(disagreements('2021年，全区收到政府信息公开申请105件，涉及自然人86件、商业企业9件。')).toEqual([]);
  });

  it('accepts a count that says it includes the carry-over', () => {
    expect(disagreements('共受理政府信息公开申请111件（含上年结转6件）。')).toEqual([]);
  });

  it('compares each outcome quoted, and a combined 予以公开及部分公开', () => {
    expect(disagreements('其中，予以公开51件，部分公开7件，不予公开15件，无法提供22件，不予处理8件，其他处理2件。', { section: 'requests' })).toEqual([]);
    expect(disagreements('予以公开及部分公开50件；因本机关不掌握等原因无法提供20件；不予处理8件。', { section: 'requests' })).toEqual([
      [`${R}.results.granted.total`, 58, 50],
      [`${R}.results.unavailable`, 22, 20],
    ]);
  });

  it('does not read outcomes outside a sentence about applications (公文公开属性: 不予公开)', () => {
    expect(disagreements('审核拟制公文公开属性120件，其中主动公开100件，依申请公开12件，不予公开8件。')).toEqual([]);
  });

  it('flags "未收到依申请公开事宜" when none were received but the results record some (平潭君山片区 2022)', () => {
    const noneReceived = (raw: any) => {
      const { table } = raw.sections.requests;
      for (const row of [table.received, table.carriedOver, table.results.total, table.carriedForward]) for (const key of Object.keys(row)) row[key] = 0;
      for (const row of [table.results.granted, table.results.partiallyGranted]) for (const key of Object.keys(row)) row[key] = 0;
      for (const group of ['withheld', 'unavailable', 'notProcessed', 'other']) for (const row of Object.values(table.results[group]) as any[]) for (const key of Object.keys(row)) row[key] = 0;
      Object.assign(table.results.unavailable.notHeld, { naturalPerson: 3, other: 2, total: 5 });
    };
    // The example's own sentences quote its former figures: only this sentence's warnings count here.
    const about = (options: Setting) => disagreements('2021年未收到依申请公开事宜。', options).filter(([, , found]) => found === '未收到依申请公开事宜');
    expect(about({ section: 'requests', change: noneReceived })).toEqual([[`${R}.results.unavailable`, 5, '未收到依申请公开事宜']]);
    const zero = { naturalPerson: 0, commercial: 0, research: 0, nonProfit: 0, legal: 0, other: 0, total: 0 };
    expect(about({ section: 'requests', change: (raw) => { noneReceived(raw); raw.sections.requests.table.results.unavailable.notHeld = zero; } })).toEqual([]);
  });

  it('flags "未收到政府信息公开申请" when applications were received, and not when none were (the seed)', () => {
    expect(disagreements('2021年，我局未收到政府信息公开申请。')).toEqual([[`${R}.received.total`, 105, '未收到政府信息公开申请']]);
    expect(checkProse(reportSaying('2020年，我会未收到政府信息公开申请。', { example: 'seed2020', section: 'requests' }))).toEqual([]);
  });

  it('flags applications said to be carried forward that the table counts as handled (平潭公安局 2021)', () => {
    const sentence = '2021年，我局收到政府信息公开申请1件，已按照相关法规，逐级审查，作出补正告知，目前未收到该申请人提交的补正，结转下年度办理。';
    /** Every count of table 三 set to 0, then one application received and carried forward. */
    const zero = (node: any): void => Object.keys(node).forEach((k) => (typeof node[k] === 'number' ? (node[k] = 0) : zero(node[k])));
    const oneCarriedForward = (raw: any) => {
      const t = raw.sections.requests.table;
      zero(t);
      t.received.naturalPerson = t.received.total = 1;
      t.carriedForward.naturalPerson = t.carriedForward.total = 1;
      raw.sections.overview.blocks = [{ type: 'paragraph', text: '2021年，我局认真贯彻落实《条例》。' }];
    };
    expect(disagreements(sentence, { section: 'requests', change: oneCarriedForward })).toEqual([]);
    expect(
      disagreements(sentence, {
        section: 'requests',
        change: (raw) => {
          oneCarriedForward(raw);
          const t = raw.sections.requests.table;
          t.results.other.other.naturalPerson = t.results.other.other.total = t.results.total.naturalPerson = t.results.total.total = 1;
        },
      }),
    ).toEqual([[`${R}.results.total.total`, 1, '结转下年度办理']]);
  });
});

describe('reading (上海市科委 2024, as published)', () => {
  const read = (text: string) =>
    sentencesOf(text)
      .flatMap((sentence) => readSentence(sentence, { year: 2024, topic: 'requests', consolidated: false, requestsBefore: true }))
      .map((c) => [c.kind === 'count' ? c.quantity : c.kind, 'value' in c ? c.value : c.quote]);

  it('reads outcomes counted as replies, and a count of lawsuits given as 数为', () => {
    expect(read('所有办结的信息公开申请中同意公开答复 9 件，部分公开答复 0 件，不予公开答复 2 件，无法提供的 10 件，不予处理 0 件，其他处理 14 件，转下一年度办理答复的有 1 件。')).toEqual([
      ['granted', 9], ['partiallyGranted', 0], ['withheld', 2], ['unavailable', 10], ['notProcessed', 0], ['otherHandling', 14],
    ]);
    expect(read('2024 年市科委有 1 件涉及政府信息公开工作的行政复议，该行政复议件未被复议审查机关纠错。涉及的行政诉讼数为0 件。')).toEqual([
      ['statement', '未被复议审查机关纠错'], ['litigation.total', 0],
    ]);
  });

  it('takes a year written with a space (2023 年) as another year', () => {
    expect(read('2023 年共收到政府信息公开申请 30 件。')).toEqual([]);
  });

  it('reads nothing from counts of other things', () => {
    expect(read('“上海科技”微信公众号共编发文章 1640 篇，其中原创文章 294篇，视频号共制作并发布短视频 584 条，直播 118 场。')).toEqual([]);
    expect(read('截至 2024 年 12 月31 日，市科委通过部门网站当年发布政府信息 393 件，其中包括：主合办人大代表建议 50 件，主合办政协提案 85 件的办理复文。')).toEqual([]);
  });
});

describe('comparisons, other years, other scopes and other kinds of counts are not this year’s figure', () => {
  it.each([
    ['市政府办公厅代表市政府共受理政府信息公开申请105件，申请数量较去年回落12.3%。'],
    ['全年新收政府信息公开申请105件，同比增长20%，较上年增加15件。'],
    ['上年收到政府信息公开申请90件，本年收到105件。'],
    ['2020年，我局收到政府信息公开申请90件。'],
    ['与上年相比，申请数量增加了30件，达到105件。'],
    ['全市各级行政机关共收到政府信息公开申请12000件。'],
    ['全年通过门户网站主动公开政府信息2316条，开展专题培训2次、培训干部职工160余人次。'],
    ['全年办理人大代表建议23件、政协提案31件，受理行政许可申请1284件。'],
    ['12345平台共收到25件，都及时予以答复，按时办结率100%。'],
    ['共收到政府信息公开申请约100件。'],
  ])('%s', (sentence) => {
    expect(disagreements(sentence)).toEqual([]);
  });

  it('still reads this year’s figure beside a comparison', () => {
    expect(disagreements('全年新收政府信息公开申请95件，同比增长20%。')).toEqual([[`${R}.received.total`, 105, 95]]);
  });
});

describe('percentages', () => {
  it('agrees when the share follows from the table, rounded or cut to the decimals printed', () => {
    // 51 / 105 = 48.57 %, 58 / 105 = 55.24 %, 15 / 105 = 14.29 %
    expect(disagreements('予以公开51件，占48.57%；予以公开及部分公开58件，占55.2%；不予公开15件，占14.28%。', { section: 'requests' })).toEqual([]);
    expect(disagreements('2021年，予以公开占比49%。', { section: 'requests' })).toEqual([]);
  });

  it('flags a share that does not follow from the table', () => {
    expect(disagreements('予以公开51件，占比40%。', { section: 'requests' })).toEqual([[`${R}.results.granted.total`, '49%', '40%']]);
  });

  it('leaves the share of a count already flagged to that count’s warning (上海 2019: 258件，占33.9%)', () => {
    expect(disagreements('予以公开及部分公开50件，占33.9%。', { section: 'requests' })).toEqual([[`${R}.results.granted.total`, 58, 50]]);
  });
});

describe('行政复议 and 行政诉讼', () => {
  it('reads the counts (行政诉讼 may be either group or both)', () => {
    expect(disagreements('因政府信息公开工作被申请行政复议6件，被提起行政诉讼3件。', { section: 'reviews' })).toEqual([]);
    expect(disagreements('信息公开类行政复议7件，诉讼2件。')).toEqual([[`${V}.review.total`, 6, 7]]);
  });

  it('flags "均获维持" while some are corrected or pending, but not pending ones after "审结的"', () => {
    expect(disagreements('信息公开类行政复议6件，均获维持。')).toEqual([
      [`${V}.review.corrected`, 1, '均获维持'],
      [`${V}.review.pending`, 1, '均获维持'],
    ]);
    expect(disagreements('已审结的政府信息公开行政复议案件均维持。')).toEqual([[`${V}.review.corrected`, 1, '均维持']]);
    // Only the cases of its own part of the sentence: the lawsuits, one of them still pending.
    expect(disagreements('政府信息公开行政复议6件，其中纠正1件；行政诉讼3件，均获维持。')).toEqual([[`${V}.litigationDirect.pending`, 1, '均获维持']]);
  });

  it('flags "未发生…行政复议、…行政诉讼" when there were some, and is silent when there were none (the seed)', () => {
    expect(disagreements('2021年，我局未发生因政府信息公开工作被申请行政复议、提起行政诉讼情况。')).toEqual([
      [`${V}.review.total`, 6, '未发生因政府信息公开工作被申请行政复议、提起行政诉讼情况'],
      [`${V}.litigationDirect.total`, 2, '未发生因政府信息公开工作被申请行政复议、提起行政诉讼情况'],
      [`${V}.litigationAfterReview.total`, 1, '未发生因政府信息公开工作被申请行政复议、提起行政诉讼情况'],
    ]);
    expect(checkProse(reportSaying('2020年，我会未发生因政府信息公开工作被申请行政复议、提起行政诉讼情况。', { example: 'seed2020', section: 'reviews' }))).toEqual([]);
  });

  it('flags "无败诉" and "未被纠错" only against cases that were corrected', () => {
    const lost = (raw: any) => {
      const g = raw.sections.reviews.table.litigationDirect;
      g.upheld = 0;
      g.corrected = 1;
    };
    expect(disagreements('政府信息公开行政诉讼2件，保持零败诉。', { change: lost })).toEqual([[`${V}.litigationDirect.corrected`, 1, '零败诉']]);
    expect(disagreements('政府信息公开行政诉讼2件，保持零败诉。')).toEqual([]);
    expect(disagreements('政府信息公开行政复议6件，未发生被纠错情况。')).toEqual([[`${V}.review.corrected`, 1, '未发生被纠错']]);
    // jianghai's own sentence: about overdue replies, not about reviews.
    expect(disagreements('所有申请均在法定期限内答复，未发生因逾期答复被纠错的情况。')).toEqual([]);
  });
});

describe('规章 and 规范性文件', () => {
  it('takes the noun or the verb from the sentence when a clause gives only one (jianghai: 清理…废止2件，现行有效27件)', () => {
    expect(disagreements('开展行政规范性文件清理，废止2件，现行有效27件。')).toEqual([]);
    expect(disagreements('本年度制发规章0件、行政规范性文件4件。')).toEqual([[`${P}.normativeDocuments.issued`, 3, 4]]);
  });

  it('flags 现行有效 quoted against 现行有效件数 (平潭 2023: 393 vs 470)', () => {
    expect(disagreements('按照省政府办公厅相关工作要求设立规范性文件库，清理并集中发布现行有效行政规范性文件393件，动态更新本年度制发的规范性文件3件。')).toEqual([
      [`${P}.normativeDocuments.inForce`, 27, 393],
    ]);
  });

  it('does not read the gazette or other bodies’ documents as the table’s', () => {
    expect(disagreements('全年共编发公报24期，刊登政府规章、规范性文件等112件，部门规范性文件45件；备案审查规范性文件30件。')).toEqual([]);
  });

  it('reads 主动公开 as 本年新公开 in the 2019 format (上海 2019: 规章13件，行政规范性文件60件)', () => {
    expect(checkProse(reportSaying('主动公开规章0件，行政规范性文件0件。', { example: 'seed2020' }))).toEqual([]);
    expect(checkProse(reportSaying('主动公开规章13件，行政规范性文件60件。', { example: 'seed2020' })).map((w) => w.path)).toEqual([
      `${P}.rules.madeThisYear`,
      `${P}.normativeDocuments.madeThisYear`,
    ]);
  });
});

describe('a category that holds the normative documents (2019 format)', () => {
  const published89 = (raw: any) => (raw.sections.proactive.table.normativeDocuments = { madeThisYear: 89, publishedThisYear: 89, publishedTotal: 300 });
  it('flags fewer items than the documents the table says were published (平潭 2019: 68 vs 89), not more (平潭 2020: 80 vs 77)', () => {
    const sentence = '今年，我区政府信息公开单位共公布政府信息2599条，(其中机构职能类信息25条，政策、规范性文件类信息68条，规划计划类信息28条)。';
    const warnings = checkProse(reportSaying(sentence, { example: 'seed2020', change: published89 }));
    expect(warnings.map((w) => [w.path, w.expected, w.found])).toEqual([[`${P}.normativeDocuments.madeThisYear`, 89, 68]]);
    expect(warnings[0]!.zh).toContain('少于表格所列');
    expect(checkProse(reportSaying(sentence.replace('68条', '90条'), { example: 'seed2020', change: published89 }))).toEqual([]);
  });
});

describe('fees', () => {
  it('compares 行政事业性收费 in any unit with the 万元 of the table', () => {
    expect(disagreements('全年收取行政事业性收费385.62万元。')).toEqual([]);
    expect(disagreements('全年收取行政事业性收费3856200元。')).toEqual([]);
    expect(disagreements('全年收取行政事业性收费400万元。')).toEqual([[`${P}.fees.amount`, '385.62万元', '400万元']]);
  });

  it('compares 信息处理费 with section 六, and "无收取信息处理费" with an amount', () => {
    expect(disagreements('2021年，无收取信息处理费情况。', { section: 'other' })).toEqual([]);
    expect(disagreements('收取信息处理费共计380元。', { section: 'other' })).toEqual([['sections.other.processingFees.amount', '0元', '380元']]);
    const charged = (raw: any) => (raw.sections.other.processingFees.amount.value = '380');
    expect(disagreements('2021年，无收取信息处理费情况。', { section: 'other', change: charged })).toEqual([
      ['sections.other.processingFees.amount', 380, '无收取信息处理费'],
    ]);
  });
});

describe('blank cells', () => {
  it('compares a blank 总计 with the sum its row would have, and never a blank row (上海 2019)', () => {
    const blankTotals = (raw: any) => {
      const granted = raw.sections.requests.table.results.granted;
      granted.total = null;
      raw.sections.requests.table.results.partiallyGranted = Object.fromEntries(Object.keys(granted).map((k) => [k, null]));
    };
    const report = reportSaying('予以公开51件，部分公开7件。', { section: 'requests' });
    const raw = JSON.parse(JSON.stringify(report));
    blankTotals(raw);
    expect(checkProse(raw as Report)).toEqual([]);
    raw.sections.requests.blocks.at(-1).text = '予以公开50件，部分公开7件。';
    expect(checkProse(raw as Report).map((w) => [w.path, w.expected, w.found])).toEqual([[`${R}.results.granted.total`, 51, 50]]);
  });
});

/** 上海市人民政府办公厅's 2025 report (a later one than the corpus's 2019): its narrative and its tables' figures. */
function shanghai2025(change: (raw: any) => void = () => {}): Report {
  const raw = loadExample('consistent2021');
  const row = (total: number, columns: Partial<Record<string, number>> = { naturalPerson: total }) => ({
    naturalPerson: 0, commercial: 0, research: 0, nonProfit: 0, legal: 0, other: 0, ...columns, total,
  });
  raw.agency = { name: '上海市人民政府办公厅', id: 'shanghai-gov-office' };
  raw.year = 2025;
  raw.publishedOn = '2026-01-20';
  raw.introduction = [{ type: 'paragraph', text: '本年度报告中所列数据统计期限为 2025年 1 月 1 日至 12 月 31 日。' }];
  raw.sections.overview.blocks = [
    { type: 'paragraph', heading: '（一）主动公开方面', text: '全年主动公开市政府规章 22 件、市政府及市政府办公厅行政规范性文件 34 件、人事任免文件 196 件、其他文件 84 件；扎实推进教育、养老服务、社会救助、就业、生态环境、医疗卫生等重点领域 125 项信息公开任务。召开市政府新闻发布会 42 场、新闻通气会 19 场，有效增强政策发布的权威性。' },
    { type: 'paragraph', heading: '（二）依申请公开方面', text: '市政府共受理政府信息公开申请 1295 件，办结 1191 件（含上年结转 189 件），均在法定期限内答复。其中，予以公开及部分公开 208 件（17.46%），不予公开 20 件（1.68%），因本机关不掌握等原因无法提供 564 件（47.36%），属信访、重复申请等不予处理 80 件（6.72%），其他处理 319 件（26.78%，含申请人主动撤回 157 件）。全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形。' },
    { type: 'paragraph', heading: '（三）政府信息管理方面', text: '全年完成市政府及市政府办公厅公文公开属性审查 166 件、发布审查 330 件。编辑《上海市人民政府公报》24 期，刊登市政府规章、市政府和市政府办公厅文件、市政府部门行政规范性文件等 243 件。' },
    { type: 'paragraph', heading: '（四）平台建设方面', text: '“上海国际服务门户”新增意大利语网站，目前已覆盖 10 个语种，共发布各类信息 13528 条，总浏览量为 536 万，同比显著增长82%，其中 47%来自海外；发布各类办事服务指引 403 项，其中直接办事服务 19 项。' },
  ];
  raw.sections.other.blocks = [{ type: 'paragraph', text: '2025 年度本机关未收取信息公开处理费。' }];
  raw.sections.other.processingFees = { amount: { value: '0', unit: '元' } };
  const proactive = raw.sections.proactive.table;
  proactive.rules = { issued: 22, repealed: 55, inForce: 235 };
  proactive.normativeDocuments = { issued: 34, repealed: 20, inForce: 189 };
  const t = raw.sections.requests.table;
  t.received = row(1295, { naturalPerson: 1259, commercial: 36 });
  t.carriedOver = row(189, { naturalPerson: 170, commercial: 15, legal: 4 });
  t.results.granted = row(206);
  t.results.partiallyGranted = row(2);
  const withheld = [4, 0, 1, 0, 9, 1, 0, 5];
  Object.keys(t.results.withheld).forEach((key, i) => (t.results.withheld[key] = row(withheld[i]!)));
  const unavailable = [513, 48, 3];
  Object.keys(t.results.unavailable).forEach((key, i) => (t.results.unavailable[key] = row(unavailable[i]!)));
  const notProcessed = [62, 16, 1, 1, 0];
  Object.keys(t.results.notProcessed).forEach((key, i) => (t.results.notProcessed[key] = row(notProcessed[i]!)));
  t.results.other = { noCorrection: row(43), unpaidFees: row(0), other: row(276) };
  t.results.total = row(1191);
  t.carriedForward = row(293);
  raw.sections.reviews.table = {
    review: { upheld: 40, corrected: 0, other: 10, pending: 5, total: 55 },
    litigationDirect: { upheld: 2, corrected: 0, other: 4, pending: 6, total: 12 },
    litigationAfterReview: { upheld: 6, corrected: 0, other: 9, pending: 7, total: 22 },
  };
  change(raw);
  const parsed = parseReport(raw);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.report;
}

describe('a whole real report (上海市人民政府办公厅 2025)', () => {
  it('gives no warning as published, though it quotes fifteen figures of its tables', () => {
    expect(checkProse(shanghai2025())).toEqual([]);
  });

  it('flags what would disagree: a share, a corrected review, a fee', () => {
    const warnings = checkProse(
      shanghai2025((raw) => {
        raw.sections.reviews.table.review = { upheld: 39, corrected: 1, other: 10, pending: 5, total: 55 };
        raw.sections.other.processingFees.amount.value = '100';
        raw.sections.overview.blocks[1].text = raw.sections.overview.blocks[1].text.replace('（1.68%）', '（2.68%）');
      }),
    );
    expect(warnings.map((w) => [w.path, w.expected, w.found])).toEqual([
      [`${R}.results.withheld`, '1.68%', '2.68%'],
      [`${V}.review.corrected`, 1, '未发生因依申请公开被行政复议纠错'],
      ['sections.other.processingFees.amount', 100, '未收取信息公开处理费'],
    ]);
  });
});

describe('the warning', () => {
  it('names the sentence, where it is, the number quoted and the cell with its value, in Chinese and English, and joins validateReport’s warnings', () => {
    const raw = loadExample('consistent2021');
    raw.sections.overview.blocks[2].text = raw.sections.overview.blocks[2].text.replace('全年新收政府信息公开申请105件', '全年新收政府信息公开申请十七件');
    const { ok, warnings } = validateReport(raw);
    expect(ok).toBe(true);
    expect(warnings).toEqual([
      {
        rule: 'P',
        path: `${R}.received.total`,
        paths: [`${R}.received.total`, 'sections.overview.blocks[2].text'],
        expected: 105,
        found: 17,
        sentence: { path: 'sections.overview.blocks[2].text', text: '全年新收政府信息公开申请十七件，上年结转6件；办结105件，结转下年度继续办理6件。' },
        zh: '正文「全年新收政府信息公开申请17件」与表格不符：本年新收政府信息公开申请数量（总计）为 105（见「全年新收政府信息公开申请十七件，上年结转6件；办结105件，结转下年度继续办理6件。」）',
        en: 'the text says "全年新收政府信息公开申请17件", but the table\'s applications received this year (total) is 105 (in "全年新收政府信息公开申请十七件，上年结转6件；办结105件，结转下年度继续办理6件。")',
      },
    ]);
  });

  it('gives none on the two consistent examples', () => {
    const proseWarnings = (raw: unknown) => validateReport(raw).warnings.filter((w) => w.rule === 'P');
    expect(proseWarnings(loadExample('seed2020'))).toEqual([]);
    expect(proseWarnings(loadExample('consistent2021'))).toEqual([]);
  });
});
