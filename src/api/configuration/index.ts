export { normalizeConfiguration, snakeCaseAlias } from './normalize-configuration.js';
export type { NormalizeOptions } from './normalize-configuration.js';
export { describeConfiguration } from './describe-configuration.js';
export { supportedOptionTags } from './supported-option-tags.js';
export { logLevelOf } from './log-settings.js';
export type { UAConfiguration, ConfiguredServer, LogSettings } from './ua-configuration.js';
export type {
  UAConfigurationInput,
  UAConfigurationParameters,
  UAConfigurationAliases,
  SnakeCase,
  WholeNumber,
  WsServerInput,
  WsServersInput,
  LogInput,
  LogLevel,
  LogLevelName,
  LogConnector,
  UALogger,
  MediaHandlerFactory,
  AuthenticationFactory,
  TurnServerInput,
  TurnServer,
  RtcpMuxPolicy,
} from './ua-configuration-input.js';
