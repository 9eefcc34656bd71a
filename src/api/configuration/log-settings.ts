import { ConfigurationError } from '../exceptions.js';
import type { LogConnector, LogLevel, LogLevelName } from './ua-configuration-input.js';
import type { LogSettings } from './ua-configuration.js';
import { checkObject, isUnset } from './value-checks.js';

const LEVELS: readonly LogLevelName[] = ['error', 'warn', 'log', 'debug'];

/** Legacy default: builtin console logging at level 2 (`log`), no connector. */
export const DEFAULT_LOG: LogSettings = Object.freeze({ builtinEnabled: true, level: 2, connector: null });

/** The `log` option `{ builtinEnabled, level, connector }`; each field unset keeps its default. */
export function checkLog(value: unknown): LogSettings {
  const fields = checkObject('log', value);
  const { builtinEnabled, level, connector } = fields;
  if (!isUnset(builtinEnabled) && typeof builtinEnabled !== 'boolean') throw new ConfigurationError('log.builtinEnabled', builtinEnabled);
  if (!isUnset(connector) && typeof connector !== 'function') throw new ConfigurationError('log.connector', connector);
  return Object.freeze({
    builtinEnabled: isUnset(builtinEnabled) ? DEFAULT_LOG.builtinEnabled : (builtinEnabled as boolean),
    level: isUnset(level) ? DEFAULT_LOG.level : checkLevel(level),
    connector: isUnset(connector) ? null : (connector as LogConnector),
  });
}

/** 0–3 or `'error'`, `'warn'`, `'log'`, `'debug'`, as the legacy LoggerFactory took. */
function checkLevel(level: unknown): LogLevel {
  if (typeof level === 'number' && Number.isInteger(level) && level >= 0 && level < LEVELS.length) return level as LogLevel;
  const index = LEVELS.indexOf(level as LogLevelName);
  if (index < 0) throw new ConfigurationError('log.level', level);
  return index as LogLevel;
}

/** The number of a level name (`'log'` → 2): a message is written when its level is at most the configured one. */
export function logLevelOf(name: LogLevelName): LogLevel {
  return LEVELS.indexOf(name) as LogLevel;
}
