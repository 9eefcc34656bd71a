import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Listr, PRESET_TIMER } from 'listr2';
import { htmlReport } from '../report-builder/html-report.js';
import { junitReport } from '../report-builder/junit-report.js';
import { startAsteriskTarget } from '../targets/asterisk/asterisk-target.js';
import { startKamailioTarget } from '../targets/kamailio/kamailio-target.js';
import type { RunningTarget } from '../targets/target.js';
import { readUserServerConfig, userServerTarget } from '../targets/user-server-target.js';
import type { ConformanceOptions } from './cli-options.js';
import { runDriver } from './driver-process.js';
import type { CapturedMessage, RunRecord, ScenarioResult } from './outcome.js';
import { loadScenarios, selectScenarios } from './scenario-catalogue.js';
import { DEFAULT_SCENARIO_TIMEOUT_MS, type Scenario } from './scenario-definition.js';
import { planScenario } from './scenario-plan.js';
import { resultReasons, resultTable, scenarioList } from './result-table.js';
import { UAS } from './ua/ua-catalogue.js';

export const REPORT_DIR = join(import.meta.dirname, '..', 'report');
const REPO = join(import.meta.dirname, '..', '..');

/** The target when none is named (issue 9): Asterisk in Docker when a Docker engine answers, else Kamailio. */
export function defaultTarget(): string {
  return spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 10_000 }).status === 0 ? 'asterisk' : 'kamailio';
}

function uaVersion(ua: string): string {
  if (ua === 'sipforge') {
    const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).stdout?.trim();
    return commit ? `commit ${commit}` : '';
  }
  const require = createRequire(import.meta.url);
  return `version ${(require('sip.js-0.7.8/package.json') as { version: string }).version}`;
}

async function startTarget(kind: string, options: ConformanceOptions): Promise<RunningTarget> {
  if (options.server !== undefined) return userServerTarget(kind, options.server, options.config === undefined ? {} : readUserServerConfig(options.config));
  if (kind === 'asterisk') return startAsteriskTarget();
  return startKamailioTarget('native');
}

function describeMessage(message: CapturedMessage): string {
  return `${message.from} → ${message.to}\n${message.text.trimEnd()}\n`;
}

/** Run one UA through the scenarios, with the live task list. */
async function runUa(ua: string, scenarios: readonly Scenario[], target: RunningTarget, options: ConformanceOptions, out: (text: string) => void): Promise<RunRecord> {
  const description = UAS[ua]!;
  const startedAt = new Date();
  const results: ScenarioResult[] = [];
  const tasks = new Listr(
    scenarios.map((scenario) => ({
      title: `${scenario.id}: ${scenario.title}`,
      task: async (_context: unknown, task: { skip(message: string): void; output: string; title: string }) => {
        const plan = planScenario(scenario, target.params, description);
        if (!plan.run) {
          results.push({ id: scenario.id, ua, status: 'skipped', reason: plan.reason, durationMs: 0, checks: [], messages: [], log: [] });
          task.skip(`${scenario.id}: skipped, ${plan.reason}`);
          return;
        }
        const result = await runDriver(
          { scenarioId: scenario.id, scenarioDir: scenario.dir, ua, target: target.params, timeoutMs: scenario.timeoutMs ?? DEFAULT_SCENARIO_TIMEOUT_MS },
          (message) => {
            if (options.verbose) task.output = describeMessage(message);
          },
        );
        results.push(result);
        if (result.status === 'failed') throw new Error(`${scenario.id}: ${result.reason ?? 'failed'}`);
      },
    })),
    {
      concurrent: false,
      exitOnError: false,
      renderer: options.verbose ? 'verbose' : 'default',
      rendererOptions: { timer: PRESET_TIMER, collapseErrors: false, collapseSkips: false, showErrorMessage: true },
      fallbackRendererOptions: { timer: PRESET_TIMER },
    } as ConstructorParameters<typeof Listr>[1],
  );
  out(`\n${description.title}, against ${target.description}\n`);
  await tasks.run();
  return {
    ua,
    uaVersion: uaVersion(ua),
    target: target.params.name,
    server: target.description,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    results,
    serverLog: '',
  };
}

/** The run records kept for `target` in the report folder (earlier runs of other UAs), with these replacing theirs. */
function mergeRecords(dir: string, target: string, fresh: readonly RunRecord[]): RunRecord[] {
  const runsDir = join(dir, 'runs');
  mkdirSync(runsDir, { recursive: true });
  for (const record of fresh) writeFileSync(join(runsDir, `${target}-${record.ua}.json`), JSON.stringify(record, null, 1));
  const records: RunRecord[] = [];
  for (const ua of Object.keys(UAS)) {
    const file = join(runsDir, `${target}-${ua}.json`);
    if (existsSync(file)) records.push(JSON.parse(readFileSync(file, 'utf8')) as RunRecord);
  }
  return records;
}

/** Write index.html and junit.xml from the records; the paths written. */
export function writeReport(dir: string, scenarios: readonly Scenario[], records: RunRecord[]): { html: string; junit: string } {
  mkdirSync(dir, { recursive: true });
  const input = { scenarios: scenarios.map(({ dir: _dir, ...definition }) => definition), runs: records };
  const html = join(dir, 'index.html');
  const junit = join(dir, 'junit.xml');
  writeFileSync(html, htmlReport(input));
  writeFileSync(junit, junitReport(input));
  return { html, junit };
}

/** `npm run conformance`: returns the exit code (0 only when nothing failed). */
export async function runConformance(options: ConformanceOptions, out: (text: string) => void = (text) => process.stdout.write(text)): Promise<number> {
  const all = loadScenarios();
  const scenarios = selectScenarios(all, options.only);
  if (options.list) {
    out(`${scenarioList(scenarios)}\n`);
    return 0;
  }
  const kind = options.target ?? defaultTarget();
  out(`target ${kind}${options.target === undefined ? ' (the default here; --target kamailio|asterisk to choose)' : ''}: starting…\n`);
  const target = await startTarget(kind, options);
  const records: RunRecord[] = [];
  const interrupted = (): void => {
    void target.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    for (const ua of options.uas) records.push(await runUa(ua, scenarios, target, options, out));
  } finally {
    await target.stop();
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
  const serverLog = target.log();
  for (const record of records) record.serverLog = serverLog;
  const reportDir = options.reportDir ?? REPORT_DIR;
  const merged = mergeRecords(reportDir, kind, records);
  const written = writeReport(reportDir, all, merged);
  out(`\n${resultTable(scenarios, records)}\n\n`);
  const reasons = resultReasons(records);
  if (reasons.length > 0) out(`${reasons.join('\n')}\n\n`);
  out(`report: ${written.html}\njunit:  ${written.junit}\n`);
  const failed = records.reduce((sum, record) => sum + record.results.filter((result) => result.status === 'failed').length, 0);
  const passed = records.reduce((sum, record) => sum + record.results.filter((result) => result.status === 'passed').length, 0);
  out(`${passed} passed, ${failed} failed, ${records.reduce((sum, record) => sum + record.results.length, 0) - passed - failed} skipped\n`);
  return failed === 0 ? 0 : 1;
}
