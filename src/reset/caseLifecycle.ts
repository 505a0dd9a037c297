import { randomUUID } from 'node:crypto';
import type { AuditEvent } from './audit';
import { waitingUntil } from './approvals/approvalRequest';
import type { CaseAudit } from './caseAudit';
import type { CaseOutcome, CaseRecord, Requester } from './case';
import { isOpen } from './case';
import { finished, opened } from './caseChanges';
import { ConflictError } from './errors';
import type { RateLimit } from './guessLimits';
import type { CaseStore, Clock, Logger } from './ports';
import type { CaseClosed, StartCase } from './results';

/** What a step decided: the record to save (none: nothing changed) and what to answer. */
export interface StepOutcome<R> {
  readonly record?: CaseRecord;
  readonly result: R;
  /** What happened, for the audit trail: saved in one write with `record`, on their own without one. */
  readonly events?: readonly AuditEvent[];
}

export interface CaseLifecycleOptions {
  readonly cases: CaseStore;
  readonly trail: CaseAudit;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly idleTimeoutMs: number;
  /** Cases one Teams user may start per window (abuse); unlimited when absent. */
  readonly casesPerRequester?: RateLimit;
}

/** Work that finishes after the answer may amend a case this many times before giving up. */
const AMEND_ATTEMPTS = 10;

/**
 * A case's life: opened, changed one step at a time under its ETag, closed with an outcome, expired
 * when idle. Changes of one case on this instance run one at a time, so work that finishes after an
 * answer (a code still being sent) and the user's next step do not overwrite each other.
 */
export class CaseLifecycle {
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly options: CaseLifecycleOptions) {}

  /** Whether this Teams user may open another case now; counts the attempt when allowed. */
  async mayOpen(requester: Requester): Promise<boolean> {
    const limit = this.options.casesPerRequester;
    if (!limit) return true;
    const who = requester.aadObjectId ?? requester.userId;
    const allowed = await limit.take(`cases/${who}`, this.options.clock.now());
    if (!allowed) this.options.logger.warn({ requester: who }, 'too many cases from one user');
    return allowed;
  }

  async open(start: StartCase): Promise<CaseRecord> {
    const record = opened(start, randomUUID(), this.now());
    await this.options.cases.saveWithEvents(record, [this.options.trail.event(record, 'started')]);
    return record;
  }

  async get(caseId: string): Promise<CaseRecord | undefined> {
    return (await this.options.cases.get(caseId))?.value;
  }

  /** Closes the case as expired when it has been idle too long; returns it as it now is. */
  async touch(caseId: string): Promise<CaseRecord | undefined> {
    const record = await this.get(caseId);
    if (!record || !isOpen(record)) return record;
    return this.isIdle(record) ? this.close(caseId, 'expired') : record;
  }

  /** Ends an open case (cancel, abandoned, expired); a closed case keeps its outcome. */
  async close(caseId: string, outcome: CaseOutcome, detail?: string): Promise<CaseRecord | undefined> {
    let closed: CaseRecord | undefined;
    await this.update(caseId, async (record) => {
      const finish = await this.finish(record, outcome, undefined, detail);
      closed = finish.record;
      return finish;
    });
    return closed ?? (await this.get(caseId));
  }

  /**
   * The case's last step: the outcome is recorded and logged; its audit event follows `earlier` (what
   * else the step did), to be saved with the record.
   */
  finish<R>(
    record: CaseRecord,
    outcome: CaseOutcome,
    result: R,
    detail?: string,
    earlier: readonly AuditEvent[] = [],
  ): Promise<{ record: CaseRecord; result: R; events: readonly AuditEvent[] }> {
    const next = finished(record, outcome, this.now(), detail);
    const events = [...earlier, this.options.trail.outcome(next, outcome, detail)];
    this.options.logger.info({ caseId: record.id, outcome }, 'case finished');
    return Promise.resolve({ record: next, result, events });
  }

  /**
   * One step of the user's: read–modify–write of the case under its ETag. A closed case answers
   * `case-closed` without running `step`, so a late or replayed submit cannot act on a finished case;
   * an idle one is closed as expired first, whatever the caller remembered to check.
   */
  async update<R>(
    caseId: string,
    step: (record: CaseRecord) => Promise<StepOutcome<R>>,
  ): Promise<R | CaseClosed> {
    return this.oneAtATime(caseId, async () => {
      const current = await this.options.cases.get(caseId);
      if (!current) return { kind: 'case-closed', outcome: 'abandoned' } as const;
      if (!isOpen(current.value)) {
        return { kind: 'case-closed', outcome: current.value.outcome ?? 'abandoned' } as const;
      }
      if (this.isIdle(current.value)) {
        const { record, events } = await this.finish(current.value, 'expired', undefined);
        await this.options.cases.saveWithEvents({ ...record, updatedAt: this.now() }, events, current.etag);
        return { kind: 'case-closed', outcome: 'expired' } as const;
      }
      const { record, result, events = [] } = await step(current.value);
      if (record) {
        await this.options.cases.saveWithEvents({ ...record, updatedAt: this.now() }, events, current.etag);
      } else {
        await this.options.trail.notes(events);
      }
      return result;
    });
  }

  /**
   * A change from work that runs on after an answer (sending a code): `change` must be pure, as it is
   * run again when someone else wrote first; `undefined` leaves the case as it is. It does not count as
   * the user's activity, so it neither expires nor refreshes an idle case. `events` are saved with the
   * change, or on their own when the case is left as it is. Returns the case as saved.
   */
  async amend(
    caseId: string,
    change: (record: CaseRecord) => CaseRecord | undefined,
    events: readonly AuditEvent[] = [],
  ): Promise<CaseRecord | undefined> {
    return this.oneAtATime(caseId, async () => {
      for (let attempt = 0; attempt < AMEND_ATTEMPTS; attempt++) {
        const current = await this.options.cases.get(caseId);
        const next = current && change(current.value);
        if (!current || !next) {
          await this.options.trail.notes(events);
          return undefined;
        }
        try {
          await this.options.cases.saveWithEvents(next, events, current.etag);
          return next;
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
        }
      }
      throw new ConflictError(`case ${caseId} kept changing under a late amendment`);
    });
  }

  private isIdle(record: CaseRecord): boolean {
    // A case waiting for a manager's answer is not idle before the request runs out.
    const until = Math.max(Date.parse(record.updatedAt) + this.options.idleTimeoutMs, waitingUntil(record));
    return until < this.options.clock.now().getTime();
  }

  private async oneAtATime<T>(caseId: string, work: () => Promise<T>): Promise<T> {
    const before = this.queues.get(caseId) ?? Promise.resolve();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const mine = before.then(() => released);
    this.queues.set(caseId, mine);
    await before;
    try {
      return await work();
    } finally {
      release();
      if (this.queues.get(caseId) === mine) this.queues.delete(caseId);
    }
  }

  private now(): string {
    return this.options.clock.now().toISOString();
  }
}
