import type { SipServer, TransportProtocol } from '../../transport/index.js';
import type { ListenAddress } from '../../transport/listen-address.js';
import type { URI } from '../../syntax/index.js';
import type { SupportLevel } from '../constants/index.js';
import type { AuthenticationFactory, LogConnector, LogLevel, MediaHandlerFactory, RtcpMuxPolicy, TurnServer, UALogger } from './ua-configuration-input.js';

/**
 * A configured server: the transport layer's parsed `SipServer` (so the list can be handed to
 * `ServerConnection` as is) plus the legacy fields `ws_uri`, `sip_uri` and `scheme`.
 */
export interface ConfiguredServer extends SipServer {
  /** The URI as configured (legacy name; also `uri`). */
  readonly ws_uri: string;
  /** `<sip:host[:port];transport=ws;lr>`: the pre-loaded Route when `usePreloadedRoute` is set. */
  readonly sip_uri: string;
  /** Upper-case transport, as the legacy `scheme` (`'WSS'`, `'WS'`; sipforge adds UDP, TCP, TLS). */
  readonly scheme: TransportProtocol;
}

export interface LogSettings {
  readonly builtinEnabled: boolean;
  readonly level: LogLevel;
  readonly connector: LogConnector | null;
}

/**
 * The normalised configuration (`ua.configuration`): every parameter with its default applied,
 * times in the legacy seconds plus `…Ms` copies for the lower layers, derived values. Frozen,
 * nested objects and URIs included (clone a URI to change it), except `register` and `custom`.
 */
export interface UAConfiguration {
  readonly uri: URI;
  readonly wsServers: readonly ConfiguredServer[];
  readonly authorizationUser: string;
  /** Never logged: `describeConfiguration` shows it as NOT SHOWN. */
  readonly password: string | null;
  readonly displayName: string;
  register: boolean;
  readonly registerExpires: number;
  readonly registrarServer: URI;
  readonly wsServerMaxReconnection: number;
  readonly wsServerReconnectionTimeout: number;
  readonly wsServerReconnectionTimeoutMs: number;
  readonly connectionRecoveryMinInterval: number;
  readonly connectionRecoveryMinIntervalMs: number;
  readonly connectionRecoveryMaxInterval: number;
  readonly connectionRecoveryMaxIntervalMs: number;
  readonly keepAliveInterval: number;
  readonly keepAliveIntervalMs: number;
  /** Seconds one connection attempt may take before it fails (0 = no limit). */
  readonly connectionTimeout: number;
  readonly connectionTimeoutMs: number;
  readonly usePreloadedRoute: boolean;
  readonly userAgentString: string;
  readonly traceSip: boolean;
  readonly noAnswerTimeout: number;
  readonly noAnswerTimeoutMs: number;
  readonly timerC: number;
  readonly timerCMs: number;
  readonly rel100: SupportLevel;
  readonly replaces: SupportLevel;
  readonly extraSupported: readonly string[];
  readonly hackAllowUnregisteredOptionTags: boolean;
  readonly hackIpInContact: boolean | string;
  readonly hackViaTcp: boolean;
  readonly hackWssInTransport: boolean;
  readonly contactTransport: string;
  readonly forceRport: boolean;
  readonly instanceId: string;
  readonly autostart: boolean;
  readonly autostop: boolean;
  readonly allowLegacyNotifications: boolean;
  custom: Record<string, unknown>;
  readonly log: LogSettings;
  readonly logger: UALogger | undefined;
  readonly mediaHandlerFactory: MediaHandlerFactory | undefined;
  readonly stunServers: readonly string[];
  /** Never logged with their passwords: `describeConfiguration` shows NOT SHOWN. */
  readonly turnServers: readonly TurnServer[];
  /** Milliseconds, at least 500. */
  readonly iceCheckingTimeout: number;
  readonly rtcpMuxPolicy: RtcpMuxPolicy | undefined;
  /** Undefined: the built-in digest authentication. */
  readonly authenticationFactory: AuthenticationFactory | undefined;
  readonly hackStripTcp: boolean;
  /** How `dtmf()` sends digits: SIP INFO, or RFC 4733 in the media when negotiated. */
  readonly dtmfType: 'info' | 'rtp';
  /** Session timers (RFC 4028) on or off, how refreshes go, and our Min-SE in seconds. */
  readonly sessionTimers: boolean;
  readonly sessionTimersRefreshMethod: 'UPDATE' | 'INVITE';
  readonly minSessionExpires: number;
  /** Derived: host for Via and Contact: `<random>.invalid`, a TEST-NET address, or the `hackIpInContact` host. */
  readonly viaHost: string;
  /** Derived: `uri` without scheme and user (`example.com;transport=ws`), to complete bare targets. */
  readonly hostportParams: string;
  /** Where the UA listens (sipforge/node), if anywhere. */
  readonly listen: ListenAddress | undefined;
  /** One WebSocket connection per server for every UA of the process that sets it. */
  readonly sharedConnection: boolean;
}
