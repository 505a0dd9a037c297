import { writeHeapSnapshot } from 'node:v8';

/** Messages between the bench driver and the servers it starts as child processes (over the IPC channel). */

/** Directory calls by method, counted by the bot's wrapped directory. */
export type DirectoryCalls = Record<
  'findByUsername' | 'findByAadObjectId' | 'unlock' | 'setPassword',
  number
>;

export interface StatsRequest {
  readonly type: 'stats';
  /** Run a full GC first (the child must be started with --expose-gc). */
  readonly gc: boolean;
  /** Also write a V8 heap snapshot to this file (after the GC). */
  readonly snapshot?: string;
}

export interface ChildStats {
  readonly type: 'stats';
  readonly heapUsed: number;
  readonly rss: number;
  /** Peak resident set size of the process so far, in bytes. */
  readonly maxRss: number;
  /** User plus system CPU time the process has used, in milliseconds. */
  readonly cpuMs: number;
  readonly directoryCalls?: DirectoryCalls;
  /** Keys in the bot's MemoryStorage by prefix (conversation state, seen activities, limits, ...). */
  readonly storageKeys?: Record<string, number>;
  readonly storageBytes?: number;
  readonly cases?: number;
  readonly auditEvents?: number;
  readonly transcriptActivities?: number;
}

export interface Listening {
  readonly type: 'listening';
  readonly port: number;
}

export type ChildMessage = ChildStats | Listening;

export function isStatsRequest(message: unknown): message is StatsRequest {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'stats';
}

/** What both children report about their own memory. */
export function processStats(
  request: StatsRequest,
): Pick<ChildStats, 'heapUsed' | 'rss' | 'maxRss' | 'cpuMs'> {
  if (request.gc) {
    const collect = (globalThis as { gc?: () => void }).gc;
    if (!collect) throw new Error('start the child with --expose-gc to measure memory after a GC');
    collect();
    collect();
  }
  if (request.snapshot !== undefined) writeHeapSnapshot(request.snapshot);
  const memory = process.memoryUsage();
  // maxRSS is in kilobytes.
  const usage = process.resourceUsage();
  return {
    heapUsed: memory.heapUsed,
    rss: memory.rss,
    maxRss: usage.maxRSS * 1024,
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
  };
}

export function send(message: ChildMessage): void {
  process.send?.(message);
}

/**
 * The connector sender's pacing in the bench children. By default it is lifted: the echo baseline
 * paces nothing, and one tenant's 50 calls a second (Teams' ceiling, one call a turn) would otherwise
 * cap bot and floor alike at about 50 turns/s and hide what the code costs. `BENCH_PACING=teams`
 * keeps Teams' limits and shows that ceiling.
 */
export function benchSenderOptions(): { limits?: { perConversation: []; perTenant: [] } } {
  return process.env.BENCH_PACING === 'teams' ? {} : { limits: { perConversation: [], perTenant: [] } };
}
