import { MemoryStorage } from 'botbuilder';
import { DemoDirectory, loadDemoDirectory, SAMPLE_DIRECTORY_PATH } from '../../src/demo/demoDirectory';
import { CodeIssuer } from '../../src/reset/code';
import type { AccountDirectory, AuditLog, CaseStore, Logger, SmsSender } from '../../src/reset/ports';
import { ResetService, type ManagerApprovalOptions } from '../../src/reset/resetService';
import { HourlySmsBudget, SlidingWindowCounter, type SlidingWindowState } from '../../src/reset/smsBudget';
import { SmsThrottle, type SmsThrottleState } from '../../src/reset/smsThrottle';
import type { ChangeNotice } from '../../src/reset/changeNotices';
import { composeChangeSmsText, composeSmsText } from '../../src/sms/message';
import { BotStorageRecordStore } from '../../src/storage/botStorageRecordStore';
import { MemoryAuditLog } from '../../src/storage/memory/auditLog';
import { MemoryCaseStore } from '../../src/storage/memory/caseStore';
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

/** The parts a test chooses; everything else is wired as src/index.ts does, with test defaults. */
export interface ServiceParts {
  readonly directory: AccountDirectory;
  readonly sms: SmsSender;
  readonly cases: CaseStore;
  readonly audit: AuditLog;
  readonly clock: FakeClock;
  readonly logger: Logger;
  /** Codes per hour for the whole service; no budget when absent. */
  readonly budget?: number;
}

/** Limits a test may switch on; off when absent, as in the other tests. */
export interface ServiceLimits {
  /** How long every answer about someone else's account takes (`UNIFORM_ANSWER_MIN_MS`). */
  readonly uniformAnswerMs?: number;
  /** Code guesses per day at one account name, across cases. */
  readonly guessesPerAccount?: number;
  /** Code guesses per day by one requester at other people's accounts. */
  readonly guessesPerRequester?: number;
  /** The owner's change-notice SMS after an unlock or a new password (`NOTIFY_OWNER_SMS`); off when absent. */
  readonly changeSms?: boolean;
  /** Tells the owner in Teams when someone else changed the account; nobody is told when absent. */
  readonly tellOwner?: (notice: ChangeNotice) => Promise<boolean>;
  /** The manager's confirmation for own accounts without a mobile; never offered when absent. */
  readonly managerApproval?: ManagerApprovalOptions;
}

/** The service desk's number in the tests' change notices. */
export const TEST_SERVICEDESK_PHONE = '0142-36 6000';

export function buildResetService(parts: ServiceParts & ServiceLimits): ResetService {
  const storage = new MemoryStorage();
  const perDay = (limit: number) =>
    new SlidingWindowCounter(
      new BotStorageRecordStore<SlidingWindowState>(storage, 'limits'),
      limit,
      hours(24),
    );
  return new ResetService({
    directory: parts.directory,
    sms: parts.sms,
    cases: parts.cases,
    audit: parts.audit,
    throttle: new SmsThrottle(new BotStorageRecordStore<SmsThrottleState>(storage, 'throttle'), {
      maxPerWindow: 5,
      windowMs: hours(1),
      blockMs: hours(24),
    }),
    ...(parts.budget !== undefined
      ? {
          budget: new HourlySmsBudget(
            new BotStorageRecordStore<SlidingWindowState>(storage, 'budget'),
            parts.budget,
          ),
        }
      : {}),
    codes: new CodeIssuer(TEST_CODE_SECRET, { ttlMs: minutes(10), maxWrongAttempts: 3 }),
    clock: parts.clock,
    logger: parts.logger,
    composeSms: ({ code, locale, validMinutes }) =>
      composeSmsText({ code, locale, validMinutes, orgName: 'Kommunen' }),
    codeTtlMs: minutes(10),
    resendCooldownMs: seconds(60),
    idleTimeoutMs: minutes(15),
    ...(parts.uniformAnswerMs !== undefined ? { uniformAnswerMs: parts.uniformAnswerMs } : {}),
    ...(parts.guessesPerAccount !== undefined ? { guessesPerAccount: perDay(parts.guessesPerAccount) } : {}),
    ...(parts.guessesPerRequester !== undefined
      ? { guessesPerRequester: perDay(parts.guessesPerRequester) }
      : {}),
    ...(parts.changeSms === true
      ? {
          composeChangeSms: (notice) =>
            composeChangeSmsText({
              ...notice,
              orgName: 'Kommunen',
              servicedeskPhone: TEST_SERVICEDESK_PHONE,
            }),
        }
      : {}),
    ...(parts.tellOwner ? { tellOwner: parts.tellOwner } : {}),
    ...(parts.managerApproval ? { managerApproval: parts.managerApproval } : {}),
  });
}

export async function buildResetWorld(
  directoryData?: unknown,
  limits: ServiceLimits = {},
): Promise<ResetWorld> {
  const directory =
    directoryData === undefined
      ? await loadDemoDirectory(SAMPLE_DIRECTORY_PATH)
      : await DemoDirectory.create(directoryData);
  const sms = new RecordingSmsSender();
  const audit = new MemoryAuditLog();
  // A case change and its audit events land in the same log, as in the memory backend.
  const cases = new MemoryCaseStore(audit);
  const clock = new FakeClock('2025-03-10T08:00:00.000Z');
  const { logger, log } = memoryLogger('debug');
  const service = buildResetService({ directory, sms, cases, audit, clock, logger, ...limits });
  return { service, directory, sms, cases, audit, clock, log, logger };
}
