import { Controller } from '@nestjs/common';
import { Rpc, RpcActor, RpcBody, RpcKeptKey, userContracts, type Actor, type KeptKey, type RpcPayloadOf } from '@fuel/shared';
import { StaffAdminService } from './staff-admin.service.js';
import { StaffAuthService } from './staff-auth.service.js';

/** The digest of a new account leaves its phone out (the digest is kept a day; the phone is sealed at rest). */
const withoutPhone = (request: unknown) => ({ ...(request as Record<string, unknown>), phone: undefined });

@Controller()
export class StaffRpcController {
  constructor(
    private readonly auth: StaffAuthService,
    private readonly admin: StaffAdminService,
  ) {}

  @Rpc(userContracts.staffLogin)
  login(@RpcBody(userContracts.staffLogin) body: RpcPayloadOf<typeof userContracts.staffLogin>) {
    return this.auth.passwordStep(body.username, body.password);
  }

  @Rpc(userContracts.staffVerify)
  verify(@RpcBody(userContracts.staffVerify) body: RpcPayloadOf<typeof userContracts.staffVerify>) {
    return this.auth.codeStep(body.challengeId, body.code);
  }

  @Rpc(userContracts.staffSession)
  session(@RpcActor() actor: Actor | undefined) {
    return this.auth.session(actor);
  }

  @Rpc(userContracts.staffLogout)
  logout(@RpcActor() actor: Actor | undefined) {
    return this.auth.logout(actor);
  }

  @Rpc(userContracts.staffChangePassword)
  changePassword(@RpcActor() actor: Actor | undefined, @RpcBody(userContracts.staffChangePassword) body: RpcPayloadOf<typeof userContracts.staffChangePassword>, @RpcKeptKey(userContracts.staffChangePassword, () => null) key: KeptKey | undefined) {
    return this.auth.changePassword(actor, body.currentPassword, body.newPassword, key);
  }

  @Rpc(userContracts.staffProfile)
  profile(@RpcActor() actor: Actor | undefined) {
    return this.auth.profile(actor);
  }

  @Rpc(userContracts.staffAccounts)
  accounts(@RpcActor() actor: Actor | undefined) {
    return this.admin.list(actor);
  }

  @Rpc(userContracts.staffCreate)
  create(@RpcActor() actor: Actor | undefined, @RpcBody(userContracts.staffCreate) body: RpcPayloadOf<typeof userContracts.staffCreate>, @RpcKeptKey(userContracts.staffCreate, withoutPhone) key: KeptKey | undefined) {
    return this.admin.create(actor, body, key);
  }

  @Rpc(userContracts.staffDisable)
  disable(@RpcActor() actor: Actor | undefined, @RpcBody(userContracts.staffDisable) { staffId }: RpcPayloadOf<typeof userContracts.staffDisable>) {
    return this.admin.setStatus(actor, staffId, 'disabled');
  }

  @Rpc(userContracts.staffEnable)
  enable(@RpcActor() actor: Actor | undefined, @RpcBody(userContracts.staffEnable) { staffId }: RpcPayloadOf<typeof userContracts.staffEnable>) {
    return this.admin.setStatus(actor, staffId, 'active');
  }

  @Rpc(userContracts.staffResetPassword)
  resetPassword(@RpcActor() actor: Actor | undefined, @RpcBody(userContracts.staffResetPassword) { staffId }: RpcPayloadOf<typeof userContracts.staffResetPassword>, @RpcKeptKey(userContracts.staffResetPassword) key: KeptKey | undefined) {
    return this.admin.resetPassword(actor, staffId, key);
  }

  @Rpc(userContracts.staffMove)
  move(@RpcActor() actor: Actor | undefined, @RpcBody(userContracts.staffMove) { staffId, stationId }: RpcPayloadOf<typeof userContracts.staffMove>) {
    return this.admin.move(actor, staffId, stationId);
  }
}
