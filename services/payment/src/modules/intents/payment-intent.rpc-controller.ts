import { Controller } from '@nestjs/common';
import { DomainError, ErrorCode, paymentContracts, requireMember, requireSelfOrSystem, requireSystem, Rpc, RpcActor, RpcBody, type Actor, type RpcPayloadOf } from '@fuel/shared';
import { CheckoutService } from './checkout.service.js';
import { PaymentIntentService } from './payment-intent.service.js';

/** Orders are the order service's: only it may ask for an intent for one (its system identity is signed). */
const PAYABLE_OWNERS = { mall_order: 'order', fuel_order: 'order' } as const;

@Controller()
export class PaymentIntentRpcController {
  constructor(
    private readonly intents: PaymentIntentService,
    private readonly checkout: CheckoutService,
  ) {}

  @Rpc(paymentContracts.createRecharge)
  createRecharge(@RpcActor() actor: Actor | undefined, @RpcBody(paymentContracts.createRecharge) { amountFen }: RpcPayloadOf<typeof paymentContracts.createRecharge>) {
    return this.intents.createRecharge(requireMember(actor), amountFen);
  }

  @Rpc(paymentContracts.createForPayable)
  createForPayable(@RpcActor() actor: Actor | undefined, @RpcBody(paymentContracts.createForPayable) request: RpcPayloadOf<typeof paymentContracts.createForPayable>) {
    if (requireSystem(actor) !== PAYABLE_OWNERS[request.payableKind]) throw new DomainError(ErrorCode.FORBIDDEN, '没有权限');
    return this.intents.create(request);
  }

  @Rpc(paymentContracts.get)
  async get(@RpcActor() actor: Actor | undefined, @RpcBody(paymentContracts.get) { intentNo }: RpcPayloadOf<typeof paymentContracts.get>) {
    requireSelfOrSystem(actor, await this.intents.ownerOf(intentNo));
    return this.intents.get(intentNo);
  }

  @Rpc(paymentContracts.startAttempt)
  async startAttempt(@RpcActor() actor: Actor | undefined, @RpcBody(paymentContracts.startAttempt) { intentNo, method }: RpcPayloadOf<typeof paymentContracts.startAttempt>) {
    requireSelfOrSystem(actor, await this.intents.ownerOf(intentNo));
    return this.checkout.start(intentNo, method);
  }
}
