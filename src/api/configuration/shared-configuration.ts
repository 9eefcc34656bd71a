import { URI } from '../../syntax/index.js';
import { assignableSettings, withAssignableSettings } from './freeze-configuration.js';
import type { UAConfiguration } from './ua-configuration.js';

// A process holds thousands of UAs configured alike, each with its own normalised configuration of
// about 60 values: 0.5 KB a UA (bench/LOAD-RESULTS.md, many UAs). A UA keeps instead an object that
// inherits from the configuration of an earlier UA and holds as its own only the values that differ
// (its identity, its random Via host and instance id). Beyond this many differences, sharing saves
// little, and the configuration becomes the one later UAs inherit from.
const MOST_OWN_VALUES = 12;

// The configuration later UAs inherit from: the last one that could not inherit. Weakly held, so that
// it goes (its password with it) once no UA uses it.
let template: WeakRef<UAConfiguration> | undefined;

/**
 * What a UA keeps of its normalised, frozen configuration: the same values, read-only, with
 * `register` and `custom` shared with it, but only the values unlike the template's as own keys.
 * `listedConfiguration` gives back an object that lists every key as its own.
 */
export function sharedConfiguration(configuration: UAConfiguration): UAConfiguration {
  const base = template?.deref();
  const own = base === undefined ? undefined : differences(configuration, base);
  if (base === undefined || own === undefined) {
    template = new WeakRef(configuration);
    return configuration;
  }
  const derived: object = Object.create(base);
  for (const key of own) Object.defineProperty(derived, key, { value: configuration[key], enumerable: true });
  return withAssignableSettings(derived, assignableSettings(configuration));
}

/**
 * The configuration with every value an own enumerable key, as the legacy `ua.configuration` listed
 * them (in the order `normalizeConfiguration` gives), `register` and `custom` shared with `configuration`.
 */
export function listedConfiguration(configuration: UAConfiguration): UAConfiguration {
  if (Object.getPrototypeOf(configuration) === Object.prototype) return configuration;
  const values: Record<string, unknown> = {};
  for (const key of Object.keys(rootOf(configuration)) as Array<keyof UAConfiguration>) {
    if (key !== 'register' && key !== 'custom') values[key] = configuration[key];
  }
  return withAssignableSettings(values, assignableSettings(configuration));
}

function rootOf(configuration: UAConfiguration): UAConfiguration {
  let root = configuration;
  while (Object.getPrototypeOf(root) !== Object.prototype) root = Object.getPrototypeOf(root) as UAConfiguration;
  return root;
}

/** The keys whose values differ, or undefined when there are too many for sharing to pay. */
function differences(configuration: UAConfiguration, base: UAConfiguration): Array<keyof UAConfiguration> | undefined {
  const own: Array<keyof UAConfiguration> = [];
  for (const key of Object.keys(configuration) as Array<keyof UAConfiguration>) {
    if (key === 'register' || key === 'custom' || sameValue(configuration[key], base[key])) continue;
    if (own.push(key) > MOST_OWN_VALUES) return undefined;
  }
  return own;
}

/**
 * Whether two frozen configuration values are interchangeable: the same value, URIs that print the same,
 * or lists of such values, plain records compared key by key (a server list, log settings).
 */
function sameValue(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || depth > 2) return false;
  if (a instanceof URI) return b instanceof URI && a.toString() === b.toString();
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i], depth + 1));
  if (Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((key) => Object.hasOwn(b, key) && sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], depth + 1))
  );
}
