import { DataSource } from 'typeorm';
import { FieldCipher, fieldCipherOf, installFieldCipher, type ServiceDefinition } from '@fuel/shared';
import { FIELD_CIPHER, userEnvSchema, type UserEnv } from './config/user-env.js';
import { AliyunSmsSender, SmsSender } from './infra/adapters/sms/sms-sender.js';
import { AlipayAuth, AlipayAuthClient } from './infra/adapters/alipay/alipay-auth.js';
import { UniquePhone1764800000000 } from './infra/database/migrations/1764800000000-unique-phone.js';
import { Addresses1765600000000 } from './infra/database/migrations/1765600000000-addresses.js';
import { AddressEntity } from './modules/addresses/address.entity.js';
import { AddressRpcController } from './modules/addresses/address.rpc-controller.js';
import { AddressService } from './modules/addresses/address.service.js';
import { AlipayMembers1764700000000 } from './infra/database/migrations/1764700000000-alipay-members.js';
import { WechatAuth, WechatAuthClient } from './infra/adapters/wechat/wechat-auth.js';
import { MembersWallet1764400000000 } from './infra/database/migrations/1764400000000-members-wallet.js';
import { MemberEntity, PointsLedgerEntity, RefreshTokenEntity, WalletEntity, WalletLedgerEntity } from './modules/members/member.entity.js';
import { PointsService } from './modules/members/points.service.js';
import { Points1764600000000 } from './infra/database/migrations/1764600000000-points.js';
import { MemberRpcController } from './modules/members/member.rpc-controller.js';
import { MemberService } from './modules/members/member.service.js';
import { MemberCodeService } from './modules/members/member-code.service.js';
import { MemberStatsService } from './modules/members/member-stats.service.js';
import { WalletService } from './modules/wallet/wallet.service.js';
import { Coupons1764500000000 } from './infra/database/migrations/1764500000000-coupons.js';
import { CouponEntity, CouponTemplateEntity, MemberNotificationEntity } from './modules/coupons/coupon.entity.js';
import { CouponRpcController } from './modules/coupons/coupon.rpc-controller.js';
import { CouponService } from './modules/coupons/coupon.service.js';
import { StoreCouponService } from './modules/coupons/store-coupon.service.js';
import { MemberNotifier, WechatServerApi, WechatSubscribeNotifier } from './infra/adapters/wechat/subscribe-notifier.js';
import { PhoneNumberSource, WechatPhoneNumber } from './infra/adapters/wechat/phone-number.js';
import { MembershipJobs } from './modules/members/membership-jobs.js';
import { Staff1764100000000 } from './infra/database/migrations/1764100000000-staff.js';
import { StaffEntity, StaffSessionEntity } from './modules/staff/staff.entity.js';
import { AuditAppendOnly1766100000000 } from './infra/database/migrations/1766100000000-audit-append-only.js';
import { AddressDetailRoom1766200000000 } from './infra/database/migrations/1766200000000-address-detail-room.js';
import { StaffSessionsAudit1766000000000 } from './infra/database/migrations/1766000000000-staff-sessions-audit.js';
import { StaffSessionsTable1766400000000 } from './infra/database/migrations/1766400000000-staff-sessions-table.js';
import { WalletMemo1766500000000 } from './infra/database/migrations/1766500000000-wallet-memo.js';
import { AuditLogEntity } from './modules/audit/audit-log.entity.js';
import { AuditLog } from './modules/audit/audit-log.js';
import { AuditRpcController } from './modules/audit/audit.rpc-controller.js';
import { StaffAdminService } from './modules/staff/staff-admin.service.js';
import { StaffSessions } from './modules/staff/staff-sessions.js';
import { StaffAuthService } from './modules/staff/staff-auth.service.js';
import { StaffRepository } from './modules/staff/staff.repository.js';
import { StaffRpcController } from './modules/staff/staff.rpc-controller.js';
import { seedDemoStaff } from './modules/staff/staff.seed.js';

/** The user service: staff accounts and sign-in; members, their sign-in, tiers and wallet (coupons and points next). */
export const userService: ServiceDefinition = {
  name: 'user',
  env: userEnvSchema,
  entities: [StaffEntity, StaffSessionEntity, AuditLogEntity, MemberEntity, WalletEntity, WalletLedgerEntity, RefreshTokenEntity, CouponTemplateEntity, CouponEntity, MemberNotificationEntity, PointsLedgerEntity, AddressEntity],
  migrations: [Staff1764100000000, MembersWallet1764400000000, Coupons1764500000000, Points1764600000000, AlipayMembers1764700000000, UniquePhone1764800000000, Addresses1765600000000, StaffSessionsAudit1766000000000, AuditAppendOnly1766100000000, AddressDetailRoom1766200000000, StaffSessionsTable1766400000000, WalletMemo1766500000000],
  controllers: [StaffRpcController, AuditRpcController, MemberRpcController, CouponRpcController, AddressRpcController],
  providers: [
    StaffRepository,
    StaffAuthService,
    StaffSessions,
    StaffAdminService,
    AuditLog,
    MemberService,
    MemberCodeService,
    MemberStatsService,
    WalletService,
    CouponService,
    StoreCouponService,
    MembershipJobs,
    PointsService,
    AddressService,
    WechatServerApi,
    { provide: MemberNotifier, useClass: WechatSubscribeNotifier },
    { provide: PhoneNumberSource, useClass: WechatPhoneNumber },
    { provide: FIELD_CIPHER, useFactory: fieldCipherOf, inject: [DataSource] },
    { provide: SmsSender, useClass: AliyunSmsSender },
    { provide: WechatAuth, useClass: WechatAuthClient },
    { provide: AlipayAuth, useClass: AlipayAuthClient },
  ],
  onInit: ({ env, dataSource }) => installFieldCipher(dataSource, FieldCipher.fromEnv(env as unknown as UserEnv)),
  seedDemo: seedDemoStaff,
};
