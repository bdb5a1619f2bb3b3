/**
 * The provider stand-ins (`@fuel/shared/standins`): development and test only, kept out of the main entry so that
 * production code cannot import them. The protocol helpers that production adapters share with them stay in the
 * main entry (aliyun-sms-protocol, alipay-protocol, wechat-pay-protocol).
 */
export * from './aliyun-sms-standin.js';
export * from './alipay-standin.js';
export * from './baidu-geocoding-standin.js';
export * from './wechat-standin.js';
export * from './wechat-pay-standin.js';
export * from './logistics-standin.js';
