/**
 * 收货地址: a member's delivery addresses (at most 20), the personal parts encrypted at rest. Shown masked to the
 * member's screens (recipient 张*, phone 138****0000); whole only to another service (the order service, to ship).
 * Removing keeps the row for the orders that point at it.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { CLOCK, DomainError, ErrorCode, insertSealed, KeptReplies, maskName, maskPhone, onPrimary, type Address, type Clock, type KeptKey } from '@fuel/shared';
import { AddressEntity } from './address.entity.js';

const MAX_ADDRESSES = 20;

export function addressView(row: AddressEntity, whole: boolean): Address {
  return { id: row.id, recipient: whole ? row.recipient : maskName(row.recipient), phone: whole ? row.phone : maskPhone(row.phone), region: row.region, detail: row.detail, isDefault: row.isDefault };
}

@Injectable()
export class AddressService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly kept: KeptReplies,
  ) {}

  async list(memberId: number): Promise<Address[]> {
    const rows = await onPrimary(this.dataSource, (m) => m.find(AddressEntity, { where: { memberId, removedAt: IsNull() }, order: { isDefault: 'DESC', id: 'DESC' } }));
    return rows.map((row) => addressView(row, false));
  }

  /** The same request again (its Idempotency-Key) answers the address it created (its id is what is kept). */
  async create(memberId: number, input: Omit<Address, 'id' | 'isDefault'> & { isDefault?: boolean }, key?: KeptKey): Promise<Address> {
    const created = async (id: number) => addressView(await onPrimary(this.dataSource, (m) => m.findOneByOrFail(AddressEntity, { id, memberId })), false);
    return this.kept.once<Address, number>(
      key,
      (keep) =>
        this.dataSource.transaction(async (manager) => {
          const count = await manager.countBy(AddressEntity, { memberId, removedAt: IsNull() });
          if (count >= MAX_ADDRESSES) throw new DomainError(ErrorCode.UNPROCESSABLE, `最多保存 ${MAX_ADDRESSES} 个地址`);
          const isDefault = input.isDefault === true || count === 0;
          if (isDefault) await manager.update(AddressEntity, { memberId, isDefault: true }, { isDefault: false });
          const row = await insertSealed(manager, AddressEntity, { memberId, recipient: input.recipient, phone: input.phone, region: input.region, detail: input.detail, isDefault, createdAt: this.clock.now(), removedAt: null });
          await keep(manager, row.id);
          return addressView(row, false);
        }),
      created,
    );
  }

  async remove(memberId: number, id: number, key?: KeptKey): Promise<void> {
    await this.kept.once(key, (keep) =>
      this.dataSource.transaction(async (manager) => {
        const removed = await manager.update(AddressEntity, { id, memberId, removedAt: IsNull() }, { removedAt: this.clock.now(), isDefault: false });
        if (removed.affected !== 1) throw DomainError.notFound('地址');
        await keep(manager, undefined);
      }),
    );
  }

  /** For another service: the whole address, if it is this member's and still theirs to use. */
  async forOrder(memberId: number, id: number): Promise<Address> {
    const row = await onPrimary(this.dataSource, (m) => m.findOneBy(AddressEntity, { id, memberId, removedAt: IsNull() }));
    if (!row) throw DomainError.notFound('地址');
    return addressView(row, true);
  }
}
