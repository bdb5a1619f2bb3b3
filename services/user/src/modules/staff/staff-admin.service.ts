/**
 * Staff administration by regional admins, for their own region only: create an account (with a one-time
 * password), disable or enable it, reset its password, move it to another station. Disabling, resetting and
 * moving end the account's open sessions at once. The gateway audits each call, allowed or refused.
 */
import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { hash } from '@node-rs/argon2';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, ErrorCode, KeptReplies, requireStaff, requireStaffAtStation, ServiceClient, type Actor, type FieldCipher, type KeptKey, type OneTimePassword, type StaffAccount, type StaffActor } from '@fuel/shared';
import { FIELD_CIPHER } from '../../config/user-env.js';
import { toStaffProfile } from './staff-auth.service.js';
import type { StaffEntity } from './staff.entity.js';
import { StaffRepository } from './staff.repository.js';
import { StaffSessions } from './staff-sessions.js';
import { oneTimePassword } from './staff-rules.js';

const toAccount = (staff: StaffEntity): StaffAccount => ({ ...toStaffProfile(staff), status: staff.status, mustChangePassword: staff.mustChangePassword });

/** A one-time password kept with its reply (for the same request again) is sealed with SM4, as every secret at rest. */
interface KeptIssue {
  account: StaffAccount;
  sealedPassword: string;
}
const keptPlace = (key: KeptKey) => ({ table: 'kept_replies', column: 'reply', rowKey: `${key.caller}:${key.key}` });

@Injectable()
export class StaffAdminService {
  constructor(
    private readonly staff: StaffRepository,
    private readonly sessions: StaffSessions,
    private readonly services: ServiceClient,
    @Inject(FIELD_CIPHER) private readonly cipher: FieldCipher,
    private readonly dataSource: DataSource,
    private readonly kept: KeptReplies,
  ) {}

  async list(actor: Actor | undefined): Promise<StaffAccount[]> {
    const admin = requireStaff(actor, ['regional_admin']);
    return (await this.staff.inRegion(admin.regionCode)).map(toAccount);
  }

  /** The same request again (its Idempotency-Key) answers the same account and one-time password. */
  async create(actor: Actor | undefined, input: { username: string; displayName: string; role: StaffEntity['role']; stationId: number | null; phone: string }, key?: KeptKey): Promise<OneTimePassword> {
    const admin = requireStaff(actor, ['regional_admin']);
    if (input.stationId !== null) await requireStaffAtStation(this.services, admin, ['regional_admin'], input.stationId);
    return this.issueOnce(key, async (manager, passwordHash) => {
      if (await this.staff.byUsername(input.username)) throw DomainError.invalid([{ field: 'body.username', message: '用户名已被使用' }], '用户名已被使用');
      return this.staff.insert(
        {
          username: input.username,
          displayName: input.displayName,
          role: input.role,
          stationId: input.stationId,
          regionCode: admin.regionCode,
          passwordHash,
          phone: input.phone,
          phoneIndex: this.cipher.blindIndex(input.phone),
          status: 'active',
          mustChangePassword: true,
          passwordChangedAt: null,
          sessionGeneration: 0,
        },
        manager,
      );
    });
  }

  async setStatus(actor: Actor | undefined, staffId: number, status: 'active' | 'disabled'): Promise<StaffAccount> {
    const admin = requireStaff(actor, ['regional_admin']);
    const account = await this.accountInRegion(admin, staffId);
    if (account.id === Number(admin.id)) throw new DomainError(ErrorCode.UNPROCESSABLE, '不能停用自己的账号');
    const updated = await this.staff.update(account.id, { status });
    if (status === 'disabled') await this.sessions.revokeAll(account.id);
    return toAccount(updated);
  }

  /** The same request again (its Idempotency-Key) answers the same one-time password, not another one. */
  async resetPassword(actor: Actor | undefined, staffId: number, key?: KeptKey): Promise<OneTimePassword> {
    const admin = requireStaff(actor, ['regional_admin']);
    const account = await this.accountInRegion(admin, staffId);
    return this.issueOnce(key, async (manager, passwordHash) => {
      const updated = await this.staff.update(account.id, { passwordHash, mustChangePassword: true }, manager);
      await this.sessions.revokeAll(account.id, manager);
      return updated;
    });
  }

  /**
   * A new one-time password, its hash set by `write` in one transaction with its kept reply (sealed). The hash (argon2,
   * the slow part) is made before the transaction, so no connection is held while it runs.
   */
  private issueOnce(key: KeptKey | undefined, write: (manager: EntityManager, passwordHash: string) => Promise<StaffEntity>): Promise<OneTimePassword> {
    return this.kept.once<OneTimePassword, KeptIssue>(
      key,
      async (keep) => {
        const password = oneTimePassword(randomInt);
        const passwordHash = await hash(password);
        return this.dataSource.transaction(async (manager) => {
          const account = toAccount(await write(manager, passwordHash));
          await keep(manager, { account, sealedPassword: key ? this.cipher.seal(keptPlace(key), password) : '' });
          return { account, oneTimePassword: password };
        });
      },
      (kept) => ({ account: kept.account, oneTimePassword: this.cipher.open(keptPlace(key!), kept.sealedPassword) }),
    );
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
