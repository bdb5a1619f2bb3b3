/**
 * Pure rules for a price change (no framework imports). Amounts are fen per litre.
 * - every tier's member price is at most the regular price, and a higher tier never pays more than a lower one
 *   (diamond ≤ gold ≤ silver ≤ regular);
 * - a move of any amount by more than the bound (per mille of the current amount) needs an explicit confirm.
 */
import { ErrorCode, type FieldIssue, type GradePriceInput } from '@fuel/shared';

export interface PriceRuleViolation {
  code: typeof ErrorCode.MEMBER_PRICE_ABOVE_REGULAR | typeof ErrorCode.PRICE_JUMP_UNCONFIRMED;
  issues: FieldIssue[];
}

const TIERS = ['silver', 'gold', 'diamond'] as const;

export function checkPriceChanges(
  changes: GradePriceInput[],
  current: Map<string, GradePriceInput>,
  options: { jumpBoundPerMille: number; confirmed: boolean },
): PriceRuleViolation | undefined {
  const ordering: FieldIssue[] = [];
  const jumps: FieldIssue[] = [];
  changes.forEach((change, index) => {
    const at = `changes.${index}`;
    let ceiling = change.regularFen;
    for (const tier of TIERS) {
      if (change.memberFen[tier] > ceiling) {
        ordering.push({ field: `${at}.memberFen.${tier}`, message: tier === 'silver' ? '会员价不能高于标准价' : '高等级会员价不能高于低等级会员价' });
      }
      ceiling = Math.min(ceiling, change.memberFen[tier]);
    }
    const before = current.get(change.grade);
    if (before && !options.confirmed) {
      const pairs: Array<[string, number, number]> = [
        ['regularFen', before.regularFen, change.regularFen],
        ...TIERS.map((t): [string, number, number] => [`memberFen.${t}`, before.memberFen[t], change.memberFen[t]]),
      ];
      for (const [field, from, to] of pairs) {
        if (Math.abs(to - from) * 1000 > options.jumpBoundPerMille * from) {
          jumps.push({ field: `${at}.${field}`, message: `变动超过 ${options.jumpBoundPerMille / 10}%（${from} → ${to} 分），需确认` });
        }
      }
    }
  });
  if (ordering.length) return { code: ErrorCode.MEMBER_PRICE_ABOVE_REGULAR, issues: ordering };
  if (jumps.length) return { code: ErrorCode.PRICE_JUMP_UNCONFIRMED, issues: jumps };
  return undefined;
}
