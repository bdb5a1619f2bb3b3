import type { MemberProfile } from '@fuel/shared/client'

/** How far the recharges of the last 12 months are towards the next tier, 0–100 (100 at the top tier). */
export function tierProgressPercent(profile: Pick<MemberProfile, 'progress'>): number {
  const { rechargedInWindowFen, toNextTierFen } = profile.progress
  if (toNextTierFen === null) return 100
  const goal = rechargedInWindowFen + toNextTierFen
  return goal === 0 ? 100 : Math.min(100, Math.floor((rechargedInWindowFen * 100) / goal))
}
