import { Controller } from '@nestjs/common';
import { memberContracts, requireMember, requireSelfOrSystem, requireSystem, Rpc, RpcActor, RpcBody, RpcKeptKey, type Actor, type KeptKey, type RpcPayloadOf } from '@fuel/shared';
import { WalletService } from '../wallet/wallet.service.js';
import { MemberCodeService } from './member-code.service.js';
import { MemberStatsService } from './member-stats.service.js';
import { MemberService } from './member.service.js';
import { PointsService } from './points.service.js';


@Controller()
export class MemberRpcController {
  constructor(
    private readonly stats: MemberStatsService,
    private readonly members: MemberService,
    private readonly wallet: WalletService,
    private readonly pointsService: PointsService,
    private readonly memberCodes: MemberCodeService,
  ) {}

  @Rpc(memberContracts.wechatLogin)
  wechatLogin(@RpcBody(memberContracts.wechatLogin) { code }: RpcPayloadOf<typeof memberContracts.wechatLogin>) {
    return this.members.wechatLogin(code);
  }

  @Rpc(memberContracts.alipayLogin)
  alipayLogin(@RpcBody(memberContracts.alipayLogin) { code }: RpcPayloadOf<typeof memberContracts.alipayLogin>) {
    return this.members.alipayLogin(code);
  }

  @Rpc(memberContracts.refresh)
  refresh(@RpcBody(memberContracts.refresh) { refreshToken }: RpcPayloadOf<typeof memberContracts.refresh>) {
    return this.members.refresh(refreshToken);
  }

  @Rpc(memberContracts.me)
  me(@RpcActor() actor: Actor | undefined) {
    return this.members.profile(requireMember(actor));
  }

  @Rpc(memberContracts.updateProfile)
  updateProfile(@RpcActor() actor: Actor | undefined, @RpcBody(memberContracts.updateProfile) changes: RpcPayloadOf<typeof memberContracts.updateProfile>, @RpcKeptKey(memberContracts.updateProfile) key: KeptKey | undefined) {
    return this.members.updateProfile(requireMember(actor), changes, key);
  }

  @Rpc(memberContracts.bindPhone)
  bindPhone(@RpcActor() actor: Actor | undefined, @RpcBody(memberContracts.bindPhone) { code }: RpcPayloadOf<typeof memberContracts.bindPhone>, @RpcKeptKey(memberContracts.bindPhone) key: KeptKey | undefined) {
    return this.members.bindPhone(requireMember(actor), code, key);
  }

  @Rpc(memberContracts.wallet)
  walletOf(@RpcActor() actor: Actor | undefined) {
    return this.wallet.wallet(requireMember(actor));
  }

  @Rpc(memberContracts.walletRecords)
  records(@RpcActor() actor: Actor | undefined, @RpcBody(memberContracts.walletRecords) query: RpcPayloadOf<typeof memberContracts.walletRecords>) {
    return this.wallet.records(requireMember(actor), query);
  }

  /** Other services ask for any member; a member may ask only for themself. */
  @Rpc(memberContracts.pricing)
  pricing(@RpcActor() actor: Actor | undefined, @RpcBody(memberContracts.pricing) { memberId }: RpcPayloadOf<typeof memberContracts.pricing>) {
    requireSelfOrSystem(actor, memberId);
    return this.members.pricing(memberId);
  }

  @Rpc(memberContracts.memberCode)
  memberCode(@RpcActor() actor: Actor | undefined) {
    return this.memberCodes.issue(requireMember(actor));
  }

  @Rpc(memberContracts.identifyByCode)
  identifyByCode(@RpcActor() actor: Actor | undefined, @RpcBody(memberContracts.identifyByCode) { code }: RpcPayloadOf<typeof memberContracts.identifyByCode>) {
    requireSystem(actor);
    return this.memberCodes.identify(code);
  }

  @Rpc(memberContracts.rechargePreview)
  rechargePreview(@RpcActor() actor: Actor | undefined, @RpcBody(memberContracts.rechargePreview) { amounts }: RpcPayloadOf<typeof memberContracts.rechargePreview>) {
    return this.members.rechargePreview(requireMember(actor), amounts);
  }

  @Rpc(memberContracts.payer)
  payer(@RpcActor() actor: Actor | undefined, @RpcBody(memberContracts.payer) { memberId }: RpcPayloadOf<typeof memberContracts.payer>) {
    requireSystem(actor);
    return this.members.payer(memberId);
  }

  @Rpc(memberContracts.memberStats)
  memberStats(@RpcActor() actor: Actor | undefined, @RpcBody(memberContracts.memberStats) { period }: RpcPayloadOf<typeof memberContracts.memberStats>) {
    requireSystem(actor);
    return this.stats.perBucket(period);
  }

  @Rpc(memberContracts.contact)
  contact(@RpcActor() actor: Actor | undefined, @RpcBody(memberContracts.contact) { memberId }: RpcPayloadOf<typeof memberContracts.contact>) {
    requireSystem(actor);
    return this.members.contact(memberId);
  }

  @Rpc(memberContracts.points)
  points(@RpcActor() actor: Actor | undefined, @RpcBody(memberContracts.points) change: RpcPayloadOf<typeof memberContracts.points>) {
    requireSystem(actor);
    return this.pointsService.apply(change);
  }

  @Rpc(memberContracts.credit)
  credit(@RpcActor() actor: Actor | undefined, @RpcBody(memberContracts.credit) change: RpcPayloadOf<typeof memberContracts.credit>) {
    requireSystem(actor);
    return this.wallet.credit(change);
  }

  @Rpc(memberContracts.debit)
  debit(@RpcActor() actor: Actor | undefined, @RpcBody(memberContracts.debit) change: RpcPayloadOf<typeof memberContracts.debit>) {
    requireSystem(actor);
    return this.wallet.debit(change);
  }

  @Rpc(memberContracts.entryByKey)
  entryByKey(@RpcActor() actor: Actor | undefined, @RpcBody(memberContracts.entryByKey) { memberId, idempotencyKey }: RpcPayloadOf<typeof memberContracts.entryByKey>) {
    requireSystem(actor);
    return this.wallet.entryByKey(memberId, idempotencyKey);
  }
}
