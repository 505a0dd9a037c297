import assert from 'node:assert/strict';
import { isGuid } from '../../src/lib/guid';

describe('isGuid', () => {
  describe('when the value is a GUID in its text form', () => {
    it('accepts it in either case', () => {
      for (const value of ['5e1d2f3a-0b1c-4d2e-8f3a-6b7c8d9e0f1a', '77B5B886-944A-11d1-AEBD-0000F80367C1'])
        assert.equal(isGuid(value), true, value);
    });
  });

  describe('when the value only looks like one', () => {
    it('refuses braces, padding, missing dashes, other characters and extra text', () => {
      for (const value of [
        '{5e1d2f3a-0b1c-4d2e-8f3a-6b7c8d9e0f1a}',
        ' 5e1d2f3a-0b1c-4d2e-8f3a-6b7c8d9e0f1a',
        '5e1d2f3a0b1c4d2e8f3a6b7c8d9e0f1a',
        '5e1d2f3a-0b1c-4d2e-8f3a-6b7c8d9e0f1g',
        '5e1d2f3a-0b1c-4d2e-8f3a-6b7c8d9e0f1a\n',
        '5e1d2f3a-0b1c-4d2e-8f3a-6b7c8d9e0f1a)(uid=*',
        '',
      ])
        assert.equal(isGuid(value), false, JSON.stringify(value));
    });
  });
});
