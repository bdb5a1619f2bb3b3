/**
 * Runs the provider stand-ins used by `npm start` and the end-to-end tests (dev and test only):
 * SMS (STANDIN_SMS_PORT, 4010), Baidu Maps geocoding (STANDIN_BAIDU_PORT, 4011) and WeChat login
 * (STANDIN_WECHAT_PORT, 4012), Alipay (STANDIN_ALIPAY_PORT, 4013) and WeChat Pay v3 with its cashier
 * (STANDIN_WECHATPAY_PORT, 4014). Their credentials default to the services' development defaults.
 */
import {
  DEV_BAIDU_MAP_AK, DEV_SMS_ACCESS_KEY_ID, DEV_SMS_ACCESS_KEY_SECRET, DEV_WECHAT_APP_ID, DEV_WECHAT_APP_SECRET } from '../dev-env.js';
import { startSmsStandIn } from './aliyun-sms-standin.js';
import { devAlipayStandInOptions, startAlipayStandIn } from './alipay-standin.js';
import { startGeocodingStandIn } from './baidu-geocoding-standin.js';
import { startWechatStandIn } from './wechat-standin.js';
import { devWechatPayStandInOptions, startWechatPayStandIn } from './wechat-pay-standin.js';
import { devLogisticsStandInOptions, startLogisticsStandIn } from './logistics-standin.js';

const sms = await startSmsStandIn({
  port: Number(process.env.STANDIN_SMS_PORT ?? 4010),
  accessKeyId: process.env.SMS_ACCESS_KEY_ID ?? DEV_SMS_ACCESS_KEY_ID,
  accessKeySecret: process.env.SMS_ACCESS_KEY_SECRET ?? DEV_SMS_ACCESS_KEY_SECRET,
});
const baidu = await startGeocodingStandIn({ port: Number(process.env.STANDIN_BAIDU_PORT ?? 4011), ak: process.env.BAIDU_MAP_AK ?? DEV_BAIDU_MAP_AK });
const wechat = await startWechatStandIn({
  port: Number(process.env.STANDIN_WECHAT_PORT ?? 4012),
  appId: process.env.WECHAT_APP_ID ?? DEV_WECHAT_APP_ID,
  appSecret: process.env.WECHAT_APP_SECRET ?? DEV_WECHAT_APP_SECRET,
});
const retryDelaysMs = process.env.STANDIN_NOTIFY_RETRY_MS?.split(',').map(Number);
const alipay = await startAlipayStandIn(devAlipayStandInOptions(Number(process.env.STANDIN_ALIPAY_PORT ?? 4013), { retryDelaysMs }));
const wechatPay = await startWechatPayStandIn(devWechatPayStandInOptions(Number(process.env.STANDIN_WECHATPAY_PORT ?? 4014), { retryDelaysMs }));
const logistics = await startLogisticsStandIn(devLogisticsStandInOptions(Number(process.env.STANDIN_LOGISTICS_PORT ?? 4015), { retryDelaysMs, stepMs: Number(process.env.STANDIN_LOGISTICS_STEP_MS ?? 60_000) }));
process.stdout.write(`${JSON.stringify({ level: 'info', service: 'standins', sms: sms.url, baidu: baidu.url, wechat: wechat.url, alipay: alipay.url, wechatPay: wechatPay.url, logistics: logistics.url, msg: 'provider stand-ins listening' })}\n`);
const stop = () => {
  alipay.server.close();
  wechatPay.server.close();
  logistics.server.close();
  baidu.server.close();
  wechat.server.close();
  sms.server.close(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
