import type { Parameters, URI } from '../../syntax/index.js';
import { checkBoolean, checkObject } from './value-checks.js';
import type { UAConfiguration } from './ua-configuration.js';

/**
 * Lock the configuration as the legacy UA did (`Object.defineProperties` with `writable: false`):
 * every value read-only and no key added or deleted (a write throws a TypeError in strict code,
 * which all ES modules are), except `register` (toggled by `ua.register()`/`unregister()`) and
 * `custom` (the application's own). Those two stay assignable through setters that keep their
 * type. Unlike the legacy object, nested values (server list, URIs, log settings) are frozen too,
 * so `configuration.uri.user = …` cannot change the identity behind the UA's back.
 */
export function freezeConfiguration(settings: UAConfiguration): UAConfiguration {
  freezeUri(settings.uri);
  freezeUri(settings.registrarServer);
  settings.wsServers.forEach((server) => Object.freeze(server));
  Object.freeze(settings.wsServers);
  Object.freeze(settings.extraSupported);
  Object.freeze(settings.stunServers);
  Object.freeze(settings.turnServers);
  Object.freeze(settings.log);

  const configuration = {} as UAConfiguration;
  let register = settings.register;
  let custom = settings.custom;
  for (const [key, value] of Object.entries(settings)) {
    if (key === 'register' || key === 'custom') continue;
    Object.defineProperty(configuration, key, { value, enumerable: true, writable: false, configurable: false });
  }
  Object.defineProperty(configuration, 'register', {
    enumerable: true,
    configurable: false,
    get: () => register,
    set: (value: unknown) => {
      register = checkBoolean('register', value);
    },
  });
  Object.defineProperty(configuration, 'custom', {
    enumerable: true,
    configurable: false,
    get: () => custom,
    set: (value: unknown) => {
      custom = checkObject('custom', value);
    },
  });
  return Object.preventExtensions(configuration);
}

function freezeUri(uri: URI): void {
  freezeParameters(uri.params);
  freezeParameters(uri.headers);
  Object.freeze(uri);
}

function freezeParameters(parameters: Parameters): void {
  parameters.list.forEach((parameter) => Object.freeze(parameter));
  Object.freeze(parameters.list);
  Object.freeze(parameters);
}
