import type { CoreLogger } from '../core/index.js';
import { logLevelOf, type LogSettings } from './configuration/index.js';
import type { LogLevelName, UALogger } from './configuration/ua-configuration-input.js';


/**
 * The UA's logging, as the legacy `log` option describes it: messages up to `level` go to the
 * builtin console output (when `builtinEnabled`), to the `connector`, and to sipforge's own
 * `logger` option. Nothing logged here ever contains the password.
 */
export class ApiLogger {
  constructor(
    private readonly settings: LogSettings,
    private readonly logger: UALogger | undefined,
  ) {}

  error(category: string, message: string): void {
    this.write('error', category, message);
  }

  warn(category: string, message: string): void {
    this.write('warn', category, message);
  }

  log(category: string, message: string): void {
    this.write('log', category, message);
  }

  debug(category: string, message: string): void {
    this.write('debug', category, message);
  }

  /** The view the UA core logs through. */
  forCategory(category: string): CoreLogger {
    return { debug: (m) => this.debug(category, m), warn: (m) => this.warn(category, m), error: (m) => this.error(category, m) };
  }

  private write(level: LogLevelName, category: string, message: string): void {
    if (logLevelOf(level) > this.settings.level) return;
    if (this.settings.builtinEnabled) {
      const line = `${new Date().toISOString()} | sip.${category} | ${message}`;
      if (level === 'error') console.error(line);
      else if (level === 'warn') console.warn(line);
      else console.log(line);
    }
    this.settings.connector?.(level, `sip.${category}`, undefined, message);
    this.logger?.[level](`sip.${category} | ${message}`);
  }
}
