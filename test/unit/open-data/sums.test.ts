/** Adding cells as open data prints them: blanks, counts, signed changes and decimal amounts. */
import { describe, expect, it } from 'vitest';
import { addValues, shiftDecimal } from '../../../functions/open-data/sums';

describe('addValues', () => {
  it('adds a blank as no figure: blank + n = n, all blank = blank, nothing = blank', () => {
    expect(addValues(['', '3', '', '4'])).toBe('7');
    expect(addValues(['', ''])).toBe('');
    expect(addValues([])).toBe('');
    expect(addValues(['0', ''])).toBe('0');
  });

  it('adds signed changes and exact decimals, keeping the longest fraction', () => {
    expect(addValues(['-3', '2', '+4'])).toBe('3');
    expect(addValues(['-5', '2'])).toBe('-3');
    expect(addValues(['0.1', '0.2'])).toBe('0.3');
    expect(addValues(['12.345678', '1', '0.000002'])).toBe('13.345680');
    expect(addValues(['-0.5', '0.25'])).toBe('-0.25');
  });

  it('refuses what is not a figure', () => {
    expect(() => addValues(['1,000'])).toThrow(/not a figure/);
  });
});

describe('shiftDecimal', () => {
  it('turns 万元 into 元 exactly', () => {
    expect(shiftDecimal('1.23456', 4)).toBe('12345.6');
    expect(shiftDecimal('3', 4)).toBe('30000');
    expect(shiftDecimal('0.0001', 4)).toBe('1');
    expect(shiftDecimal('', 4)).toBe('');
  });
});
