import { missingCapabilityReason } from './capabilities.js';
import type { ScenarioDefinition } from './scenario-definition.js';
import { missingFeatureReason, type UaDescription } from './ua/ua-catalogue.js';

/** Whether a scenario runs against a target with a UA, or why it is skipped. */
export type Plan = { run: true } | { run: false; reason: string };

/**
 * A scenario runs only where it can prove something: on a target it is written for, on a server that
 * offers what it needs, with a UA that implements what it uses. Anything else is skipped with the
 * reason — never counted as passed.
 */
export function planScenario(scenario: Pick<ScenarioDefinition, 'targets' | 'needsServer' | 'needsUa'>, target: { name: string; capabilities: readonly string[] }, ua: UaDescription): Plan {
  if (!scenario.targets.includes(target.name)) return { run: false, reason: `written for ${scenario.targets.join(', ')}, not ${target.name}` };
  const capability = (scenario.needsServer ?? []).find((needed) => !target.capabilities.includes(needed));
  if (capability !== undefined) return { run: false, reason: missingCapabilityReason(capability) };
  const feature = (scenario.needsUa ?? []).find((needed) => !ua.features.includes(needed));
  if (feature !== undefined) return { run: false, reason: `${ua.name}: ${missingFeatureReason(ua, feature)}` };
  return { run: true };
}
