import { isToken, type URI } from '../../syntax/index.js';
import { DEFAULT_TIMER_C } from '../../transaction/index.js';
import { MIN_SESSION_EXPIRES_FLOOR } from '../../session/index.js';
import { supported, USER_AGENT } from '../constants/index.js';
import { ConfigurationError } from '../exceptions.js';
import { freezeConfiguration } from './freeze-configuration.js';
import { checkInstanceId, randomUuid } from './instance-id.js';
import { checkListen, checkListenRegistrable } from './listen-option.js';
import { checkLog, DEFAULT_LOG } from './log-settings.js';
import { checkServers, defaultContactTransport } from './server-list.js';
import { anonymousAor, checkAor, checkRegistrarServer, hostportParams, withoutUser } from './sip-uri-parameters.js';
import { checkStunServers, checkTurnServers, DEFAULT_STUN_SERVERS } from './ice-servers.js';
import type {
  AuthenticationFactory,
  MediaHandlerFactory,
  RtcpMuxPolicy,
  UAConfigurationInput,
  UAConfigurationParameters,
  UALogger,
} from './ua-configuration-input.js';
import type { UAConfiguration } from './ua-configuration.js';
import {
  checkBoolean,
  checkFunction,
  checkHeaderValue,
  checkLineTextOrNumber,
  checkObject,
  checkSupportLevel,
  checkToken,
  checkWholeNumber,
  isUnset,
} from './value-checks.js';
import { checkHackIpInContact, viaHostFor } from './via-host.js';

type ParameterName = keyof UAConfigurationParameters;
type DtmfType = NonNullable<UAConfigurationParameters['dtmfType']>;

// Legacy UA.js: the shortest ICE gathering time it would use.
const MIN_ICE_CHECKING_TIMEOUT_MS = 500;

// A record, not a list, so the compiler reports a parameter added to the input type but not here.
const PARAMETERS: Readonly<Record<ParameterName, true>> = {
  uri: true, wsServers: true, authorizationUser: true, password: true, displayName: true, register: true, registerExpires: true,
  registrarServer: true, wsServerMaxReconnection: true, wsServerReconnectionTimeout: true, connectionRecoveryMinInterval: true,
  connectionRecoveryMaxInterval: true, keepAliveInterval: true, connectionTimeout: true, usePreloadedRoute: true, userAgentString: true, traceSip: true,
  noAnswerTimeout: true, rel100: true, reliable: true, replaces: true, extraSupported: true, hackAllowUnregisteredOptionTags: true,
  hackIpInContact: true, hackViaTcp: true, hackWssInTransport: true, contactTransport: true, forceRport: true, instanceId: true,
  autostart: true, autostop: true, allowLegacyNotifications: true, custom: true, log: true, logger: true, mediaHandlerFactory: true,
  timerC: true,
  stunServers: true, turnServers: true, iceCheckingTimeout: true, rtcpMuxPolicy: true, authenticationFactory: true, hackStripTcp: true,
  dtmfType: true, sessionTimers: true, sessionTimersRefreshMethod: true, minSessionExpires: true,
  listen: true, sharedConnection: true,
};

/** The legacy `aliasUnderscored` rule: `wsServers` → `ws_servers` (a lower-case letter, then an upper-case one). */
export function snakeCaseAlias(parameter: string): string {
  return parameter.replace(/([a-z])([A-Z])/g, (_, lower: string, upper: string) => `${lower}_${upper.toLowerCase()}`);
}

// Each parameter's alias, worked out once rather than by a regular expression per parameter and UA.
const ALIASES: ReadonlyMap<string, string> = new Map(Object.keys(PARAMETERS).map((name) => [name, snakeCaseAlias(name)]));
const KNOWN_KEYS: ReadonlySet<string> = new Set([...ALIASES].flat());

export interface NormalizeOptions {
  /** Told about deprecated snake_case or `reliable` spellings and unknown parameters (legacy logged these as warnings). */
  warn?(message: string): void;
}

/**
 * `new SIP.UA(configuration)`'s configuration, checked and completed as the legacy UA's
 * `loadConfig` did: a string is the `uri`; each parameter under its camelCase name or its
 * snake_case alias (camelCase wins when both are set); unset values (`undefined`, `null`, `''`,
 * `NaN`, `[]`) take the default; an invalid value throws `ConfigurationError(parameter, value)`.
 * The result is frozen except `register` and `custom`.
 */
export function normalizeConfiguration(input?: string | UAConfigurationInput, options: NormalizeOptions = {}): UAConfiguration {
  const warn = options.warn ?? (() => undefined);
  const raw: Record<string, unknown> =
    typeof input === 'string' ? { uri: input } : isUnset(input) ? {} : checkObject('configuration', input);
  for (const key of Object.keys(raw)) {
    if (!KNOWN_KEYS.has(key)) warn(`unknown configuration parameter ${key} ignored`);
  }

  /** The value given for `name` (camelCase first, then its alias), as given. */
  function givenAsIs(name: ParameterName): unknown {
    const alias = ALIASES.get(name)!;
    const camel = raw[name];
    if (alias !== name && raw[alias] !== undefined) {
      warn(`${alias} is deprecated, please use ${name}`);
      if (camel !== undefined) warn(`${name} overriding ${alias}`);
    }
    return camel !== undefined ? camel : raw[alias];
  }
  /** The value given for `name`, or undefined when unset. */
  function given(name: ParameterName): unknown {
    const value = givenAsIs(name);
    return isUnset(value) ? undefined : value;
  }
  function option<T>(name: ParameterName, check: (value: unknown) => T): T | undefined {
    const value = given(name);
    return value === undefined ? undefined : check(value);
  }
  /** As `option`, except that an empty list is a value, not "unset" (legacy, for the STUN and TURN lists). */
  function listOption<T>(name: ParameterName, check: (value: unknown) => T[]): T[] | undefined {
    const value = givenAsIs(name);
    if (Array.isArray(value) && value.length === 0) return [];
    return isUnset(value) ? undefined : check(value);
  }
  const seconds = (name: ParameterName, fallback: number, min = 1): number =>
    option(name, (value) => checkWholeNumber(name, value, min)) ?? fallback;
  const flag = (name: ParameterName, fallback: boolean): boolean => option(name, (value) => checkBoolean(name, value)) ?? fallback;

  const uri = withoutPassword(option('uri', checkAor) ?? anonymousAor(), warn);
  const wsServers = option('wsServers', (value) => checkServers(value, warn)) ?? [];
  const listen = option('listen', checkListen);
  // sipforge: a UA that only listens has no server to register through; `register: true` registers
  // with `registrarServer`, reached as any request without a server is (RFC 3263).
  const register = flag('register', listen === undefined || wsServers.length > 0);
  if (register) checkListenRegistrable(listen, 'register is true');

  let rel100 = option('rel100', (value) => checkSupportLevel('rel100', value));
  if (rel100 === undefined) {
    rel100 = option('reliable', (value) => checkSupportLevel('reliable', value));
    if (rel100 !== undefined) warn('reliable is deprecated, please use rel100');
  }

  const connectionRecoveryMinInterval = seconds('connectionRecoveryMinInterval', 2);
  const connectionRecoveryMaxInterval = seconds('connectionRecoveryMaxInterval', 30);
  // Legacy sanity check: the back-off cap cannot be below its starting value.
  if (connectionRecoveryMaxInterval < connectionRecoveryMinInterval) {
    throw new ConfigurationError('connectionRecoveryMaxInterval', connectionRecoveryMaxInterval);
  }
  const wsServerReconnectionTimeout = seconds('wsServerReconnectionTimeout', 4);
  // 0 means "off" and is the default; the legacy check refused an explicit 0, which only surprised.
  const keepAliveInterval = seconds('keepAliveInterval', 0, 0);
  // sipforge: how long one connection attempt may take (SIP.js ≥ 0.8 `connectionTimeout`, 5 s); 0 = no limit.
  const connectionTimeout = seconds('connectionTimeout', 5, 0);
  const noAnswerTimeout = seconds('noAnswerTimeout', 60);
  const timerC = seconds('timerC', DEFAULT_TIMER_C / 1000);
  const hackIpInContact = option('hackIpInContact', checkHackIpInContact) ?? false;
  const sharedConnection = flag('sharedConnection', false);
  if (sharedConnection) checkSharedConnection(wsServers, hackIpInContact, listen !== undefined);
  const iceCheckingTimeout = option('iceCheckingTimeout', (value) => checkWholeNumber('iceCheckingTimeout', value, 0)) ?? 5000;
  // Legacy raised a shorter ICE timeout to 500 ms rather than refusing it.
  if (iceCheckingTimeout < MIN_ICE_CHECKING_TIMEOUT_MS) warn(`iceCheckingTimeout ${iceCheckingTimeout} raised to ${MIN_ICE_CHECKING_TIMEOUT_MS} ms`);

  return freezeConfiguration({
    uri,
    wsServers,
    authorizationUser: option('authorizationUser', (value) => checkLineTextOrNumber('authorizationUser', value)) ?? uri.user ?? '',
    password: option('password', checkPassword) ?? null,
    displayName: option('displayName', (value) => checkLineTextOrNumber('displayName', value)) ?? '',
    register,
    registerExpires: seconds('registerExpires', 600),
    registrarServer: option('registrarServer', checkRegistrarServer) ?? withoutUser(uri),
    wsServerMaxReconnection: seconds('wsServerMaxReconnection', 3),
    wsServerReconnectionTimeout,
    wsServerReconnectionTimeoutMs: wsServerReconnectionTimeout * 1000,
    connectionRecoveryMinInterval,
    connectionRecoveryMinIntervalMs: connectionRecoveryMinInterval * 1000,
    connectionRecoveryMaxInterval,
    connectionRecoveryMaxIntervalMs: connectionRecoveryMaxInterval * 1000,
    keepAliveInterval,
    keepAliveIntervalMs: keepAliveInterval * 1000,
    connectionTimeout,
    connectionTimeoutMs: connectionTimeout * 1000,
    usePreloadedRoute: flag('usePreloadedRoute', false),
    // RFC 3261 §20.41: User-Agent = server-val *(LWS server-val).
    userAgentString: option('userAgentString', (value) => checkHeaderValue('userAgentString', 'User-Agent', value)) ?? USER_AGENT,
    traceSip: flag('traceSip', false),
    noAnswerTimeout,
    noAnswerTimeoutMs: noAnswerTimeout * 1000,
    timerC,
    timerCMs: timerC * 1000,
    rel100: rel100 ?? supported.UNSUPPORTED,
    replaces: option('replaces', (value) => checkSupportLevel('replaces', value)) ?? supported.UNSUPPORTED,
    extraSupported: option('extraSupported', checkExtraSupported) ?? [],
    hackAllowUnregisteredOptionTags: flag('hackAllowUnregisteredOptionTags', false),
    hackIpInContact,
    hackViaTcp: flag('hackViaTcp', false),
    hackWssInTransport: flag('hackWssInTransport', false),
    contactTransport: option('contactTransport', (value) => checkToken('contactTransport', value)) ?? defaultContactTransport(wsServers),
    forceRport: flag('forceRport', false),
    instanceId: option('instanceId', checkInstanceId) ?? randomUuid(),
    autostart: flag('autostart', true),
    autostop: flag('autostop', true),
    allowLegacyNotifications: flag('allowLegacyNotifications', false),
    custom: option('custom', (value) => checkObject('custom', value)),
    log: option('log', checkLog) ?? DEFAULT_LOG,
    logger: option('logger', checkLogger),
    mediaHandlerFactory: option('mediaHandlerFactory', (value) => checkFunction<MediaHandlerFactory>('mediaHandlerFactory', value)),
    stunServers: listOption('stunServers', checkStunServers) ?? DEFAULT_STUN_SERVERS,
    turnServers: listOption('turnServers', checkTurnServers) ?? [],
    iceCheckingTimeout: Math.max(MIN_ICE_CHECKING_TIMEOUT_MS, iceCheckingTimeout),
    rtcpMuxPolicy: option('rtcpMuxPolicy', checkRtcpMuxPolicy),
    authenticationFactory: option('authenticationFactory', checkAuthenticationFactory),
    hackStripTcp: flag('hackStripTcp', false),
    dtmfType: option('dtmfType', checkDtmfType) ?? 'info',
    sessionTimers: flag('sessionTimers', true),
    sessionTimersRefreshMethod: option('sessionTimersRefreshMethod', checkRefreshMethod) ?? 'UPDATE',
    // RFC 4028 §5: Min-SE is never below 90 s.
    minSessionExpires: seconds('minSessionExpires', MIN_SESSION_EXPIRES_FLOOR, MIN_SESSION_EXPIRES_FLOOR),
    viaHost: viaHostFor(hackIpInContact),
    hostportParams: hostportParams(uri),
    listen,
    sharedConnection,
  });
}

/**
 * A shared connection tells its UAs apart by their Via host, so each must have its own: the random
 * TEST-NET address of `hackIpInContact: true` is one of 254, and a UA that listens names its listen
 * address in Via, which the UAs of a process may share. Only WebSocket servers are shared.
 */
function checkSharedConnection(wsServers: ReadonlyArray<{ protocol: string; uri: string }>, hackIpInContact: boolean | string, listens: boolean): void {
  if (listens) throw new ConfigurationError('sharedConnection', true, 'a UA that listens names its listen address in Via and Contact; UAs on a shared connection are told apart by their own random Via host');
  if (hackIpInContact === true) {
    throw new ConfigurationError('sharedConnection', true, 'UAs on a shared connection are told apart by their Via host; hackIpInContact: true picks one of 254 addresses');
  }
  const other = wsServers.find((server) => server.protocol !== 'WS' && server.protocol !== 'WSS');
  if (other !== undefined) throw new ConfigurationError('sharedConnection', true, `only ws: and wss: servers are shared, not ${other.uri}`);
}

/**
 * The AOR without a password written into it: RFC 3261 §19.1.1 calls a password in a URI NOT
 * RECOMMENDED (clear text), and the AOR goes into From and To of every request and into the log.
 */
function withoutPassword(uri: URI, warn: (message: string) => void): URI {
  if (uri.password === undefined) return uri;
  warn('uri: the password written into the URI is not used; it is never sent nor logged (RFC 3261 §19.1.1). Set `password` for digest authentication');
  const copy = uri.clone();
  copy.password = undefined;
  return copy;
}

/** `extraSupported`: a list of option tags (RFC 3261 §25.1 tokens); legacy dropped non-strings silently, here they are errors. */
function checkExtraSupported(value: unknown): string[] {
  if (!Array.isArray(value)) throw new ConfigurationError('extraSupported', value);
  return value.map((tag: unknown) => {
    if (typeof tag !== 'string' || !isToken(tag)) throw new ConfigurationError('extraSupported', value);
    return tag;
  });
}

const RTCP_MUX_POLICIES: ReadonlySet<unknown> = new Set<RtcpMuxPolicy>(['require', 'negotiate']);

/** Legacy took any string and let the RTCPeerConnection refuse it at call time; a typo is refused here instead. */
function checkRtcpMuxPolicy(value: unknown): RtcpMuxPolicy {
  if (!RTCP_MUX_POLICIES.has(value)) throw new ConfigurationError('rtcpMuxPolicy', value);
  return value as RtcpMuxPolicy;
}

/** sipforge: `'info'` (SIP INFO, the legacy way) or `'rtp'` (RFC 4733 in the media when negotiated). */
function checkDtmfType(value: unknown): DtmfType {
  if (value !== 'info' && value !== 'rtp') throw new ConfigurationError('dtmfType', value, "'info' or 'rtp'");
  return value;
}

/** `sessionTimersRefreshMethod`: how session refreshes go (RFC 4028 §10), `'UPDATE'` or `'INVITE'`. */
function checkRefreshMethod(value: unknown): 'UPDATE' | 'INVITE' {
  if (value !== 'UPDATE' && value !== 'INVITE') throw new ConfigurationError('sessionTimersRefreshMethod', value, "'UPDATE' or 'INVITE'");
  return value;
}

/** A function; its optional `initialize` must be one too (legacy called it before registering). */
function checkAuthenticationFactory(value: unknown): AuthenticationFactory {
  const factory = checkFunction<AuthenticationFactory>('authenticationFactory', value);
  if (factory.initialize !== undefined && typeof factory.initialize !== 'function') {
    throw new ConfigurationError('authenticationFactory.initialize', factory.initialize);
  }
  return factory;
}

function checkLogger(value: unknown): UALogger {
  const logger = value as Partial<Record<keyof UALogger, unknown>>;
  const methods: ReadonlyArray<keyof UALogger> = ['error', 'warn', 'log', 'debug'];
  if (typeof value !== 'object' || value === null || methods.some((m) => typeof logger[m] !== 'function')) {
    throw new ConfigurationError('logger', value);
  }
  return value as UALogger;
}

/**
 * The password only feeds the digest hash (RFC 3261 §22.4), never a header, so any text is fine.
 * Legacy coerced anything with String(); an object here is an error, not the password "[object Object]".
 */
function checkPassword(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new ConfigurationError('password', value);
}
