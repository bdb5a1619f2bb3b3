/**
 * Sealed fields (phones, WeChat session keys, delivery addresses) at rest, on the running platform:
 * - a value copied to another member's row, or to another column, does not open there: the member meets an error
 *   (never the other member's data) and `npm run verify` names the field;
 * - the keys rotate: with a new key id first, the services write under it and still read the old one; `npm run
 *   rekey` (stopped part way, then run again) moves every value and blind index, first-form values included; after
 *   it every value opens under the new keys alone and equals what it was, and verify is clean;
 * - the services then run without the retired keys: phones, addresses and staff SMS sign-in work as before.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { FieldCipher, hmacSm3Hex, SEALED_TABLES, type Address, type FieldKeyEnv } from '@fuel/shared';
import { developmentEnv } from '@fuel/devkit';
import smCrypto from 'sm-crypto';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { Platform } from './platform.js';

const DEV_KEYS: FieldKeyEnv = (({ FIELD_ENCRYPTION_KEYS, FIELD_MAC_KEYS, FIELD_INDEX_KEYS }) => ({ FIELD_ENCRYPTION_KEYS, FIELD_MAC_KEYS, FIELD_INDEX_KEYS }))(developmentEnv());
const NEW = { encryption: `k2:${randomBytes(16).toString('hex')}`, mac: `k2:${randomBytes(32).toString('hex')}`, index: `x2:${randomBytes(32).toString('hex')}` };
/** The rotation: the new ids first, the development ones still listed. */
const ROTATING: FieldKeyEnv = {
  FIELD_ENCRYPTION_KEYS: `${NEW.encryption},${DEV_KEYS.FIELD_ENCRYPTION_KEYS}`,
  FIELD_MAC_KEYS: `${NEW.mac},${DEV_KEYS.FIELD_MAC_KEYS}`,
  FIELD_INDEX_KEYS: `${NEW.index},${DEV_KEYS.FIELD_INDEX_KEYS}`,
};
/** After rekey: the retired ids dropped. */
const NEW_ONLY: FieldKeyEnv = { FIELD_ENCRYPTION_KEYS: NEW.encryption, FIELD_MAC_KEYS: NEW.mac, FIELD_INDEX_KEYS: NEW.index };
const env = (keys: FieldKeyEnv) => ({ ...keys }) as Record<string, string>;

/** The first stored form, `sm4:<kid>:…`, whose tag did not cover the place (what rows written before hold). */
function sealUnbound(keys: FieldKeyEnv, plaintext: string): string {
  const [kid, keyHex] = keys.FIELD_ENCRYPTION_KEYS.split(':') as [string, string];
  const macHex = keys.FIELD_MAC_KEYS.split(':')[1]!;
  const iv = randomBytes(16);
  const body = Buffer.from(smCrypto.sm4.encrypt(Array.from(Buffer.from(plaintext)), keyHex, { mode: 'cbc', iv: iv.toString('hex'), output: 'array' }) as number[]);
  const tag = Buffer.from(hmacSm3Hex(macHex, Buffer.concat([Buffer.from(`${kid}:`), iv, body])), 'hex');
  return `sm4:${kid}:${Buffer.concat([iv, body, tag]).toString('base64')}`;
}

describe('sealed fields: bound to their place, rotated, and moved by npm run rekey', () => {
  let platform: Platform;
  let db: Connection;
  const members = {} as Record<'jack' | 'kate', { id: number; auth: { authorization: string } }>;
  const addresses = {} as Record<'jack' | 'kate', Address>;
  // 120 characters, the longest detail allowed, in CJK (3 bytes each in UTF-8) and with an emoji (4).
  const longDetail = `${'锦江区东大街九十九号'.repeat(11)}三栋二单元🚗xxxx`.slice(0, 120);

  const rowOf = async (sql: string, params: unknown[]) => ((await db.query<RowDataPacket[]>(sql, params))[0][0] ?? {}) as Record<string, string>;
  /** Every sealed value in the user database, opened with `keys`: `table#id.column` → plaintext. */
  async function openAll(keys: FieldKeyEnv): Promise<Map<string, string>> {
    const cipher = FieldCipher.fromEnv(keys);
    const values = new Map<string, string>();
    for (const { table, columns } of SEALED_TABLES) {
      const [rows] = await db.query<RowDataPacket[]>(`SELECT id, ${columns.join(', ')} FROM ${table} ORDER BY id`);
      for (const row of rows) {
        for (const column of columns) if (row[column] != null) values.set(`${table}#${row.id}.${column}`, cipher.open({ table, column, rowKey: row.id as number }, row[column] as string));
      }
    }
    return values;
  }
  const me = async (who: 'jack' | 'kate') => platform.request('GET', '/api/v1/me', { headers: members[who].auth });
  const listAddresses = async (who: 'jack' | 'kate') => (await (await platform.request('GET', '/api/v1/me/addresses', { headers: members[who].auth })).json()) as Address[];
  const bindPhone = (who: 'jack' | 'kate', code: string) => platform.request('POST', '/api/v1/me/phone', { json: { code }, headers: members[who].auth });
  async function restartUserWith(keys: FieldKeyEnv): Promise<void> {
    await platform.stopService('user');
    await platform.startInstance('user', 'user', platform.rpcPorts.user, env(keys));
    await platform.waitUntilHealthy(60_000);
  }

  before(async () => {
    platform = await Platform.start();
    db = await createConnection(platform.databases.user.url);
    for (const [who, phone] of [['jack', '13912340001'], ['kate', '13912340002']] as const) {
      const session = await platform.memberSession(`dev-fields-${who}`);
      members[who] = { id: session.user.id, auth: { authorization: `Bearer ${session.accessToken}` } };
      assert.equal((await bindPhone(who, `phone-${phone}`)).status, 200);
    }
    const add = async (who: 'jack' | 'kate', body: Record<string, unknown>) => {
      const response = await platform.request('POST', '/api/v1/me/addresses', { json: body, headers: members[who].auth });
      assert.equal(response.status, 201, await response.clone().text());
      return (await response.json()) as Address;
    };
    addresses.jack = await add('jack', { recipient: '欧阳娜娜', phone: '13912340001', region: '四川省 成都市 锦江区', detail: longDetail });
    addresses.kate = await add('kate', { recipient: '李四', phone: '13912340002', region: '四川省 成都市 武侯区', detail: '天府大道 100 号' });
  });

  after(async () => {
    await db?.end();
    await platform?.close();
  });

  it('stores every sealed value bound to its row, the longest address included', async () => {
    const stored = await rowOf('SELECT recipient_enc, detail_enc FROM member_addresses WHERE id = ?', [addresses.jack.id]);
    assert.match(stored.detail_enc!, /^sm4v2:dev1:/);
    assert.doesNotMatch(stored.recipient_enc!, /欧阳/);
    const whole = await platform.rpc<Address>('user', 'user.addresses.for-order', { memberId: members.jack.id, id: addresses.jack.id });
    assert.equal(whole.detail, longDetail);
    const result = await platform.verify(0);
    assert.equal(result.code, 0, result.out);
    assert.match(result.out, /sealed fields/);
  });

  it("a phone or address copied to another row or column does not open there, and verify names it", async () => {
    const phones = await db.query<RowDataPacket[]>('SELECT id, phone_enc FROM members WHERE id IN (?, ?) ORDER BY id', [members.jack.id, members.kate.id]);
    const [jackRow, kateRow] = phones[0] as Array<{ id: number; phone_enc: string }>;
    const setPhone = (id: number, value: string) => db.query('UPDATE members SET phone_enc = ? WHERE id = ?', [value, id]);
    await setPhone(jackRow!.id, kateRow!.phone_enc);
    await setPhone(kateRow!.id, jackRow!.phone_enc);
    const swapped = await me('jack');
    assert.equal(swapped.status, 500);
    const text = await swapped.text();
    assert.doesNotMatch(text, /0002|\*\*\*\*|sm4/, 'neither the other member’s phone nor anything of the field');
    assert.match(text, /"code"/, 'the error envelope');
    const found = await platform.verify(0);
    assert.equal(found.code, 1, found.out);
    assert.match(found.out, new RegExp(`VIOLATION fields: members #${jackRow!.id} phone_enc: does not open here`));
    assert.match(found.out, new RegExp(`VIOLATION fields: members #${kateRow!.id} phone_enc: does not open here`));
    await setPhone(jackRow!.id, jackRow!.phone_enc);
    await setPhone(kateRow!.id, kateRow!.phone_enc);
    assert.equal(((await (await me('jack')).json()) as { phoneMasked: string }).phoneMasked, '139****0001');

    // The same row, another column: the address's phone copied over its recipient.
    const original = await rowOf('SELECT recipient_enc, detail_enc FROM member_addresses WHERE id = ?', [addresses.jack.id]);
    await db.query('UPDATE member_addresses SET recipient_enc = phone_enc WHERE id = ?', [addresses.jack.id]);
    assert.equal((await platform.request('GET', '/api/v1/me/addresses', { headers: members.jack.auth })).status, 500);
    const moved = await platform.verify(0);
    assert.match(moved.out, new RegExp(`VIOLATION fields: member_addresses #${addresses.jack.id} recipient_enc: does not open here`), moved.out);
    await db.query('UPDATE member_addresses SET recipient_enc = ? WHERE id = ?', [original.recipient_enc, addresses.jack.id]);
    const clean = await platform.verify(0);
    assert.equal(clean.code, 0, clean.out);
  });

  it('rotates: rekey moves every value and blind index to the new keys, each reads back equal, and verify is clean', async () => {
    // A value in the first, unbound form, as rows written before binding hold it.
    const kateSessionKey = (await openAll(DEV_KEYS)).get(`members#${members.kate.id}.session_key_enc`)!;
    await db.query('UPDATE members SET session_key_enc = ? WHERE id = ?', [sealUnbound(DEV_KEYS, kateSessionKey), members.kate.id]);
    const before = await openAll(DEV_KEYS);
    const beforeLists = { jack: await listAddresses('jack'), kate: await listAddresses('kate') };

    await restartUserWith(ROTATING);
    const pending = await platform.verify(0, env(ROTATING));
    assert.equal(pending.code, 1, pending.out);
    assert.match(pending.out, new RegExp(`members #${members.jack.id} phone_enc: sealed under retired key dev1`));
    assert.match(pending.out, new RegExp(`members #${members.kate.id} session_key_enc: in the first form`));
    assert.match(pending.out, new RegExp(`members #${members.jack.id} phone_bidx: blind index not under the current index key`));
    // While values wait for rekey the platform works on both keys: old values open, a number bound under the old
    // index key is still taken, new values are sealed under the new key.
    assert.equal(((await (await me('jack')).json()) as { phoneMasked: string }).phoneMasked, '139****0001');
    assert.equal((await bindPhone('kate', 'phone-13912340001.r1')).status, 409);
    const added = (await (await platform.request('POST', '/api/v1/me/addresses', { json: { recipient: '张三', phone: '13700000003', region: '北京市 北京市 朝阳区', detail: '建国路 1 号' }, headers: members.kate.auth })).json()) as Address;
    assert.match((await rowOf('SELECT phone_enc FROM member_addresses WHERE id = ?', [added.id])).phone_enc!, /^sm4v2:k2:/);

    const partial = await platform.opsTool('fields/rekey-main.js', ['--limit', '2', '--batch', '2'], env(ROTATING));
    assert.equal(partial.code, 2, partial.out);
    assert.match(partial.out, /rekey: 2 rows rewritten/);
    assert.match(partial.out, /stopped before the end: run again/);
    const rest = await platform.opsTool('fields/rekey-main.js', [], env(ROTATING));
    assert.equal(rest.code, 0, rest.out);
    assert.match(rest.out, /every sealed field is on key k2/);
    const again = await platform.opsTool('fields/rekey-main.js', [], env(ROTATING));
    assert.match(again.out, /rekey: 0 rows rewritten/, 'nothing left for a second run');

    // Every value opens under the new keys alone and is what it was.
    const afterRekey = await openAll(NEW_ONLY);
    for (const [place, value] of before) assert.equal(afterRekey.get(place), value, place);
    assert.equal(afterRekey.size, before.size + 3, 'and the address added meanwhile');
    const clean = await platform.verify(0, env(NEW_ONLY));
    assert.equal(clean.code, 0, clean.out);
    const { phone_bidx } = await rowOf('SELECT phone_bidx FROM members WHERE id = ?', [members.jack.id]);
    assert.equal(phone_bidx, FieldCipher.fromEnv(NEW_ONLY).blindIndex('13912340001'));

    // The services without the retired keys: everything reads as before.
    await restartUserWith(NEW_ONLY);
    assert.equal(((await (await me('jack')).json()) as { phoneMasked: string }).phoneMasked, '139****0001');
    assert.deepEqual(await listAddresses('jack'), beforeLists.jack);
    assert.deepEqual((await listAddresses('kate')).filter((a) => a.id !== added.id), beforeLists.kate);
    const whole = await platform.rpc<Address>('user', 'user.addresses.for-order', { memberId: members.jack.id, id: addresses.jack.id });
    assert.equal(whole.detail, longDetail);
    assert.equal(whole.recipient, '欧阳娜娜');
    assert.equal((await bindPhone('kate', 'phone-13912340001.2')).status, 409, 'the number is found under the new index key');
    assert.ok(await platform.staffToken('manager.cd-jj-01', '13800000002'), 'staff SMS sign-in reaches the phone as sealed under the new key');
  });
});
