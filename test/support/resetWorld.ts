import { MemoryStorage } from 'botbuilder';
import { DemoDirectory, loadDemoDirectory, SAMPLE_DIRECTORY_PATH } from '../../src/demo/demoDirectory';
import { CodeIssuer } from '../../src/reset/code';
import { ResetService } from '../../src/reset/resetService';
import { SmsThrottle, type SmsThrottleState } from '../../src/reset/smsThrottle';
import { composeSmsText } from '../../src/sms/message';
import { BotStorageRecordStore } from '../../src/storage/botStorageRecordStore';
import { MemoryAuditLog } from '../../src/storage/memoryAuditLog';
import { MemoryCaseStore } from '../../src/storage/memoryCaseStore';
import { FakeClock, hours, minutes, seconds } from './fakeClock';
import { memoryLogger, type MemoryLogStream } from './memoryLog';
import { RecordingSmsSender } from './recordingSms';

export const TEST_CODE_SECRET = 'a-test-secret-that-is-long-enough-0123456789';

/** A reset service over real parts: the demo directory, memory stores, a recording SMS provider, a still clock. */
export interface ResetWorld {
  readonly service: ResetService;
  readonly directory: DemoDirectory;
  readonly sms: RecordingSmsSender;
  readonly cases: MemoryCaseStore;
  readonly audit: MemoryAuditLog;
  readonly clock: FakeClock;
  readonly log: MemoryLogStream;
  readonly logger: ReturnType<typeof memoryLogger>['logger'];
}

export async function buildResetWorld(directoryData?: unknown): Promise<ResetWorld> {
  const directory =
    directoryData === undefined
      ? await loadDemoDirectory(SAMPLE_DIRECTORY_PATH)
      : await DemoDirectory.create(directoryData);
  const sms = new RecordingSmsSender();
  const cases = new MemoryCaseStore();
  const audit = new MemoryAuditLog();
  const clock = new FakeClock('2025-03-10T08:00:00.000Z');
  const { logger, log } = memoryLogger('debug');
  const service = new ResetService({
    directory,
    sms,
    cases,
    audit,
    throttle: new SmsThrottle(new BotStorageRecordStore<SmsThrottleState>(new MemoryStorage(), 'throttle'), {
      maxPerWindow: 5,
      windowMs: hours(1),
      blockMs: hours(24),
    }),
    codes: new CodeIssuer(TEST_CODE_SECRET, { ttlMs: minutes(10), maxWrongAttempts: 3 }),
    clock,
    logger,
    composeSms: ({ code, locale, validMinutes }) =>
      composeSmsText({ code, locale, validMinutes, orgName: 'Kommunen' }),
    codeTtlMs: minutes(10),
    resendCooldownMs: seconds(60),
    idleTimeoutMs: minutes(15),
  });
  return { service, directory, sms, cases, audit, clock, log, logger };
}
