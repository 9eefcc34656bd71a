/** Where the core reports what it dropped or could not do; messages never contain credentials. */
export interface CoreLogger {
  debug(message: string): void;
  warn(message: string): void;
  /**
   * A fault caught before it could escape into a network callback or a timer: an application
   * handler or listener that threw, or a bug. Loggers without this level get it as a warning.
   */
  error?(message: string): void;
}

export const silentLogger: CoreLogger = {
  debug: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Report `error` at the error level of `logger` (its warn level when it has none), with the stack when there is one. */
export function logFault(logger: CoreLogger, context: string, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  const message = `${context}: ${detail}`;
  if (logger.error !== undefined) logger.error(message);
  else logger.warn(message);
}
