import type { SessionDescriptionHandlerFactory } from '../../session/index.js';
import type { URI } from '../../syntax/index.js';
import type { SupportLevel } from '../constants/index.js';

/** A whole number of seconds (or a count): a number, or its decimal text as the legacy library also took. */
export type WholeNumber = number | `${number}`;

/** One WebSocket server (legacy shape), or sipforge's `{ uri, weight }`; higher weight is tried first. */
export interface WsServerInput {
  ws_uri?: string;
  /** sipforge's spelling of `ws_uri` (the transport layer's SipServerConfig). */
  uri?: string;
  weight?: number;
}

/** `wss://…`, `ws://…`, or (Node) `udp:host:port`, `tcp:…`, `tls:…`; one, or a list of strings and objects. */
export type WsServersInput = string | ReadonlyArray<string | WsServerInput>;

export type LogLevelName = 'error' | 'warn' | 'log' | 'debug';
/** 0 error, 1 warn, 2 log, 3 debug (legacy numbering). */
export type LogLevel = 0 | 1 | 2 | 3;

/** The legacy log connector: called for every message the builtin logger would print. */
export type LogConnector = (level: LogLevelName, category: string, label: string | undefined, content: string) => void;

export interface LogInput {
  /** Print to the console (default true). */
  builtinEnabled?: boolean;
  /** 0–3 or a level name (default 2, `'log'`). */
  level?: LogLevel | LogLevelName;
  /** Receives every message at or above `level` (default none). */
  connector?: LogConnector | null;
}

/** sipforge's own logger option: anything with these four methods, e.g. `console`. */
export interface UALogger {
  error(message: string): void;
  warn(message: string): void;
  log(message: string): void;
  debug(message: string): void;
}

/**
 * Makes the media handler of each session (legacy `mediaHandlerFactory`): given the session's media
 * options (kinds of media, ICE servers, `iceCheckingTimeout`, the call's platform options), it returns
 * a `SessionDescriptionHandler`. One whose `isSupported()` returns false counts as none (calls fail
 * with WEBRTC_NOT_SUPPORTED, incoming ones get 488).
 */
export type MediaHandlerFactory = SessionDescriptionHandlerFactory & { isSupported?(): boolean };

/** One TURN server as configured (legacy shape); `server` is the older spelling of a single URL. */
export interface TurnServerInput {
  urls?: string | readonly string[];
  server?: string;
  username: string;
  password: string;
}

/** A checked TURN server, in the shape of WebRTC's `RTCIceServer`. */
export interface TurnServer {
  readonly urls: readonly string[];
  readonly username: string;
  readonly password: string;
}

/** WebRTC's RTCRtcpMuxPolicy; `negotiate` is the older value legacy applications still pass. */
export type RtcpMuxPolicy = 'require' | 'negotiate';

/**
 * Makes the UA's authentication (legacy `authenticationFactory(ua)`, default: digest); an optional
 * `initialize()` is awaited before the first REGISTER. Who uses it defines what it returns, so it is opaque here.
 */
export interface AuthenticationFactory {
  (ua: unknown): unknown;
  initialize?(): unknown;
}

/** Every parameter under its camelCase name; see the legacy table for meanings. */
export interface UAConfigurationParameters {
  /** The AOR; `sip:` is added when missing; must have a user part. Default: `sip:anonymous.<random>@anonymous.invalid`. */
  uri?: string | URI;
  /** Default: none (sipforge never contacts a third party unless told to; `start()` then fails unless `listen` is set). */
  wsServers?: WsServersInput;
  /**
   * sipforge/node: receive requests on this address too, e.g. `udp:127.0.0.1:5080` or `tcp:0.0.0.0:5060`
   * (port 0: ephemeral, see `ua.listenAddress`). Without `wsServers` the UA needs no server: its requests go
   * to the Request-URI's host and port, and `register` defaults to false. Contact names this address.
   */
  listen?: string;
  /**
   * sipforge: share one WebSocket connection per server with the other UAs of the process (or page)
   * that set it, instead of opening one of their own (default false). For a process holding many
   * UAs: each saves its own connection's sockets and buffers, and the server its handshake. The
   * server must route each UA's requests by Contact over the one connection (RFC 7118 §5); a request
   * for a UA no longer on it is answered 404. `ws:`/`wss:` servers only; not with `hackIpInContact: true` nor `listen`.
   */
  sharedConnection?: boolean;
  /** Digest username; default the user part of `uri`. */
  authorizationUser?: string | number;
  password?: string | number;
  displayName?: string | number;
  /** Register on start (default true). Stays writable after normalisation. */
  register?: boolean;
  /** Seconds (default 600). */
  registerExpires?: WholeNumber;
  /** Default: `uri` without its user part. Must not have a user part. */
  registrarServer?: string | URI;
  /** Attempts on one server before the next (default 3). */
  wsServerMaxReconnection?: WholeNumber;
  /** Seconds between those attempts (default 4). */
  wsServerReconnectionTimeout?: WholeNumber;
  /** Seconds (default 2). */
  connectionRecoveryMinInterval?: WholeNumber;
  /** Seconds (default 30), at least the min interval. */
  connectionRecoveryMaxInterval?: WholeNumber;
  /** Seconds between CRLF keep-alives; 0 = off (default). */
  keepAliveInterval?: WholeNumber;
  /**
   * sipforge: seconds one connection attempt may take (TCP, TLS and WebSocket handshakes) before it
   * fails with an error naming this option; default 5, 0 = no limit.
   */
  connectionTimeout?: WholeNumber;
  usePreloadedRoute?: boolean;
  /** Default `sipforge/<version>`. */
  userAgentString?: string;
  traceSip?: boolean;
  /** Seconds before an unanswered incoming INVITE gets 480 Temporarily Unavailable (default 60). */
  noAnswerTimeout?: WholeNumber;
  /**
   * sipforge: seconds an outgoing INVITE may go without a final response or a provisional one other than
   * 100 before it fails with NO_ANSWER and is CANCELed (RFC 3261 §16.6 Timer C; default 180).
   */
  timerC?: WholeNumber;
  rel100?: SupportLevel;
  /** Deprecated legacy alias of `rel100`. */
  reliable?: SupportLevel;
  replaces?: SupportLevel;
  /** Extra option tags for Supported. */
  extraSupported?: readonly string[];
  hackAllowUnregisteredOptionTags?: boolean;
  /** `true`: a random TEST-NET address as Via/Contact host; a string: that host. */
  hackIpInContact?: boolean | string;
  hackViaTcp?: boolean;
  hackWssInTransport?: boolean;
  /** Contact `transport=` parameter; default from the first server (`ws` for WebSocket, else udp/tcp/tls). */
  contactTransport?: string;
  forceRport?: boolean;
  /** RFC 4122 UUID for `+sip.instance` (an optional `uuid:` prefix is stripped); default random. */
  instanceId?: string;
  autostart?: boolean;
  autostop?: boolean;
  allowLegacyNotifications?: boolean;
  /** Free object for the application; stays writable. */
  custom?: Record<string, unknown>;
  log?: LogInput;
  /** sipforge: where the UA logs instead of the builtin console logger. */
  logger?: UALogger;
  mediaHandlerFactory?: MediaHandlerFactory;
  /** STUN URLs (`stun:` added when missing); default none (legacy SIP.js used Google's public STUN server; sipforge contacts no server it was not given). */
  stunServers?: string | readonly string[];
  /** TURN servers; default none. */
  turnServers?: TurnServerInput | readonly TurnServerInput[];
  /** Milliseconds ICE candidate gathering may take (default 5000); below 500 counts as 500 (legacy). */
  iceCheckingTimeout?: WholeNumber;
  /** Passed to the RTCPeerConnection; default unset (the browser's own). */
  rtcpMuxPolicy?: RtcpMuxPolicy;
  authenticationFactory?: AuthenticationFactory;
  /** Remove TCP candidates (`a=candidate … tcp`) from the local SDP. */
  hackStripTcp?: boolean;
  /**
   * sipforge: how `dtmf()` sends digits: `'info'` (default, legacy: SIP INFO with `application/dtmf-relay`)
   * or `'rtp'` (RFC 4733 telephone-events in the media when the call negotiated them, INFO otherwise).
   */
  dtmfType?: 'info' | 'rtp';
  /**
   * sipforge (JsSIP `session_timers`): use session timers (RFC 4028) — `Supported: timer`, Session-Expires
   * and Min-SE in INVITE, refreshes, and a BYE when the peer stops refreshing; default true.
   */
  sessionTimers?: boolean;
  /** sipforge (JsSIP `session_timers_refresh_method`): `'UPDATE'` (default; re-INVITE when the peer does not allow UPDATE) or `'INVITE'`. */
  sessionTimersRefreshMethod?: 'UPDATE' | 'INVITE';
  /** sipforge: our Min-SE in seconds (RFC 4028 §5): default and least 90. An INVITE asking less gets 422. */
  minSessionExpires?: WholeNumber;
}

/** `wsServers` → `ws_servers`, the legacy `aliasUnderscored` rule at the type level. */
export type SnakeCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeCase<Tail>}`
  : S;

/** The deprecated snake_case spellings (`ws_servers`, `register_expires`, …); camelCase wins when both are given. */
export type UAConfigurationAliases = {
  [K in keyof UAConfigurationParameters as SnakeCase<K> extends K ? never : SnakeCase<K>]?: UAConfigurationParameters[K];
};

/** What `new SIP.UA(configuration)` takes. */
export type UAConfigurationInput = UAConfigurationParameters & UAConfigurationAliases;
