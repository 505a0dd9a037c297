import type { AuditEvent } from '../reset/audit';
import type { CaseRecord } from '../reset/case';
import { ConflictError } from '../reset/errors';
import type { AuditLog, CaseStore, Logger, RecordStore } from '../reset/ports';
import { describe } from '../reset/resetService';
import type { AlertKind } from './alertKinds';
import { alertKindsOf } from './alertKinds';

/** One alert, with the case as saved right after the event that called for it. */
export interface Alert {
  readonly kind: AlertKind;
  /** When it happened (the audit event's time, UTC ISO). */
  readonly at: string;
  readonly record: CaseRecord;
}

/** Delivers an alert; failures are the poster's to log, never the user's conversation's. */
export interface AlertPoster {
  post(alert: Alert): Promise<void>;
}

/** The marker that an alert of one kind went out for one case. */
export interface SentAlert {
  readonly at: string;
}

export interface CaseAlertsOptions {
  readonly poster: AlertPoster;
  /** Shared by every instance, so an alert goes out once however many instances see its case. */
  readonly sent: RecordStore<SentAlert>;
  readonly logger: Logger;
  /** Cases with alerts waiting for their save; the oldest are dropped beyond it. */
  readonly maxWaitingCases?: number;
}

/**
 * Alerts for the service desk, taken from the reset service's own ports: the audit trail says *that*
 * something happened, and the alert goes out when the case record that explains it (account, requester)
 * is saved, which ResetService does right after the events of a step. Posting is not awaited by the
 * user's turn; `flush` waits for what is under way.
 */
export class CaseAlerts {
  private readonly waiting = new Map<string, { kind: AlertKind; at: string }[]>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly log: Logger;
  private readonly maxWaitingCases: number;

  constructor(private readonly options: CaseAlertsOptions) {
    this.log = options.logger.child({ module: 'alerts' });
    this.maxWaitingCases = options.maxWaitingCases ?? 1000;
  }

  /** Forwards every event; notes the alert-worthy ones. */
  auditLog(inner: AuditLog): AuditLog {
    return {
      record: async (event: AuditEvent) => {
        this.note(event);
        await inner.record(event);
      },
    };
  }

  /** Forwards every call; a successful save releases the alerts waiting for that case. */
  caseStore(inner: CaseStore): CaseStore {
    return {
      get: (caseId) => inner.get(caseId),
      list: (query) => inner.list(query),
      save: async (record, etag) => {
        const saved = await inner.save(record, etag);
        this.release(record);
        return saved;
      },
      saveWithEvents: async (record, events, etag) => {
        for (const event of events) this.note(event);
        const saved = await inner.saveWithEvents(record, events, etag);
        this.release(record);
        return saved;
      },
    };
  }

  /** Resolves when every alert started so far has been posted, skipped or given up. */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private note(event: AuditEvent): void {
    const kinds = alertKindsOf(event);
    if (kinds.length === 0) return;
    const pending = this.waiting.get(event.caseId) ?? [];
    for (const kind of kinds) {
      if (!pending.some((alert) => alert.kind === kind)) pending.push({ kind, at: event.at });
    }
    this.waiting.delete(event.caseId);
    this.waiting.set(event.caseId, pending);
    while (this.waiting.size > this.maxWaitingCases) {
      const [oldest] = this.waiting.keys();
      if (oldest === undefined) break;
      this.log.warn(
        { caseId: oldest, kinds: this.waiting.get(oldest)?.map((alert) => alert.kind) },
        'alerts dropped: their case was never saved',
      );
      this.waiting.delete(oldest);
    }
  }

  private release(record: CaseRecord): void {
    const pending = this.waiting.get(record.id);
    if (!pending) return;
    this.waiting.delete(record.id);
    for (const { kind, at } of pending) {
      const posting = this.postOnce({ kind, at, record }).finally(() => this.inFlight.delete(posting));
      this.inFlight.add(posting);
    }
  }

  private async postOnce(alert: Alert): Promise<void> {
    const caseId = alert.record.id;
    try {
      // Claimed before posting: a post that fails is logged, not repeated by the next save or instance.
      await this.options.sent.put(`${caseId}/${alert.kind}`, { at: alert.at });
    } catch (error) {
      if (error instanceof ConflictError) {
        this.log.debug({ caseId, kind: alert.kind }, 'alert already sent for this case');
      } else {
        this.log.warn(
          { caseId, kind: alert.kind, err: describe(error) },
          'alert not posted: could not mark it as sent',
        );
      }
      return;
    }
    try {
      await this.options.poster.post(alert);
    } catch (error) {
      this.log.warn({ caseId, kind: alert.kind, err: describe(error) }, 'alert could not be posted');
    }
  }
}
