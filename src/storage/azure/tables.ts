import { RestError, TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import type { TokenCredential } from '@azure/identity';
import { TABLE_RETRY } from './retry';

/**
 * How the Azure stores reach the storage account: a connection string, or URLs plus an Entra credential;
 * `caPem` is the private CA (AZURE_STORAGE_CA_FILE) every Blob and Table request is checked against.
 */
export type AzureStorageAccess = (
  | { readonly connectionString: string }
  | { readonly blobUrl: string; readonly tableUrl: string; readonly credential: TokenCredential }
) & { readonly caPem?: string };

/**
 * The pipeline option that trusts `caPem` instead of the public CAs (blob and table clients alike): for
 * Storage only, not process-wide as NODE_EXTRA_CA_CERTS would. `tlsOptions` rather than a policy that
 * sets an agent: storage-blob hands `additionalPolicies` to its pipeline once per client it derives,
 * and a second add of the same policy fails.
 */
export function trustedCa(caPem: string | undefined): Pick<TableServiceClientOptions, 'tlsOptions'> {
  return caPem !== undefined ? { tlsOptions: { ca: caPem } } : {};
}

/** A PartitionKey or RowKey for any text: the characters Table Storage refuses in keys, %-escaped. */
export function tableKey(value: string): string {
  return [...value]
    .map((c) => {
      const code = c.charCodeAt(0);
      const refused = '%/\\#?'.includes(c) || code < 0x20 || (code >= 0x7f && code <= 0x9f);
      return refused ? `%${code.toString(16).padStart(2, '0')}` : c;
    })
    .join('');
}

/** Azurite (and only loopback) speaks plain HTTP; the SDK refuses it unless told. */
function clientOptions(endpoint: string, caPem: string | undefined): TableServiceClientOptions {
  const url = new URL(endpoint);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  return {
    ...(url.protocol === 'http:' && loopback ? { allowInsecureConnection: true } : {}),
    retryOptions: TABLE_RETRY,
    ...trustedCa(caPem),
  };
}

export function tableClient(access: AzureStorageAccess, table: string): TableClient {
  if ('connectionString' in access) {
    const endpoint = /TableEndpoint=([^;]+)/i.exec(access.connectionString)?.[1] ?? 'https://localhost';
    return TableClient.fromConnectionString(
      access.connectionString,
      table,
      clientOptions(endpoint, access.caPem),
    );
  }
  return new TableClient(
    access.tableUrl,
    table,
    access.credential,
    clientOptions(access.tableUrl, access.caPem),
  );
}

/** Creates the table once per client; concurrent first calls share the same attempt. */
export function ensureTable(client: TableClient): () => Promise<void> {
  let created: Promise<void> | undefined;
  return () => {
    created ??= client.createTable().catch((error: unknown) => {
      created = undefined;
      throw error;
    });
    return created;
  };
}

export function hasStatus(error: unknown, ...statuses: number[]): boolean {
  return error instanceof RestError && statuses.includes(error.statusCode ?? 0);
}

/** OData string literal: single quotes doubled. */
export function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
