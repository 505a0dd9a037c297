import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedSms {
  readonly to: string;
  readonly message: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

/** A local SMS gateway for `SMS_PROVIDER=webhook`: records each `{to, message}` and answers 202. */
export class SmsReceiver {
  readonly received: ReceivedSms[] = [];
  private server: Server | undefined;
  private status = 202;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { to: string; message: string };
        if (this.status < 300)
          this.received.push({ to: body.to, message: body.message, headers: req.headers });
        res.writeHead(this.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ accepted: this.status < 300 }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/sms`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Every later request is answered with this status (e.g. 503 for a gateway that is down). */
  answerWith(status: number): void {
    this.status = status;
  }

  /** The six-digit code of the latest SMS that has one (a change notice never has). */
  latestCode(): string {
    const latest = [...this.received].reverse().find((sms) => /\b\d{6}\b/.test(sms.message));
    const code = latest && /\b(\d{6})\b/.exec(latest.message)?.[1];
    if (!code) throw new Error('no SMS with a code has been received');
    return code;
  }
}
