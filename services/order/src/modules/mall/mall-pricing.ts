/**
 * What a mall basket costs (pure). Each line: list = unit × quantity; member = list × the tier's rate (per mille:
 * 钻石 880, 黄金 920, 白银 950, normal 1000), half up to the fen, per line (a receipt's lines add up to its total).
 * Then the coupon off the member total (never below zero). A coupon's threshold is checked on the list amounts.
 */
import { applyPerMille, fen } from '@fuel/shared';

export interface PricedLine {
  unitFen: number;
  quantity: number;
}

export interface MallPrice {
  lines: Array<{ listFen: number; memberFen: number }>;
  listFen: number;
  memberDiscountFen: number;
  couponDiscountFen: number;
  payableFen: number;
}

export function mallPrice(lines: PricedLine[], perMille: number, couponDiscountFen: number): MallPrice {
  if (!Number.isInteger(perMille) || perMille < 1 || perMille > 1000) throw new RangeError(`rate out of range: ${perMille}`);
  const priced = lines.map(({ unitFen, quantity }) => {
    if (!Number.isSafeInteger(unitFen) || unitFen < 0 || !Number.isInteger(quantity) || quantity < 1) throw new RangeError('a line needs a whole price and quantity');
    const listFen = unitFen * quantity;
    return { listFen, memberFen: applyPerMille(fen(listFen), perMille) as number };
  });
  const listFen = priced.reduce((sum, l) => sum + l.listFen, 0);
  const memberFen = priced.reduce((sum, l) => sum + l.memberFen, 0);
  const coupon = Math.min(Math.max(0, couponDiscountFen), memberFen);
  return { lines: priced, listFen, memberDiscountFen: listFen - memberFen, couponDiscountFen: coupon, payableFen: memberFen - coupon };
}
