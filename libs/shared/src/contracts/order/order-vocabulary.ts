/** Orders' vocabulary as plain constants (no zod), shared with the browser-safe entry. */
export const ORDER_KINDS = ['fuel', 'mall'] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];
export const ORDER_STATUSES = ['pending_payment', 'paid', 'ready_for_pickup', 'picked_up', 'shipped', 'delivered', 'completed', 'cancelled', 'refund_requested', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
