/**
 * Version B of the format: 《中华人民共和国政府信息公开工作年度报告格式》 (国办公开办函〔2021〕30号,
 * 2021-09-26), used from the 2021 reports on (docs/format.md §4).
 */
import { z } from 'zod';
import { amountValue, applicantRow, blocks, cell, count, decimal, reportShape, requestsTable } from './common';
import { requestsLayout, type ProactiveGroupLayout } from './labels';

const documents = z.strictObject({ issued: cell, repealed: cell, inForce: cell });
const decisions = z.strictObject({ decisions: cell });

export const proactiveTable2021 = z.strictObject({
  rules: documents,
  normativeDocuments: documents,
  licensing: decisions,
  punishment: decisions,
  enforcement: decisions,
  /** 本年收费金额 in 万元, the unit the column header prints (format.md §4.2). */
  fees: z.strictObject({ amount: z.strictObject({ value: amountValue, unit: z.literal('万元') }) }),
});

/**
 * Version B splits （六）其他处理 into three (format.md §4.3); a report that printed it as one
 * row, as some do, keeps that row (validate.ts warns of the departure).
 */
export const otherHandlingSplit = z.strictObject({ noCorrection: applicantRow, unpaidFees: applicantRow, other: applicantRow });
const otherHandling2021 = z.union([otherHandlingSplit, applicantRow]);

/** Section 六 must report 信息处理费 (format.md §4.1: 国办函〔2020〕109号); amounts in 元. */
const processingFees = z.strictObject({ notices: count.optional(), amount: z.strictObject({ value: decimal, unit: z.literal('元') }) });

export const report2021 = z.strictObject({
  formatVersion: z.literal('2021'),
  ...reportShape({
    proactiveTable: proactiveTable2021,
    requestsTable: requestsTable(otherHandling2021),
    otherSection: z.strictObject({ blocks: blocks(0).default([]), processingFees: processingFees.optional() }),
  }),
});
export type Report2021 = z.infer<typeof report2021>;

export const PROACTIVE_LAYOUT_2021: ProactiveGroupLayout[] = [
  {
    caption: '第二十条第（一）项',
    columns: ['本年制发件数', '本年废止件数', '现行有效件数'],
    rows: [
      { key: 'rules', label: '规章', cells: ['issued', 'repealed', 'inForce'] },
      { key: 'normativeDocuments', label: '行政规范性文件', cells: ['issued', 'repealed', 'inForce'] },
    ],
  },
  { caption: '第二十条第（五）项', columns: ['本年处理决定数量'], rows: [{ key: 'licensing', label: '行政许可', cells: ['decisions'] }] },
  {
    caption: '第二十条第（六）项',
    columns: ['本年处理决定数量'],
    rows: [
      { key: 'punishment', label: '行政处罚', cells: ['decisions'] },
      { key: 'enforcement', label: '行政强制', cells: ['decisions'] },
    ],
  },
  {
    caption: '第二十条第（八）项',
    columns: ['本年收费金额（单位：万元）'],
    rows: [{ key: 'fees', label: '行政事业性收费', cells: ['amount'] }],
  },
];

export const REQUESTS_LAYOUT_2021 = requestsLayout({
  path: ['results', 'other'],
  label: '（六）其他处理',
  rows: [
    { path: ['results', 'other', 'noCorrection'], label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请' },
    { path: ['results', 'other', 'unpaidFees'], label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请' },
    { path: ['results', 'other', 'other'], label: '3.其他' },
  ],
});
