import type { Middleware, Storage } from 'botbuilder';
import type { SenderPolicy } from '../bot/connectorSender';
import type { AccountDirectory, AuditLog, CaseStore, RecordStore, SmsSender } from '../reset/ports';

/** Which outside system a dependency span stands for; also the `reset.dependency` attribute. */
export type Dependency = 'directory' | 'sms' | 'storage' | 'connector';

export interface Telemetry {
  /** Times each turn (a request in Application Insights) with its dependency calls below it; first in the chain. */
  readonly turns?: Middleware;
  directory<T extends AccountDirectory>(directory: T): T;
  sms(sender: SmsSender): SmsSender;
  cases<T extends CaseStore>(store: T): T;
  /** Counts cases by outcome (the audit trail's one `outcome` event per case). */
  audit<T extends AuditLog>(log: T): T;
  records<T>(prefix: string, store: RecordStore<T>): RecordStore<T>;
  /** Bot state (conversation state) in botbuilder's Storage. */
  storage<T extends Storage>(storage: T): T;
  /** The connector sender's pipeline policy: one span per connector call, its retries inside. */
  connector(policy: SenderPolicy): SenderPolicy;
  /** Sends what is buffered and stops; safe to call twice. */
  shutdown(): Promise<void>;
}
