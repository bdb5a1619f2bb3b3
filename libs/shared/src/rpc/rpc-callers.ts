/**
 * Who may call what: every RPC pattern names the processes that call it, and a service refuses (and logs) a call
 * from anyone else, whatever actor the envelope carries. An empty list: no process calls it (the tests do, as the
 * harness, outside production). README "Who may call what" is generated from this table
 * (`node scripts/rpc-callers.mjs`), and a test keeps the two equal and checks that every contract is listed.
 */
import type { ServiceName } from '../discovery/registry.js';

export type RpcPrincipal = 'gateway' | ServiceName;

export const RPC_CALLERS: Readonly<Record<string, readonly RpcPrincipal[]>> = {
  // map service
  'map.admin.stations.create': ['gateway'],
  'map.admin.stations.update': ['gateway'],
  'map.live.catch-up': ['gateway'],
  'map.live.resolve': ['gateway'],
  'map.prices.backoffice-change': ['gateway'],
  'map.regions.list': ['gateway'],
  'map.stations.get': ['gateway', 'order', 'user'],
  'map.stations.list': ['gateway', 'order'],
  'map.stations.nearby': ['gateway'],
  'map.stations.summaries': ['gateway', 'order'],
  // order service
  'order.express.ship': ['gateway'],
  'order.fuel.place': ['gateway'],
  'order.fuel.pump-board': ['gateway'],
  'order.fuel.quote': ['gateway'],
  'order.inventory.adjust': ['gateway'],
  'order.inventory.levels': ['gateway'],
  'order.inventory.sync': ['gateway'],
  'order.logistics.push': ['gateway'],
  'order.mall.place': ['gateway'],
  'order.mall.quote': ['gateway'],
  'order.orders.cancel': ['gateway'],
  'order.orders.get': ['gateway'],
  'order.orders.list': ['gateway'],
  'order.orders.refund-by-station': ['gateway'],
  'order.orders.request-refund': ['gateway'],
  'order.orders.station-list': ['gateway'],
  'order.payments.paid': ['payment'],
  'order.payments.refunded': ['payment'],
  'order.pickup.redeem': [],
  'order.products.availability': ['gateway'],
  'order.products.catalogue': ['gateway'],
  'order.products.hot': ['gateway'],
  'order.products.list': [],
  'order.redemption.confirm': ['gateway'],
  'order.redemption.preview': ['gateway'],
  'order.stats.region': ['gateway'],
  'order.stats.station': ['gateway'],
  // payment service
  'payment.intents.close': ['order'],
  'payment.intents.create-for-payable': ['order'],
  'payment.intents.create-recharge': ['gateway'],
  'payment.intents.get': ['gateway'],
  'payment.intents.start-attempt': ['gateway'],
  'payment.notifications.alipay': ['gateway'],
  'payment.notifications.wechat': ['gateway'],
  'payment.refunds.create': ['order'],
  // user service
  'user.addresses.create': ['gateway'],
  'user.addresses.for-order': ['order'],
  'user.addresses.list': ['gateway'],
  'user.addresses.remove': ['gateway'],
  'user.audit.list': ['gateway'],
  'user.audit.record': ['gateway'],
  'user.coupons.best': ['gateway', 'order'],
  'user.coupons.card-pack': ['gateway'],
  'user.coupons.claim-member-day': ['gateway'],
  'user.coupons.consume': ['payment'],
  'user.coupons.lock': ['order'],
  'user.coupons.quote': ['order'],
  'user.coupons.release': ['order', 'payment'],
  'user.coupons.store-code': ['gateway'],
  'user.coupons.store-preview': ['order'],
  'user.coupons.store-redeem': ['order'],
  'user.members.alipay-login': ['gateway'],
  'user.members.bind-phone': ['gateway'],
  'user.members.contact': ['order'],
  'user.members.identify-by-code': ['order'],
  'user.members.member-code': ['gateway'],
  'user.members.me': ['gateway'],
  'user.members.payer': ['payment'],
  'user.members.pricing': ['gateway', 'order'],
  'user.members.recharge-preview': ['gateway'],
  'user.members.refresh': ['gateway'],
  'user.members.update-profile': ['gateway'],
  'user.members.wechat-login': ['gateway'],
  'user.points.apply': ['payment'],
  'user.staff.accounts': ['gateway'],
  'user.staff.change-password': ['gateway'],
  'user.staff.create': ['gateway'],
  'user.staff.disable': ['gateway'],
  'user.staff.enable': ['gateway'],
  'user.staff.login': ['gateway'],
  'user.staff.logout': ['gateway'],
  'user.staff.move': ['gateway'],
  'user.staff.profile': ['gateway'],
  'user.staff.reset-password': ['gateway'],
  'user.staff.session': ['gateway'],
  'user.staff.verify': ['gateway'],
  'user.stats.members': ['order'],
  'user.wallet.credit': ['payment'],
  'user.wallet.debit': ['payment'],
  'user.wallet.entry-by-key': ['payment'],
  'user.wallet.get': ['gateway'],
  'user.wallet.records': ['gateway'],
};

/** The callers of a pattern, including every service's health check (the gateway's /health) and test clock. */
export function callersOf(pattern: string): readonly RpcPrincipal[] | undefined {
  if (/^[a-z]+\.health$/.test(pattern)) return ['gateway'];
  if (/^[a-z]+\.test-clock\.set$/.test(pattern)) return [];
  return RPC_CALLERS[pattern];
}

/** The table README "Who may call what" shows: patterns grouped by service and by the same callers. */
export function rpcCallersMarkdown(): string {
  const groups = new Map<string, string[]>();
  for (const [pattern, callers] of Object.entries(RPC_CALLERS)) {
    const key = `| ${pattern.split('.')[0]} | ${callers.length ? callers.join(', ') : 'nobody (tests only)'} |`;
    groups.set(key, [...(groups.get(key) ?? []), `\`${pattern}\``]);
  }
  const rows = [...groups].map(([key, patterns]) => `${key} ${patterns.join(', ')} |`);
  return ['| Service | Called by | Patterns |', '|---|---|---|', ...rows, '| every service | gateway | `<service>.health` |', '| every service | nobody (tests only) | `<service>.test-clock.set` |'].join('\n');
}
