/** A gateway WebSocket's URL: next to the API (API_BASE), or the page's own origin on H5 when it is ''. */
function gatewaySocketUrl(path: string): string {
  if (API_BASE) return `${API_BASE.replace(/^http/, 'ws').replace(/\/+$/, '')}${path}`
  const { protocol, host } = window.location
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}${path}`
}

/** The live price channel. */
export function livePricesUrl(): string {
  return gatewaySocketUrl('/ws/prices')
}

/** The staff channel (the pump board's announcements). */
export function staffChannelUrl(): string {
  return gatewaySocketUrl('/ws/staff')
}
