import type { CoreLogger } from '../core/index.js';
import { logLevelOf, type LogSettings } from './configuration/index.js';
import type { LogLevelName, UALogger } from './configuration/ua-configuration-input.js';

/**
 * The UA's logging, as the legacy `log` option describes it: messages up to `level` go to the
 * builtin console output (when `builtinEnabled`), to the `connector`, and to sipforge's own
 * `logger` option. Nothing logged here ever contains the password.
 */
export class ApiLogger {
  // The category views handed out (`forCategory`), made once per category.
  private categories: Map<string, CategoryLogger> | undefined;

  constructor(
    private readonly settings: LogSettings,
    private readonly logger: UALogger | undefined,
  ) {}

  /**
   * The logger of these settings: without a `logger` option, one for all the UAs of a process configured
   * with the same frozen settings (a process holds thousands of UAs; a logger holds nothing but its settings).
   */
  static of(settings: LogSettings, logger: UALogger | undefined): ApiLogger {
    if (logger !== undefined || !Object.isFrozen(settings)) return new ApiLogger(settings, logger);
    let shared = SHARED.get(settings);
    if (shared === undefined) SHARED.set(settings, (shared = new ApiLogger(settings, undefined)));
    return shared;
  }

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

  /** Whether a message at `level` goes anywhere: callers skip building one that would not (a UA is made by the thousand). */
  enabled(level: LogLevelName): boolean {
    const settings = this.settings;
    return logLevelOf(level) <= settings.level && (settings.builtinEnabled || Boolean(settings.connector) || this.logger !== undefined);
  }

  /** The view the UA core logs through. */
  forCategory(category: string): CoreLogger {
    const categories = (this.categories ??= new Map());
    let view = categories.get(category);
    if (view === undefined) categories.set(category, (view = new CategoryLogger(this, category)));
    return view;
  }

  /**
   * A logger for the application under its own category and optional label (legacy `ua.getLogger`), with
   * the UA's level, builtin output, connector and `logger`. Legacy code logs objects too: they are written as text.
   */
  forApplication(category: string, label?: string): LegacyLogger {
    const at = (level: LogLevelName) => (content: unknown) => this.writeAs(level, category, label, describeContent(content));
    return { error: at('error'), warn: at('warn'), log: at('log'), debug: at('debug') };
  }

  private write(level: LogLevelName, category: string, message: string): void {
    this.writeAs(level, `sip.${category}`, undefined, message);
  }

  private writeAs(level: LogLevelName, category: string, label: string | undefined, message: string): void {
    if (logLevelOf(level) > this.settings.level) return;
    const source = label === undefined ? category : `${category} | ${label}`;
    if (this.settings.builtinEnabled) {
      const line = `${new Date().toISOString()} | ${source} | ${message}`;
      if (level === 'error') console.error(line);
      else if (level === 'warn') console.warn(line);
      else console.log(line);
    }
    this.settings.connector?.(level, category, label, message);
    this.logger?.[level](`${source} | ${message}`);
  }
}

// The shared loggers, by settings: each goes when its settings go.
const SHARED = new WeakMap<LogSettings, ApiLogger>();

/**
 * One category of an ApiLogger. A class rather than an object of three closures: every UA keeps a few
 * of these from `start()` on, and its methods live once on the prototype (thousands of UAs share a process).
 */
class CategoryLogger implements CoreLogger {
  constructor(
    private readonly api: ApiLogger,
    private readonly category: string,
  ) {}

  debug(message: string): void {
    this.api.debug(this.category, message);
  }

  warn(message: string): void {
    this.api.warn(this.category, message);
  }

  error(message: string): void {
    this.api.error(this.category, message);
  }
}

/** What `ua.getLogger()` returns: the legacy Logger's four methods. */
export interface LegacyLogger {
  error(content: unknown): void;
  warn(content: unknown): void;
  log(content: unknown): void;
  debug(content: unknown): void;
}

function describeContent(content: unknown): string {
  if (typeof content === 'string') return content;
  if (content instanceof Error) return content.stack ?? `${content.name}: ${content.message}`;
  try {
    return JSON.stringify(content) ?? String(content);
  } catch {
    return String(content);
  }
}
