/** What the WeChat and Alipay mini-programs share: positions in GCJ-02 and the platform's own map for navigation. */
import Taro from '@tarojs/taro'

import type { Position } from './platform'

export async function locate(): Promise<Position | null> {
  try {
    const { latitude, longitude } = await Taro.getLocation({ type: 'gcj02' })
    // Alipay answers with strings.
    const position: Position = { lat: Number(latitude), lng: Number(longitude), coordType: 'gcj02' }
    return Number.isFinite(position.lat) && Number.isFinite(position.lng) ? position : null
  } catch {
    return null
  }
}

export function navigateTo(place: { lat: number; lng: number; name: string; address: string }): void {
  void Taro.openLocation({ latitude: place.lat, longitude: place.lng, name: place.name, address: place.address, scale: 16 })
}

/** The camera scanner: a QR or bar code's text, or null when the user closed it. */
export async function scanCode(): Promise<string | null> {
  try {
    const { result } = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode', 'barCode'] })
    return result || null
  } catch {
    return null
  }
}

export async function saveTextFile(_name: string, text: string): Promise<'copied'> {
  await Taro.setClipboardData({ data: text })
  return 'copied'
}

/** The tones the H5 build plays with WebAudio, as files (scripts/signal-sounds.mjs writes them; copied by config/index.ts). */
const SOUNDS = { 'new-order': '/assets/sounds/new-order.wav', done: '/assets/sounds/done.wav', refused: '/assets/sounds/refused.wav' }
let player: Taro.InnerAudioContext | undefined

/** A sound and the phone's vibration: long for a new order, short for a result. */
export function signal(kind: 'new-order' | 'done' | 'refused'): void {
  void (kind === 'new-order' ? Taro.vibrateLong() : Taro.vibrateShort({ type: 'heavy' })).catch(() => undefined)
  try {
    player ??= Taro.createInnerAudioContext()
    player.stop()
    player.src = SOUNDS[kind]
    player.play()
  } catch {
    // No audio (the phone's media volume is the attendant's): the screen and the vibration still tell.
  }
}
