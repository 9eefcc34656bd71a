import type { Parameters, URI } from '../../syntax/index.js';
import { checkBoolean, checkObject } from './value-checks.js';
import type { UAConfiguration } from './ua-configuration.js';

// The two assignable settings live in a box under a symbol, read and written by accessors that every
// configuration shares: with one accessor pair per UA (closures over its own variables), or with
// one `Object.defineProperty` per key, each UA's configuration got its own hidden class or fell into
// dictionary mode, about 3 KB a UA (bench/load, many UAs in one process).
const STATE = Symbol('assignable settings');
export interface AssignableSettings {
  register: boolean;
  /** Made at the first read when not configured: most UAs of a process never use it. */
  custom: UAConfiguration['custom'] | undefined;
}
type WithState = { [STATE]: AssignableSettings };
const REGISTER_ACCESSOR: PropertyDescriptor = {
  enumerable: true,
  get(this: WithState) {
    return this[STATE].register;
  },
  set(this: WithState, value: unknown) {
    this[STATE].register = checkBoolean('register', value);
  },
};
const CUSTOM_ACCESSOR: PropertyDescriptor = {
  enumerable: true,
  get(this: WithState) {
    return (this[STATE].custom ??= {});
  },
  set(this: WithState, value: unknown) {
    this[STATE].custom = checkObject('custom', value) as UAConfiguration['custom'];
  },
};

/**
 * Lock the configuration as the legacy UA did (`Object.defineProperties` with `writable: false`):
 * every value read-only and no key added or deleted (a write throws a TypeError in strict code,
 * which all ES modules are), except `register` (toggled by `ua.register()`/`unregister()`) and
 * `custom` (the application's own). Those two stay assignable through setters that keep their
 * type. Unlike the legacy object, nested values (server list, URIs, log settings) are frozen too,
 * so `configuration.uri.user = …` cannot change the identity behind the UA's back.
 */
export function freezeConfiguration(settings: Omit<UAConfiguration, 'custom'> & { custom: UAConfiguration['custom'] | undefined }): UAConfiguration {
  freezeUri(settings.uri);
  freezeUri(settings.registrarServer);
  settings.wsServers.forEach((server) => Object.freeze(server));
  Object.freeze(settings.wsServers);
  Object.freeze(settings.extraSupported);
  Object.freeze(settings.stunServers);
  Object.freeze(settings.turnServers);
  Object.freeze(settings.log);

  const { register, custom, ...values } = settings;
  return withAssignableSettings(values, { register, custom });
}

/**
 * `values` (every key but `register` and `custom`) completed with those two as accessors of `state`,
 * then frozen. Two configurations made with one `state` see each other's writes to them.
 */
export function withAssignableSettings(values: object, state: AssignableSettings): UAConfiguration {
  Object.defineProperty(values, STATE, { value: state });
  Object.defineProperty(values, 'register', REGISTER_ACCESSOR);
  Object.defineProperty(values, 'custom', CUSTOM_ACCESSOR);
  return Object.freeze(values) as UAConfiguration;
}

/** The box behind a configuration's `register` and `custom`. */
export function assignableSettings(configuration: UAConfiguration): AssignableSettings {
  return (configuration as unknown as WithState)[STATE];
}

function freezeUri(uri: URI): void {
  freezeParameters(uri.params);
  // Read only when it has headers: reading makes the list, and a frozen URI without any shares one.
  if (uri.hasHeaders) freezeParameters(uri.headers);
  Object.freeze(uri);
}

function freezeParameters(parameters: Parameters): void {
  parameters.list.forEach((parameter) => Object.freeze(parameter));
  Object.freeze(parameters.list);
  Object.freeze(parameters);
}
