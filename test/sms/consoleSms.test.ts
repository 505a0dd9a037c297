import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { toPhoneNumber, type PhoneNumber } from '../../src/reset/account';
import { SmsSendError } from '../../src/reset/errors';
import { ConsoleSmsSender } from '../../src/sms/consoleSms';

function phone(value: string): PhoneNumber {
  const parsed = toPhoneNumber(value);
  assert.ok(parsed, value);
  return parsed;
}

function capture(): { stream: PassThrough; output: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, output: () => Buffer.concat(chunks).toString('utf8') };
}

describe('ConsoleSmsSender', () => {
  describe('when a message is sent to a Swedish mobile number', () => {
    it('prints a framed block with the number grouped and the whole text, code included', async () => {
      const { stream, output } = capture();
      const text = '042917 är din kod för att låsa upp ditt konto hos Reset Kommun.';

      await new ConsoleSmsSender(stream).send({ to: phone('+46701740605'), text, caseId: 'case-1' });

      const lines = output().split('\n');
      const top = lines.findIndex((line) => line.startsWith('┌'));
      const bottom = lines.findIndex((line) => line.startsWith('└'));
      assert.ok(top >= 0 && bottom > top, output());
      assert.equal(lines[top + 1], '│ 📱 SMS till +46 70 174 06 05');
      assert.ok(
        lines.slice(top + 1, bottom).every((line) => line.startsWith('│')),
        output(),
      );
      assert.ok(lines.includes(`│ ${text}`), output());
    });
  });

  describe('when the text has several lines', () => {
    it('keeps every line inside the frame', async () => {
      const { stream, output } = capture();

      await new ConsoleSmsSender(stream).send({
        to: phone('+46701740606'),
        text: 'rad ett\nrad två',
        caseId: 'c',
      });

      assert.match(output(), /│ rad ett\n│ rad två\n└/);
    });
  });

  describe('when the number is not Swedish', () => {
    it('prints it as stored', async () => {
      const { stream, output } = capture();

      await new ConsoleSmsSender(stream).send({ to: phone('+4740000000'), text: 'x', caseId: 'c' });

      assert.match(output(), /SMS till \+4740000000\n/);
    });
  });

  describe('when the stream cannot be written', () => {
    it('rejects with a non-recoverable SmsSendError', async () => {
      const broken = new Writable({ write: (_chunk, _encoding, callback) => callback(new Error('EPIPE')) });
      const streamErrors: Error[] = [];
      broken.on('error', (error) => streamErrors.push(error));

      await assert.rejects(
        new ConsoleSmsSender(broken).send({ to: phone('+46701740605'), text: 'x', caseId: 'c' }),
        (error: unknown) => error instanceof SmsSendError && !error.recoverable,
      );
      assert.equal(streamErrors.length, 1);
    });
  });
});
