import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemberCodes } from './member-code.js';

const codes = new MemberCodes('11'.repeat(32));
const at = (iso: string) => new Date(iso);

describe('会员码', () => {
  it('names the member, for its minute and the next, and no longer', () => {
    const { code, expiresAt } = codes.issue(1024, at('2027-03-05T10:00:30+08:00'));
    assert.match(code, /^M\d{6}1024$/);
    assert.equal(expiresAt.toISOString(), at('2027-03-05T10:01:00+08:00').toISOString());
    assert.equal(codes.verify(code, at('2027-03-05T10:00:59+08:00')), 1024);
    assert.equal(codes.verify(code, at('2027-03-05T10:01:59+08:00')), 1024, 'the next minute still takes it');
    assert.equal(codes.verify(code, at('2027-03-05T10:02:00+08:00')), null, 'two minutes on it is gone');
    assert.equal(codes.verify(code, at('2027-03-05T09:59:59+08:00')), null, 'not before it was made');
  });

  it('changes every minute, across midnight and New Year in Shanghai too', () => {
    const before = codes.issue(7, at('2026-12-31T23:59:30+08:00')).code;
    const after = codes.issue(7, at('2027-01-01T00:00:10+08:00')).code;
    assert.notEqual(before, after);
    assert.equal(codes.verify(after, at('2027-01-01T00:00:10+08:00')), 7);
  });

  it('refuses a code for another member, from another key, or not of its form', () => {
    const now = at('2028-02-29T12:00:00+08:00');
    const { code } = codes.issue(42, now);
    assert.equal(codes.verify(code.replace(/42$/, '43'), now), null);
    assert.equal(new MemberCodes('22'.repeat(32)).verify(code, now), null);
    for (const bad of ['', 'M12345', 'M12345A7', 'C12345678', 'M123456042', `m${code.slice(1)}`, `${code} `]) assert.equal(codes.verify(bad, now), null, bad);
  });
});
