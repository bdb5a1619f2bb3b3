import { Controller } from '@nestjs/common';
import { DomainError, ErrorCode, paymentContracts, requireMember, requireSelfOrSystem, requireSystem, Rpc, RpcActor, RpcBody, RpcRequestKey, type Actor, type RpcPayloadOf } from '@fuel/shared';
import { CheckoutService } from './checkout.service.js';
import { PaymentEvents } from './payment-events.js';
import { PaymentIntentService } from './payment-intent.service.js';
import { RefundService } from '../refunds/refund.service.js';

/** Orders are the order service's: only it may ask for an intent for one (its system identity is signed). */
const PAYABLE_OWNERS = { mall_order: 'order', fuel_order: 'order' } as const;

@Controller()
export class PaymentIntentRpcController {
  constructor(
    private readonly intents: PaymentIntentService,
    private readonly checkout: CheckoutService,
    private readonly refunds: RefundService,
    private readonly events: PaymentEvents,
  ) {}

  @Rpc(paymentContracts.createRecharge)
  createRecharge(@RpcActor() actor: Actor | undefined, @RpcBody(paymentContracts.createRecharge) { amountFen }: RpcPayloadOf<typeof paymentContracts.createRecharge>, @RpcRequestKey() requestKey: string | undefined) {
    return this.intents.createRecharge(requireMember(actor), amountFen, requestKey);
  }

  @Rpc(paymentContracts.createForPayable)
  createForPayable(@RpcActor() actor: Actor | undefined, @RpcBody(paymentContracts.createForPayable) request: RpcPayloadOf<typeof paymentContracts.createForPayable>) {
    if (requireSystem(actor) !== PAYABLE_OWNERS[request.payableKind]) throw new DomainError(ErrorCode.FORBIDDEN, '没有权限');
    return this.intents.create(request);
  }

  @Rpc(paymentContracts.close)
  async close(@RpcActor() actor: Actor | undefined, @RpcBody(paymentContracts.close) { intentNo }: RpcPayloadOf<typeof paymentContracts.close>) {
    const caller = requireSystem(actor);
    const { payableKind } = await this.intents.find(intentNo);
    if (payableKind === 'recharge' || caller !== PAYABLE_OWNERS[payableKind]) throw new DomainError(ErrorCode.FORBIDDEN, '没有权限');
    return this.intents.closeByOwner(intentNo);
  }

  @Rpc(paymentContracts.refund)
  async refund(@RpcActor() actor: Actor | undefined, @RpcBody(paymentContracts.refund) { intentNo, refundNo, amountFen }: RpcPayloadOf<typeof paymentContracts.refund>) {
    const caller = requireSystem(actor);
    const { payableKind } = await this.intents.find(intentNo);
    // Only the payable's owner refunds it (a recharge has none: credited money is not refunded on request).
    if (payableKind === 'recharge' || caller !== PAYABLE_OWNERS[payableKind]) throw new DomainError(ErrorCode.FORBIDDEN, '没有权限');
    const refund = await this.refunds.request(intentNo, refundNo, amountFen, `system:${caller}`);
    void this.events.deliver();
    return refund;
  }

  @Rpc(paymentContracts.get)
  async get(@RpcActor() actor: Actor | undefined, @RpcBody(paymentContracts.get) { intentNo }: RpcPayloadOf<typeof paymentContracts.get>) {
    requireSelfOrSystem(actor, await this.intents.ownerOf(intentNo));
    return this.intents.get(intentNo);
  }

  @Rpc(paymentContracts.startAttempt)
  startAttempt(@RpcActor() actor: Actor | undefined, @RpcBody(paymentContracts.startAttempt) { intentNo, method }: RpcPayloadOf<typeof paymentContracts.startAttempt>, @RpcRequestKey() requestKey: string | undefined) {
    return this.checkout.start(intentNo, method, requestKey, (intent) => requireSelfOrSystem(actor, intent.memberId));
  }
}
