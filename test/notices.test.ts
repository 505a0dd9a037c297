import assert from 'node:assert/strict';
import { BotAdapter, MemoryStorage, TurnContext, type Activity, type ResourceResponse } from 'botbuilder';
import { loadConfig } from '../src/config';
import type { ProactiveAdapter } from '../src/lib/proactiveAdapter';
import { createNoticeParts } from '../src/notices';
import type { Account } from '../src/reset/account';
import type { EnrollmentCandidate } from '../src/reset/notices/ports';
import type { AccountDirectory } from '../src/reset/ports';
import { BotStorageRecordStore } from '../src/storage/botStorageRecordStore';
import { MemoryAuditLog } from '../src/storage/memory/auditLog';
import { FakeClock } from './support/fakeClock';
import { memoryLogger } from './support/memoryLog';

const CECILIA = 'd856c0d2-b531-4919-97d3-da4a991d6664';

/** Records what a turn sends instead of calling a connector. */
class RecordingAdapter extends BotAdapter {
  readonly sent: Partial<Activity>[] = [];

  sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    this.sent.push(...activities);
    return Promise.resolve(activities.map((_, index) => ({ id: `sent-${index}` })));
  }
  updateActivity(): Promise<void> {
    return Promise.resolve();
  }
  deleteActivity(): Promise<void> {
    return Promise.resolve();
  }
  continueConversation(): Promise<void> {
    return Promise.resolve();
  }
}

/** The adapter's proactive path: a turn in the remembered conversation. */
function proactive(recording: RecordingAdapter): ProactiveAdapter {
  return {
    continueConversationAsync: async (_botAppId, reference, logic) => {
      const event = TurnContext.applyConversationReference(
        { type: 'event', name: 'ContinueConversation' },
        reference,
        true,
      );
      await logic(new TurnContext(recording, event));
    },
  };
}

const cecilia: Account = {
  id: 'ad:cecilia',
  username: 'cecilia.ceder',
  displayName: 'Cecilia Ceder',
  upn: 'cecilia.ceder@kommun.example',
  source: 'on-premises',
  enabled: true,
  locked: false,
  aadObjectId: CECILIA,
};

/** A directory that reports accounts without a mobile, as AD and hybrid do. */
const directory: AccountDirectory & { withoutMobile(): Promise<readonly EnrollmentCandidate[]> } = {
  findByUsername: (username) => Promise.resolve(username === cecilia.username ? cecilia : undefined),
  findByAadObjectId: (id) => Promise.resolve(id === CECILIA ? cecilia : undefined),
  unlock: () => Promise.resolve('unlocked'),
  setPassword: () => Promise.resolve(),
  withoutMobile: () => Promise.resolve([{ username: cecilia.username }]),
};

describe('the notice parts', () => {
  describe('when the directory lists accounts without a mobile and their owner has talked to the bot', () => {
    it('sends the enrollment message in the reminder round, in her language, and records it', async () => {
      const config = loadConfig({
        ENROLLMENT_URL: 'https://aka.ms/mysecurityinfo',
        LOCKOUT_WATCH_SECONDS: '0',
      });
      const storage = new MemoryStorage();
      const audit = new MemoryAuditLog();
      const recording = new RecordingAdapter();
      // A Monday, 10:00 in Stockholm: inside the default notice hours.
      const clock = new FakeClock('2026-12-07T09:00:00Z');
      const parts = await createNoticeParts(config, {
        adapter: proactive(recording),
        directory,
        records: <T extends object>(prefix: string) => new BotStorageRecordStore<T>(storage, prefix),
        audit,
        clock,
        logger: memoryLogger().logger,
      });
      await parts.book.remember({
        type: 'message',
        channelId: 'msteams',
        serviceUrl: 'https://smba.trafficmanager.net/emea/',
        locale: 'en-GB',
        from: { id: '29:cecilia', name: 'Cecilia Ceder', aadObjectId: CECILIA },
        recipient: { id: '28:bot', name: 'Reset Assistant' },
        conversation: { id: 'a:cecilia-chat', conversationType: 'personal', isGroup: false, name: '' },
      } as Activity);

      assert.ok(parts.expiryReminders, 'the reminder round exists for enrollment alone');
      assert.equal(await parts.expiryReminders.check(), 1);
      assert.equal(await parts.expiryReminders.check(), 0);

      const [message] = recording.sent;
      assert.equal(message?.conversation?.id, 'a:cecilia-chat');
      assert.match(
        JSON.stringify(message),
        /has no mobile number registered.*https:\/\/aka\.ms\/mysecurityinfo/,
      );
      assert.deepEqual(
        audit.list().map(({ type, account, detail }) => ({ type, account, detail })),
        [{ type: 'notice-sent', account: 'cecilia.ceder', detail: 'enrollment' }],
      );
    });
  });
});
