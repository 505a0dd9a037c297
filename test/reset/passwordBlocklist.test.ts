import assert from 'node:assert/strict';
import { PasswordBlocklist } from '../../src/reset/passwordBlocklist';

describe('PasswordBlocklist', () => {
  const blocklist = new PasswordBlocklist(['motala', 'Kommun']);

  describe('when a password contains a listed local word', () => {
    for (const password of [
      'Motala2024!',
      'M0tala2024',
      'MOTALA99x',
      'Mot@la-2024',
      'Kommun2025',
      'K0mmunen1',
    ]) {
      it(`refuses ${password}`, () => assert.equal(blocklist.isBlocked(password), true));
    }
  });

  describe('when a password is a common password dressed up', () => {
    for (const password of [
      'Password1',
      'P@ssw0rd1',
      'Summer2024',
      'Qwerty123',
      'Welcome1!',
      '1Dragon2024',
    ]) {
      it(`refuses ${password}`, () => assert.equal(blocklist.isBlocked(password), true));
    }
  });

  describe('when a password is uncommon', () => {
    for (const password of [
      'Kanelbulle42',
      'Xylofon-Hemlig7',
      'Tallskog2023',
      'Sommarsol24x',
      'Tr0ub4dor&3',
    ]) {
      it(`accepts ${password}`, () => assert.equal(blocklist.isBlocked(password), false));
    }
  });

  describe('when the local word list is read from a file', () => {
    it('ignores comments, blank lines and words shorter than four letters', () => {
      const words = PasswordBlocklist.parseWordList('# local words\nmotala\n\n  vadstena  \nab\n');
      assert.deepEqual(words, ['motala', 'vadstena', 'ab']);
      const list = new PasswordBlocklist(words, []);
      assert.equal(list.isBlocked('Vadstena2024'), true);
      assert.equal(list.isBlocked('Kabel12345'), false, '"ab" is too short to count');
    });
  });
});
