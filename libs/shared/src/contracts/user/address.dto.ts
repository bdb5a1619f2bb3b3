import { z } from 'zod';
import { rpcContract } from '../../rpc/contract.js';

/** A delivery address; on a member's screens the recipient and phone are masked. */
export interface Address {
  id: number;
  recipient: string;
  phone: string;
  /** 省 市 区 */
  region: string;
  detail: string;
  isDefault: boolean;
}

export const addressBody = z
  .object({
    recipient: z.string().trim().min(1, '请填写收货人').max(20, '收货人最多 20 个字'),
    phone: z.string().regex(/^1[3-9]\d{9}$/, '请填写 11 位手机号'),
    region: z.string().trim().min(2, '请选择所在地区').max(60),
    detail: z.string().trim().min(4, '请填写详细地址').max(120, '详细地址最多 120 个字'),
    isDefault: z.boolean().optional(),
  })
  .strict();

export const addressId = z.object({ id: z.coerce.number().int().positive() }).strict();

export const addressContracts = {
  list: rpcContract<Address[]>()('user.addresses.list', z.object({}).strict()),
  create: rpcContract<Address>()('user.addresses.create', addressBody),
  remove: rpcContract<{ removed: true }>()('user.addresses.remove', addressId),
  /** For the order service (system actor): the whole address, if it is this member's. */
  forOrder: rpcContract<Address>()('user.addresses.for-order', z.object({ memberId: z.number().int().positive(), id: z.number().int().positive() }).strict()),
};
