import junitModule, { type Builder } from 'junit-report-builder';

// The package's CommonJS export is the builder itself; its typings describe an ES default export.
const junit = junitModule as unknown as Builder;
import type { ReportInput } from './report-input.js';

/** JUnit XML for CI systems: a suite per UA, a test case per scenario (class = its group), skipped ones with their reason. */
export function junitReport(input: ReportInput): string {
  const builder = junit.newBuilder();
  const definitions = new Map(input.scenarios.map((scenario) => [scenario.id, scenario]));
  for (const run of input.runs) {
    const suite = builder.testSuite().name(`conformance ${run.target} ${run.ua}`).timestamp(run.startedAt).time(run.durationMs / 1000);
    for (const result of run.results) {
      const definition = definitions.get(result.id);
      const test = suite
        .testCase()
        .className(`conformance.${run.target}.${run.ua}.${definition?.group ?? 'scenario'}`)
        .name(`${result.id}: ${definition?.title ?? ''}`.trim())
        .time(result.durationMs / 1000);
      if (result.status === 'skipped') {
        test.skipped().standardOutput(`skipped: ${result.reason ?? ''}`);
        continue;
      }
      const failed = result.checks.filter((check) => !check.ok);
      if (result.status === 'failed') test.failure(result.reason ?? 'failed', 'ConformanceFailure');
      const checks = result.checks.map((check) => `${check.ok ? 'ok ' : 'NOT'} ${check.label}: expected ${check.expected}, seen ${check.seen}`);
      const messages = result.messages.map((message) => `--- ${message.from} -> ${message.to} (${new Date(message.time).toISOString()})\n${message.text}`);
      test.standardOutput([...checks, '', ...result.log, '', ...messages].join('\n'));
      if (failed.length > 0) test.standardError(failed.map((check) => `${check.label}: expected ${check.expected}, seen ${check.seen}`).join('\n'));
    }
  }
  return builder.build();
}
