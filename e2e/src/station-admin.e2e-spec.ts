import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { NearbyResult, OneTimePassword, StaffAccount, StationDetail } from '@fuel/shared';
import { createConnection } from 'mysql2/promise';
import { itLeavesEverythingConsistent, Platform } from './platform.js';

const station = (code: string, extra: Record<string, unknown> = {}) => ({
  code,
  name: '中国石化成都天府五街加油站',
  brand: '中国石化',
  address: '四川省成都市高新区天府五街200号',
  phone: '028-85550000',
  openingHours: { allDay: true },
  services: ['toilet', 'air_pump'],
  pumps: [{ number: 1, nozzles: [{ nozzle: 1, grade: '92' }, { nozzle: 2, grade: '95' }], position: { x: 50, y: 50 } }],
  ...extra,
});

describe('station administration by regional admins', () => {
  let platform: Platform;
  let gxAdmin: string;
  let jjAdmin: string;
  let manager: string;

  before(async () => {
    platform = await Platform.start();
    gxAdmin = await platform.staffToken('admin.gx', '13800000011');
    jjAdmin = await platform.staffToken('admin.jj', '13800000001');
    manager = await platform.staffToken('manager.cd-gx-01', '13800000012');
  });

  after(async () => {
    await platform?.close();
  });

  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  it('creates a station in the admin’s region from WGS-84 coordinates, stored and searchable', async () => {
    const response = await platform.request('POST', '/api/v1/admin/stations', {
      json: station('CD-GX-NEW1', { location: { lat: 30.5434, lng: 104.0614, coordType: 'wgs84' } }),
      headers: as(gxAdmin),
    });
    assert.equal(response.status, 201);
    const created = (await response.json()) as StationDetail;
    assert.equal(created.regionCode, 'GX');
    assert.ok(created.location.lat !== 30.5434, 'stored in GCJ-02, not as given in WGS-84');
    const nearby = (await (await platform.request('GET', `/api/v1/stations/nearby?lat=30.5434&lng=104.0614&coordType=wgs84&radius=200`)).json()) as NearbyResult;
    const hit = nearby.items.find((s) => s.id === created.id);
    assert.ok(hit, 'found at its WGS-84 position');
    assert.ok(hit.distanceM < 5);
  });

  it('geocodes an address without coordinates through the Baidu Maps adapter', async () => {
    const response = await platform.request('POST', '/api/v1/admin/stations', { json: station('CD-GX-NEW2'), headers: as(gxAdmin) });
    assert.equal(response.status, 201);
    const created = (await response.json()) as StationDetail;
    // the stand-in places 高新区 addresses within ~1.1 km of the district centre (30.5735, 104.0655)
    assert.ok(Math.abs(created.location.lat - 30.5735) < 0.011 && Math.abs(created.location.lng - 104.0655) < 0.011);
  });

  it('refuses an address the map provider cannot place (400 naming body.address) and a duplicate code (409)', async () => {
    const unknown = await platform.request('POST', '/api/v1/admin/stations', { json: station('CD-GX-NEW3', { address: '火星基地一号' }), headers: as(gxAdmin) });
    assert.equal(unknown.status, 400);
    assert.deepEqual(((await unknown.json()) as { error: { details: { fields: Array<{ field: string }> } } }).error.details.fields.map((f) => f.field), ['body.address']);
    const duplicate = await platform.request('POST', '/api/v1/admin/stations', { json: station('CD-GX-NEW1', { location: { lat: 30.6, lng: 104.1 } }), headers: as(gxAdmin) });
    assert.equal(duplicate.status, 409);
  });

  it('edits a station of the region, and nearby shows the change at once', async () => {
    const before = (await (await platform.request('GET', '/api/v1/stations/nearby?lat=30.5735&lng=104.0655&radius=5000')).json()) as NearbyResult;
    const target = before.items.find((s) => s.regionCode === 'GX')!;
    const pumpsBefore = ((await (await platform.request('GET', `/api/v1/stations/${target.id}`)).json()) as StationDetail).pumps;
    const response = await platform.request('PATCH', `/api/v1/admin/stations/${target.id}`, { json: { name: '改名后的加油站', status: 'temporarily_closed' }, headers: as(gxAdmin) });
    assert.equal(response.status, 200);
    const after = (await (await platform.request('GET', '/api/v1/stations/nearby?lat=30.5735&lng=104.0655&radius=5000')).json()) as NearbyResult;
    const edited = after.items.find((s) => s.id === target.id)!;
    assert.equal(edited.name, '改名后的加油站');
    assert.equal(edited.openNow, false);
    const detail = (await (await platform.request('GET', `/api/v1/stations/${target.id}`)).json()) as StationDetail;
    assert.deepEqual(detail.pumps, pumpsBefore, 'fields not named in the PATCH keep their values');
  });

  it('refuses anyone but a regional admin of the station’s region', async () => {
    assert.equal((await platform.request('POST', '/api/v1/admin/stations', { json: station('CD-GX-NEW4', { location: { lat: 30.6, lng: 104.1 } }) })).status, 401);
    assert.equal((await platform.request('POST', '/api/v1/admin/stations', { json: station('CD-GX-NEW4', { location: { lat: 30.6, lng: 104.1 } }), headers: as(manager) })).status, 403);
    const gxStation = 17; // demo stations 17–24 are in 高新区
    assert.equal((await platform.request('PATCH', `/api/v1/admin/stations/${gxStation}`, { json: { name: '越权修改' }, headers: as(jjAdmin) })).status, 403);
    assert.equal((await platform.request('PATCH', `/api/v1/admin/stations/${gxStation}`, { json: { name: '越权修改' }, headers: as(manager) })).status, 403);
  });

  it('validates the body: unknown fields, bad opening hours, and an empty change', async () => {
    const bad = await platform.request('POST', '/api/v1/admin/stations', {
      json: station('CD-GX-NEW5', { location: { lat: 30.6, lng: 104.1 }, openingHours: { allDay: false, days: [{ weekday: 8, open: '25:00', close: '22:00' }] }, colour: 'red' }),
      headers: as(gxAdmin),
    });
    assert.equal(bad.status, 400);
    const fields = ((await bad.json()) as { error: { details: { fields: Array<{ field: string }> } } }).error.details.fields.map((f) => f.field);
    assert.ok(fields.includes('body.colour'));
    assert.ok(fields.some((f) => f.startsWith('body.openingHours')));
    assert.equal((await platform.request('PATCH', '/api/v1/admin/stations/17', { json: {}, headers: as(gxAdmin) })).status, 400);
  });
  itLeavesEverythingConsistent(() => platform);
});

describe('idempotent retries on mutating routes (Idempotency-Key)', () => {
  let platform: Platform;
  let admin: string;

  before(async () => {
    platform = await Platform.start();
    admin = await platform.staffToken('admin.gx', '13800000011');
  });

  after(async () => {
    await platform?.close();
  });

  const create = (key: string, body: unknown) =>
    platform.request('POST', '/api/v1/admin/stations', { json: body, headers: { authorization: `Bearer ${admin}`, 'idempotency-key': key } });

  it('runs a retried create once and answers the retry with the station it created', async () => {
    const body = station('CD-GX-IDEM1', { location: { lat: 30.6, lng: 104.1 } });
    const first = await create('create-station-idem-1', body);
    assert.equal(first.status, 201);
    const created = (await first.json()) as StationDetail;
    const retry = await create('create-station-idem-1', body);
    assert.equal(retry.status, 201);
    assert.deepEqual(await retry.json(), created);
    const nearby = (await (await platform.request('GET', '/api/v1/stations/nearby?lat=30.6&lng=104.1&radius=50')).json()) as NearbyResult;
    assert.equal(nearby.items.filter((s) => s.code === 'CD-GX-IDEM1').length, 1);
  });

  it('refuses the same key with a different body (422) and a malformed key (400)', async () => {
    const other = await create('create-station-idem-1', station('CD-GX-IDEM2', { location: { lat: 30.6, lng: 104.1 } }));
    assert.equal(other.status, 422);
    assert.equal(((await other.json()) as { error: { code: string } }).error.code, 'IDEMPOTENCY_KEY_REUSED');
    assert.equal((await create('bad key!', station('CD-GX-IDEM3', { location: { lat: 30.6, lng: 104.1 } }))).status, 400);
  });

  it('releases the key when the first attempt fails, so the request can be run again with it', async () => {
    const failing = await create('create-station-idem-3', station('CD-GX-IDEM4', { address: '火星基地一号' }));
    assert.equal(failing.status, 400);
    assert.equal((await create('create-station-idem-3', station('CD-GX-IDEM4', { address: '火星基地一号' }))).status, 400, 'run again, not replayed');
    const fixed = await create('create-station-idem-3', station('CD-GX-IDEM4', { location: { lat: 30.61, lng: 104.11 } }));
    assert.equal(fixed.status, 201, 'the key was released, so a corrected request may use it');
  });

  it('answers a retried password reset with the same one-time password, kept sealed, and resets once', async () => {
    const headers = { authorization: `Bearer ${admin}` };
    const accounts = (await (await platform.request('GET', '/api/v1/staff/accounts', { headers })).json()) as StaffAccount[];
    const target = accounts.find((a) => a.role === 'attendant')!;
    const reset = () => platform.request('POST', `/api/v1/staff/accounts/${target.id}/reset-password`, { headers: { ...headers, 'idempotency-key': 'reset-password-idem-1' } });
    const userDb = await createConnection(platform.databases.user.url);
    try {
      const first = await reset();
      assert.equal(first.status, 200, await first.clone().text());
      const issued = (await first.json()) as OneTimePassword;
      const hashAfter = async () => ((await userDb.query('SELECT password_hash AS h FROM staff WHERE id = ?', [target.id]))[0] as Array<{ h: string }>)[0]!.h;
      const hash = await hashAfter();
      const retry = await reset();
      assert.deepEqual(await retry.json(), issued, 'the same password, not another one');
      assert.equal(await hashAfter(), hash, 'reset once');
      const [kept] = await userDb.query("SELECT reply FROM kept_replies WHERE request_key = 'reset-password-idem-1'");
      const reply = (kept as Array<{ reply: string }>)[0]!.reply;
      assert.ok(!reply.includes(issued.oneTimePassword), 'the kept reply holds the password sealed, not in clear');
    } finally {
      await userDb.end();
    }
  });
  itLeavesEverythingConsistent(() => platform);
});
