/**
 * Staff administration by regional admins, for their own region only: create an account (with a one-time
 * password), disable or enable it, reset its password, move it to another station. Disabling, resetting and
 * moving end the account's open sessions at once. The gateway audits each call, allowed or refused.
 */
import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { hash } from '@node-rs/argon2';
import { DomainError, ErrorCode, requireStaff, requireStaffAtStation, ServiceClient, type Actor, type FieldCipher, type OneTimePassword, type StaffAccount, type StaffActor } from '@fuel/shared';
import { FIELD_CIPHER } from '../../config/user-env.js';
import { toStaffProfile } from './staff-auth.service.js';
import type { StaffEntity } from './staff.entity.js';
import { StaffRepository } from './staff.repository.js';
import { StaffSessions } from './staff-sessions.js';
import { oneTimePassword } from './staff-rules.js';

const toAccount = (staff: StaffEntity): StaffAccount => ({ ...toStaffProfile(staff), status: staff.status, mustChangePassword: staff.mustChangePassword });

@Injectable()
export class StaffAdminService {
  constructor(
    private readonly staff: StaffRepository,
    private readonly sessions: StaffSessions,
    private readonly services: ServiceClient,
    @Inject(FIELD_CIPHER) private readonly cipher: FieldCipher,
  ) {}

  async list(actor: Actor | undefined): Promise<StaffAccount[]> {
    const admin = requireStaff(actor, ['regional_admin']);
    return (await this.staff.inRegion(admin.regionCode)).map(toAccount);
  }

  async create(actor: Actor | undefined, input: { username: string; displayName: string; role: StaffEntity['role']; stationId: number | null; phone: string }): Promise<OneTimePassword> {
    const admin = requireStaff(actor, ['regional_admin']);
    if (input.stationId !== null) await requireStaffAtStation(this.services, admin, ['regional_admin'], input.stationId);
    if (await this.staff.byUsername(input.username)) throw DomainError.invalid([{ field: 'body.username', message: '用户名已被使用' }], '用户名已被使用');
    const password = oneTimePassword(randomInt);
    const created = await this.staff.insert({
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      stationId: input.stationId,
      regionCode: admin.regionCode,
      passwordHash: await hash(password),
      phone: input.phone,
      phoneIndex: this.cipher.blindIndex(input.phone),
      status: 'active',
      mustChangePassword: true,
      passwordChangedAt: null,
      sessionGeneration: 0,
    });
    return { account: toAccount(created), oneTimePassword: password };
  }

  async setStatus(actor: Actor | undefined, staffId: number, status: 'active' | 'disabled'): Promise<StaffAccount> {
    const admin = requireStaff(actor, ['regional_admin']);
    const account = await this.accountInRegion(admin, staffId);
    if (account.id === Number(admin.id)) throw new DomainError(ErrorCode.UNPROCESSABLE, '不能停用自己的账号');
    const updated = await this.staff.update(account.id, { status });
    if (status === 'disabled') await this.sessions.revokeAll(account.id);
    return toAccount(updated);
  }

  async resetPassword(actor: Actor | undefined, staffId: number): Promise<OneTimePassword> {
    const admin = requireStaff(actor, ['regional_admin']);
    const account = await this.accountInRegion(admin, staffId);
    const password = oneTimePassword(randomInt);
    const updated = await this.staff.update(account.id, { passwordHash: await hash(password), mustChangePassword: true });
    await this.sessions.revokeAll(account.id);
    return { account: toAccount(updated), oneTimePassword: password };
  }

  async move(actor: Actor | undefined, staffId: number, stationId: number): Promise<StaffAccount> {
    const admin = requireStaff(actor, ['regional_admin']);
    const account = await this.accountInRegion(admin, staffId);
    if (account.role === 'regional_admin') throw new DomainError(ErrorCode.UNPROCESSABLE, '区域管理员不隶属于加油站');
    await requireStaffAtStation(this.services, admin, ['regional_admin'], stationId);
    const updated = await this.staff.update(account.id, { stationId });
    // The old station is in the signed token: the account signs in again to act for the new one.
    await this.sessions.revokeAll(account.id);
    return toAccount(updated);
  }

  private async accountInRegion(admin: StaffActor, staffId: number): Promise<StaffEntity> {
    const account = await this.staff.byId(staffId);
    if (!account) throw DomainError.notFound('员工账号', staffId);
    if (account.regionCode !== admin.regionCode) throw new DomainError(ErrorCode.FORBIDDEN, '只能管理本区域的员工');
    return account;
  }
}
