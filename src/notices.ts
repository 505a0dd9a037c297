import type { Config } from './config';
import { ConversationBook, type Contact } from './bot/conversationBook';
import { noticeActivity } from './bot/noticeActivity';
import { TeamsPersonalChats, type ProactiveAdapter } from './bot/personalChats';
import type { ChangeNotice } from './reset/changeNotices';
import type { AppInstaller, PersonalChats } from './reset/notices/ports';
import type { Clock, Logger, RecordStore } from './reset/ports';

/*
 * The parts that let the bot speak first, wired beside the composition root: the address book in the
 * shared store, the proactive sender, and (with Graph and a catalog id) the installer that opens a
 * chat with someone the bot never met.
 */

export interface NoticeParts {
  readonly book: ConversationBook;
  readonly chats: PersonalChats;
  /** The reset service's `tellOwner`: a change made by someone else, told in the owner's chat. */
  readonly tellOwner: (notice: ChangeNotice) => Promise<boolean>;
}

export async function createNoticeParts(
  config: Pick<Config, 'bot' | 'graph' | 'notices' | 'servicedeskPhone'>,
  deps: {
    readonly adapter: ProactiveAdapter;
    readonly records: <T extends object>(prefix: string) => RecordStore<T>;
    readonly clock: Clock;
    readonly logger: Logger;
    /** Waits for an installation's conversationUpdate this long (tests shorten it). */
    readonly installWaitMs?: number;
  },
): Promise<NoticeParts> {
  const book = new ConversationBook(deps.records<Contact>('contacts'), deps.clock, deps.logger);
  const installer = await createInstaller(config, deps.logger);
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
  return { book, chats, tellOwner };
}

/** Graph is loaded only when both it and the catalog id are configured. */
async function createInstaller(
  config: Pick<Config, 'graph' | 'notices'>,
  logger: Logger,
): Promise<AppInstaller | undefined> {
  const catalogId = config.notices.teamsAppCatalogId;
  if (!config.graph || catalogId === undefined) return undefined;
  const [{ createGraph }, { TeamsAppInstaller }] = await Promise.all([
    import('./graph'),
    import('./graph/teamsAppInstaller'),
  ]);
  return new TeamsAppInstaller({
    api: createGraph(config.graph, logger).api,
    catalogId,
    bindBase: config.graph.baseUrl.href,
    logger,
  });
}
