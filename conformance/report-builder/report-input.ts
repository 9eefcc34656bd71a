import type { RunRecord } from '../runner/outcome.js';
import type { ScenarioDefinition } from '../runner/scenario-definition.js';

/** What a report is made of: the scenarios, and one run record per UA (a column each). */
export interface ReportInput {
  scenarios: ScenarioDefinition[];
  runs: RunRecord[];
}
