/**
 * The provider stand-ins (`@fuel/devkit/standins`): development and test only. The protocol helpers that the
 * production adapters share with them (signatures, encryption, timestamps) are runtime code and live in
 * @fuel/shared's providers/ folder.
 */
export * from './aliyun-sms-standin.js';
export * from './alipay-standin.js';
export * from './baidu-geocoding-standin.js';
export * from './wechat-standin.js';
export * from './wechat-pay-standin.js';
export * from './logistics-standin.js';
