import { Controller } from '@nestjs/common';
import { Rpc, RpcActor, RpcBody, userContracts, type Actor, type RpcPayloadOf } from '@fuel/shared';
import { StaffAuthService } from './staff-auth.service.js';

@Controller()
export class StaffRpcController {
  constructor(private readonly auth: StaffAuthService) {}

  @Rpc(userContracts.staffLogin)
  login(@RpcBody(userContracts.staffLogin) body: RpcPayloadOf<typeof userContracts.staffLogin>) {
    return this.auth.passwordStep(body.username, body.password);
  }

  @Rpc(userContracts.staffVerify)
  verify(@RpcBody(userContracts.staffVerify) body: RpcPayloadOf<typeof userContracts.staffVerify>) {
    return this.auth.codeStep(body.challengeId, body.code);
  }

  @Rpc(userContracts.staffProfile)
  profile(@RpcActor() actor: Actor | undefined) {
    return this.auth.profile(actor);
  }
}
