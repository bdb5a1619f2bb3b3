// Writes the attendant console's signal sounds for the mini-programs (src/assets/sounds/*.wav), the same tones the H5
// build plays with WebAudio (services/platform.h5.ts): two rising beeps for a new paid order, one high for a result
// that went through, one low for a refusal. 16 kHz mono 16-bit PCM, each tone 150 ms with 10 ms fades, 30 ms apart.
// Run again after changing a tone: node scripts/signal-sounds.mjs
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const RATE = 16_000
const TONES = { 'new-order': [660, 880], done: [880], refused: [220] }

function wav(frequencies) {
  const tone = Math.round(RATE * 0.15)
  const gap = Math.round(RATE * 0.03)
  const fade = Math.round(RATE * 0.01)
  const samples = frequencies.length * (tone + gap)
  const buffer = Buffer.alloc(44 + samples * 2)
  buffer.write('RIFF', 0)
  buffer.writeUInt32LE(36 + samples * 2, 4)
  buffer.write('WAVEfmt ', 8)
  buffer.writeUInt32LE(16, 16) // PCM header size
  buffer.writeUInt16LE(1, 20) // PCM
  buffer.writeUInt16LE(1, 22) // mono
  buffer.writeUInt32LE(RATE, 24)
  buffer.writeUInt32LE(RATE * 2, 28)
  buffer.writeUInt16LE(2, 32)
  buffer.writeUInt16LE(16, 34)
  buffer.write('data', 36)
  buffer.writeUInt32LE(samples * 2, 40)
  frequencies.forEach((frequency, t) => {
    for (let i = 0; i < tone; i++) {
      const envelope = Math.min(1, i / fade, (tone - i) / fade)
      const value = Math.round(Math.sin((2 * Math.PI * frequency * i) / RATE) * envelope * 0.5 * 32767)
      buffer.writeInt16LE(value, 44 + (t * (tone + gap) + i) * 2)
    }
  })
  return buffer
}

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'assets', 'sounds')
mkdirSync(out, { recursive: true })
for (const [name, frequencies] of Object.entries(TONES)) writeFileSync(join(out, `${name}.wav`), wav(frequencies))
