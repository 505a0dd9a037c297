import type { RecordStore } from './ports';
import { ConflictError } from './errors';

export interface SmsThrottlePolicy {
  /** Codes per account within `windowMs` before the account is blocked. */
  readonly maxPerWindow: number;
  readonly windowMs: number;
  readonly blockMs: number;
}

export interface SmsThrottleState {
  /** Send times (ms since epoch) within the window. */
  readonly sentAt: readonly number[];
  readonly blockedUntil?: number;
}

export type ThrottleDecision = { allowed: true } | { allowed: false; until: Date };

/**
 * Per-account SMS throttle, Entra SSPR style: `maxPerWindow` codes per window, one more attempt
 * blocks the account for `blockMs`. Kept in the shared store so every instance sees the same count.
 */
export class SmsThrottle {
  constructor(
    private readonly store: RecordStore<SmsThrottleState>,
    private readonly policy: SmsThrottlePolicy,
  ) {}

  /** Takes one send from the allowance, or says until when the account is blocked. */
  async take(accountKey: string, now: Date): Promise<ThrottleDecision> {
    // A conflict means another take changed the record first. In a burst at most `maxPerWindow` + 1 can
    // (the last one blocks, and a blocked record is not written again), so the caller is not failed.
    const attempts = this.policy.maxPerWindow + 2;
    for (let attempt = 0; attempt < attempts; attempt++) {
      const key = `sms-throttle/${accountKey}`;
      const current = await this.store.get(key);
      const decision = decide(current?.value, this.policy, now.getTime());
      if (current !== undefined && decision.next === current.value) return decision.result;
      try {
        await this.store.put(key, decision.next, current?.etag);
        return decision.result;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    }
    throw new ConflictError('the SMS throttle record kept changing under us');
  }
}

function decide(
  state: SmsThrottleState | undefined,
  policy: SmsThrottlePolicy,
  now: number,
): { next: SmsThrottleState; result: ThrottleDecision } {
  if (state?.blockedUntil !== undefined && state.blockedUntil > now) {
    return { next: state, result: { allowed: false, until: new Date(state.blockedUntil) } };
  }
  const recent = (state?.sentAt ?? []).filter((at) => at > now - policy.windowMs);
  if (recent.length >= policy.maxPerWindow) {
    const blockedUntil = now + policy.blockMs;
    return {
      next: { sentAt: recent, blockedUntil },
      result: { allowed: false, until: new Date(blockedUntil) },
    };
  }
  return { next: { sentAt: [...recent, now] }, result: { allowed: true } };
}
