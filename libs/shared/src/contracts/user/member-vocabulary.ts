/** The members' vocabulary as plain constants, with no zod (see map/station-vocabulary.ts for why). */
export const MEMBER_TIERS = ['normal', 'silver', 'gold', 'diamond'] as const;
export type MemberTier = (typeof MEMBER_TIERS)[number];
export const COUPON_CATEGORIES = ['fuel', 'mall', 'any', 'recharge'] as const;
export type CouponCategoryName = (typeof COUPON_CATEGORIES)[number];
export const COUPON_DISPLAY_STATUSES = ['available', 'locked', 'used', 'expired'] as const;
export type CouponDisplayStatus = (typeof COUPON_DISPLAY_STATUSES)[number];
