import { randomUUID } from 'node:crypto';
import type { Account, UnlockResult } from './account';
import { lastTwoDigits } from './account';
import type { AuditEvent } from './audit';
import type { CaseAccount, CaseOutcome, CaseRecord, CaseStep, Requester, ResetChoice } from './case';
import { isOpen } from './case';
import type { CodeIssuer } from './code';
import { normaliseCodeInput } from './code';
import type { DirectoryRejection } from './errors';
import { ConflictError, PasswordRejectedError, ResetError } from './errors';
import type { PasswordPolicyOptions, PasswordViolation } from './passwordPolicy';
import { checkPassword, defaultPasswordPolicy } from './passwordPolicy';
import type { AccountDirectory, AuditLog, CaseStore, Clock, Logger, SmsSender } from './ports';
import type { SmsBudget } from './smsBudget';
import type { PasswordBlocklist } from './passwordBlocklist';
import type { SmsThrottle } from './smsThrottle';
import { guessKeyOf, withTypedUsername } from './typedUsername';
import { parseUsername } from './username';

const MAX_REMEMBERED_OFFERS = 1000;
const OFFER_FRESH_MS = 5 * 60_000;

export interface ResetServiceOptions {
  readonly directory: AccountDirectory;
  readonly sms: SmsSender;
  readonly cases: CaseStore;
  readonly audit: AuditLog;
  readonly throttle: SmsThrottle;
  /** The service-wide hourly cap, on top of the per-account throttle; none when absent. */
  readonly budget?: SmsBudget;
  readonly codes: CodeIssuer;
  readonly clock: Clock;
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
  /** Code guesses per account per window, across cases; past it no guess is even checked. */
  readonly guessesPerAccount?: RateLimit;
  /** Answers about other people's accounts take at least this long, so timing tells nothing. */
  readonly uniformAnswerMinMs?: number;
}

/** Takes one event from a shared allowance; false when the allowance is spent (nothing counted). */
export interface RateLimit {
  take(key: string, now: Date): Promise<boolean>;
}

/** What the user is told after giving a username. Answers about other people's accounts are uniform. */
export type UsernameResult =
  | { kind: 'code-sent'; phoneLast2: string }
  | { kind: 'code-sent-if-exists' }
  | { kind: 'invalid-username' }
  | { kind: 'no-phone' }
  | { kind: 'disabled' }
  | { kind: 'blocked'; until: Date }
  | { kind: 'sms-failed' }
  | { kind: 'directory-unavailable' }
  | CaseClosed;

export type ResendResult =
  | { kind: 'code-sent'; phoneLast2: string }
  | { kind: 'code-sent-if-exists' }
  | { kind: 'cooldown'; secondsLeft: number }
  | { kind: 'blocked'; until: Date }
  | { kind: 'sms-failed' }
  | CaseClosed;

export type CodeResult =
  | { kind: 'verified' }
  | { kind: 'too-many-guesses' }
  | { kind: 'invalid-format' }
  | { kind: 'wrong'; attemptsLeft: number }
  | { kind: 'exhausted' }
  | { kind: 'expired' }
  | CaseClosed;

export type ActionResult =
  | { kind: 'unlocked'; result: UnlockResult }
  | { kind: 'password-set' }
  | { kind: 'password-invalid'; violations: PasswordViolation[] }
  | { kind: 'password-rejected'; reasons: readonly DirectoryRejection[] }
  | { kind: 'not-verified' }
  | { kind: 'not-writable' }
  | { kind: 'directory-unavailable' }
  | CaseClosed;

export type CaseClosed = { kind: 'case-closed'; outcome: CaseOutcome };

export type ChoiceResult = { kind: 'ok' } | { kind: 'not-verified' } | CaseClosed;

type SendResult =
  | { kind: 'code-sent'; phoneLast2: string }
  | { kind: 'code-sent-if-exists' }
  | { kind: 'blocked'; until: Date }
  | { kind: 'sms-failed' };

export interface StartCase {
  readonly conversationId: string;
  /** The Bot Framework channel (`msteams`), so the service desk finds the transcript. */
  readonly channelId?: string;
  readonly requester: Requester;
  readonly locale: string;
  readonly platform?: string;
}

/**
 * The reset story: a case is opened, an account named, a code sent and checked, then the account is
 * unlocked or given a new password. Every step is saved on the case and written to the audit trail.
 */
export class ResetService {
  private readonly log: Logger;
  private readonly offers = new Map<string, { account: Account; at: number }>();

  constructor(private readonly options: ResetServiceOptions) {
    this.log = options.logger.child({ module: 'reset' });
  }

  /** Whether this Teams user may open another case now; counts the attempt when allowed. */
  async mayStartCase(requester: Requester): Promise<boolean> {
    const limit = this.options.casesPerRequester;
    if (!limit) return true;
    const allowed = await limit.take(
      `cases/${requester.aadObjectId ?? requester.userId}`,
      this.options.clock.now(),
    );
    if (!allowed)
      this.log.warn({ requester: requester.aadObjectId ?? requester.userId }, 'too many cases from one user');
    return allowed;
  }

  async startCase(start: StartCase): Promise<CaseRecord> {
    const now = this.now();
    const record: CaseRecord = {
      id: randomUUID(),
      conversationId: start.conversationId,
      ...(start.channelId ? { channelId: start.channelId } : {}),
      createdAt: now,
      updatedAt: now,
      requester: start.requester,
      locale: start.locale,
      ...(start.platform ? { platform: start.platform } : {}),
      codesSent: 0,
      steps: [{ step: 'started', at: now }],
    };
    await this.options.cases.save(record);
    await this.audit(record, 'started');
    return record;
  }

  /** The requester's own account, to offer with one tap; `undefined` when the Teams user maps to none. */
  async ownAccount(requester: Requester, caseId?: string): Promise<Account | undefined> {
    if (!requester.aadObjectId) return undefined;
    try {
      const account = await this.options.directory.findByAadObjectId(requester.aadObjectId);
      if (account && caseId !== undefined) this.rememberOffer(caseId, account);
      return account;
    } catch (error) {
      this.log.warn({ err: describe(error) }, 'could not look up the requester’s own account');
      return undefined;
    }
  }

  /**
   * The account just offered with one tap is used when the user taps it, instead of asking the
   * directory again a few seconds later (one lookup per reset). Kept briefly, per instance, bounded.
   */
  private rememberOffer(caseId: string, account: Account): void {
    this.offers.delete(caseId);
    this.offers.set(caseId, { account, at: this.options.clock.now().getTime() });
    while (this.offers.size > MAX_REMEMBERED_OFFERS) {
      const oldest = this.offers.keys().next().value;
      if (oldest === undefined) break;
      this.offers.delete(oldest);
    }
  }

  private takeOffer(caseId: string, username: string): Account | undefined {
    const offer = this.offers.get(caseId);
    this.offers.delete(caseId);
    if (!offer || this.options.clock.now().getTime() - offer.at > OFFER_FRESH_MS) return undefined;
    const name = username.toLowerCase();
    return offer.account.username.toLowerCase() === name || offer.account.upn.toLowerCase() === name
      ? offer.account
      : undefined;
  }

  /** Closes the case as expired when it has been idle too long; returns whether it is still open. */
  async touch(caseId: string): Promise<CaseRecord | undefined> {
    const current = await this.load(caseId);
    if (!current) return undefined;
    const record = current.value;
    if (!isOpen(record)) return record;
    if (this.isIdle(record)) return this.close(caseId, 'expired');
    return record;
  }

  private isIdle(record: CaseRecord): boolean {
    return Date.parse(record.updatedAt) + this.options.idleTimeoutMs < this.options.clock.now().getTime();
  }

  async submitUsername(caseId: string, typed: string): Promise<UsernameResult> {
    const started = Date.now();
    const result = await this.lookUpAndSend(caseId, typed);
    // Whether someone else's account exists must not show in how long the answer took.
    if (result.kind === 'code-sent-if-exists' && this.options.uniformAnswerMinMs) {
      const wait = this.options.uniformAnswerMinMs - (Date.now() - started);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    return result;
  }

  private async lookUpAndSend(caseId: string, typed: string): Promise<UsernameResult> {
    return this.update<UsernameResult>(caseId, async (record) => {
      const username = parseUsername(typed);
      if (!username) return { result: { kind: 'invalid-username' } };

      let account: Account | undefined;
      try {
        account = this.takeOffer(caseId, username) ?? (await this.options.directory.findByUsername(username));
      } catch (error) {
        return this.directoryFailed(
          record,
          error,
          withTypedUsername(record, username, undefined, this.options.codes),
        );
      }
      const own =
        account !== undefined &&
        record.requester.aadObjectId !== undefined &&
        account.aadObjectId === record.requester.aadObjectId;
      // A new name starts the account step over: nothing verified for, or known of, an earlier account
      // may carry over to this one.
      const { account: _account, code: _code, verifiedAt: _verifiedAt, choice: _choice, ...fresh } = record;
      const base: CaseRecord = {
        ...withTypedUsername(fresh, username, account, this.options.codes),
        ownAccount: own,
        ...(account ? { account: toCaseAccount(account) } : {}),
        steps: [...record.steps, { step: 'account-entered', at: this.now() }],
      };
      await this.audit(base, 'account-entered');
      if (!own)
        this.log.info({ caseId, found: account !== undefined }, 'requester asked about another account');

      if (account && !account.enabled) {
        return own
          ? this.finish(base, 'blocked', { kind: 'disabled' }, 'account disabled')
          : this.uniformWithoutCode(base, 'account disabled');
      }
      if (account && !account.mobile) {
        return own
          ? this.finish(base, 'no-phone', { kind: 'no-phone' })
          : this.uniformWithoutCode(base, 'no registered mobile');
      }
      if (!account) return this.uniformWithoutCode(base, 'no such account');
      return this.sendCode(base, account, own);
    });
  }

  async resendCode(caseId: string): Promise<ResendResult> {
    return this.update<ResendResult>(caseId, async (record) => {
      if (record.verifiedAt)
        return { result: { kind: 'case-closed', outcome: record.outcome ?? 'cancelled' } };
      const sinceLast = record.lastCodeSentAt
        ? this.options.clock.now().getTime() - Date.parse(record.lastCodeSentAt)
        : Number.POSITIVE_INFINITY;
      if (sinceLast < this.options.resendCooldownMs) {
        const secondsLeft = Math.ceil((this.options.resendCooldownMs - sinceLast) / 1000);
        return { result: { kind: 'cooldown', secondsLeft } };
      }
      const account = record.account;
      const canSend = account?.phoneLast2 !== undefined && record.code !== undefined && record.codesSent > 0;
      if (!account || !canSend) return this.uniformWithoutCode(record, 'resend without deliverable account');
      let fresh: Account | undefined;
      try {
        fresh = await this.options.directory.findByUsername(account.username);
      } catch (error) {
        this.log.warn({ caseId, err: describe(error) }, 'directory lookup failed before resend');
        return { result: { kind: 'sms-failed' } };
      }
      if (!fresh?.mobile) return this.uniformWithoutCode(record, 'account or mobile vanished before resend');
      return this.sendCode(record, fresh, record.ownAccount === true);
    });
  }

  async verifyCode(caseId: string, typed: string): Promise<CodeResult> {
    return this.update<CodeResult>(caseId, async (record) => {
      const code = normaliseCodeInput(typed);
      if (!code) return { result: { kind: 'invalid-format' } };
      if (record.verifiedAt) return { result: { kind: 'verified' } };
      const now = this.options.clock.now();
      const guessKey = guessKeyOf(record);
      if (this.options.guessesPerAccount && !(await this.options.guessesPerAccount.take(guessKey, now))) {
        await this.audit(record, 'throttled', 'code guesses per account');
        return this.finish(record, 'blocked', { kind: 'too-many-guesses' }, 'code guesses per account');
      }
      const check = this.options.codes.check(record.id, record.code, code, now);
      switch (check) {
        case 'valid': {
          const verified: CaseRecord = {
            ...record,
            code: { ...record.code!, consumed: true },
            verifiedAt: now.toISOString(),
            steps: [...record.steps, { step: 'code-verified', at: now.toISOString() }],
          };
          await this.audit(verified, 'code-verified');
          return { record: verified, result: { kind: 'verified' } };
        }
        case 'wrong': {
          const wrong = { ...record.code!, wrongAttempts: record.code!.wrongAttempts + 1 };
          const next: CaseRecord = {
            ...record,
            code: wrong,
            steps: [...record.steps, { step: 'code-wrong', at: now.toISOString() }],
          };
          await this.audit(next, 'code-wrong');
          const attemptsLeft = this.options.codes.attemptsLeft(wrong);
          return {
            record: next,
            result: attemptsLeft > 0 ? { kind: 'wrong', attemptsLeft } : { kind: 'exhausted' },
          };
        }
        case 'exhausted':
          return { result: { kind: 'exhausted' } };
        case 'expired':
          return { result: { kind: 'expired' } };
        case 'none':
        case 'consumed':
          return { result: { kind: 'exhausted' } };
      }
    });
  }

  async choose(caseId: string, choice: ResetChoice): Promise<ChoiceResult> {
    return this.update<ChoiceResult>(caseId, async (record) => {
      if (!record.verifiedAt || !record.account) return { result: { kind: 'not-verified' } };
      const next: CaseRecord = {
        ...record,
        choice,
        steps: [...record.steps, { step: 'choice-made', at: this.now() }],
      };
      await this.audit(next, 'choice-made', choice);
      return { record: next, result: { kind: 'ok' } };
    });
  }

  async unlock(caseId: string): Promise<ActionResult> {
    return this.update<ActionResult>(caseId, async (record) => {
      const account = record.account;
      if (!record.verifiedAt || !account) return { result: { kind: 'not-verified' } };
      try {
        const result = await this.options.directory.unlock(account);
        return this.finish(record, 'unlocked', { kind: 'unlocked', result }, result);
      } catch (error) {
        return this.writeFailed(record, error);
      }
    });
  }

  /** Checks our policy first (nothing written when it fails); the directory then enforces history. */
  async setPassword(caseId: string, password: string, repeat: string): Promise<ActionResult> {
    return this.update<ActionResult>(caseId, async (record) => {
      const account = record.account;
      if (!record.verifiedAt || !account) return { result: { kind: 'not-verified' } };
      const violations = checkPassword(
        password,
        repeat,
        account,
        this.options.passwordPolicy ?? defaultPasswordPolicy,
      );
      if (password.length > 0 && this.options.blocklist?.isBlocked(password))
        violations.push('common-password');
      if (violations.length > 0) {
        const next = this.step(record, 'password-rejected');
        await this.audit(next, 'password-rejected', violations.join(','));
        return { record: next, result: { kind: 'password-invalid', violations } };
      }
      try {
        await this.options.directory.setPassword(account, password);
        return this.finish(record, 'password-set', { kind: 'password-set' });
      } catch (error) {
        if (error instanceof PasswordRejectedError) {
          const next = this.step(record, 'password-rejected');
          await this.audit(next, 'password-rejected', error.reasons.join(','));
          return { record: next, result: { kind: 'password-rejected', reasons: error.reasons } };
        }
        return this.writeFailed(record, error);
      }
    });
  }

  /** Ends an open case (cancel, abandoned, expired); a closed case keeps its outcome. */
  async close(caseId: string, outcome: CaseOutcome, detail?: string): Promise<CaseRecord | undefined> {
    let closed: CaseRecord | undefined;
    await this.update(caseId, async (record) => {
      const finished = await this.finish(record, outcome, undefined, detail);
      closed = finished.record;
      return finished;
    });
    return closed ?? (await this.load(caseId))?.value;
  }

  async getCase(caseId: string): Promise<CaseRecord | undefined> {
    return (await this.load(caseId))?.value;
  }

  private async sendCode(
    record: CaseRecord,
    account: Account,
    own: boolean,
  ): Promise<{ record: CaseRecord; result: SendResult }> {
    const now = this.options.clock.now();
    const decision = await this.options.throttle.take(account.id, now);
    if (!decision.allowed) {
      await this.audit(record, 'throttled', 'sms per account');
      if (!own) return this.uniformWithoutCode(record, 'sms throttle');
      return this.finish(record, 'blocked', { kind: 'blocked', until: decision.until }, 'sms throttle');
    }
    if (this.options.budget && !(await this.options.budget.take(now))) {
      this.log.warn({ caseId: record.id }, 'hourly SMS budget exhausted: no code sent');
      await this.audit(record, 'throttled', 'sms hourly budget');
      if (!own) return this.uniformWithoutCode(record, 'sms hourly budget');
      return this.finish(record, 'sms-error', { kind: 'sms-failed' }, 'sms hourly budget');
    }
    const { code, record: codeRecord } = this.options.codes.issue(record.id, now);
    const text = this.options.composeSms({
      code,
      locale: record.locale,
      validMinutes: Math.round(this.options.codeTtlMs / 60_000),
    });
    try {
      await this.options.sms.send({ to: account.mobile!, text, caseId: record.id });
    } catch (error) {
      // No code is left valid that never reached the phone.
      this.log.warn({ caseId: record.id, err: describe(error) }, 'SMS could not be sent');
      await this.audit(record, 'sms-failed', describe(error));
      if (!own) return this.uniformWithoutCode(record, 'sms failed');
      return this.finish(record, 'sms-error', { kind: 'sms-failed' }, describe(error));
    }
    const next: CaseRecord = {
      ...record,
      code: codeRecord,
      codesSent: record.codesSent + 1,
      lastCodeSentAt: now.toISOString(),
      steps: [...record.steps, { step: 'code-sent', at: now.toISOString() }],
    };
    await this.audit(next, 'code-sent');
    this.log.info({ caseId: record.id, phoneLast2: lastTwoDigits(account.mobile!) }, 'code sent');
    return {
      record: next,
      result: own
        ? { kind: 'code-sent', phoneLast2: lastTwoDigits(account.mobile!) }
        : { kind: 'code-sent-if-exists' },
    };
  }

  /**
   * The uniform answer for someone else's account: the case gets a code nobody received, so the next
   * steps (wrong code, attempts, resend) look exactly as they would for an account that exists.
   */
  private async uniformWithoutCode(
    record: CaseRecord,
    why: string,
  ): Promise<{ record: CaseRecord; result: { kind: 'code-sent-if-exists' } }> {
    const now = this.options.clock.now();
    const { record: codeRecord } = this.options.codes.issue(record.id, now);
    const next: CaseRecord = {
      ...record,
      code: codeRecord,
      lastCodeSentAt: now.toISOString(),
      outcomeDetail: why,
    };
    await this.audit(next, 'code-sent', `not sent: ${why}`);
    return { record: next, result: { kind: 'code-sent-if-exists' } };
  }

  private async finish<R>(
    record: CaseRecord,
    outcome: CaseOutcome,
    result: R,
    detail?: string,
  ): Promise<{ record: CaseRecord; result: R }> {
    const now = this.now();
    const next: CaseRecord = {
      ...record,
      outcome,
      ...(detail !== undefined ? { outcomeDetail: detail } : {}),
      finishedAt: now,
      steps: [...record.steps, { step: 'finished', at: now }],
    };
    await this.record({
      at: now,
      caseId: record.id,
      type: 'outcome',
      outcome,
      ...this.who(next),
      ...(detail !== undefined ? { detail } : {}),
    });
    this.log.info({ caseId: record.id, outcome }, 'case finished');
    return { record: next, result };
  }

  private async directoryFailed(
    record: CaseRecord,
    error: unknown,
    extra: Partial<CaseRecord>,
  ): Promise<{ record: CaseRecord; result: { kind: 'directory-unavailable' } }> {
    this.log.error({ caseId: record.id, err: describe(error) }, 'directory lookup failed');
    await this.audit(record, 'directory-error', describe(error));
    return { record: { ...record, ...extra }, result: { kind: 'directory-unavailable' } };
  }

  private async writeFailed(
    record: CaseRecord,
    error: unknown,
  ): Promise<{ record: CaseRecord; result: ActionResult }> {
    if (error instanceof ResetError && error.code === 'account-not-writable') {
      this.log.warn({ caseId: record.id, err: describe(error) }, 'account may not be changed');
      return this.finish(record, 'directory-error', { kind: 'not-writable' }, describe(error));
    }
    this.log.error({ caseId: record.id, err: describe(error) }, 'directory write failed');
    await this.audit(record, 'directory-error', describe(error));
    return { record, result: { kind: 'directory-unavailable' } };
  }

  /**
   * Read–modify–write of one case under its ETag. A closed case answers `case-closed` without
   * running `change`, so a late or replayed submit cannot act on a finished case.
   */
  private async update<R>(
    caseId: string,
    change: (record: CaseRecord) => Promise<{ record?: CaseRecord; result: R }>,
  ): Promise<R | CaseClosed> {
    const current = await this.load(caseId);
    if (!current) return { kind: 'case-closed', outcome: 'abandoned' };
    if (!isOpen(current.value)) return { kind: 'case-closed', outcome: current.value.outcome ?? 'abandoned' };
    // The domain enforces the idle limit itself, whatever the caller remembered to check first.
    if (this.isIdle(current.value)) {
      const { record } = await this.finish(current.value, 'expired', undefined);
      await this.options.cases.save({ ...record, updatedAt: this.now() }, current.etag);
      return { kind: 'case-closed', outcome: 'expired' };
    }
    const { record, result } = await change(current.value);
    if (record) {
      await this.options.cases.save({ ...record, updatedAt: this.now() }, current.etag);
    }
    return result;
  }

  private async load(caseId: string) {
    return this.options.cases.get(caseId);
  }

  private step(record: CaseRecord, step: CaseStep): CaseRecord {
    return { ...record, steps: [...record.steps, { step, at: this.now() }] };
  }

  private async audit(record: CaseRecord, type: AuditEvent['type'], detail?: string): Promise<void> {
    await this.record({
      at: this.now(),
      caseId: record.id,
      type,
      ...this.who(record),
      ...(detail !== undefined ? { detail } : {}),
    });
  }

  private who(record: CaseRecord): Pick<AuditEvent, 'requesterAadObjectId' | 'account' | 'ownAccount'> {
    return {
      ...(record.requester.aadObjectId ? { requesterAadObjectId: record.requester.aadObjectId } : {}),
      ...(record.account ? { account: record.account.username } : {}),
      ...(record.ownAccount !== undefined ? { ownAccount: record.ownAccount } : {}),
    };
  }

  private async record(event: AuditEvent): Promise<void> {
    try {
      await this.options.audit.record(event);
    } catch (error) {
      // Losing an audit line must not strand the user mid-reset; the operator sees it in the log.
      this.log.error({ caseId: event.caseId, err: describe(error), type: event.type }, 'audit write failed');
    }
  }

  private now(): string {
    return this.options.clock.now().toISOString();
  }
}

function toCaseAccount(account: Account): CaseAccount {
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    upn: account.upn,
    source: account.source,
    ...(account.mobile ? { phoneLast2: lastTwoDigits(account.mobile) } : {}),
  };
}

/** An error as a log-safe string: type, code and message, never the request that caused it. */
export function describe(error: unknown): string {
  if (error instanceof ResetError) return `${error.name}(${error.code}): ${error.message}`;
  if (error instanceof ConflictError) return `conflict: ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
