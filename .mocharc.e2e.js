'use strict';

// The E2E suite (npm run test:e2e): the bot + Agents Playground + headless Chromium; see test/e2e/.
module.exports = {
  spec: ['dist/test/e2e/**/*.test.js'],
  reporter: './dist/test/support/summaryReporter.js',
  timeout: 120000,
  slow: 20000,
  exit: true,
};
