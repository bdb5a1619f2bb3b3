import { Controller } from '@nestjs/common';
import { couponContracts, keptKeyOf, requireMember, requireSystem, Rpc, RpcActor, RpcBody, RpcKeptKey, type Actor, type KeptKey, type RpcPayloadOf } from '@fuel/shared';
import { CouponService } from './coupon.service.js';
import { StoreCouponService } from './store-coupon.service.js';

@Controller()
export class CouponRpcController {
  constructor(
    private readonly coupons: CouponService,
    private readonly store: StoreCouponService,
  ) {}

  @Rpc(couponContracts.cardPack)
  cardPack(@RpcActor() actor: Actor | undefined) {
    return this.coupons.cardPack(requireMember(actor));
  }

  @Rpc(couponContracts.claimMemberDay)
  claimMemberDay(@RpcActor() actor: Actor | undefined, @RpcKeptKey(couponContracts.claimMemberDay) key: KeptKey | undefined) {
    return this.coupons.claimMemberDay(requireMember(actor), key);
  }

  @Rpc(couponContracts.best)
  best(@RpcActor() actor: Actor | undefined, @RpcBody(couponContracts.best) { basket }: RpcPayloadOf<typeof couponContracts.best>) {
    return this.coupons.best(requireMember(actor), basket);
  }

  @Rpc(couponContracts.lock)
  lock(@RpcActor() actor: Actor | undefined, @RpcBody(couponContracts.lock) input: RpcPayloadOf<typeof couponContracts.lock>) {
    requireSystem(actor);
    return this.coupons.lock(input.memberId, input.couponIds, input.orderRef, input.basket);
  }

  @Rpc(couponContracts.quote)
  quote(@RpcActor() actor: Actor | undefined, @RpcBody(couponContracts.quote) input: RpcPayloadOf<typeof couponContracts.quote>) {
    requireSystem(actor);
    return this.coupons.quote(input.memberId, input.couponIds, input.basket);
  }

  @Rpc(couponContracts.consume)
  consume(@RpcActor() actor: Actor | undefined, @RpcBody(couponContracts.consume) input: RpcPayloadOf<typeof couponContracts.consume>) {
    requireSystem(actor);
    return this.coupons.consume(input.couponIds, input.orderRef);
  }

  @Rpc(couponContracts.storeCode)
  storeCode(@RpcActor() actor: Actor | undefined, @RpcBody(couponContracts.storeCode) { couponId }: RpcPayloadOf<typeof couponContracts.storeCode>) {
    return this.store.issueCode(requireMember(actor), couponId);
  }

  @Rpc(couponContracts.storePreview)
  storePreview(@RpcActor() actor: Actor | undefined, @RpcBody(couponContracts.storePreview) { code }: RpcPayloadOf<typeof couponContracts.storePreview>) {
    requireSystem(actor);
    return this.store.preview(code);
  }

  @Rpc(couponContracts.storeRedeem)
  storeRedeem(@RpcActor() actor: Actor | undefined, @RpcBody(couponContracts.storeRedeem) { code, stationId, amountFen, attendantKey }: RpcPayloadOf<typeof couponContracts.storeRedeem>) {
    requireSystem(actor);
    return this.store.redeem(code, stationId, amountFen, keptKeyOf(attendantKey && `staff:${attendantKey.staffId}`, attendantKey?.key, couponContracts.storeRedeem.pattern, { code, stationId, amountFen }));
  }

  @Rpc(couponContracts.release)
  release(@RpcActor() actor: Actor | undefined, @RpcBody(couponContracts.release) input: RpcPayloadOf<typeof couponContracts.release>) {
    requireSystem(actor);
    return this.coupons.release(input.couponIds, input.orderRef);
  }
}
