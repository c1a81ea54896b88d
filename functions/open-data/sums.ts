/**
 * Adding table cells as open data prints them (tables.ts: "" for a blank cell, a count, a signed
 * change, or a decimal amount such as "12.345600"). A blank is no figure, not a zero: blank + n = n,
 * and only cells that are all blank add up to a blank. Decimals are added exactly (as integers
 * scaled to the longest fraction), never as floating point: amounts in 万元 carry six decimals.
 */

interface Scaled {
  units: bigint;
  /** Digits after the decimal point. */
  scale: number;
}

function scaledOf(value: string): Scaled {
  const match = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(value);
  if (!match) throw new TypeError(`not a figure: ${JSON.stringify(value)}`);
  const [, sign, whole, fraction = ''] = match;
  const units = BigInt(`${whole}${fraction}`);
  return { units: sign === '-' ? -units : units, scale: fraction.length };
}

function printed({ units, scale }: Scaled): string {
  const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  return `${units < 0n ? '-' : ''}${whole}${scale > 0 ? `.${digits.slice(-scale)}` : ''}`;
}

/** The sum of `values`, each "" (blank) or a figure; "" when every one is blank. */
export function addValues(values: readonly string[]): string {
  const figures = values.filter((value) => value !== '').map(scaledOf);
  if (figures.length === 0) return '';
  const scale = Math.max(...figures.map((figure) => figure.scale));
  const units = figures.reduce((sum, figure) => sum + figure.units * 10n ** BigInt(scale - figure.scale), 0n);
  return printed({ units, scale });
}

/** A figure times 10^digits, exactly: 万元 to 元 is `shiftDecimal(value, 4)`. */
export function shiftDecimal(value: string, digits: number): string {
  if (value === '') return '';
  const { units, scale } = scaledOf(value);
  return scale >= digits ? printed({ units, scale: scale - digits }) : printed({ units: units * 10n ** BigInt(digits - scale), scale: 0 });
}
