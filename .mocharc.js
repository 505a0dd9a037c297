'use strict';

// Tests run from the compiled output (tsc is the type-check); the reporter ends with "N passed, N failed".
module.exports = {
  spec: ['dist/test/**/*.test.js'],
  ignore: ['dist/test/e2e/**'],
  reporter: './dist/test/support/summaryReporter.js',
  timeout: 20000,
  exit: true,
};
