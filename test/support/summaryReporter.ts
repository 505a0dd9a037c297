import Mocha from 'mocha';

const { EVENT_RUN_END } = Mocha.Runner.constants;

/**
 * Mocha's spec reporter plus the closing line CI reads: "N passed, N failed" alone on the last line
 * (", N skipped" when tests were skipped).
 */
class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const stats = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      const skipped = stats.pending > 0 ? `, ${stats.pending} skipped` : '';
      // Registered after the spec reporter's epilogue, so this is the last line printed.
      process.stdout.write(`\n${stats.passes} passed, ${stats.failures} failed${skipped}\n`);
    });
  }
}

export = SummaryReporter;
