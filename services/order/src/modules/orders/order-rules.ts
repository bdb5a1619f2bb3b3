/**
 * An order's states and the moves between them, as one table (pure). Mall orders go through pickup or express;
 * a fuel order is done when paid (the attendant's confirmation comes with the staff entry).
 *
 *   pending_payment ─► paid ─┬─► ready_for_pickup ─► picked_up ─► completed
 *         │                  ├─► shipped ─► delivered ─► completed
 *         │                  ├─► completed
 *         └─► cancelled      └─► refund_requested ─► refunded
 */
import type { OrderStatus } from '@fuel/shared';

export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending_payment: ['paid', 'cancelled'],
  paid: ['ready_for_pickup', 'shipped', 'completed', 'refund_requested'],
  ready_for_pickup: ['picked_up', 'refund_requested'],
  picked_up: ['completed'],
  shipped: ['delivered'],
  delivered: ['completed', 'refund_requested'],
  completed: [],
  cancelled: [],
  refund_requested: ['refunded'],
  refunded: [],
};

export const canMove = (from: OrderStatus, to: OrderStatus) => ORDER_TRANSITIONS[from].includes(to);

/** Order numbers: F (fuel) or M (mall) + yyyymmdd (Beijing) + 8 random characters. */
export function orderNumber(kind: 'fuel' | 'mall', shanghaiDate: string, random: string): string {
  return `${kind === 'fuel' ? 'F' : 'M'}${shanghaiDate.replaceAll('-', '')}${random}`;
}
