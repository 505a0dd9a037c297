import { Writable } from 'node:stream';
import { createLogger } from '../../src/logging/logger';
import type { Logger } from '../../src/reset/ports';

/** A log destination that keeps every line, so a test can read or search what was logged. */
export class MemoryLogStream extends Writable {
  readonly lines: string[] = [];
  private partial = '';

  constructor() {
    super({ decodeStrings: false });
  }

  override _write(
    chunk: Buffer | string,
    _encoding: BufferEncoding,
    done: (error?: Error | null) => void,
  ): void {
    const text = this.partial + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    const pieces = text.split('\n');
    this.partial = pieces.pop() ?? '';
    this.lines.push(...pieces.filter((line) => line.length > 0));
    done();
  }

  /** Each line parsed as the JSON object pino wrote. */
  entries(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

/** The application's own logger (redaction included), writing into memory. */
export function memoryLogger(level = 'debug'): { logger: Logger; log: MemoryLogStream } {
  const log = new MemoryLogStream();
  return { logger: createLogger({ level, destination: log }), log };
}
