import type { ScenarioResult } from './outcome.js';
import type { ScenarioDefinition } from './scenario-definition.js';

const MARK: Record<string, string> = { passed: 'passed', failed: 'FAILED', skipped: 'skipped' };

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]): string => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  return [line(rows[0]!), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** The table printed at the end: a row per scenario, a result-and-time column per UA. */
export function resultTable(scenarios: readonly ScenarioDefinition[], runs: ReadonlyArray<{ ua: string; results: readonly ScenarioResult[] }>): string {
  const rows: string[][] = [['scenario', 'RFC', ...runs.map((run) => run.ua)]];
  for (const scenario of scenarios) {
    const cells = runs.map((run) => {
      const result = run.results.find((r) => r.id === scenario.id);
      if (result === undefined) return '';
      return result.status === 'skipped' ? 'skipped' : `${MARK[result.status]} ${(result.durationMs / 1000).toFixed(1)} s`;
    });
    rows.push([scenario.id, scenario.rfc.join(', '), ...cells]);
  }
  return table(rows);
}

/** The reasons of what failed or was skipped, one line each, under the table. */
export function resultReasons(runs: ReadonlyArray<{ ua: string; results: readonly ScenarioResult[] }>): string[] {
  return runs.flatMap((run) =>
    run.results.filter((result) => result.status !== 'passed').map((result) => `${result.status === 'failed' ? 'FAILED ' : 'skipped'} ${run.ua} ${result.id}: ${result.reason ?? ''}`),
  );
}

/** The `--list` table: what each scenario checks and where it runs. */
export function scenarioList(scenarios: readonly ScenarioDefinition[]): string {
  return table([['scenario', 'group', 'RFC', 'targets', 'title'], ...scenarios.map((s) => [s.id, s.group, s.rfc.join(', '), s.targets.join(','), s.title])]);
}
