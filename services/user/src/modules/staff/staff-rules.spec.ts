import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { describe, it } from 'node:test';
import { maskPhone } from '@fuel/shared';
import { MAX_PASSWORD_FAILURES, oneTimePassword, passwordExpired, passwordProblem, shouldLock } from './staff-rules.js';

describe('staff sign-in rules', () => {
  it('masks the middle four digits of a mainland mobile number', () => {
    assert.equal(maskPhone('13812345678'), '138****5678');
  });

  it('masks all but the last four characters of other numbers', () => {
    assert.equal(maskPhone('02887654321x'), '********321x');
  });

  it('locks the account at the fifth failure in the window, not before', () => {
    assert.equal(shouldLock(MAX_PASSWORD_FAILURES - 1), false);
    assert.equal(shouldLock(MAX_PASSWORD_FAILURES), true);
  });
});

describe('staff password rule', () => {
  it('refuses fewer than 8 characters', () => assert.equal(passwordProblem('Ab1@xyz', 'li.lei'), '密码至少 8 位'));
  it('refuses fewer than three character classes', () => assert.match(passwordProblem('abcdefgh12', 'li.lei')!, /至少三类/));
  it('refuses a password containing the username, in any case', () => assert.equal(passwordProblem('x-LI.LEI-2026', 'li.lei'), '密码不能包含用户名'));
  it('accepts 8+ characters of three classes', () => assert.equal(passwordProblem('Fuel@2026', 'attendant.cd-jj-01'), null));
  it('makes one-time passwords that pass the rule themselves', () => {
    for (let i = 0; i < 200; i++) assert.equal(passwordProblem(oneTimePassword(randomInt), 'someone'), null);
  });
  it('expires a password at 90 days, and one never set', () => {
    const now = new Date('2026-11-29T00:00:00Z');
    assert.equal(passwordExpired(new Date('2026-09-01T00:00:01Z'), now), false);
    assert.equal(passwordExpired(new Date('2026-08-31T00:00:00Z'), now), true);
    assert.equal(passwordExpired(null, now), true);
  });
});
