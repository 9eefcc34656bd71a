import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario, ScenarioDefinition } from './scenario-definition.js';

export const SCENARIOS_DIR = join(import.meta.dirname, '..', 'scenarios');

const GROUP_ORDER = ['registration', 'options', 'message', 'calls-out', 'calls-in', 'mid-call', 'media', 'extensions', 'robustness'];

function checkDefinition(id: string, value: Partial<ScenarioDefinition>): void {
  for (const field of ['title', 'group', 'expected'] as const) {
    if (typeof value[field] !== 'string' || value[field] === '') throw new Error(`scenario ${id}: scenario.json needs "${field}"`);
  }
  for (const field of ['rfc', 'targets'] as const) {
    if (!Array.isArray(value[field])) throw new Error(`scenario ${id}: scenario.json needs "${field}" (a list)`);
  }
}

/** Every scenario folder (one with a scenario.json and a driver.ts), by group and then by id. */
export function loadScenarios(dir = SCENARIOS_DIR): Scenario[] {
  const scenarios: Scenario[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const folder = join(dir, entry.name);
    const file = join(folder, 'scenario.json');
    if (!existsSync(file)) continue;
    if (!existsSync(join(folder, 'driver.ts'))) throw new Error(`scenario ${entry.name}: no driver.ts`);
    const definition = JSON.parse(readFileSync(file, 'utf8')) as Partial<ScenarioDefinition>;
    checkDefinition(entry.name, definition);
    scenarios.push({ ...(definition as ScenarioDefinition), id: entry.name, dir: folder });
  }
  const rank = (group: string): number => (GROUP_ORDER.includes(group) ? GROUP_ORDER.indexOf(group) : GROUP_ORDER.length);
  return scenarios.sort((a, b) => rank(a.group) - rank(b.group) || a.id.localeCompare(b.id));
}

/** The scenarios `--only` names: by id, id prefix or group. Throws when a name matches none. */
export function selectScenarios(scenarios: readonly Scenario[], only: readonly string[]): Scenario[] {
  if (only.length === 0) return [...scenarios];
  const picked = new Set<Scenario>();
  for (const name of only) {
    const matches = scenarios.filter((s) => s.id === name || s.id.startsWith(name) || s.group === name);
    if (matches.length === 0) throw new Error(`--only ${name}: no scenario has that id, id prefix or group`);
    for (const match of matches) picked.add(match);
  }
  return scenarios.filter((s) => picked.has(s));
}
