import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config';

const AZURE = {
  STORAGE: 'azure',
  AZURE_STORAGE_BLOB_URL: 'https://account.blob.core.windows.net/',
  AZURE_STORAGE_TABLE_URL: 'https://account.table.core.windows.net/',
};

describe('AZURE_STORAGE_CA_FILE', () => {
  describe('when it names a readable file', () => {
    it('is passed to the Azure stores with the endpoints', () => {
      const config = loadConfig({ ...AZURE, AZURE_STORAGE_CA_FILE: __filename });
      assert.deepEqual(config.storage.azure, {
        blobUrl: AZURE.AZURE_STORAGE_BLOB_URL,
        tableUrl: AZURE.AZURE_STORAGE_TABLE_URL,
        caFile: __filename,
      });
    });
  });

  describe('when the file cannot be read', () => {
    it('stops startup naming the setting', () => {
      assert.throws(
        () => loadConfig({ ...AZURE, AZURE_STORAGE_CA_FILE: '/nonexistent/ca.pem' }),
        (error) =>
          error instanceof ConfigError &&
          error.problems.includes('AZURE_STORAGE_CA_FILE: /nonexistent/ca.pem is not a readable file'),
      );
    });
  });
});
