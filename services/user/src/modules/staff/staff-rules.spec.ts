import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskPhone } from '@fuel/shared';
import { MAX_PASSWORD_FAILURES, shouldLock } from './staff-rules.js';

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
