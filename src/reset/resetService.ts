import type { Account } from './account';
import type { ApprovalRequest, ApprovalStatus, AskResult, DecideResult } from './approvals/approvalRequest';
import { ManagerApprovals } from './approvals/managerApprovals';
import type { ApproverChats } from './approvals/ports';
import { AccountActions } from './accountActions';
import { CaseAudit } from './caseAudit';
import type { CaseOutcome, CaseRecord, Requester, ResetChoice } from './case';
import { CaseLifecycle } from './caseLifecycle';
import { ChangeNotices, type ChangeNoticesOptions } from './changeNotices';
import type { CodeIssuer } from './code';
import { CodeChecking } from './codeChecking';
import { CodeDelivery } from './codeDelivery';
import { CodeSending } from './codeSending';
import type { RateLimit } from './guessLimits';
import { GuessLimits } from './guessLimits';
import { OwnAccounts } from './ownAccounts';
import type { PasswordBlocklist } from './passwordBlocklist';
import type { PasswordPolicyOptions } from './passwordPolicy';
import type {
  AccountDirectory,
  AuditLog,
  CaseStore,
  Logger,
  RecordStore,
  SmsSender,
  WaitingClock,
} from './ports';
import type {
  ActionResult,
  ChoiceResult,
  CodeResult,
  ResendResult,
  StartCase,
  UsernameResult,
} from './results';
import type { SmsBudget } from './smsBudget';
import type { SmsThrottle } from './smsThrottle';
import { TurnCases } from './turnCases';
import { UniformAnswers } from './uniformAnswer';

export { describe } from './describeError';
export type { RateLimit } from './guessLimits';
export type * from './results';
export type { ApprovalRequest, ApprovalStatus, AskResult, DecideResult } from './approvals/approvalRequest';

/** The manager's confirmation for own accounts without a mobile (MANAGER_APPROVAL). */
export interface ManagerApprovalOptions {
  readonly requests: RecordStore<ApprovalRequest>;
  readonly chats: ApproverChats;
  /** Requests per account per day. */
  readonly perAccount?: RateLimit;
  readonly ttlMs: number;
}

export interface ResetServiceOptions {
  readonly directory: AccountDirectory;
  readonly sms: SmsSender;
  readonly cases: CaseStore;
  readonly audit: AuditLog;
  readonly throttle: SmsThrottle;
  /** The service-wide hourly cap, on top of the per-account throttle; none when absent. */
  readonly budget?: SmsBudget;
  readonly codes: CodeIssuer;
  readonly clock: WaitingClock;
  readonly logger: Logger;
  readonly composeSms: (input: { code: string; locale: string; validMinutes: number }) => string;
  readonly codeTtlMs: number;
  readonly resendCooldownMs: number;
  readonly idleTimeoutMs: number;
  readonly passwordPolicy?: PasswordPolicyOptions;
  /** Common passwords and local words that are refused inside a new password. */
  readonly blocklist?: PasswordBlocklist;
  /** Cases one Teams user may start per window (abuse); unlimited when absent. */
  readonly casesPerRequester?: RateLimit;
  /** Guesses at a live code per account name per window, across cases; past it no guess is checked. */
  readonly guessesPerAccount?: RateLimit;
  /** Guesses at a live code of other people's accounts per requester per window, taken first. */
  readonly guessesPerRequester?: RateLimit;
  /**
   * When every answer about someone else's account leaves, counted from the question; the directory
   * and the SMS provider finish after it if they are slower. 0 or absent: answers wait for them.
   */
  readonly uniformAnswerMs?: number;
  /** The change-notice SMS to the owner after every unlock or new password; none when absent. */
  readonly composeChangeSms?: ChangeNoticesOptions['composeText'];
  /** Tells the owner in Teams when someone else changed their account; nobody is told when absent. */
  readonly tellOwner?: ChangeNoticesOptions['tellOwner'];
  /** The last change per account, read by the lockout watcher (relock within 30 minutes). */
  readonly recentChanges?: ChangeNoticesOptions['changes'];
  /** The manager vouches when an own account has no mobile; never offered when absent. */
  readonly managerApproval?: ManagerApprovalOptions;
}

/**
 * The reset story: a case is opened, an account named, a code sent and checked, then the account is
 * unlocked or given a new password. Every step is saved on the case and written to the audit trail.
 * Whoever asks about someone else's account learns nothing from the answers or their timing.
 */
export class ResetService {
  private readonly lifecycle: CaseLifecycle;
  private readonly ownAccounts: OwnAccounts;
  private readonly uniform: UniformAnswers;
  private readonly sending: CodeSending;
  private readonly checking: CodeChecking;
  private readonly actions: AccountActions;
  private readonly notices: ChangeNotices;
  private readonly trail: CaseAudit;
  private readonly turnCases: TurnCases;
  private readonly approvals: ManagerApprovals | undefined;

  constructor(options: ResetServiceOptions) {
    const { clock, codes } = options;
    const logger = options.logger.child({ module: 'reset' });
    const trail = new CaseAudit(options.audit, clock, logger);
    this.turnCases = new TurnCases(options.cases);
    const lifecycle = new CaseLifecycle({ ...options, cases: this.turnCases, trail, logger });
    const delivery = new CodeDelivery({ ...options, lifecycle, trail, logger });
    const limits = new GuessLimits({
      ...(options.guessesPerAccount ? { perAccount: options.guessesPerAccount } : {}),
      ...(options.guessesPerRequester ? { perRequester: options.guessesPerRequester } : {}),
    });
    this.lifecycle = lifecycle;
    this.trail = trail;
    this.ownAccounts = new OwnAccounts(options.directory, clock, logger);
    this.uniform = new UniformAnswers(clock, options.uniformAnswerMs ?? 0, logger);
    this.approvals = options.managerApproval
      ? new ManagerApprovals({
          ...options.managerApproval,
          directory: options.directory,
          lifecycle,
          trail,
          clock,
          logger,
        })
      : undefined;
    this.sending = new CodeSending({
      ...options,
      ...(this.approvals ? { approvals: this.approvals } : {}),
      lifecycle,
      trail,
      own: this.ownAccounts,
      delivery,
      uniform: this.uniform,
      logger,
    });
    this.checking = new CodeChecking({ lifecycle, trail, codes, limits, clock });
    this.notices = new ChangeNotices({
      directory: options.directory,
      sms: options.sms,
      trail,
      clock,
      logger,
      ...(options.composeChangeSms ? { composeText: options.composeChangeSms } : {}),
      ...(options.tellOwner ? { tellOwner: options.tellOwner } : {}),
      ...(options.recentChanges ? { changes: options.recentChanges } : {}),
    });
    this.actions = new AccountActions({ ...options, lifecycle, trail, logger, notices: this.notices });
  }

  /**
   * Runs one turn: each case it touches is read from the store once, then taken from what the turn
   * read or saved (`TurnCases`). Outside it every call reads the store.
   */
  withinTurn<T>(work: () => Promise<T>): Promise<T> {
    return this.turnCases.within(work);
  }

  /** Whether this Teams user may open another case now; counts the attempt when allowed. */
  mayStartCase(requester: Requester): Promise<boolean> {
    return this.lifecycle.mayOpen(requester);
  }

  startCase(start: StartCase): Promise<CaseRecord> {
    return this.lifecycle.open(start);
  }

  /** The requester's own account, to offer with one tap; `undefined` when the Teams user maps to none. */
  ownAccount(requester: Requester, caseId?: string): Promise<Account | undefined> {
    return this.ownAccounts.offer(requester, caseId);
  }

  /** The owner is told where the code went; anyone else gets the uniform answer at its fixed time. */
  submitUsername(caseId: string, typed: string): Promise<UsernameResult> {
    return this.sending.first(caseId, typed);
  }

  resendCode(caseId: string): Promise<ResendResult> {
    return this.sending.again(caseId);
  }

  verifyCode(caseId: string, typed: string): Promise<CodeResult> {
    return this.checking.verify(caseId, typed);
  }

  choose(caseId: string, choice: ResetChoice): Promise<ChoiceResult> {
    return this.actions.choose(caseId, choice);
  }

  unlock(caseId: string): Promise<ActionResult> {
    return this.actions.unlock(caseId);
  }

  setPassword(caseId: string, password: string, repeat: string): Promise<ActionResult> {
    return this.actions.setPassword(caseId, password, repeat);
  }

  /** The requester asks their manager to vouch (offered as `manager-can-confirm`). */
  askManager(caseId: string, requester: Requester): Promise<AskResult> {
    return this.approvals ? this.approvals.ask(caseId, requester) : Promise.resolve({ kind: 'unavailable' });
  }

  /** The approver's answer; only the request's approver, once, in time. */
  decideApproval(
    caseId: string,
    requestId: string,
    presser: string | undefined,
    approve: boolean,
  ): Promise<DecideResult> {
    return this.approvals
      ? this.approvals.decide(caseId, requestId, presser, approve)
      : Promise.resolve({ kind: 'not-yours' });
  }

  approvalStatus(caseId: string): Promise<ApprovalStatus> {
    return this.approvals ? this.approvals.status(caseId) : Promise.resolve({ kind: 'none' });
  }

  /** Notes on the case that it was started from a lockout notice's button (service-desk records). */
  async noteNoticeFollowed(caseId: string, noticeId: string): Promise<void> {
    const record = await this.lifecycle.get(caseId);
    if (record) await this.trail.note(record, 'notice-followed', noticeId);
  }

  /** Closes the case as expired when it has been idle too long; returns it as it now is. */
  touch(caseId: string): Promise<CaseRecord | undefined> {
    return this.lifecycle.touch(caseId);
  }

  /** Ends an open case (cancel, abandoned, expired); a closed case keeps its outcome. */
  close(caseId: string, outcome: CaseOutcome, detail?: string): Promise<CaseRecord | undefined> {
    return this.lifecycle.close(caseId, outcome, detail);
  }

  getCase(caseId: string): Promise<CaseRecord | undefined> {
    return this.lifecycle.get(caseId);
  }

  /** Approval timers still waiting do nothing from now on (shutdown). */
  stop(): void {
    this.approvals?.stop();
  }

  /** Resolves when codes and change notices still being sent after their answer have gone out (or failed, logged). */
  async flush(): Promise<void> {
    await this.uniform.flush();
    await this.notices.flush();
  }
}
