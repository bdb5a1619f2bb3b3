/**
 * What a fuel order costs (pure: no framework, no I/O). The rule, as the app and the receipt state it:
 *
 *   litres         = pump amount ÷ regular price per litre                  (shown to 0.01 L, half up)
 *   member amount  = litres × the member's price per litre for that grade   (to the fen, half up)
 *                  = pump amount × member price ÷ regular price, computed in integers without rounding the litres
 *                    first, so the amount never drifts by the litres' rounding
 *   member saving  = pump amount − member amount
 *   payable        = member amount − the coupon (a coupon never takes the payable below zero)
 *
 * A normal member's price is the regular one (no saving). A fuel coupon's threshold (满200减15) is checked against
 * the pump amount — what the driver sees on the pump — and its discount comes off the member amount.
 */
import { formatLitres } from '@fuel/shared';

export interface FuelPriceInput {
  amountFen: number;
  regularUnitFen: number;
  memberUnitFen: number;
  couponDiscountFen: number;
}

export interface FuelPrice {
  /** Hundredths of a litre. */
  centilitres: number;
  litres: string;
  memberAmountFen: number;
  memberDiscountFen: number;
  couponDiscountFen: number;
  payableFen: number;
}


/** numerator ÷ denominator, rounded half up, for non-negative integers. */
const divideHalfUp = (numerator: number, denominator: number) => Math.floor((2 * numerator + denominator) / (2 * denominator));

export function fuelPrice(input: FuelPriceInput): FuelPrice {
  const { amountFen, regularUnitFen, memberUnitFen } = input;
  for (const [name, value] of Object.entries(input)) if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer: ${value}`);
  if (regularUnitFen === 0 || memberUnitFen > regularUnitFen) throw new RangeError('the member price must be positive and at most the regular price');
  const centilitres = divideHalfUp(amountFen * 100, regularUnitFen);
  const memberAmountFen = divideHalfUp(amountFen * memberUnitFen, regularUnitFen);
  const couponDiscountFen = Math.min(input.couponDiscountFen, memberAmountFen);
  return {
    centilitres,
    litres: formatLitres(centilitres),
    memberAmountFen,
    memberDiscountFen: amountFen - memberAmountFen,
    couponDiscountFen,
    payableFen: memberAmountFen - couponDiscountFen,
  };
}
