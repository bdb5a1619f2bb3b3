/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.gif'
declare module '*.jpg'
declare module '*.jpeg'
declare module '*.svg'
declare module '*.css'

/** Gateway base URL, replaced at build time (config/index.ts `defineConstants`); jest defines it in test/setup.ts. */
declare const API_BASE: string

declare namespace NodeJS {
  interface ProcessEnv {
    /** The platform being built. */
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'quickapp' | 'qq' | 'jd'
    /** Gateway base URL for the build (read by config/index.ts). */
    API_BASE?: string
  }
}

/** The H5 development sign-in (stand-in `dev-<name>` codes) is built in; false when DEPLOY_ENV=production. */
declare const DEV_SIGN_IN: boolean

/** The customer service hotline for 联系客服 on H5 and Alipay ('' when none is configured); config/index.ts. */
declare const SERVICE_HOTLINE: string
