/**
 * Runs the provider stand-ins used by `npm start` and the end-to-end tests (dev and test only).
 * STANDIN_SMS_PORT (4010), SMS_ACCESS_KEY_ID / SMS_ACCESS_KEY_SECRET (the dev defaults of the user service).
 */
import { DEV_SMS_ACCESS_KEY_ID, DEV_SMS_ACCESS_KEY_SECRET } from '../config/dev-defaults.js';
import { startSmsStandIn } from './aliyun-sms-standin.js';

const sms = await startSmsStandIn({
  port: Number(process.env.STANDIN_SMS_PORT ?? 4010),
  accessKeyId: process.env.SMS_ACCESS_KEY_ID ?? DEV_SMS_ACCESS_KEY_ID,
  accessKeySecret: process.env.SMS_ACCESS_KEY_SECRET ?? DEV_SMS_ACCESS_KEY_SECRET,
});
process.stdout.write(`${JSON.stringify({ level: 'info', service: 'standins', sms: sms.url, msg: 'provider stand-ins listening' })}\n`);
const stop = () => sms.server.close(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
