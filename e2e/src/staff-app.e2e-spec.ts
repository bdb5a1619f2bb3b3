/**
 * The staff entry as staff use it: the H5 build in headless Chromium, one phone per person (a driver, an
 * attendant, the station's manager, the region's admin), against the real services. The driver buys a product
 * for pickup in the app; the attendant signs in with the SMS code the stand-in received and redeems the driver's
 * code; the manager sees the stock go down and adjusts it with a reason; the regional admin sees the order in the
 * region's dashboard, creates an account and reads the audit log. Every screen's text is checked as the driver's
 * are, and screenshots are saved for the README (staff-*.png).
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createConnection } from 'mysql2/promise';
import { chromium, type Browser, type Page } from 'playwright-core';
import { memberContracts, moneyText, type Order } from '@fuel/shared';
import { accessibilityProblems, assertReadable, cameraArgs, CHROMIUM_ARGS, SCREENSHOTS, startH5, tapButton, writeQrVideo } from './browser.js';
import { itLeavesEverythingConsistent, Platform, waitFor } from './platform.js';

const PRODUCT = 1; // 燃油宝, sold at station 1
const CAMERA = join(tmpdir(), `fuel-staff-app-camera-${process.pid}.y4m`);
/** The tier names the attendant reads (the app's labels, written again here). */
const TIER_NAMES: Record<string, string> = { normal: '普通会员', silver: '白银会员', gold: '黄金会员', diamond: '钻石会员' };

describe('staff entry (H5 in Chromium): redemption, stock, dashboard', () => {
  let platform: Platform;
  let h5: { server: Server; url: string };
  let browser: Browser;
  const phones: Record<'driver' | 'attendant' | 'manager' | 'admin', Page> = {} as never;
  let pickup: { orderNo: string; code: string; payableFen: number };
  let sellableBefore = 0;
  let driverAuth: Record<string, string>;
  let driverId: number;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    platform = await Platform.start();
    h5 = await startH5(platform.gatewayPort, platform.wechatPayPort);
    // The attendant's phone camera films what the test writes into CAMERA (a QR code), for 扫一扫.
    writeQrVideo(CAMERA, '000000');
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...cameraArgs(CAMERA)] });
    for (const who of ['driver', 'attendant', 'manager', 'admin'] as const) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', geolocation: { latitude: 30.6405, longitude: 104.0965 }, permissions: ['geolocation', 'camera'] });
      phones[who] = await context.newPage();
    }
  });

  after(async () => {
    await browser?.close();
    rmSync(CAMERA, { force: true });
    h5?.server.close();
    await platform?.close();
  });

  async function screen(page: Page, name: string): Promise<string> {
    await page.waitForTimeout(500); // the H5 router's page slide
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
    const text = await page.innerText('body');
    assertReadable(text, name);
    // axe-core's serious and critical violations and tap targets under 44 px, on every screen the suite looks at.
    assert.deepEqual(await accessibilityProblems(page), [], `${name}: accessibility`);
    return text;
  }
  const open = (page: Page, route: string) => page.goto(`${h5.url}#/${route}`);
  const tap = (page: Page, text: string | RegExp) => tapButton(page, text);

  /** 我的 → 员工入口 → password → the SMS code the stand-in delivered → the staff home. */
  async function staffSignIn(page: Page, username: string, phone: string, shot?: string): Promise<void> {
    await open(page, 'pages/me/index');
    await page.locator('.nut-cell', { hasText: '员工入口' }).click();
    await page.getByText('加油员 · 站长 · 区域管理员').waitFor({ timeout: 10_000 });
    const inputs = page.locator('.staff-login__input input');
    await inputs.nth(0).fill(username);
    await inputs.nth(1).fill('Fuel@2026');
    if (shot) await screen(page, `${shot}-a`);
    const before = (await platform.smsTo(phone)).length;
    await tap(page, '获取短信验证码');
    await page
      .getByText(`验证码已发送至 ${phone.slice(0, 3)}****${phone.slice(7)}`)
      .waitFor({ timeout: 10_000 })
      .catch(async (error: Error) => {
        // Say what the screen said instead (a refusal, a service error), not only that the words never came.
        throw new Error(`${error.message}\nthe sign-in screen read: ${await page.locator('.staff-login').innerText().catch(() => '(gone)')}`);
      });
    await waitFor(async () => (await platform.smsTo(phone)).length > before, 5_000, 'the SMS code');
    const code = (await platform.smsTo(phone)).at(-1)!.params.code!;
    await page.locator('.staff-login__input input').first().fill(code);
    if (shot) await screen(page, `${shot}-b`);
    await tap(page, /^登录$/);
    await page.locator('.staff-home__name').waitFor({ timeout: 10_000 });
  }

  /** A 满500减50 birthday coupon for the driver, valid for 30 days from the platform's now. */
  async function giveBirthdayCoupon(issueKey: string): Promise<void> {
    const db = await createConnection(platform.databases.user.url);
    try {
      await db.query(
        "INSERT INTO coupons (member_id, template_id, status, valid_from, valid_until, issue_key) SELECT ?, id, 'available', ? - INTERVAL 1 MINUTE, ? + INTERVAL 30 DAY, ? FROM coupon_templates WHERE code = 'BIRTHDAY_500_50'",
        [driverId, platform.now, platform.now, issueKey],
      );
    } finally {
      await db.end();
    }
  }

  async function sellable(page: Page): Promise<number> {
    const card = page.locator(`.inventory__card[data-product="${PRODUCT}"]`);
    await card.waitFor({ timeout: 10_000 });
    return Number(/可售 (\d+)/.exec(await card.innerText())![1]);
  }

  it('the manager opens 库存管理 and reads what is for sale', async () => {
    const page = phones.manager;
    await staffSignIn(page, 'manager.cd-jj-01', '13800000002');
    const home = await screen(page, 'staff-02-manager-home');
    assert.match(home, /站长/);
    for (const entry of ['核销与加油', '库存管理', '本站统计', '操作日志']) assert.ok(home.includes(entry), entry);
    assert.ok(!home.includes('区域看板') && !home.includes('员工管理'), 'no region screens for a manager');
    await page.locator('.nut-cell', { hasText: '库存管理' }).click();
    sellableBefore = await sellable(page);
    assert.ok(sellableBefore > 0);
    const text = await screen(page, 'staff-05-inventory');
    assert.match(text, /共 \d+ 种商品/);
    assert.match(text, /在架 \d+/);
  });

  it('a driver buys a product for pickup in the app and gets a 6-digit code', async () => {
    const page = phones.driver;
    const member = await platform.memberSession('dev-staffapp');
    driverAuth = { authorization: `Bearer ${member.accessToken}` };
    driverId = member.user.id;
    await platform.rpc('user', memberContracts.credit.pattern, { memberId: member.user.id, amountFen: 100_000, kind: 'recharge', idempotencyKey: 'e2e-staff-app-1' }, { kind: 'system', id: 'payment' });
    await open(page, 'pages/me/index');
    await tap(page, '立即登录');
    await page.locator('.login__dev input').first().fill('staffapp');
    await page.locator('.login__agree').click();
    await tap(page, '开发环境登录');
    await page.locator('.me__tier').waitFor({ timeout: 10_000 });
    await open(page, `package-mall/product/index?id=${PRODUCT}&stationId=1`);
    await page.locator('.product__name', { hasText: '燃油宝' }).waitFor({ timeout: 10_000 });
    await tap(page, '立即购买（到站自提）');
    await page.locator('.checkout__payable').waitFor({ timeout: 10_000 });
    await tap(page, '确认支付');
    await page.waitForURL(/package-order\/detail\/index\?orderNo=M/, { timeout: 15_000 });
    const code = page.locator('.order__pickup-code');
    await code.waitFor({ timeout: 15_000 });
    const orderNo = new URL(page.url().replace('#/', '')).searchParams.get('orderNo')!;
    const order = (await (await platform.request('GET', `/api/v1/orders/${orderNo}`, { headers: driverAuth })).json()) as Order;
    pickup = { orderNo, code: (await code.innerText()).replace(/\s/g, ''), payableFen: order.payableFen };
    assert.match(pickup.code, /^\d{6}$/);
  });

  it('an attendant signs in with the SMS code and redeems the driver’s pickup code after checking the preview', async () => {
    const page = phones.attendant;
    await staffSignIn(page, 'attendant.cd-jj-01', '13800000003', 'staff-01-sign-in');
    const home = await screen(page, 'staff-03-attendant-home');
    assert.match(home, /加油员/);
    assert.ok(home.includes('核销与加油') && home.includes('本站订单') && !home.includes('库存管理'), 'an attendant sees redemption and the station’s orders only');
    await page.locator('.nut-cell', { hasText: '核销与加油' }).click();
    await page.locator('.redeem__board-title').waitFor({ timeout: 10_000 });
    // The staff channel is served (Redis shared): the board follows announcements, not the 5-second poll.
    await page.locator('.redeem__live--on', { hasText: '实时推送' }).waitFor({ timeout: 10_000 });
    await page.locator('.redeem__input input').fill(pickup.code);
    await tap(page, '查询');
    const preview = page.locator('.redeem__preview');
    await preview.waitFor({ timeout: 10_000 });
    const shown = await screen(page, 'staff-04-redeem-preview');
    assert.match(shown, /商城自提/);
    assert.ok(shown.includes(pickup.orderNo), 'the order number');
    assert.match(shown, /燃油宝.* × 1/);
    assert.ok(shown.includes(moneyText(pickup.payableFen)), 'what the driver paid');
    await tap(page, '确认交付商品');
    await page.locator('.redeem__done').waitFor({ timeout: 10_000 });
    const done = await screen(page, 'staff-04b-redeemed');
    assert.ok(done.includes(`商品已交付：${pickup.orderNo}`), 'the result says what was done');
    // The same code again: refused, in words.
    await page.locator('.redeem__input input').fill(pickup.code);
    await tap(page, '查询');
    await page.locator('.redeem__error', { hasText: '取货码无效或已使用' }).waitFor({ timeout: 10_000 });
  });

  it('the driver shows a birthday coupon’s QR at the counter and the attendant uses it on a 600 CNY purchase', async () => {
    await giveBirthdayCoupon('birthday:e2e-app');
    const driver = phones.driver;
    await open(driver, 'package-member/coupons/index');
    await driver.locator('.ticket', { hasText: '生日月礼券' }).waitFor({ timeout: 10_000 });
    await driver.locator('.ticket', { hasText: '生日月礼券' }).locator('taro-button-core', { hasText: '到店使用' }).click();
    const shown = driver.locator('.ticket__code-text');
    await shown.waitFor({ timeout: 10_000 });
    const code = await shown.innerText();
    assert.match(code, /^C\d{8}$/);
    assert.equal(await driver.locator('.ticket__code .qr-code').getAttribute('data-qr'), code, 'the QR carries the code');
    await screen(driver, 'staff-13-member-store-coupon');

    const page = phones.attendant;
    await page.locator('.redeem__input input').fill(code);
    await tap(page, '查询');
    await page.locator('.redeem__preview', { hasText: '到店优惠券' }).waitFor({ timeout: 10_000 });
    await page.locator('.redeem__amount-input input').fill('600');
    const preview = await screen(page, 'staff-14-redeem-coupon');
    assert.match(preview, /生日月礼券 满500减50/);
    await tap(page, '确认使用优惠券');
    await page.locator('.redeem__done', { hasText: '已核销优惠券「生日月礼券 满500减50」：消费 ¥600，优惠 ¥50，应收 ¥550' }).waitFor({ timeout: 10_000 });
    // The driver's screen follows by itself: the code closes and the coupon is under 已使用.
    await waitFor(async () => (await driver.locator('.ticket__code').count()) === 0, 15_000, 'the shown code to close once used');
    await driver.locator('.nut-tabs-titles-item', { hasText: '已使用' }).first().click();
    await driver.locator('.ticket--used', { hasText: '生日月礼券' }).waitFor({ timeout: 10_000 });
  });

  it('the driver shows the 会员码 and the attendant identifies the member: tier, shop price, coupons and points', async () => {
    await giveBirthdayCoupon('birthday:e2e-member-code');
    const driver = phones.driver;
    await open(driver, 'pages/me/index');
    await driver.locator('.me__code').click();
    const digits = driver.locator('.member-code__digits');
    await digits.waitFor({ timeout: 10_000 });
    const code = (await digits.innerText()).replace(/\s+/g, '');
    assert.match(code, new RegExp(`^M\\d{6}${driverId}$`));
    assert.equal(await driver.locator('.member-code .qr-code').getAttribute('data-qr'), code, 'the QR carries the code');
    await screen(driver, 'staff-16-member-code');

    // 扫一扫: the attendant's camera reads the driver's screen (the test's camera films the code's QR).
    const page = phones.attendant;
    writeQrVideo(CAMERA, code);
    await tap(page, '扫一扫');
    await page.locator('.redeem__member').waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('.camera-scan').count(), 0, 'the camera closed once it read the code');
    assert.equal(await page.locator('.redeem__input input').inputValue(), code);
    const shown = await screen(page, 'staff-17-member-identified');
    const profile = (await (await platform.request('GET', '/api/v1/me', { headers: driverAuth })).json()) as { tier: string; points: number };
    assert.match(shown, new RegExp(`${TIER_NAMES[profile.tier]}`));
    assert.match(shown, new RegExp(`积分 ${profile.points}`));
    assert.match(shown, /到店可用优惠券 \d+ 张/);
    assert.match(shown, /生日月礼券 满500减50 · 至 \d{4}-\d{2}-\d{2}/);
    assert.match(shown, /商城会员价 (95|92|88) 折/);
    // A code made up from the member's id is refused in words, and counts as a miss.
    await page.locator('.redeem__input input').fill(`M000000${driverId}`);
    await tap(page, '查询');
    // Refused over the whole screen, in red, in words (and in the line under the input once it closes).
    await page.locator('.redeem__result--refused', { hasText: '会员码无效或已过期' }).waitFor({ timeout: 10_000 });
    await screen(page, 'staff-17b-refused-result');
    // It closes by itself after 4 s (the screen check above may outlast it on a loaded machine, so no tap here).
    await page.locator('.redeem__result--refused').waitFor({ state: 'hidden', timeout: 10_000 });
    await page.locator('.redeem__error', { hasText: '会员码无效或已过期' }).waitFor({ timeout: 5_000 });
    // Only the counter identifies members: a member asking is refused, and no one gets a code without signing in.
    const asMember = await platform.request('POST', '/api/v1/staff/stations/1/redemptions/preview', { json: { code }, headers: driverAuth });
    assert.equal(asMember.status, 403);
    await assert.rejects(platform.rpc('user', memberContracts.identifyByCode.pattern, { code }, { kind: 'member', id: String(driverId) }), { code: 'FORBIDDEN' });
    assert.equal((await platform.request('GET', '/api/v1/me/member-code')).status, 401);
  });

  it('a fuel order paid by the driver appears on the pump board by itself and is marked fuelled there', async () => {
    const page = phones.attendant;
    const auth = driverAuth;
    const station = (await (await platform.request('GET', '/api/v1/stations/1')).json()) as { pumps: Array<{ number: number; nozzles: Array<{ grade: string }> }> };
    const pump = station.pumps[1]!;
    const placed = (await (await platform.request('POST', '/api/v1/orders/fuel', { json: { stationId: 1, pumpNumber: pump.number, grade: pump.nozzles[0]!.grade, amountFen: 20_000, couponIds: [] }, headers: auth })).json()) as Order;
    await platform.request('POST', `/api/v1/payments/intents/${placed.intentNo}/attempts`, { json: { method: 'wallet' }, headers: auth });
    const row = page.locator(`.redeem__pump-order[data-order="${placed.orderNo}"]`);
    // Announced over the staff channel: well before the slow poll (30 s while live) would fetch it.
    await row.waitFor({ timeout: 8_000 });
    // Called out as new (with sound and vibration on the phone): its pump's tile is marked, the row says 新订单.
    await row.locator('.redeem__new', { hasText: '新订单' }).waitFor({ timeout: 5_000 });
    const board = await screen(page, 'staff-06-pump-board');
    assert.ok(board.includes(`${pump.number} 号枪`));
    assert.ok((await row.locator('.redeem__pump-amount').innerText()).startsWith('¥'), 'the paid amount on the tile');
    const fuelled = await row.locator('.redeem__fuelled').boundingBox();
    assert.ok(fuelled && fuelled.height >= 48, `加油完成 is at least 48 px tall: ${JSON.stringify(fuelled)}`);
    await row.locator('taro-button-core', { hasText: '加油完成' }).click();
    // The outcome over the whole screen, in green, with what was done.
    await page.locator('.redeem__result--ok .redeem__done', { hasText: placed.orderNo }).waitFor({ timeout: 10_000 });
    await screen(page, 'staff-06b-fuelled-result');
    await waitFor(async () => (await row.count()) === 0, 10_000, 'off the board once fuelled');
  });

  it('the manager sees the stock gone down by the sold unit, adjusts it with a reason, and reads the station’s figures', async () => {
    const page = phones.manager;
    await page.reload();
    await waitFor(async () => (await sellable(page)) === sellableBefore - 1, 10_000, 'the sold unit gone from what is for sale');
    await page.locator(`.inventory__card[data-product="${PRODUCT}"] .inventory__top`).click();
    await page.locator('.inventory__reason', { hasText: '到货入库' }).click();
    await page.locator('.inventory__adjust .nut-inputnumber input').fill('5');
    await page.locator('.inventory__adjust .nut-inputnumber input').blur();
    await screen(page, 'staff-05b-adjust');
    await tap(page, '确认调整');
    await waitFor(async () => (await sellable(page)) === sellableBefore + 4, 10_000, 'the adjustment applied');
    await open(page, 'package-staff/stats/index');
    await page.locator('.bar-chart__canvas').first().waitFor({ timeout: 10_000 });
    const stats = await screen(page, 'staff-07-station-stats');
    assert.match(stats, /销售额/);
    assert.match(stats, /核销\s*\n?\s*[1-9]\d* 笔/);
    // The period before beside the current one, for the figures to mean something.
    assert.equal(await page.locator('.station-stats__kpi-previous').count(), 2);
    assert.match(await page.locator('.station-stats__kpi-previous').first().innerText(), /^\d+月\d+日 ¥\d/);
    const today = page.locator('.figures__row').nth(1);
    assert.match(await today.innerText(), /[1-9]\d* 单/);
    // The chart is drawn: the canvas has coloured pixels.
    const painted = await page.locator('.bar-chart__canvas').first().evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let coloured = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && (data[i]! !== data[i + 1]! || data[i + 1]! !== data[i + 2]!)) coloured++;
      return coloured;
    });
    assert.ok(painted > 500, `bars drawn (${painted} coloured pixels)`);
  });

  it('the manager gives the money back for a paid fuel order from 本站订单', async () => {
    const station = (await (await platform.request('GET', '/api/v1/stations/1')).json()) as { pumps: Array<{ number: number; nozzles: Array<{ grade: string }> }> };
    const pump = station.pumps[0]!;
    const placed = (await (await platform.request('POST', '/api/v1/orders/fuel', { json: { stationId: 1, pumpNumber: pump.number, grade: pump.nozzles[0]!.grade, amountFen: 15_000, couponIds: [] }, headers: driverAuth })).json()) as Order;
    await platform.request('POST', `/api/v1/payments/intents/${placed.intentNo}/attempts`, { json: { method: 'wallet' }, headers: driverAuth });
    await waitFor(async () => ((await (await platform.request('GET', `/api/v1/orders/${placed.orderNo}`, { headers: driverAuth })).json()) as Order).status === 'paid', 10_000, 'paid');
    const page = phones.manager;
    await open(page, 'package-staff/orders/index');
    await page.locator('.nut-tabs-titles-item', { hasText: '加油订单' }).first().click();
    const card = page.locator(`.station-orders__card[data-order="${placed.orderNo}"]`);
    await card.waitFor({ timeout: 10_000 });
    await screen(page, 'staff-15-station-orders');
    await card.locator('taro-button-core', { hasText: '退款' }).click();
    await page.getByText('实付金额将原路退回').waitFor({ timeout: 5_000 });
    await page.getByText('确定', { exact: true }).click();
    await waitFor(async () => ((await (await platform.request('GET', `/api/v1/orders/${placed.orderNo}`, { headers: driverAuth })).json()) as Order).status === 'refunded', 15_000, 'refunded');
    await page.locator('.nut-tabs-titles-item', { hasText: '退款' }).first().click();
    await page.locator(`.station-orders__card[data-order="${placed.orderNo}"]`, { hasText: /退款/ }).waitFor({ timeout: 10_000 });
  });

  it('the regional admin sees the order in the region’s dashboard, creates an account and reads the audit log', async () => {
    const page = phones.admin;
    await staffSignIn(page, 'admin.jj', '13800000001');
    const home = await screen(page, 'staff-08-admin-home');
    for (const entry of ['区域看板', '员工管理', '操作日志']) assert.ok(home.includes(entry), entry);
    assert.match(home, /区域管理员 · 锦江区/, 'the region by its name, not its code');
    await page.locator('.nut-cell', { hasText: '区域看板' }).click();
    const station = page.locator('.dashboard__station[data-station="1"]');
    await station.waitFor({ timeout: 10_000 });
    const row = await station.innerText();
    assert.match(row, /商城 [1-9]\d* 单/);
    assert.ok(row.includes(moneyText(pickup.payableFen)) || /商城 [2-9]/.test(row), 'the driver’s order in station 1’s sales');
    // The stations ranked by the latest period's sales: 1, 2, 3… and amounts that never go up.
    const ranks = await page.locator('.dashboard__rank').allInnerTexts();
    assert.ok(ranks.length > 1);
    assert.deepEqual(ranks, ranks.map((_, i) => String(i + 1)));
    const sales = (await page.locator('.dashboard__station-sales').allInnerTexts()).map((text) => Number(text.replace(/[¥,]/g, '')));
    assert.ok(sales.every((amount, i) => i === 0 || amount <= sales[i - 1]!), sales.join(' '));
    assert.equal(await page.locator('.dashboard__station').first().getAttribute('data-station'), '1', 'the station with the driver’s order first');
    await screen(page, 'staff-09-dashboard');
    // 导出 CSV: a download on H5.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), tap(page, '导出 CSV')]);
    assert.equal(download.suggestedFilename(), '区域看板-day.csv');
    const csv = (await import('node:fs')).readFileSync((await download.path())!, 'utf8');
    assert.match(csv, /^\uFEFF时间,加油站,商城订单/);
    assert.ok(csv.includes('道达尔成都东大街加油站'));
    // From the dashboard, a station's stock, read-only.
    await station.locator('.dashboard__link', { hasText: '库存' }).click();
    await page.locator(`.inventory__card[data-product="${PRODUCT}"]`).waitFor({ timeout: 10_000 });
    const stock = await screen(page, 'staff-09b-admin-station-stock');
    assert.ok(!stock.includes('点击调整库存'), 'read-only for a regional admin');
    await page.locator(`.inventory__card[data-product="${PRODUCT}"] .inventory__top`).click();
    assert.equal(await page.locator('.inventory__adjust').count(), 0);

    await open(page, 'package-staff/accounts/index');
    await page.locator('.accounts__card[data-username="attendant.cd-jj-01"]').waitFor({ timeout: 10_000 });
    await screen(page, 'staff-10-accounts');
    await tap(page, '新建员工');
    const inputs = page.locator('.accounts__form input');
    await inputs.nth(0).fill('attendant3.cd-jj-01');
    await inputs.nth(1).fill('王小明');
    await inputs.nth(2).fill('13900000003');
    await page.locator('.accounts__form .accounts__chip', { hasText: '加油员' }).click();
    await page.locator('.accounts__form .accounts__chip').filter({ hasText: '东大街' }).first().click();
    await tap(page, '创建账号');
    await page.locator('.accounts__otp-value').waitFor({ timeout: 10_000 });
    const otp = (await page.locator('.accounts__otp-value').innerText()).replace(/\s/g, '');
    assert.match(otp, /^[A-HJ-NP-Za-km-z2-9@#%+=?]{12}$/, 'no look-alike characters (0 O o 1 l I)');
    // 复制密码 puts it on the clipboard, for the admin to pass on.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await tap(page, '复制密码');
    await page.getByText('已复制').waitFor({ timeout: 5_000 });
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), otp);
    await screen(page, 'staff-11-one-time-password');

    await open(page, 'package-staff/audit/index');
    await page.locator('.audit__card').first().waitFor({ timeout: 10_000 });
    const audit = await screen(page, 'staff-12-audit-log');
    assert.match(audit, /确认核销/);
    assert.match(audit, /新建员工/);
    assert.match(audit, /attendant\.cd-jj-01/);
    // In words, with names: no "station:1", "product:1", "delta:5" keys on the screen.
    assert.doesNotMatch(audit, /\b(station|product|delta|reason|staff|username):/);
    assert.match(audit, /道达尔成都东大街加油站/);
    assert.match(audit, /账号 attendant3\.cd-jj-01/);
    // Filtered by action, by who and by day: only those records come back, from the server.
    await page.locator('.audit__chip[data-action="staff.create"]').click();
    await waitFor(async () => (await page.locator('.audit__action').allInnerTexts()).every((a) => a === '新建员工'), 10_000, 'only 新建员工');
    await page.locator('.audit__chip[data-action="all"]').click();
    await page.locator('.audit__who-input input').fill('attendant.cd-jj-01');
    await page.locator('.audit__who-input input').press('Enter');
    await waitFor(async () => {
      const who = await page.locator('.audit__who').allInnerTexts();
      return who.length > 0 && who.every((w) => w.startsWith('attendant.cd-jj-01'));
    }, 10_000, 'only the attendant’s records');
    await screen(page, 'staff-12b-audit-filtered');
  });

  it('signing out ends the session: the workbench asks for sign-in again', async () => {
    const page = phones.attendant;
    await open(page, 'package-staff/home/index');
    await tap(page, '退出登录');
    await page.getByText('加油员 · 站长 · 区域管理员').waitFor({ timeout: 10_000 });
    await open(page, 'package-staff/redeem/index');
    await page.getByText('登录已超时或已退出，请重新登录').waitFor({ timeout: 10_000 });
  });

  itLeavesEverythingConsistent(() => platform);

});
