/**
 * The cart's rules (pure): lines per product, quantities 1–99, at most 20 products (what one order takes), one
 * station at a time — goods are picked up where they are in stock, so choosing another station starts a new cart.
 */
export interface CartLine {
  productId: number
  quantity: number
}

export interface Cart {
  stationId: number | null
  lines: CartLine[]
}

export const EMPTY_CART: Cart = { stationId: null, lines: [] }
export const MAX_LINES = 20
export const MAX_QUANTITY = 99

export function addToCart(cart: Cart, stationId: number, productId: number, quantity: number): Cart {
  const base = cart.stationId === stationId ? cart : { stationId, lines: [] }
  const existing = base.lines.find((l) => l.productId === productId)
  if (!existing && base.lines.length >= MAX_LINES) return base
  const lines = existing ? base.lines.map((l) => (l.productId === productId ? { ...l, quantity: Math.min(MAX_QUANTITY, l.quantity + quantity) } : l)) : [...base.lines, { productId, quantity: Math.min(MAX_QUANTITY, quantity) }]
  return { stationId, lines }
}

export function setQuantity(cart: Cart, productId: number, quantity: number): Cart {
  const lines = quantity <= 0 ? cart.lines.filter((l) => l.productId !== productId) : cart.lines.map((l) => (l.productId === productId ? { ...l, quantity: Math.min(MAX_QUANTITY, quantity) } : l))
  return { stationId: lines.length ? cart.stationId : null, lines }
}

/** After an order: what it bought leaves the cart. */
export function withoutBought(cart: Cart, bought: CartLine[]): Cart {
  const lines = cart.lines.filter((l) => !bought.some((b) => b.productId === l.productId))
  return { stationId: lines.length ? cart.stationId : null, lines }
}

export const cartCount = (cart: Cart) => cart.lines.reduce((sum, l) => sum + l.quantity, 0)
