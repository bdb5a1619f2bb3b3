import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskName, maskPhone } from './mask.js';

describe('masking personal data for screens', () => {
  it('masks phones and names', () => {
    assert.equal(maskPhone('13912345678'), '139****5678');
    assert.equal(maskName('王小明'), '王**');
    assert.equal(maskName('李四'), '李**');
    assert.equal(maskName('张'), '张');
  });
});
