/** Where the core reports what it dropped or could not do; messages never contain credentials. */
export interface CoreLogger {
  debug(message: string): void;
  warn(message: string): void;
}

export const silentLogger: CoreLogger = {
  debug: () => undefined,
  warn: () => undefined,
};
