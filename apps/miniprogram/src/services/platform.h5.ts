/**
 * H5: there is no WeChat or Alipay account to sign in with. Development and test builds carry a sign-in with the
 * WeChat stand-in's `dev-<name>` codes, marked as such; production builds (DEPLOY_ENV=production) have none.
 * Browsers give WGS-84 positions: the API converts (coordType=wgs84).
 */
import Taro from '@tarojs/taro'
import type { CoordType, MemberSession, PaymentStart } from '@fuel/shared/client'

import { gateway } from './api'
import type { ProviderMethod } from '../domain/payment-methods'
import type { Position, SignInMethod } from './platform'

export const signInMethod: SignInMethod = DEV_SIGN_IN
  ? { label: '开发环境登录', needsName: true, note: '仅限开发测试环境：使用模拟微信账号登录', available: true }
  : { label: '请在微信或支付宝中打开', needsName: false, note: '网页版暂不支持登录，请在微信或支付宝小程序中使用', available: false }

export async function signIn(name = 'driver'): Promise<MemberSession> {
  // Inside the constant's branch, so that a release build drops it whole (the tests look for it there).
  if (DEV_SIGN_IN) {
    // `dev-<name>.<n>` is a fresh single-use code for the same test member each time.
    const code = `dev-${name}.${Date.now().toString(36)}`
    return gateway.post<MemberSession>('/api/v1/auth/wechat/login', { code }, { auth: false })
  }
  throw Object.assign(new Error('sign-in is off on H5'), { code: 'FORBIDDEN' })
}

/** A browser's permission prompt can stay unanswered forever (the API's own timeout starts after it). */
const LOCATE_TIMEOUT_MS = 6000

export async function locate(): Promise<Position | null> {
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), LOCATE_TIMEOUT_MS))
  const located = Taro.getLocation({ type: 'wgs84', highAccuracyExpireTime: 5000 }).then(
    ({ latitude, longitude }): Position => ({ lat: latitude, lng: longitude, coordType: 'wgs84' }),
    () => null,
  )
  return Promise.race([located, timeout])
}

/**
 * There is no requestPayment in a browser. Development builds pay as in WeChat, at the WeChat Pay stand-in's
 * cashier (served next to the page), which returns to `returnPath`; production H5 has no payment provider.
 */
export const providerMethod: ProviderMethod | null = DEV_SIGN_IN ? { method: 'wechat', label: '微信支付' } : null

export async function payAtProvider(start: PaymentStart, returnPath: string): Promise<'redirected'> {
  const prepayId = start.wechat?.package.replace('prepay_id=', '')
  if (DEV_SIGN_IN && prepayId) {
    window.location.href = `/_standin/wechatpay/cashier?prepay_id=${encodeURIComponent(prepayId)}&return=${encodeURIComponent(returnPath)}`
    return 'redirected'
  }
  throw Object.assign(new Error('no WeChat Pay on H5'), { code: 'UNPROCESSABLE', message: '请在微信小程序中完成支付' })
}

export function navigateTo(place: { lat: number; lng: number; name: string; address: string; coordType?: CoordType }): void {
  // Amap's web URI takes GCJ-02 ("gaode", what stations are stored in) or WGS-84 (what a browser's nearby search
  // answers in); BD-09 is never asked for by this app.
  const coordinate = place.coordType === 'wgs84' ? 'wgs84' : 'gaode'
  const url = `https://uri.amap.com/marker?position=${place.lng},${place.lat}&name=${encodeURIComponent(place.name)}&coordinate=${coordinate}&callnative=1`
  window.location.href = url
}

/** The camera through the browser (camera-scan.h5.ts, loaded when first used: drivers never download the decoder); without one the attendant types the code. */
export const scanCode: (() => Promise<string | null>) | null =
  typeof navigator !== 'undefined' && 'mediaDevices' in navigator ? async () => (await import('./camera-scan.h5')).scanWithCamera() : null

export async function saveTextFile(name: string, text: string): Promise<'downloaded'> {
  // The browser's decoding dropped the server's byte-order mark; spreadsheet programs need it to read UTF-8.
  const url = URL.createObjectURL(new Blob(['\uFEFF', text.replace(/^\uFEFF/, '')], { type: 'text/csv;charset=utf-8' }))
  const link = Object.assign(document.createElement('a'), { href: url, download: name })
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
  return 'downloaded'
}

let audio: AudioContext | null = null

/** A beep from WebAudio (two rising tones for a new order) and the vibration where the browser has one. */
export function signal(kind: 'new-order' | 'done' | 'refused'): void {
  try {
    audio ??= new AudioContext()
    // Created before any tap, the context starts suspended; it can resume once the attendant has touched the page.
    if (audio.state === 'suspended') void audio.resume()
    const tones = kind === 'new-order' ? [660, 880] : kind === 'done' ? [880] : [220]
    tones.forEach((frequency, i) => {
      const oscillator = audio!.createOscillator()
      const gain = audio!.createGain()
      oscillator.frequency.value = frequency
      gain.gain.value = 0.2
      oscillator.connect(gain).connect(audio!.destination)
      const start = audio!.currentTime + i * 0.18
      oscillator.start(start)
      oscillator.stop(start + 0.15)
    })
    navigator.vibrate?.(kind === 'new-order' ? [200, 100, 200] : 120)
  } catch {
    // No audio (or no user gesture yet): the screen still shows it.
  }
}
