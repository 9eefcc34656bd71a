/**
 * What a scenario folder declares in its `scenario.json`: the checks it makes are in its driver
 * (`driver.ts`), the peer side in SIPp XML next to it.
 */
export interface ScenarioDefinition {
  /** The folder name: a stable id, e.g. `register-digest`. */
  id: string;
  /** One line for the task list and the report. */
  title: string;
  /** Group in the report: registration, options, message, calls-out, calls-in, mid-call, media, extensions, robustness. */
  group: string;
  /** The RFC sections it checks, e.g. `RFC 3261 §10.2`. */
  rfc: string[];
  /** The outcome that makes it pass, in words (the driver's checks say it exactly). */
  expected: string;
  /** Targets it applies to (`kamailio`, `asterisk`); any other target reports it skipped. */
  targets: string[];
  /** What the server must offer (see `capabilities` of a target); missing → skipped with the reason. */
  needsServer?: string[];
  /** What the UA under test must implement (see `features` of a UA adapter); missing → skipped with the reason. */
  needsUa?: string[];
  /** Upper bound for the whole scenario, ms (default 30 000). */
  timeoutMs?: number;
}

/** A scenario as loaded: its definition and where its folder is. */
export interface Scenario extends ScenarioDefinition {
  dir: string;
}

export const DEFAULT_SCENARIO_TIMEOUT_MS = 30_000;
