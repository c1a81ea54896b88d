/**
 * Version A of the format: 《中华人民共和国政府信息公开工作年度报告格式（试行）》
 * (国办公开办函〔2019〕60号), used for the 2019 and 2020 reports (docs/format.md §3).
 */
import { z } from 'zod';
import { amountValue, applicantRow, blocks, cell, reportShape, requestsTable, signedCell } from './common';
import { requestsLayout, type ProactiveGroupLayout } from './labels';

const documents = z.strictObject({ madeThisYear: cell, publishedThisYear: cell, publishedTotal: cell });
const managedItems = z.strictObject({ previousYear: cell, change: signedCell, decisions: cell });

export const proactiveTable2019 = z.strictObject({
  rules: documents,
  normativeDocuments: documents,
  licensing: managedItems,
  otherServices: managedItems,
  punishment: managedItems,
  enforcement: managedItems,
  fees: z.strictObject({ previousYear: cell, change: signedCell }),
  procurement: z.strictObject({
    projects: cell,
    /** The format prints no unit (format.md §3.2); when given it is printed after the value, as a published 2019 report prints "251000元". */
    amount: z.strictObject({ value: amountValue, unit: z.enum(['元', '万元']).optional() }),
  }),
});

export const report2019 = z.strictObject({
  formatVersion: z.literal('2019'),
  ...reportShape({
    proactiveTable: proactiveTable2019,
    requestsTable: requestsTable(applicantRow),
    otherSection: z.strictObject({ blocks: blocks(0).default([]) }),
  }),
});
export type Report2019 = z.infer<typeof report2019>;

const managedColumns = ['上一年项目数量', '本年增/减', '处理决定数量'];
export const PROACTIVE_LAYOUT_2019: ProactiveGroupLayout[] = [
  {
    caption: '第二十条第（一）项',
    columns: ['本年新制作数量', '本年新公开数量', '对外公开总数量'],
    rows: [
      { key: 'rules', label: '规章', cells: ['madeThisYear', 'publishedThisYear', 'publishedTotal'] },
      { key: 'normativeDocuments', label: '规范性文件', cells: ['madeThisYear', 'publishedThisYear', 'publishedTotal'] },
    ],
  },
  {
    caption: '第二十条第（五）项',
    columns: managedColumns,
    rows: [
      { key: 'licensing', label: '行政许可', cells: ['previousYear', 'change', 'decisions'] },
      { key: 'otherServices', label: '其他对外管理服务事项', cells: ['previousYear', 'change', 'decisions'] },
    ],
  },
  {
    caption: '第二十条第（六）项',
    columns: managedColumns,
    rows: [
      { key: 'punishment', label: '行政处罚', cells: ['previousYear', 'change', 'decisions'] },
      { key: 'enforcement', label: '行政强制', cells: ['previousYear', 'change', 'decisions'] },
    ],
  },
  {
    caption: '第二十条第（八）项',
    columns: ['上一年项目数量', '本年增/减'],
    rows: [{ key: 'fees', label: '行政事业性收费', cells: ['previousYear', 'change'] }],
  },
  {
    caption: '第二十条第（九）项',
    columns: ['采购项目数量', '采购总金额'],
    rows: [{ key: 'procurement', label: '政府集中采购', cells: ['projects', 'amount'] }],
  },
];

/** Version A prints （六）其他处理 as a single row (so do some version B reports, as published). */
export const REQUESTS_LAYOUT_2019 = requestsLayout({ path: ['results', 'other'], label: '（六）其他处理' });
