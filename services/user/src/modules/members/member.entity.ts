import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber, sealedColumn, fenColumn, type Fen, type WalletEntryKind } from '@fuel/shared';
import type { Tier } from './member-tier-rules.js';

@Entity('members')
export class MemberEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintNumber }) id: number;
  @Column({ name: 'wechat_openid', type: 'varchar', length: 64, nullable: true }) wechatOpenId: string | null;
  @Column({ name: 'wechat_unionid', type: 'varchar', length: 64, nullable: true }) wechatUnionId: string | null;
  @Column({ name: 'alipay_user_id', type: 'varchar', length: 32, nullable: true }) alipayUserId: string | null;
  /** WeChat session_key, kept server-side only (SM4 at rest), for decrypting data the client relays. */
  @Column({ name: 'session_key_enc', type: 'varchar', length: 255, nullable: true, transformer: sealedColumn }) sessionKey: string | null;
  @Column({ name: 'phone_enc', type: 'varchar', length: 255, nullable: true, transformer: sealedColumn }) phone: string | null;
  @Column({ name: 'phone_bidx', type: 'varchar', length: 64, nullable: true }) phoneIndex: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) nickname: string | null;
  @Column({ type: 'date', nullable: true }) birthday: string | null;
  @Column({ type: 'varchar', length: 16 }) tier: Tier;
  @Column({ name: 'tier_expires_at', type: 'datetime', precision: 3, nullable: true }) tierExpiresAt: Date | null;
  @Column({ name: 'tier_renewal_fen', type: 'bigint', transformer: fenColumn }) tierRenewalFen: Fen;
  @Column({ type: 'int', default: 0 }) points: number;
  /** Set from the one clock (member growth is counted by it), not by the database. */
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}

@Entity('wallets')
export class WalletEntity {
  @PrimaryColumn({ name: 'member_id', type: 'bigint', transformer: bigintNumber }) memberId: number;
  @Column({ name: 'balance_fen', type: 'bigint', transformer: fenColumn }) balanceFen: Fen;
}

/** Every change of a wallet, with the balance after it; (member, idempotency key) is unique. */
@Entity('wallet_ledger')
export class WalletLedgerEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintNumber }) id: number;
  @Column({ name: 'member_id', type: 'bigint', transformer: bigintNumber }) memberId: number;
  @Column({ type: 'varchar', length: 16 }) kind: WalletEntryKind;
  @Column({ name: 'amount_fen', type: 'bigint', transformer: fenColumn }) amountFen: Fen;
  @Column({ name: 'balance_after_fen', type: 'bigint', transformer: fenColumn }) balanceAfterFen: Fen;
  @Column({ name: 'idempotency_key', type: 'varchar', length: 80 }) idempotencyKey: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) reference: string | null;
  @Column({ type: 'varchar', length: 128, nullable: true }) memo: string | null;
  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true }) requestId: string | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}

@Entity('refresh_tokens')
export class RefreshTokenEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintNumber }) id: number;
  @Column({ name: 'member_id', type: 'bigint', transformer: bigintNumber }) memberId: number;
  @Column({ name: 'token_hash', type: 'varchar', length: 64 }) tokenHash: string;
  @Column({ name: 'expires_at', type: 'datetime', precision: 3 }) expiresAt: Date;
  @Column({ name: 'used_at', type: 'datetime', precision: 3, nullable: true }) usedAt: Date | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}

/** Every change of a member's points (earned on paid spending, reversed on refund). */
@Entity('points_ledger')
export class PointsLedgerEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintNumber }) id: number;
  @Column({ name: 'member_id', type: 'bigint', transformer: bigintNumber }) memberId: number;
  @Column({ type: 'varchar', length: 16 }) kind: 'earn' | 'reverse';
  @Column({ type: 'int' }) points: number;
  @Column({ name: 'balance_after', type: 'int' }) balanceAfter: number;
  @Column({ name: 'idempotency_key', type: 'varchar', length: 80 }) idempotencyKey: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) reference: string | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}
