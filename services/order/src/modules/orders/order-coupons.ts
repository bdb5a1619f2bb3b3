/**
 * An order's coupons, as the card pack decides them (user service): the best for the basket (none given), none
 * ([]), or exactly those given, checked as they will be when held. Shared by fuel and mall orders.
 */
import { couponContracts, type CouponQuote, type ServiceClient } from '@fuel/shared';
import type { z } from 'zod';
import type { basketSchema } from '@fuel/shared';

export type Basket = z.infer<typeof basketSchema>;

export function orderCoupons(services: ServiceClient, memberId: number, couponIds: number[] | undefined, basket: Basket): Promise<Pick<CouponQuote, 'discountFen' | 'coupons'>> {
  if (couponIds === undefined) return services.call(couponContracts.best, { basket });
  if (!couponIds.length) return Promise.resolve({ discountFen: 0, coupons: [] });
  return services.callAsSystem(couponContracts.quote, { memberId, couponIds, basket });
}
