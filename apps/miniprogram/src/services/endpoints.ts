/** The live price channel's URL: next to the API (API_BASE), or the page's own origin on H5 when it is ''. */
export function livePricesUrl(): string {
  if (API_BASE) return `${API_BASE.replace(/^http/, 'ws').replace(/\/+$/, '')}/ws/prices`
  const { protocol, host } = window.location
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/ws/prices`
}
