import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { redactActivity } from '../../src/bot/redactingTranscriptLogger';
import { toChatEntry } from '../../src/helpdesk/transcriptView';

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

  it('keeps an HTML message’s readable words and masks the code inside it', () => {
    const stored = redactActivity(typed('<b>koden</b> är 123-456 &amp; klart'));

    assert.equal(stored.attachments?.[0]?.content, 'koden är [dolt] &amp; klart');
  });
});
