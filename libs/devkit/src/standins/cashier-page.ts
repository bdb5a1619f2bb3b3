/**
 * The payer's side on a phone, for H5 in development: one page per provider stand-in with 确认支付 / 取消 /
 * 模拟支付失败, each posted to `<this page's path>/<order id>/<action>` (relative, so it works behind a proxy), then back to `returnTo` (a path on the same origin only:
 * the cashier must not be an open redirect).
 */
import type { ServerResponse } from 'node:http';

export interface CashierOrder {
  provider: string;
  description: string;
  amountFen: number;
  /** What the payer sees as the state ('待支付' while it can still be paid). */
  state: string;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const yuan = (fen: number) => `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

export function cashierPage(res: ServerResponse, order: CashierOrder | undefined, orderId: string, returnTo: string | null): void {
  const back = returnTo && /^\/(?!\/)/.test(returnTo) ? returnTo : null;
  res.writeHead(order ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(order?.provider ?? '收银台')}（模拟收银台）</title></head>
<body style="font-family:sans-serif;max-width:420px;margin:0 auto;padding:24px;text-align:center">
<p style="color:#fa8c16">开发环境模拟收银台，不会产生真实扣款</p>
${order ? `<h2>${escape(order.description)}</h2><p style="font-size:32px;font-weight:700">${yuan(order.amountFen)}</p>
<p id="state">${escape(order.state)}</p>
${['pay:确认支付', 'cancel:取消', 'fail:模拟支付失败'].map((a) => `<button data-action="${a.split(':')[0]}" style="display:block;width:100%;margin:12px 0;padding:12px;font-size:18px">${a.split(':')[1]}</button>`).join('')}
<script>const back=${JSON.stringify(back)};document.querySelectorAll('button').forEach(b=>b.onclick=async()=>{const r=await fetch(location.pathname+'/'+${JSON.stringify(encodeURIComponent(orderId))}+'/'+b.dataset.action,{method:'POST'});document.getElementById('state').textContent=(await r.json()).message;if(back)setTimeout(()=>location.href=back,600)})</script>` : '<p>支付单不存在</p>'}
</body></html>`);
}
