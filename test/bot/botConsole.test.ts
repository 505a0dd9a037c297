import assert from 'node:assert/strict';
import { describe as describeConsoleCall } from '../../src/bot/botConsole';

// Shaped like a JWT: three base64url parts. Long enough that errorText's length cap falls inside it.
const header = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImFiYyJ9';
const payload = `eyJ${'a'.repeat(300)}`;
const signature = 'c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU';
const jwt = `${header}.${payload}.${signature}`;

describe('botConsole', () => {
  describe('when botbuilder prints an error', () => {
    it('keeps its type and the first line of its message', () => {
      const error = Object.assign(new Error('jwt expired\n    at verify (jsonwebtoken/verify.js:1:1)'), {
        name: 'TokenExpiredError',
      });
      assert.equal(describeConsoleCall([error]), 'TokenExpiredError: jwt expired');
    });
  });

  describe("when an error's message holds a token that runs past the length errorText keeps", () => {
    it('leaves no piece of the token', () => {
      const line = describeConsoleCall([new Error(`${'x '.repeat(40)}Bearer ${jwt} was refused`)]);
      for (const part of [header, payload.slice(0, 40), signature]) assert.ok(!line.includes(part), line);
      assert.match(line, /\[token\]/);
    });
  });

  describe('when botbuilder prints the key list', () => {
    it('omits the keys and masks the token', () => {
      const line = describeConsoleCall([`Error finding key for token ${jwt}. Available keys: abc, def`]);
      assert.ok(!line.includes(header), line);
      assert.match(line, /Available keys: \[omitted\]$/);
    });
  });
});
