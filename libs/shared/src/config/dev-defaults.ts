/**
 * Development-only secrets, so `npm start` works with no configuration. Services refuse them when
 * NODE_ENV=production (see `secretWithDevDefault`): production must configure its own.
 */
export const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-0123456789abcdef';
export const DEV_FIELD_ENCRYPTION_KEYS = 'dev1:0123456789abcdeffedcba9876543210';
export const DEV_FIELD_MAC_KEY = '6d61632d6b65792d666f722d6465762d6f6e6c792d3031323334353637383930';
export const DEV_FIELD_INDEX_KEY = '696e6465782d6b65792d666f722d6465762d6f6e6c792d303132333435363738';
export const DEV_SMS_ACCESS_KEY_ID = 'LTAIdevStandInKey';
export const DEV_SMS_ACCESS_KEY_SECRET = 'dev-standin-secret';
export const DEV_BACKOFFICE_MASTER_KEY = '6261636b6f66666963652d6d61737465722d6465762d6f6e6c792d3031323334';
export const DEV_BAIDU_MAP_AK = 'devStandInBaiduAk0123456789';
export const DEV_WECHAT_APP_ID = 'wxdev0000000000001';
export const DEV_WECHAT_APP_SECRET = 'dev-wechat-app-secret-0123456789ab';
