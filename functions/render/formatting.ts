/**
 * How numbers, amounts and dates are written in the printed report. Official reports write
 * numerals in Arabic digits and dates as "2021年1月28日" (GB/T 9704 成文日期: full year, no
 * leading zeros; docs/format.md §7). A cell prints what the publication printed: its value, 0
 * included, or nothing where it was left blank (null).
 */

/** An amount as validated by the schema: a decimal string as printed (or blank), and its unit. */
export interface Amount {
  value: string | null;
  unit?: string;
}

export function formatCount(value: number | null): string {
  return value === null ? '' : String(value);
}

/**
 * An amount cell. The unit follows the value ("251000元", format.md §3.2) unless the column
 * header already states it, as version B's "本年收费金额（单位：万元）" does (§4.2).
 */
export function formatAmount(amount: Amount, columnLabel: string): string {
  if (amount.value === null) return '';
  if (!amount.unit || columnLabel.includes(`（单位：${amount.unit}）`)) return amount.value;
  return `${amount.value}${amount.unit}`;
}

/** "2021-01-28" → "2021年1月28日". */
export function formatChineseDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

export function isZeroDecimal(value: string): boolean {
  return /^0(\.0+)?$/.test(value);
}
