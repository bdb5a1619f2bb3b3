import { Controller } from '@nestjs/common';
import { addressContracts, requireMember, requireSystem, Rpc, RpcActor, RpcBody, RpcKeptKey, type Actor, type KeptKey, type RpcPayloadOf } from '@fuel/shared';
import { AddressService } from './address.service.js';

/** A member's own addresses (from the signed actor); the whole address only for another service. */
@Controller()
export class AddressRpcController {
  constructor(private readonly addresses: AddressService) {}

  @Rpc(addressContracts.list)
  list(@RpcActor() actor: Actor | undefined) {
    return this.addresses.list(requireMember(actor));
  }

  @Rpc(addressContracts.create)
  create(@RpcActor() actor: Actor | undefined, @RpcBody(addressContracts.create) input: RpcPayloadOf<typeof addressContracts.create>, @RpcKeptKey(addressContracts.create) key: KeptKey | undefined) {
    return this.addresses.create(requireMember(actor), input, key);
  }

  @Rpc(addressContracts.remove)
  async remove(@RpcActor() actor: Actor | undefined, @RpcBody(addressContracts.remove) { id }: RpcPayloadOf<typeof addressContracts.remove>, @RpcKeptKey(addressContracts.remove) key: KeptKey | undefined) {
    await this.addresses.remove(requireMember(actor), id, key);
    return { removed: true as const };
  }

  @Rpc(addressContracts.forOrder)
  forOrder(@RpcActor() actor: Actor | undefined, @RpcBody(addressContracts.forOrder) { memberId, id }: RpcPayloadOf<typeof addressContracts.forOrder>) {
    requireSystem(actor);
    return this.addresses.forOrder(memberId, id);
  }
}
