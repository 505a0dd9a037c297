import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { redactActivity } from '../../src/bot/activityRedaction';
import { readCaseTranscript, toChatEntry } from '../../src/helpdesk/transcriptView';
import { startBot, type BotHarness } from '../support/botHarness';

const DAVID_AAD_OBJECT_ID = '9404fdb5-87b3-43d2-a9a3-58cf44e8435b';

const USER = '29:user-1';

function typed(text: string): Activity {
  return {
    type: 'message',
    timestamp: new Date('2026-11-25T10:00:00Z'),
    from: { id: USER, name: 'Anna Svensson' },
    text,
    // What Teams sends along with every typed message.
    attachments: [{ contentType: 'text/html', content: `<p>${text}</p>` }],
  } as Activity;
}

describe('the service desk’s chat view of a transcript', () => {
  it('shows a typed Teams message as its text, without the HTML copy Teams attaches', () => {
    const entry = toChatEntry(typed('anna.svensson'), USER);

    assert.deepEqual(entry && { from: entry.from, kind: entry.kind, lines: entry.lines }, {
      from: 'user',
      kind: 'message',
      lines: ['anna.svensson'],
    });
  });

  it('shows a typed code as masked, in the text and in the stored HTML copy', () => {
    const stored = redactActivity({
      ...typed('665&nbsp;432'),
      text: '665 432',
    });

    assert.equal(stored.text, '[dolt]');
    assert.equal(stored.attachments?.[0]?.content, '[dolt]');
    assert.deepEqual(toChatEntry(stored, USER)?.lines, ['[dolt]']);
  });

  it('keeps no HTML copy at all, so a code split by tags cannot slip through', () => {
    const stored = redactActivity({
      ...typed('koden är 123-456'),
      attachments: [{ contentType: 'text/html', content: '<p>koden är 123<b>-</b>456</p>' }],
    });

    assert.equal(stored.text, 'koden är [dolt]');
    assert.deepEqual(stored.attachments, [{ contentType: 'text/html', content: '[dolt]' }]);
  });

  it('drops attachments that are not objects and shows what is left', () => {
    const crafted = {
      ...typed('hej'),
      attachments: [null, 'x', { contentType: 'text/plain', content: 'koden 123456' }],
    } as unknown as Activity;

    const stored = redactActivity(crafted);

    assert.deepEqual(stored.attachments, [{ contentType: 'text/plain', content: 'koden [dolt]' }]);
    assert.deepEqual(toChatEntry(stored, USER)?.lines, ['hej', '[bilaga: text/plain]']);
    assert.deepEqual(toChatEntry(crafted, USER)?.lines, ['hej', '[bilaga: text/plain]']);
  });
});

describe('the transcript of one case, when cases follow each other in one conversation', () => {
  let bot: BotHarness;

  before(async () => {
    bot = await startBot();
    const david = bot.user({ aadObjectId: DAVID_AAD_OBJECT_ID, userId: '29:david', name: 'David Dahl' });
    await david.say('hej');
    await david.submit('account.own');
    await david.say(bot.sms.latestCode());
    await david.submit('choice.unlock');
    await david.submit('done.finish');
    // The next case at once, well inside the old 30 s tail of the first.
    await david.say('en gång till');
    await david.submit('account.own');
    await david.say('4945111');
  });

  after(async () => {
    await bot.stop();
  });

  const chatOf = async (index: number): Promise<string> => {
    const [second, first] = await bot.app.cases.list();
    const record = index === 0 ? first! : second!;
    return (await readCaseTranscript(bot.app.transcripts, record)).flatMap((entry) => entry.lines).join('\n');
  };

  it('shows the first case to its last press (Slutför after the outcome), and none of the next case', async () => {
    const first = await chatOf(0);

    assert.match(first, /^hej$/m);
    assert.match(first, /^Klar$/m, 'the Slutför press, after the outcome');
    assert.match(first, /Nu kan du gå tillbaka/);
    assert.doesNotMatch(first, /en gång till/);
    assert.equal(first.match(/^\[dolt\]$/gm)?.length, 1, 'the right code only, not the next case’s typo');
  });

  it('shows the next case from the message that opened it, without the end of the one before', async () => {
    const second = await chatOf(1);

    assert.match(second, /^en gång till$/m);
    assert.match(second, /^\[dolt\]$/m);
    assert.doesNotMatch(second, /^hej$|^Klar$|Nu kan du gå tillbaka/m);
  });
});
