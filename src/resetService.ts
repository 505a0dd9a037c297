import { readFile } from 'node:fs/promises';
import type { Config } from './config';
import { CodeIssuer } from './reset/code';
import { PasswordBlocklist } from './reset/passwordBlocklist';
import type {
  AccountDirectory,
  AuditLog,
  CaseStore,
  Logger,
  RecordStore,
  SmsSender,
  WaitingClock,
} from './reset/ports';
import { ResetService } from './reset/resetService';
import { HourlySmsBudget, SlidingWindowCounter, type SlidingWindowState } from './reset/smsBudget';
import { SmsThrottle, type SmsThrottleState } from './reset/smsThrottle';
import type { ChangeNotice, ChangeNoticeText } from './reset/changeNotices';
import type { RecentChange } from './reset/notices/lockoutWatcher';
import { composeChangeSmsText, composeSmsText } from './sms/message';
import { APPROVALS_PER_ACCOUNT_PER_DAY } from './config/approval';
import type { ApprovalRequest } from './reset/approvals/approvalRequest';
import type { ApproverChats } from './reset/approvals/ports';

/*
 * The reset service wired to its limits: counters in the shared store, the SMS text with the
 * organisation's name, the local blocklist file. Beside the composition root rather than in src/reset,
 * which imports no storage or SMS code.
 */

/** The domain with its limits, each from its own slice of the configuration. */
export async function createResetService(
  config: Pick<
    Config,
    | 'codes'
    | 'throttle'
    | 'smsRules'
    | 'security'
    | 'caseIdleMinutes'
    | 'orgName'
    | 'servicedeskPhone'
    | 'notices'
    | 'approval'
  >,
  deps: {
    directory: AccountDirectory;
    sms: SmsSender;
    cases: CaseStore;
    audit: AuditLog;
    /** The shared store's records under a prefix (`Stores.records`). */
    records: <T extends object>(prefix: string) => RecordStore<T>;
    clock: WaitingClock;
    logger: Logger;
    /** Tells the owner in Teams when someone else changed their account. */
    tellOwner?: (notice: ChangeNotice) => Promise<boolean>;
    /** Reaches the approver and the requester for the manager's confirmation; none offered when absent. */
    approverChats?: ApproverChats;
  },
): Promise<ResetService> {
  const { codes, throttle, security, orgName } = config;
  const limits = deps.records<SlidingWindowState>('limits');
  const composeSms = ({
    code,
    locale,
    validMinutes,
  }: {
    code: string;
    locale?: string;
    validMinutes: number;
  }) => composeSmsText({ code, ...(locale !== undefined ? { locale } : {}), validMinutes, orgName });
  // Fail at startup, not when the first employee is locked out, if the SMS would not fit one segment.
  composeSms({ code: '000000', locale: 'sv', validMinutes: codes.ttlMinutes });
  const composeChangeSms = (notice: ChangeNoticeText) =>
    composeChangeSmsText({ ...notice, orgName, servicedeskPhone: config.servicedeskPhone });
  // Likewise the owner's change notice, in every language, at its longest.
  if (config.notices.ownerSms)
    for (const locale of ['sv', 'en'])
      composeChangeSms({ change: 'password-set', at: new Date(0), locale, username: 'a'.repeat(20) });
  return new ResetService({
    directory: deps.directory,
    sms: deps.sms,
    cases: deps.cases,
    audit: deps.audit,
    budget: new HourlySmsBudget(deps.records<SlidingWindowState>('budget'), config.smsRules.hourlyBudget),
    throttle: new SmsThrottle(deps.records<SmsThrottleState>('throttle'), {
      maxPerWindow: throttle.smsPerAccountPerHour,
      windowMs: 60 * 60_000,
      blockMs: throttle.blockHours * 60 * 60_000,
    }),
    codes: new CodeIssuer(codes.hashSecret, {
      ttlMs: codes.ttlMinutes * 60_000,
      maxWrongAttempts: codes.maxAttempts,
    }),
    clock: deps.clock,
    logger: deps.logger,
    composeSms,
    ...(config.notices.ownerSms ? { composeChangeSms } : {}),
    ...(deps.tellOwner ? { tellOwner: deps.tellOwner } : {}),
    recentChanges: deps.records<RecentChange>('notices/changes'),
    codeTtlMs: codes.ttlMinutes * 60_000,
    resendCooldownMs: codes.resendCooldownSeconds * 1000,
    idleTimeoutMs: config.caseIdleMinutes * 60_000,
    blocklist: new PasswordBlocklist(await readLocalWords(security.passwordBlocklistFile)),
    casesPerRequester: new SlidingWindowCounter(limits, security.casesPerRequesterPerHour, 60 * 60_000),
    guessesPerAccount: new SlidingWindowCounter(
      limits,
      security.wrongCodesPerAccountPerDay,
      24 * 60 * 60_000,
    ),
    // Half the account's allowance, so no single requester can spend an owner's whole day.
    guessesPerRequester: new SlidingWindowCounter(
      limits,
      Math.max(1, Math.floor(security.wrongCodesPerAccountPerDay / 2)),
      24 * 60 * 60_000,
    ),
    uniformAnswerMs: security.uniformAnswerMinMs,
    ...(deps.approverChats && managerApprovalOn(config.approval, deps.directory)
      ? {
          managerApproval: {
            requests: deps.records<ApprovalRequest>('approvals'),
            chats: deps.approverChats,
            perAccount: new SlidingWindowCounter(limits, APPROVALS_PER_ACCOUNT_PER_DAY, 24 * 60 * 60_000),
            ttlMs: config.approval.ttlMinutes * 60_000,
          },
        }
      : {}),
  });
}

/** MANAGER_APPROVAL=auto: on where the directory can name managers. */
export function managerApprovalOn(approval: Config['approval'], directory: AccountDirectory): boolean {
  if (approval.enabled !== 'auto') return approval.enabled;
  return typeof directory.findManager === 'function';
}

/** The operator's local blocklist words; a configured file that cannot be read stops startup. */
export async function readLocalWords(file: string | undefined): Promise<string[]> {
  if (file === undefined) return [];
  try {
    return PasswordBlocklist.parseWordList(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `PASSWORD_BLOCKLIST_FILE ${file} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}
