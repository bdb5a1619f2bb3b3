/**
 * H5 扫一扫: the device's camera, full screen, until a QR code is read (jsQR decodes the frames) or the attendant
 * taps 取消 to type the code instead. Built here, not as a page: it answers the caller like `Taro.scanCode` does
 * in the mini-programs, so the console has one way to scan. Null when there is no camera or it was refused.
 */
import jsQR from 'jsqr'

const style = (element: HTMLElement, css: Partial<CSSStyleDeclaration>) => Object.assign(element.style, css)

export async function scanWithCamera(): Promise<string | null> {
  if (!navigator.mediaDevices?.getUserMedia) return null
  let stream: MediaStream
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false })
  } catch {
    return null
  }
  const overlay = document.createElement('div')
  overlay.className = 'camera-scan'
  overlay.setAttribute('role', 'dialog')
  overlay.setAttribute('aria-label', '扫一扫')
  style(overlay, { position: 'fixed', inset: '0', zIndex: '1000', background: '#000000', display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center' })
  const video = document.createElement('video')
  video.setAttribute('playsinline', '')
  video.muted = true
  video.srcObject = stream
  style(video, { width: '100%', maxHeight: '70vh', objectFit: 'cover' })
  const hint = document.createElement('div')
  hint.textContent = '将取货码、优惠券码或会员码放入画面中'
  style(hint, { color: '#ffffff', fontSize: '16px', margin: '16px' })
  const cancel = document.createElement('button')
  cancel.className = 'camera-scan__cancel'
  cancel.textContent = '取消，手动输入'
  style(cancel, { minHeight: '48px', minWidth: '200px', fontSize: '17px', borderRadius: '24px', border: 'none', background: '#ffffff', color: '#1f2329' })
  overlay.append(video, hint, cancel)
  document.body.append(overlay)

  const canvas = document.createElement('canvas')
  const context = canvas.getContext('2d', { willReadFrequently: true })
  return new Promise((resolve) => {
    let done = false
    const finish = (value: string | null) => {
      if (done) return
      done = true
      stream.getTracks().forEach((track) => track.stop())
      overlay.remove()
      resolve(value)
    }
    cancel.onclick = () => finish(null)
    // About 8 frames a second: enough to read a code at once, without keeping a phone's CPU busy.
    const look = () => {
      if (done) return
      if (context && video.readyState >= 2 && video.videoWidth > 0) {
        canvas.width = video.videoWidth
        canvas.height = video.videoHeight
        context.drawImage(video, 0, 0)
        const frame = context.getImageData(0, 0, canvas.width, canvas.height)
        const found = jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'dontInvert' })
        if (found?.data) return finish(found.data.trim())
      }
      setTimeout(look, 120)
    }
    void video.play().then(look, () => finish(null))
  })
}
