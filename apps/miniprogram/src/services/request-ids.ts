/** Ids the client makes: a request id per HTTP call, an idempotency key per user action. */
function randomPart(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(Math.random() * alphabet.length)]
  return out
}

/** Matches the gateway's accepted x-request-id (`[A-Za-z0-9._-]{8,64}`). */
export function newRequestId(): string {
  return `mp-${Date.now().toString(36)}-${randomPart(8)}`
}

/** Matches the gateway's Idempotency-Key (`[A-Za-z0-9:_-]{8,80}`). */
export function newIdempotencyKey(): string {
  return `mp:${Date.now().toString(36)}:${randomPart(16)}`
}
