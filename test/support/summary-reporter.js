// Ends a run with one plain line, "Tests: N passed, N failed, N skipped", for CI logs.
export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests: passed, numFailedTests: failed, numPendingTests: skipped, numFailedTestSuites: badSuites } = results;
    const suites = badSuites ? ` (${badSuites} suite(s) failed to run)` : '';
    process.stdout.write(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped${suites}\n`);
  }
}
