import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { envExample, settingDocs } from '../../src/config/docs';
import { readmeWithTable, ROOT } from '../../scripts/config-docs';

describe('configuration documentation', () => {
  describe('when the schema is compared with what operators read', () => {
    it('describes every setting', () => {
      const undocumented = settingDocs().filter((doc) => doc.description.trim().length < 10);
      assert.deepEqual(undocumented, []);
    });

    it('has the README table generated from the schema (run npm run config:docs)', () => {
      const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
      assert.equal(readme, readmeWithTable(readme));
    });

    it('has .env.example generated from the schema (run npm run config:docs)', () => {
      assert.equal(readFileSync(path.join(ROOT, '.env.example'), 'utf8'), envExample());
    });

    it('lists every setting in .env.example, commented out so it changes nothing by itself', () => {
      const example = readFileSync(path.join(ROOT, '.env.example'), 'utf8');
      for (const doc of settingDocs()) assert.match(example, new RegExp(`^# ${doc.key}=`, 'm'));
      assert.doesNotMatch(example, /^[A-Za-z_]+=/m);
    });
  });
});
