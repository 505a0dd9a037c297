import { z } from 'zod';
import { int, isReadableFile, optionalText, problem, urlWith, type ConfigContext } from './fields';

export const storageSettings = z.object({
  STORAGE: z
    .enum(['sqlite', 'azure', 'memory'])
    .default('sqlite')
    .describe(
      'Where bot state, cases, audit and transcripts live: `sqlite` (one file, survives restarts), `azure` (Blob + Table Storage, shared by several instances) or `memory` (lost on restart; tests only, refused in production).',
    ),
  SQLITE_FILE: z
    .string()
    .trim()
    .min(1)
    .default('./data/reset-assistant.sqlite')
    .describe('The SQLite database file for `STORAGE=sqlite`; its folder is created if missing. Back it up.'),
  AZURE_STORAGE_CONNECTION_STRING: optionalText.describe(
    'Storage account connection string for `STORAGE=azure` (Azurite, or where managed identity is not possible); keep it in Key Vault. Without it the two URLs below and a managed identity are used.',
  ),
  AZURE_STORAGE_BLOB_URL: optionalText.describe(
    'Blob endpoint (`https://<account>.blob.core.windows.net/`) for `STORAGE=azure` with managed identity (`AZURE_CLIENT_ID` picks a user-assigned one); bot state and transcripts.',
  ),
  AZURE_STORAGE_TABLE_URL: optionalText.describe(
    'Table endpoint (`https://<account>.table.core.windows.net/`) for `STORAGE=azure` with managed identity; cases and audit.',
  ),
  AZURE_STORAGE_CA_FILE: optionalText.describe(
    'PEM CA certificate(s) trusted for the Storage endpoints instead of the public ones, for `STORAGE=azure` behind a private CA (Azure Stack Hub, a TLS-inspecting proxy, Azurite over HTTPS). Token requests are not affected.',
  ),
  TRANSCRIPT_RETENTION_DAYS: int(30, 1, 3650).describe(
    'Days redacted transcripts (and idle bot state) are kept before the hourly purge deletes them.',
  ),
  AUDIT_RETENTION_DAYS: int(365, 1, 3650).describe(
    'Days audit events and case records are kept before the hourly purge deletes them.',
  ),
});

/**
 * `STORAGE=azure`: a connection string, or the two endpoints reached with a managed identity; either
 * with the CA file its TLS is checked against, where not a public CA.
 */
export type AzureStorageAccess = (
  { readonly connectionString: string } | { readonly blobUrl: string; readonly tableUrl: string }
) & { readonly caFile?: string };

/** What `openStores` (src/storage) needs: which stores, where, and how long records are kept (gallring). */
export interface StorageConfig {
  readonly kind: 'sqlite' | 'azure' | 'memory';
  readonly sqliteFile: string;
  /** Set when `kind` is `azure`. */
  readonly azure?: AzureStorageAccess;
  readonly transcriptRetentionDays: number;
  readonly auditRetentionDays: number;
}

const ENDPOINTS = [
  ['AZURE_STORAGE_BLOB_URL', 'blobUrl'],
  ['AZURE_STORAGE_TABLE_URL', 'tableUrl'],
] as const;

export const storageConfig = ({ production }: ConfigContext) =>
  storageSettings
    .superRefine((settings, context) => {
      // Limits, throttles and duplicate markers would reset on every restart and count per instance.
      if (production && settings.STORAGE === 'memory')
        problem(
          context,
          'STORAGE',
          'memory is not allowed in production (limits would reset on every restart and count per instance; use sqlite or azure)',
        );
      const caFile = settings.AZURE_STORAGE_CA_FILE;
      if (settings.STORAGE === 'azure' && caFile !== undefined && !isReadableFile(caFile))
        problem(context, 'AZURE_STORAGE_CA_FILE', `${caFile} is not a readable file`);
      if (settings.STORAGE !== 'azure' || settings.AZURE_STORAGE_CONNECTION_STRING !== undefined) return;
      for (const [key] of ENDPOINTS) {
        const value = settings[key];
        if (value === undefined)
          problem(context, key, 'required for STORAGE=azure without AZURE_STORAGE_CONNECTION_STRING');
        else if (urlWith(value, ['https:']) === undefined) problem(context, key, 'must be an https:// URL');
      }
    })
    .transform((settings): StorageConfig => {
      const connectionString = settings.AZURE_STORAGE_CONNECTION_STRING;
      const caFile = settings.AZURE_STORAGE_CA_FILE;
      const ca = caFile !== undefined ? { caFile } : {};
      const azure: AzureStorageAccess | undefined =
        settings.STORAGE !== 'azure'
          ? undefined
          : connectionString !== undefined
            ? { connectionString, ...ca }
            : {
                blobUrl: settings.AZURE_STORAGE_BLOB_URL ?? '',
                tableUrl: settings.AZURE_STORAGE_TABLE_URL ?? '',
                ...ca,
              };
      return {
        kind: settings.STORAGE,
        sqliteFile: settings.SQLITE_FILE,
        ...(azure !== undefined ? { azure } : {}),
        transcriptRetentionDays: settings.TRANSCRIPT_RETENTION_DAYS,
        auditRetentionDays: settings.AUDIT_RETENTION_DAYS,
      };
    });
