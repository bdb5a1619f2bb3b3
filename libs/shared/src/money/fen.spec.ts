import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyPerMille, fen, fenColumn, formatYuan, moneyText, splitByLargestRemainder, yuanText, yuanToFen } from './fen.js';

describe('money in integer fen', () => {
  it('refuses non-integer amounts', () => {
    assert.throws(() => fen(1.5), RangeError);
    assert.throws(() => fen(Number.NaN), RangeError);
    assert.equal(fen(0), 0);
  });

  it('parses yuan strings without floats', () => {
    assert.equal(yuanToFen('0.1'), 10);
    assert.equal(yuanToFen('7.28'), 728);
    assert.equal(yuanToFen('5000'), 500000);
    assert.equal(yuanToFen('-12.30'), -1230);
    assert.throws(() => yuanToFen('1.234'), RangeError);
    assert.throws(() => yuanToFen('abc'), RangeError);
  });

  it('formats fen as yuan with two decimals', () => {
    assert.equal(formatYuan(fen(728)), '7.28');
    assert.equal(formatYuan(fen(5)), '0.05');
    assert.equal(formatYuan(fen(-1230)), '-12.30');
  });

  it('formats fen for display with the yuan sign before the digits, and refuses anything but an integer', () => {
    assert.equal(formatYuan(1234, { symbol: true }), '¥12.34');
    assert.equal(formatYuan(0, { symbol: true }), '¥0.00');
    assert.equal(formatYuan(-1234, { symbol: true }), '-¥12.34');
    assert.equal(formatYuan(123456789012, { symbol: true }), '¥1234567890.12');
    assert.throws(() => formatYuan(12.5), RangeError);
    assert.throws(() => formatYuan(Number.NaN), RangeError);
    assert.throws(() => formatYuan(2 ** 60), RangeError);
  });

  it('shows what a person reads: whole yuan without ".00", fen where there are some, "+" on a credit when signed', () => {
    assert.equal(moneyText(10_000), '¥100');
    assert.equal(moneyText(6_256), '¥62.56');
    assert.equal(moneyText(1_250), '¥12.50');
    assert.equal(moneyText(5), '¥0.05');
    assert.equal(moneyText(0), '¥0');
    assert.equal(moneyText(-1_500), '-¥15');
    assert.equal(moneyText(300_000, { signed: true }), '+¥3000');
    assert.equal(moneyText(-27_678, { signed: true }), '-¥276.78');
    assert.equal(moneyText(0, { signed: true }), '¥0');
    assert.equal(yuanText(20_000), '200');
    assert.equal(yuanText(1_050), '10.50');
    assert.throws(() => moneyText(12.5), RangeError);
  });

  it('applies tier rates in per-mille, rounding half up to the fen', () => {
    assert.equal(applyPerMille(fen(6800), 880), 5984); // diamond 88 %
    assert.equal(applyPerMille(fen(199), 950), 189); // 189.05 → 189
    assert.equal(applyPerMille(fen(10), 950), 10); // 9.5 → 10
  });

  it('splits a total by largest remainder so the parts add up exactly', () => {
    const parts = splitByLargestRemainder(fen(1500), [6800, 2500, 200]);
    assert.equal(parts.reduce((a, b) => a + b, 0), 1500);
    assert.deepEqual(parts, [1074, 395, 31]);
    assert.deepEqual(splitByLargestRemainder(fen(100), [1, 1, 1]), [34, 33, 33]);
    assert.deepEqual(splitByLargestRemainder(fen(0), [1, 2]), [0, 0]);
  });

  it('reads BIGINT columns that mysql2 returns as strings back as numbers', () => {
    assert.equal(fenColumn.from('9007199254740'), 9007199254740);
    assert.equal(fenColumn.from(728), 728);
    assert.equal(fenColumn.from(null), null);
  });
});
