/**
 * The browser-safe entry, `@fuel/shared/client`: what the mini-program may import. Only zod-free modules with no
 * framework or Node imports, plus type-only re-exports (erased at build). The H5 bundle check in the tests
 * (e2e/src/miniprogram-builds.e2e-spec.ts) proves no Nest, TypeORM or Node built-in comes along.
 */
export * from '../contracts/map/station-vocabulary.js';
export * from '../contracts/user/member-vocabulary.js';
export { ErrorCode } from '../errors/domain-error.js';
export type { ErrorBody, FieldIssue } from '../errors/domain-error.js';
export { formatYuan, moneyText, yuanText } from '../money/fen.js';
export { formatLitres } from '../units/litres.js';
export type { Fen } from '../money/fen.js';
export type { GradePrice, OpeningHours, Page, Pump, Region, StationDetail, StationSummary } from '../contracts/map/station.dto.js';
export type { CoordType, NearbyResult, NearbyStation } from '../contracts/map/nearby.dto.js';
export type { ServerFrame, SubscriptionArea } from '../contracts/map/price-channel.js';
export type { MemberAtCounter, MemberCode, MemberProfile, MemberSession, Wallet, WalletEntry, WalletEntryKind } from '../contracts/user/member.dto.js';
export type { CardPack, Coupon, CouponQuote, StoreCouponCode } from '../contracts/user/coupon.dto.js';
export type { RechargePreview } from '../contracts/user/member.dto.js';
export type { PayableKind, PaymentIntent, PaymentMethod, PaymentStart, PaymentStatus, RefundView, WechatRequestPayment } from '../contracts/payment/payment.dto.js';
export type { Address } from '../contracts/user/address.dto.js';
export type { ExpressView, FuelBreakdown, MallBreakdown, MallLine, Order, OrderTransitionView } from '../contracts/order/order.dto.js';
export { ORDER_KINDS, ORDER_STATUSES, PRODUCT_CATEGORIES, STATION_ORDER_VIEWS, STATS_PERIODS, STOCK_ADJUSTMENT_REASONS, type OrderKind, type OrderStatus, type Product, type ProductCategory, type StationOrderView, type StatsPeriod, type StockAdjustmentReason } from '../contracts/order/order-vocabulary.js';
export type { PumpBoard } from '../contracts/order/order.dto.js';
export type { CouponRedemptionPreview, MemberRedemptionPreview, MemberStatsBucket, OrderRedemptionPreview, RedemptionPreview, RedemptionResult, RegionDashboard, StationStats, StationStatsBucket, StockLevel } from '../contracts/order/staff.dto.js';
export type { AuditRecord, OneTimePassword, SmsChallenge, StaffAccount, StaffProfile, StaffRole, StaffSession } from '../contracts/user/patterns.js';
