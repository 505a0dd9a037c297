import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { selfSignedCertificate } from './acsEmulator';

/** One Breeze envelope as the Azure Monitor exporter posts it (`RequestData`, `RemoteDependencyData`, `MetricData`, …). */
export interface Envelope {
  readonly name: string;
  readonly iKey?: string;
  readonly time?: string;
  readonly tags?: Record<string, string>;
  readonly data?: { readonly baseType?: string; readonly baseData?: Record<string, unknown> };
}

/**
 * A local Application Insights ingestion endpoint on loopback HTTPS (the exporter turns an http://
 * IngestionEndpoint into https://; trust `caPem`, e.g. with NODE_EXTRA_CA_CERTS): accepts the exporter's `POST /v2.1/track` (and
 * `/v2/track`), gzip'd or not, a JSON array or JSON lines, and keeps every envelope and the raw text.
 * Point a connection string's `IngestionEndpoint` at `url`.
 */
export class IngestionStub {
  readonly envelopes: Envelope[] = [];
  /** Every body as received (decompressed), to search for what must never be sent. */
  readonly bodies: string[] = [];
  readonly paths: string[] = [];
  private server: Server | undefined;
  /** The self-signed certificate the stub serves, once started. */
  caPem = '';

  async start(): Promise<string> {
    const tls = await selfSignedCertificate();
    this.caPem = tls.cert;
    this.server = createServer(tls, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        this.paths.push(`${req.method} ${req.url}`);
        const raw = Buffer.concat(chunks);
        const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
        this.bodies.push(text);
        const items = parseItems(text);
        if (/^\/v2(\.1)?\/track$/.test(req.url ?? '')) this.envelopes.push(...items);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ itemsReceived: items.length, itemsAccepted: items.length, errors: [] }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `https://127.0.0.1:${port}/`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Envelopes whose data is of `baseType` (`RequestData`, `RemoteDependencyData`, `MetricData`). */
  ofType(baseType: string): Envelope[] {
    return this.envelopes.filter((envelope) => envelope.data?.baseType === baseType);
  }
}

function parseItems(text: string): Envelope[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('[')) return JSON.parse(trimmed) as Envelope[];
  return trimmed.split('\n').map((line) => JSON.parse(line) as Envelope);
}
