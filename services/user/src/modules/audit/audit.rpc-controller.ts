import { Controller } from '@nestjs/common';
import { requireStaff, Rpc, RpcActor, RpcBody, userContracts, type Actor, type RpcPayloadOf } from '@fuel/shared';
import { StaffRepository } from '../staff/staff.repository.js';
import { requireStaffActor } from '../staff/staff-auth.service.js';
import { AuditLog } from './audit-log.js';

/** Who acted always comes from the signed actor (and the account behind it), never from the payload. */
@Controller()
export class AuditRpcController {
  /** Usernames by staff id: they never change, and every staff action needs one. */
  private readonly usernames = new Map<number, string>();

  constructor(
    private readonly audit: AuditLog,
    private readonly staff: StaffRepository,
  ) {}

  @Rpc(userContracts.auditRecord)
  async record(@RpcActor() actor: Actor | undefined, @RpcBody(userContracts.auditRecord) entry: RpcPayloadOf<typeof userContracts.auditRecord>) {
    const staff = requireStaffActor(actor);
    const staffId = Number(staff.id);
    let username = this.usernames.get(staffId);
    if (!username) {
      username = (await this.staff.byId(staffId))?.username ?? `staff:${staffId}`;
      this.usernames.set(staffId, username);
    }
    const subject = { staffId, username, role: staff.role ?? null, stationId: staff.stationId ? Number(staff.stationId) : null, regionCode: staff.regionCode ?? null };
    return { seq: await this.audit.append({ ...subject, ...entry }) };
  }

  @Rpc(userContracts.auditList)
  list(@RpcActor() actor: Actor | undefined, @RpcBody(userContracts.auditList) { stationId, ...query }: RpcPayloadOf<typeof userContracts.auditList>) {
    const staff = requireStaff(actor, ['manager', 'regional_admin']);
    const scope = staff.role === 'manager' ? { stationId: Number(staff.stationId) } : { regionCode: staff.regionCode, stationId };
    return this.audit.list(scope, query);
  }
}
