/**
 * What differs per platform, behind one set of functions. Taro picks `platform.weapp.ts`, `platform.alipay.ts`
 * or `platform.h5.ts` at build time; this file is the contract (and what jest sees).
 */
import type { CoordType, MemberSession, PaymentStart } from '@fuel/shared/client'

import type { ProviderMethod } from '../domain/payment-methods'

export interface Position {
  lat: number
  lng: number
  coordType: CoordType
}

/** How this platform signs a member in. `needsName`: the H5 development sign-in asks for a test name. */
export interface SignInMethod {
  label: string
  needsName: boolean
  /** Shown under the button (e.g. that this is a development sign-in). */
  note: string | null
  available: boolean
}

export declare const signInMethod: SignInMethod
export declare function signIn(name?: string): Promise<MemberSession>
/** The device's position, or null when denied or unavailable (the caller falls back to the city centre). */
export declare function locate(): Promise<Position | null>
/** The payment provider of this platform: WeChat Pay in WeChat (and H5 in development), Alipay in Alipay. */
export declare const providerMethod: ProviderMethod | null
/**
 * Pays a started provider attempt the platform's way: requestPayment in WeChat, my.tradePay in Alipay ('paid' or
 * 'cancelled'); on H5 in development the WeChat Pay stand-in's cashier, which comes back to `returnPath`
 * ('redirected'). The server learns the outcome from the provider's notification either way.
 */
export declare function payAtProvider(start: PaymentStart, returnPath: string): Promise<'paid' | 'cancelled' | 'redirected'>
/** Opens the platform's map at a station, for directions; `coordType` says which system lat/lng are in (default GCJ-02). */
export declare function navigateTo(place: { lat: number; lng: number; name: string; address: string; coordType?: CoordType }): void
/** The camera code scanner (staff redemption): `Taro.scanCode`, on H5 the browser's camera; null where there is none. */
export declare const scanCode: (() => Promise<string | null>) | null
/**
 * Hands an exported file to the user: downloaded on H5; on WeChat and Alipay (no file downloads from a page) its
 * text is copied to the clipboard, to paste into a spreadsheet.
 */
export declare function saveTextFile(name: string, text: string): Promise<'downloaded' | 'copied'>

/** The attendant's console calls out: a new paid order (sound and a long vibration), a result (a short one). */
export declare function signal(kind: 'new-order' | 'done' | 'refused'): void
