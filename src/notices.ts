import { randomUUID } from 'node:crypto';
import type { Server } from 'restify';
import type { Config } from './config';
import { sendJson } from './http/responses';
import { route } from './http/restifyServer';
import { ConversationBook, type Contact } from './bot/conversationBook';
import { noticeActivity } from './bot/noticeActivity';
import { TeamsPersonalChats } from './bot/personalChats';
import type { ProactiveAdapter } from './lib/proactiveAdapter';
import type { ChangeNotice } from './reset/changeNotices';
import { Lease, type LeaseRecord } from './reset/lease';
import { LockoutWatcher, type LockoutNoticeSent, type RecentChange } from './reset/notices/lockoutWatcher';
import { ExpiryReminders, type ExpiryRemindersSent } from './reset/notices/expiryReminders';
import { EnrollmentMessages, type EnrollmentTold } from './reset/notices/enrollmentMessages';
import type {
  AppInstaller,
  EnrollmentFeed,
  ExpiryFeed,
  LockoutFeed,
  NoticeRecord,
  PersonalChats,
  SignInLog,
} from './reset/notices/ports';
import { ReminderPreferences, type ReminderPreference } from './reset/notices/reminderPreferences';
import type { AccountDirectory, AuditLog, Clock, Logger, RecordStore } from './reset/ports';

/*
 * The parts that let the bot speak first, wired beside the composition root: the address book in the
 * shared store, the proactive sender, and (with Graph and a catalog id) the installer that opens a
 * chat with someone the bot never met.
 */

export interface NoticeParts {
  readonly book: ConversationBook;
  readonly chats: TeamsPersonalChats;
  /** The reset service's `tellOwner`: a change made by someone else, told in the owner's chat. */
  readonly tellOwner: (notice: ChangeNotice) => Promise<boolean>;
  /** "stopp" / "start" per person. */
  readonly reminderPreferences: ReminderPreferences;
  /** Looks for new lockouts; absent where the directory cannot report them or LOCKOUT_WATCH_SECONDS=0. */
  readonly lockoutWatcher?: LockoutWatcher;
  /**
   * The reminder round: expiry reminders and enrollment messages; absent where the directory reports
   * neither or REMINDER_CHECK_SECONDS=0.
   */
  readonly expiryReminders?: ExpiryReminders;
  /** Starts the watchers (each runs on one instance at a time, under its lease). */
  start(): void;
  stop(): Promise<void>;
}

export async function createNoticeParts(
  config: Pick<Config, 'bot' | 'demo' | 'graph' | 'notices' | 'servicedeskPhone'>,
  deps: {
    readonly adapter: ProactiveAdapter;
    readonly directory: AccountDirectory;
    readonly records: <T extends object>(prefix: string) => RecordStore<T>;
    readonly audit: AuditLog;
    readonly clock: Clock;
    readonly logger: Logger;
    /** Waits for an installation's conversationUpdate this long (tests shorten it). */
    readonly installWaitMs?: number;
  },
): Promise<NoticeParts> {
  const book = new ConversationBook(deps.records<Contact>('contacts'), deps.clock, deps.logger);
  const { installer, signIns } = await createGraphParts(config, deps.logger);
  const chats = new TeamsPersonalChats({
    adapter: deps.adapter,
    botAppId: config.bot.appId ?? '',
    book,
    ...(installer ? { installer } : {}),
    ...(deps.installWaitMs !== undefined ? { installWaitMs: deps.installWaitMs } : {}),
    render: (notice, locale) => noticeActivity(notice, locale, { servicedeskPhone: config.servicedeskPhone }),
    logger: deps.logger,
  });
  const tellOwner = async ({ ownerAadObjectId, change, username, at }: ChangeNotice) =>
    ownerAadObjectId !== undefined &&
    (await chats.send(ownerAadObjectId, { kind: 'change', change, username, at })) === 'sent';
  const lockoutWatcher = createLockoutWatcher(config, { ...deps, chats, ...(signIns ? { signIns } : {}) });
  if (lockoutWatcher && !signIns && !config.demo)
    deps.logger.info(
      { module: 'sign-in-log' },
      "relock notices do not name the app and device of the failed sign-ins: that needs Entra's sign-in log through Graph (DIRECTORY=hybrid)",
    );
  const reminderPreferences = new ReminderPreferences(
    deps.records<ReminderPreference>('notices/preferences'),
    deps.clock,
  );
  const expiryReminders = createExpiryReminders(config, {
    ...deps,
    chats,
    book,
    preferences: reminderPreferences,
  });
  return {
    book,
    chats,
    tellOwner,
    reminderPreferences,
    ...(lockoutWatcher ? { lockoutWatcher } : {}),
    ...(expiryReminders ? { expiryReminders } : {}),
    start: () => {
      lockoutWatcher?.start();
      expiryReminders?.start();
    },
    stop: async () => {
      await Promise.all([lockoutWatcher?.stop(), expiryReminders?.stop()]);
    },
  };
}

/**
 * What notices need of Graph, over one client: the installer (with a catalog id) and Entra's sign-in log
 * for relock notices. Graph is loaded only when configured (`graph` and `hybrid` modes).
 */
async function createGraphParts(
  config: Pick<Config, 'graph' | 'notices'>,
  logger: Logger,
): Promise<{ installer?: AppInstaller; signIns?: SignInLog }> {
  if (!config.graph) return {};
  const [{ createGraph }, { TeamsAppInstaller }, { GraphSignInLog }] = await Promise.all([
    import('./graph'),
    import('./graph/teamsAppInstaller'),
    import('./graph/signInLog'),
  ]);
  const { api } = createGraph(config.graph, logger);
  const catalogId = config.notices.teamsAppCatalogId;
  return {
    ...(catalogId !== undefined
      ? { installer: new TeamsAppInstaller({ api, catalogId, bindBase: config.graph.baseUrl.href, logger }) }
      : {}),
    signIns: new GraphSignInLog(api, config.graph.baseUrl.href, logger),
  };
}

/** Whether the directory can report its lockouts (AD, hybrid, the demo). */
function isLockoutFeed(directory: object): directory is LockoutFeed {
  return typeof (directory as Partial<LockoutFeed>).lockedSince === 'function';
}

/**
 * The lockout watcher, where it applies: a directory that reports lockouts (`ad`, `hybrid`, the demo) and
 * `LOCKOUT_WATCH_SECONDS` above 0. Each notice is also written to the audit trail for the service desk.
 */
function createLockoutWatcher(
  config: Pick<Config, 'notices'>,
  deps: {
    readonly directory: AccountDirectory;
    readonly chats: PersonalChats;
    readonly signIns?: SignInLog;
    readonly records: <T extends object>(prefix: string) => RecordStore<T>;
    readonly audit: AuditLog;
    readonly clock: Clock;
    readonly logger: Logger;
  },
): LockoutWatcher | undefined {
  const intervalMs = config.notices.lockoutWatchMs;
  const { directory, records, audit } = deps;
  if (intervalMs <= 0 || !isLockoutFeed(directory)) return undefined;
  return new LockoutWatcher({
    feed: directory,
    chats: deps.chats,
    ...(deps.signIns ? { signIns: deps.signIns } : {}),
    lease: new Lease(records<LeaseRecord>('leases'), 'lockout-watch', randomUUID(), deps.clock),
    state: records<{ lastLook: string }>('notices/watch'),
    sent: records<LockoutNoticeSent>('notices/lockout'),
    changes: records<RecentChange>('notices/changes'),
    record: recordIn(audit),
    clock: deps.clock,
    logger: deps.logger,
    intervalMs,
  });
}

/**
 * Each notice of the bot's own as an audit record for the service desk: case id `notice:<id>`, `detail`
 * its kind (`lockout`, `lockout relock`, `expiry`, `enrollment`).
 */
function recordIn(audit: AuditLog): (notice: NoticeRecord) => Promise<void> {
  return (notice) =>
    audit.record({
      at: notice.at,
      caseId: `notice:${notice.id}`,
      type: notice.delivered ? 'notice-sent' : 'notice-unreachable',
      account: notice.username,
      detail: notice.relock === true ? 'lockout relock' : notice.kind,
    });
}

function isEnrollmentFeed(directory: object): directory is EnrollmentFeed {
  return typeof (directory as Partial<EnrollmentFeed>).withoutMobile === 'function';
}

function isExpiryFeed(directory: object): directory is ExpiryFeed {
  return typeof (directory as Partial<ExpiryFeed>).expiringBefore === 'function';
}

/**
 * The reminder round where REMINDER_CHECK_SECONDS > 0: expiry reminders where the directory knows expiry
 * times (`ad`, `hybrid`), enrollment messages where it can list accounts without a mobile.
 */
function createExpiryReminders(
  config: Pick<Config, 'notices'>,
  deps: {
    readonly directory: AccountDirectory;
    readonly chats: PersonalChats;
    readonly book: ConversationBook;
    readonly preferences: ReminderPreferences;
    readonly records: <T extends object>(prefix: string) => RecordStore<T>;
    readonly audit: AuditLog;
    readonly clock: Clock;
    readonly logger: Logger;
  },
): ExpiryReminders | undefined {
  const { notices } = config;
  const { directory, records, book } = deps;
  const feed = notices.expiryReminderDays.length > 0 && isExpiryFeed(directory) ? directory : undefined;
  const enrollment = isEnrollmentFeed(directory)
    ? new EnrollmentMessages({
        feed: directory,
        findAccount: (username) => directory.findByUsername(username),
        isReachable: async (aadObjectId) => (await book.find(aadObjectId)) !== undefined,
        chats: deps.chats,
        told: records<EnrollmentTold>('notices/enrollment'),
        preferences: deps.preferences,
        ...(notices.enrollmentUrl !== undefined ? { url: notices.enrollmentUrl } : {}),
        record: recordIn(deps.audit),
        clock: deps.clock,
        logger: deps.logger,
      })
    : undefined;
  if (notices.reminderCheckMs <= 0 || (!feed && !enrollment)) return undefined;
  return new ExpiryReminders({
    ...(feed ? { feed } : {}),
    ...(enrollment ? { enrollment } : {}),
    chats: deps.chats,
    lease: new Lease(records<LeaseRecord>('leases'), 'expiry-reminders', randomUUID(), deps.clock),
    sent: records<ExpiryRemindersSent>('notices/expiry'),
    preferences: deps.preferences,
    hours: notices.hours,
    thresholdsDays: notices.expiryReminderDays,
    record: recordIn(deps.audit),
    clock: deps.clock,
    logger: deps.logger,
    intervalMs: notices.reminderCheckMs,
  });
}

/** The demo directory's lockout command, where the directory has one. */
interface DemoLockoutCommand {
  lockOutNow(username: string): boolean;
}

/**
 * `POST /demo/lockout/<username>` (`npm run demo:lockout -- anna.svensson`): locks a demo account, so a
 * newcomer sees its lockout notice arrive. Only in the all-defaults demo, which authenticates nothing anyway.
 */
export function registerDemoLockout(
  server: Server,
  config: Pick<Config, 'demo'>,
  directory: AccountDirectory,
): void {
  const command = directory as Partial<DemoLockoutCommand>;
  if (!config.demo || typeof command.lockOutNow !== 'function') return;
  const lockOutNow = command.lockOutNow.bind(directory);
  server.post(
    '/demo/lockout/:username',
    route((req, res) => {
      const param: unknown = (req.params as Record<string, unknown>)['username'];
      const username = typeof param === 'string' ? param : '';
      const locked = lockOutNow(username);
      sendJson(res, locked ? 200 : 404, { locked, username });
      return Promise.resolve();
    }),
  );
}
