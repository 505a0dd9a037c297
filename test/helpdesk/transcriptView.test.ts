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
