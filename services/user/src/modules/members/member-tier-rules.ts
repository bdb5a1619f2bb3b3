/**
 * Membership tiers (pure; no framework imports). Amounts in fen.
 *
 * - Upgrade by recharge: when the recharges of the last 12 months reach a higher tier's threshold (1000 / 3000 /
 *   5000 CNY for silver / gold / diamond), the member moves up at once; the tier is valid 12 months from then.
 * - Upgrade by points: reaching a higher tier's points threshold does the same.
 * - Renewal: once at a tier, recharging that tier's amount again (counted since the last upgrade or renewal)
 *   extends the tier by 12 months from its current expiry (nothing is lost by renewing early).
 * - Expiry: at the expiry instant the member drops to the tier their points still support (valid 12 months),
 *   or to normal.
 * - Reminder: due 15 days before expiry.
 */
export const TIER_ORDER = ['normal', 'silver', 'gold', 'diamond'] as const;
export type Tier = (typeof TIER_ORDER)[number];
type PaidTier = Exclude<Tier, 'normal'>;

export interface TierConfig {
  rechargeFen: Record<PaidTier, number>;
  points: Record<PaidTier, number>;
  validityMonths: number;
  reminderDays: number;
}

export const DEFAULT_TIER_CONFIG: TierConfig = {
  rechargeFen: { silver: 100_000, gold: 300_000, diamond: 500_000 },
  points: { silver: 2_000, gold: 6_000, diamond: 12_000 },
  validityMonths: 12,
  reminderDays: 15,
};

export interface TierState {
  tier: Tier;
  expiresAt: Date | null;
  /** Recharged since the tier was reached or last renewed (counts towards the next renewal). */
  renewalFen: number;
}

/** Mall prices per tier, in per mille of the regular price. */
export const MALL_PER_MILLE: Record<Tier, number> = { normal: 1000, silver: 950, gold: 920, diamond: 880 };

export const NORMAL: TierState = { tier: 'normal', expiresAt: null, renewalFen: 0 };

const rank = (tier: Tier) => TIER_ORDER.indexOf(tier);

/** Calendar months later, in UTC, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const last = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, last));
  return result;
}

function highest(thresholds: Record<PaidTier, number>, value: number): Tier {
  return (['diamond', 'gold', 'silver'] as const).find((t) => value >= thresholds[t]) ?? 'normal';
}

export const tierForRecharge = (windowFen: number, config = DEFAULT_TIER_CONFIG) => highest(config.rechargeFen, windowFen);
export const tierForPoints = (points: number, config = DEFAULT_TIER_CONFIG) => highest(config.points, points);

/** The tier in force at `now` (a lapsed tier counts as normal until expiry processing runs). */
/** A member row's tier fields as the rules' state: the one place where the entity becomes a TierState. */
export function tierState(member: { tier: Tier; tierExpiresAt: Date | null; tierRenewalFen: number }): TierState {
  return { tier: member.tier, expiresAt: member.tierExpiresAt, renewalFen: member.tierRenewalFen };
}

export function effectiveTier(state: TierState, now: Date): Tier {
  return state.tier !== 'normal' && state.expiresAt && state.expiresAt > now ? state.tier : 'normal';
}

function grant(tier: Tier, now: Date, config: TierConfig): TierState {
  return tier === 'normal' ? NORMAL : { tier, expiresAt: addMonths(now, config.validityMonths), renewalFen: 0 };
}

/** After a recharge of `amountFen`; `windowFen` is the recharge total of the last 12 months, this one included. */
export function afterRecharge(state: TierState, amountFen: number, windowFen: number, now: Date, config = DEFAULT_TIER_CONFIG): TierState {
  const current = effectiveTier(state, now);
  const reached = tierForRecharge(windowFen, config);
  if (rank(reached) > rank(current)) {
    // Moving up never shortens time already paid for (e.g. a renewal just before the upgrade).
    const upgraded = grant(reached, now, config);
    return state.expiresAt && state.expiresAt > upgraded.expiresAt! ? { ...upgraded, expiresAt: state.expiresAt } : upgraded;
  }
  if (current === 'normal') return state;
  const renewalFen = state.renewalFen + amountFen;
  const price = config.rechargeFen[current];
  if (renewalFen < price) return { ...state, renewalFen };
  return { tier: current, expiresAt: addMonths(state.expiresAt!, config.validityMonths), renewalFen: renewalFen - price };
}

/** After the points balance changed. */
export function afterPoints(state: TierState, points: number, now: Date, config = DEFAULT_TIER_CONFIG): TierState {
  const reached = tierForPoints(points, config);
  return rank(reached) > rank(effectiveTier(state, now)) ? grant(reached, now, config) : state;
}

/** At or after the expiry instant: the tier the points still support, or normal. */
export function atExpiry(state: TierState, points: number, now: Date, config = DEFAULT_TIER_CONFIG): TierState {
  if (state.tier === 'normal' || !state.expiresAt || state.expiresAt > now) return state;
  return grant(tierForPoints(points, config), now, config);
}

/** The renewal reminder is due from 15 days before expiry until expiry. */
export function reminderDue(state: TierState, now: Date, config = DEFAULT_TIER_CONFIG): boolean {
  if (state.tier === 'normal' || !state.expiresAt) return false;
  const from = new Date(state.expiresAt.getTime() - config.reminderDays * 86_400_000);
  return now >= from && now < state.expiresAt;
}

export function progress(state: TierState, windowFen: number, now: Date, config = DEFAULT_TIER_CONFIG) {
  const current = effectiveTier(state, now);
  const next = TIER_ORDER[rank(current) + 1] as PaidTier | undefined;
  return {
    rechargedInWindowFen: windowFen,
    nextTier: next ?? null,
    toNextTierFen: next ? Math.max(config.rechargeFen[next] - windowFen, 0) : null,
    toRenewFen: current === 'normal' ? null : Math.max(config.rechargeFen[current] - state.renewalFen, 0),
  };
}
