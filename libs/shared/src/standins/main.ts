/**
 * Runs the provider stand-ins used by `npm start` and the end-to-end tests (dev and test only):
 * SMS (STANDIN_SMS_PORT, 4010) and Baidu Maps geocoding (STANDIN_BAIDU_PORT, 4011). Their credentials default
 * to the services' development defaults.
 */
import { DEV_BAIDU_MAP_AK, DEV_SMS_ACCESS_KEY_ID, DEV_SMS_ACCESS_KEY_SECRET } from '../config/dev-defaults.js';
import { startSmsStandIn } from './aliyun-sms-standin.js';
import { startGeocodingStandIn } from './baidu-geocoding-standin.js';

const sms = await startSmsStandIn({
  port: Number(process.env.STANDIN_SMS_PORT ?? 4010),
  accessKeyId: process.env.SMS_ACCESS_KEY_ID ?? DEV_SMS_ACCESS_KEY_ID,
  accessKeySecret: process.env.SMS_ACCESS_KEY_SECRET ?? DEV_SMS_ACCESS_KEY_SECRET,
});
const baidu = await startGeocodingStandIn({ port: Number(process.env.STANDIN_BAIDU_PORT ?? 4011), ak: process.env.BAIDU_MAP_AK ?? DEV_BAIDU_MAP_AK });
process.stdout.write(`${JSON.stringify({ level: 'info', service: 'standins', sms: sms.url, baidu: baidu.url, msg: 'provider stand-ins listening' })}\n`);
const stop = () => {
  baidu.server.close();
  sms.server.close(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
