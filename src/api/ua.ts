import {
  OutOfDialogRequestFactory,
  ServedMethods,
  UserAgentCore,
  type DialogOptions,
  type IncomingRequest,
} from '../core/index.js';
import { URI, type SipRequest, type SipResponse } from '../syntax/index.js';
import { destinationFor } from '../core/index.js';
import {
  Emitter,
  hidePasswords,
  randomToken,
  type EventRelay,
  type ListenerErrorHandler,
  ServerConnection,
  type ServerConnectionEvents,
  coalescingClock,
  inputFirstClock,
  systemClock,
  webSocketTransportFactory,
  type Clock,
  type ListenAddress,
  type ListenTransportFactory,
  type Peer,
  type Transport,
  type SipServer,
  formatListenAddress,
  TransportError,
  type TransportFactory,
} from '../transport/index.js';
import { ApiLogger, type LegacyLogger } from './api-logger.js';
import { AuthenticatingRequestSender, type RequestRoutes } from './authenticating-request-sender.js';
import { normalizeConfiguration, describeConfiguration, supportedOptionTags, type UAConfiguration } from './configuration/index.js';
import { listedConfiguration, sharedConfiguration } from './configuration/shared-configuration.js';
import type { UAConfigurationInput } from './configuration/ua-configuration-input.js';
import { ACCEPTED_BODY_TYPES, UA_C, UA_ERROR, UA_STATUS, type UAError, type UAStatus } from './constants/index.js';
import { ConnectionTransport } from './connection-transport.js';
import { checkListenRegistrable } from './configuration/listen-option.js';
import { ListeningTransport } from './listening-transport.js';
import { sharedConnectionLane } from './shared-connection.js';
import {
  ClientContext,
  InviteClientContext,
  InviteServerContext,
  MessageClientContext,
  MessageServerContext,
  type ClientContextOptions,
  type InviteClientContextOptions,
  type InviteServerContextEnvironment,
  type MediaElementOption,
  type MessageClientContextOptions,
  SessionStatus,
  type SessionContext,
  type SessionEvents,
} from './contexts/index.js';
import { ConfigurationError } from './exceptions.js';
import { supported } from './contexts/call-media-options.js';
import { DialogRouter, OutgoingSubscriptions, RECOMMENDED_SESSION_EXPIRES, replacesVerdict, type InviteSession, type RandomSource, type SessionDescriptionHandlerFactory, type SessionEnvironment, type SessionMedia } from '../session/index.js';
import { LegacyRequest, LegacyResponse } from './legacy-message/index.js';
import { Registerer, RegistrationBinding, type RegistererEvents, type RegisterOptions, type UnregisterOptions } from './registration/index.js';
import { Subscription, type SubscriptionOptions } from './subscription/index.js';
import { normalizeTarget, requireTarget } from './target.js';
import type { UAEvents } from './ua-events.js';

/** A call of the UA: one it placed or one it received (legacy `ua.sessions` values). */
export type UASession = InviteClientContext | InviteServerContext;

/** One for every UA of the process, so that their timers of one duration share one platform timer. */
const SIP_CLOCK = coalescingClock(inputFirstClock(systemClock));

/** What an environment (the Node entry, the browser entry, a test) supplies besides the configuration. */
export interface UAServices {
  /** Makes the transport factory for the configured servers; default: WebSocket on the platform `WebSocket`. */
  transportFactory?: (configuration: UAConfiguration) => TransportFactory;
  /**
   * Where the UA's timers run; default: the platform's, timers of one duration queued behind one
   * platform timer (`coalescingClock`), each due timer waiting for the input already received (`inputFirstClock`).
   */
  clock?: Clock;
  /**
   * The platform's media handler (RTP in `sipforge/node`, WebRTC in browsers), used unless the
   * configuration's `mediaHandlerFactory` or a call's names another. Without any, calls fail with
   * WEBRTC_NOT_SUPPORTED and incoming ones get 488.
   */
  mediaHandlerFactory?: SessionDescriptionHandlerFactory;
  /** The kinds of media of a call that names none; default audio only. */
  mediaConstraints?: { audio: boolean; video: boolean };
  /** Source of the random waits of RFC 3261 §14 (glare) and of the first RSeq (RFC 3262 §3); Math.random by default. */
  random?: RandomSource;
  /** Makes the transport for the `listen` option; only `sipforge/node` has one (without it, `listen` fails at `start()`). */
  listenTransportFactory?: (configuration: UAConfiguration) => ListenTransportFactory;
}

/** The kinds of media of a call when neither the call nor the environment names them. */
const DEFAULT_MEDIA_CONSTRAINTS = Object.freeze({ audio: true, video: false });

// The body types the core accepts (RFC 3261 §8.2.3), the same for every UA.
const CORE_ACCEPT: readonly string[] = Object.freeze([...ACCEPTED_BODY_TYPES, 'text/plain']);

// A handler that takes a body of any type (RFC 3261 §8.2.3 does not apply to it).
const ANY_BODY_TYPE: readonly string[] = Object.freeze(['*/*']);

// One for every UA made without services of its own (a process may hold thousands).
const NO_SERVICES: UAServices = Object.freeze({});

// One frozen copy of each distinct option-tag or method list, for all the UAs of a process: a process
// holds thousands of UAs with the same configuration, and each kept its own copies (bench/LOAD-RESULTS.md).
const sharedLists = new Map<string, readonly string[]>();
function sharedList(list: readonly string[]): readonly string[] {
  const key = list.join(',');
  let shared = sharedLists.get(key);
  if (shared === undefined) sharedLists.set(key, (shared = Object.freeze([...list])));
  return shared;
}

/**
 * The factory of a UA's server connection. On a shared connection, the UA's own factory is made only
 * when it is the one to open the connection. Made here rather than in the UA's constructor, whose
 * scope the closures would keep for the UA's lifetime.
 */
function transportFactoryOf(conf: UAConfiguration, services: UAServices): TransportFactory {
  if (!conf.sharedConnection) return ownTransportFactory(conf, services);
  return (server) => sharedConnectionLane(server, conf.viaHost, () => ownTransportFactory(conf, services));
}

function ownTransportFactory(conf: UAConfiguration, services: UAServices): TransportFactory {
  return services.transportFactory?.(conf) ?? webSocketTransportFactory({ viaHost: conf.viaHost });
}

// How long stop() waits for the un-REGISTER and the pending transactions before closing anyway.
const STOP_TIMEOUT_MS = 5000;
const STOP_POLL_MS = 100;

// The methods a UA serves, in the order of its Allow header. Legacy: every MESSAGE reaches the application
// whatever its body type (it reads `body` and `contentType` and may reject), so the core's 415 (RFC 3261
// §8.2.3) is not applied to MESSAGE. RFC 3261 §12.2.2: BYE and INFO only ever belong to a session (out of a
// dialog: 481); an INFO of any body type reaches it (a digit, or anything else for the `info` event). RFC 3311
// §5.2: UPDATE belongs to a session's dialog (out of one: 481). RFC 3262 §3: a PRACK belongs to the early
// dialog of one of our reliable 1xx (else 481); without 100rel, not served (405). RFC 6665 §4.1.3: a NOTIFY
// belongs to a subscription's dialog (481 outside one); one that comes before the 2xx to its SUBSCRIBE makes
// the dialog (§4.1.2.4, see subscriptionTable()). Its body is the event package's, of any type.
const servedMethods = (prack: boolean): ServedMethods =>
  new ServedMethods([
    ['MESSAGE', ANY_BODY_TYPE],
    ['INVITE'],
    ['BYE'],
    ['INFO', ANY_BODY_TYPE],
    ['UPDATE'],
    ...(prack ? [['PRACK'] as const] : []),
    ['REFER'],
    ['NOTIFY', ANY_BODY_TYPE],
  ]);
const SERVED = servedMethods(false);
const SERVED_WITH_PRACK = servedMethods(true);

const NO_SESSIONS: Readonly<Record<string, UASession>> = Object.freeze({});

const legacyView = (response: SipResponse | undefined): LegacyResponse | undefined => (response === undefined ? undefined : LegacyResponse.of(response));

// How every UA follows its registerer and its server connection (UA.CONNECTION_RELAY): one shared
// object of methods each, where each UA made seven closures at start() (a process may hold thousands of UAs).
const REGISTRATION_RELAY: EventRelay<RegistererEvents, UA> = {
  registered(response) {
    this.emit('registered', LegacyResponse.of(response));
  },
  unregistered(response, cause) {
    this.emit('unregistered', legacyView(response), cause);
  },
  registrationFailed(response, cause) {
    this.emit('registrationFailed', legacyView(response), cause);
  },
};

// Before start() and from stop() on, nothing can be sent: one message for both.
const NOT_RUNNING = 'the UA is not running (not started, or stopped): call start() first';

/**
 * The legacy `SIP.UA`: one SIP identity (`uri`) on a connection to its servers. It registers
 * (when `register` is set), sends MESSAGE, INVITE and any request, and reports incoming
 * INVITE and MESSAGE as events. Underneath: a ServerConnection (reconnection, failover,
 * keep-alive), the UA core with its transactions, a Registerer and digest authentication.
 */
export class UA extends Emitter<UAEvents> {
  private static readonly CONNECTION_RELAY: EventRelay<ServerConnectionEvents, UA> = {
    connecting(_server, attempts) {
      this.emit('connecting', { transport: this.transport!, attempts });
    },
    connected() {
      this.connectionReady();
    },
    disconnected(server, error) {
      this.connectionLost(server, error);
    },
    keepAliveTimeout() {
      this.emit('keepAliveTimeout');
    },
  };

  // Where the sender of each UA builds and sends its requests: the UA's current request factory and server.
  private static readonly REQUEST_ROUTES: RequestRoutes<UA> = {
    requestFactory: (ua) => ua.requestFactory(),
    destination: (ua, request) => ua.destination(request),
    // The legacy default display name is '': no display name rather than an empty quoted one.
    from: ({ settings }) => ({ uri: settings.uri, displayName: settings.displayName === '' ? undefined : settings.displayName }),
    credentials: ({ settings }) => (settings.password === null ? undefined : { username: settings.authorizationUser, password: settings.password }),
  };

  /** The UA constants (legacy `SIP.UA.C`): STATUS_*, CONFIGURATION_ERROR, NETWORK_ERROR, ALLOWED_METHODS, … */
  static readonly C = UA_C;
  /** The configuration, sharing the values it has in common with other UAs' (`sharedConfiguration`). */
  private readonly settings: UAConfiguration;
  // The fields declared with `declare` are made at their first assignment, not in the constructor: most
  // UAs of a process never call, subscribe, or read them, and an idle UA then holds no slot for them
  // (a process holds thousands of UAs). Reset only when set (an assignment would make the slot).
  // `configuration` as listed to the application, made when first read.
  private declare listedSettings: UAConfiguration | undefined;
  // Made when first read: most UAs of a process never use it.
  private declare applicationData: Record<string, unknown> | undefined;
  /** The UA's Contact URI (legacy `ua.contact`): a random user at the Via host. */
  readonly contact: URI;
  status: UAStatus = UA_STATUS.STATUS_INIT;
  /**
   * Why the UA is not ready (legacy): NETWORK_ERROR from a failed connection attempt or a lost
   * connection until a connection succeeds, CONFIGURATION_ERROR when `start()` found no server,
   * else null. The `disconnected` event carries the error itself.
   */
  error: UAError | null = null;

  private readonly logger: ApiLogger;
  private readonly clock: Clock;
  private readonly services: UAServices;
  private readonly createTransport: TransportFactory;
  private connection: ServerConnection | undefined;
  /** The socket of the `listen` option, from `start()` until `stop()` or a failed bind. */
  private listener: Transport | undefined;
  private transport: Transport | undefined;
  /** The transport of the server connection, when there is one (`transport` is the listener's with `listen`). */
  private serverTransport: ConnectionTransport | undefined;
  private supportedOfStart: readonly string[] = [];
  private core: UserAgentCore | undefined;
  private sender: AuthenticatingRequestSender | undefined;
  private registerer: Registerer | undefined;
  private declare dialogs: DialogRouter | undefined;
  /** What every call of this start shares (`sessionEnvironment`). */
  private declare sessionEnvironmentOfStart: SessionEnvironment | undefined;
  private declare incomingCallsOfStart: { session: SessionEnvironment; environment: InviteServerContextEnvironment } | undefined;
  private declare outgoingSubscriptions: OutgoingSubscriptions | undefined;
  // This set and the next are made at their first entry: most UAs of a process never need them.
  private declare liveSubscriptions: Set<Subscription> | undefined;
  private declare targetPasswordWarned: boolean | undefined;
  /** Requests made while the connection is not up: legacy SIP.js sent them once it was (`afterConnected`). */
  private declare waitingForConnection: Set<() => void> | undefined;
  /**
   * Where an application listener that threw is reported, for the UA and every object it hands out: the UA's
   * log at error level. The emitter carries on (see `Emitter`): the listener may run inside a network callback,
   * and a Node process without a handler would end on an exception escaping there.
   */
  private readonly listenerFailed: ListenerErrorHandler = (error, event) => {
    const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
    this.logger.error('ua', `a listener of '${event}' threw: ${detail}`);
  };
  /** Made at the first call: most UAs of a process never call. */
  private declare liveSessions: Record<string, UASession> | undefined;

  constructor(configuration?: string | UAConfigurationInput, services: UAServices = NO_SERVICES) {
    super();
    const warnings: string[] = [];
    this.settings = sharedConfiguration(normalizeConfiguration(configuration, { warn: (m) => warnings.push(m) }));
    this.logger = ApiLogger.of(this.settings.log, this.settings.logger);
    this.onListenerError = this.listenerFailed;
    for (const warning of warnings) this.logger.warn('ua', warning);
    if (this.logger.enabled('debug')) this.logger.debug('ua', describeConfiguration(this.configuration));
    this.clock = services.clock ?? SIP_CLOCK;
    this.services = services;
    this.createTransport = transportFactoryOf(this.settings, services);
    const transport = this.settings.hackWssInTransport ? 'wss' : this.settings.contactTransport;
    // Legacy: the Contact user is 8 random characters at the Via host.
    this.contact = new URI({ scheme: 'sip', user: randomToken(8), host: this.settings.viaHost });
    this.contact.params.set('transport', transport);
    if (this.settings.listen !== undefined) this.contactAtListenAddress(this.settings.listen);
    if (this.settings.autostart) {
      if (this.settings.wsServers.length === 0 && this.settings.listen === undefined) this.logger.warn('ua', 'autostart skipped: no wsServers configured');
      else this.start();
    }
  }

  /** The normalised configuration, frozen except `register` and `custom`, every parameter an own key (legacy). */
  get configuration(): UAConfiguration {
    return (this.listedSettings ??= listedConfiguration(this.settings));
  }

  /** The UA constants, as `SIP.UA.C` (legacy `ua.C`). */
  get C(): typeof UA_C {
    return UA_C;
  }

  /**
   * The calls in progress, placed or received, by session id (Call-ID and the caller's From tag, legacy
   * `ua.sessions`): a call is here from `ua.invite()` or the `invite` event until it fails, a BYE is
   * sent or received, or its 2xx is never acknowledged.
   */
  get sessions(): Readonly<Record<string, UASession>> {
    return this.liveSessions ?? NO_SESSIONS;
  }

  /** Free data for the application (legacy). */
  get data(): Record<string, unknown> {
    return (this.applicationData ??= {});
  }

  set data(value: Record<string, unknown>) {
    this.applicationData = value;
  }

  /** The live subscriptions by id (legacy `ua.subscriptions`): from `ua.subscribe()` until `terminated`. */
  get subscriptions(): Readonly<Record<string, Subscription>> {
    return Object.fromEntries([...(this.liveSubscriptions ?? [])].map((subscription) => [subscription.id, subscription]));
  }

  /** Run `callback` now when connected, else once at the next `connected` (legacy). */
  afterConnected(callback: () => void): void {
    if (this.isConnected()) callback();
    else this.once('connected', () => callback());
  }

  /** A logger under `category` (and `label`) with the UA's log settings: `log`, `debug`, `warn`, `error` (legacy). */
  getLogger(category: string, label?: string): LegacyLogger {
    return this.logger.forApplication(category, label);
  }

  /** Connect (and register when `register` is set). Throws ConfigurationError when no server is configured. */
  start(): this {
    if (this.status === UA_STATUS.STATUS_STARTING || this.status === UA_STATUS.STATUS_READY) return this;
    // NOT_READY with a connection: it is recovering on its own (legacy start() left it to do so).
    if (this.status === UA_STATUS.STATUS_NOT_READY && (this.connection !== undefined || this.listener !== undefined)) return this;
    const conf = this.settings;
    if (conf.wsServers.length === 0 && conf.listen === undefined) {
      this.error = UA_ERROR.CONFIGURATION_ERROR;
      throw new ConfigurationError('wsServers', []);
    }
    const listener = conf.listen === undefined ? undefined : this.createListener(conf.listen);
    this.status = UA_STATUS.STATUS_STARTING;
    const connection = conf.wsServers.length === 0 ? undefined : new ServerConnection({
      servers: conf.wsServers,
      createTransport: this.createTransport,
      clock: this.clock,
      maxReconnectionAttempts: conf.wsServerMaxReconnection,
      reconnectionTimeout: conf.wsServerReconnectionTimeoutMs,
      recoveryMinInterval: conf.connectionRecoveryMinIntervalMs,
      recoveryMaxInterval: conf.connectionRecoveryMaxIntervalMs,
      keepAliveInterval: conf.keepAliveIntervalMs,
      connectTimeout: conf.connectionTimeoutMs,
      connectTimeoutName: 'connectionTimeout',
    });
    const trace = conf.traceSip
      ? (direction: 'sent' | 'received', message: SipRequest | SipResponse) => this.logger.log('transport', `${direction}:\n\n${message.toString()}`)
      : undefined;
    const serverTransport =
      connection === undefined ? undefined : new ConnectionTransport(connection, conf.viaHost, conf.hackViaTcp ? 'TCP' : conf.wsServers[0]!.protocol, trace, conf.hackIpInContact !== false);
    const transport: Transport = listener === undefined ? serverTransport! : new ListeningTransport(listener, serverTransport, () => connection?.server, trace);
    const supported = sharedList(supportedOptionTags(conf, 'INVITE'));
    const core = new UserAgentCore({
      transport,
      clock: this.clock,
      // RFC 3262: a UA that requires 100rel supports it too (a `Require: 100rel` it receives is no 420), though legacy lists it in no Supported.
      supported: sharedList([...supported, ...(conf.rel100 === 'required' ? ['100rel'] : []), ...(conf.replaces === 'required' ? ['replaces'] : [])]),
      accept: CORE_ACCEPT,
      logger: this.logger.forCategory('core'),
      timers: { timerC: conf.timerCMs },
    });
    this.connection = connection;
    this.listener = listener;
    this.transport = transport;
    this.core = core;
    // Made at their first use (most UAs of a process never call or subscribe): see dialogRouter().
    if (this.dialogs !== undefined) this.dialogs = undefined;
    if (this.outgoingSubscriptions !== undefined) this.outgoingSubscriptions = undefined;
    // Handlers first: the Allow header of our requests lists what the core will in fact answer.
    this.installHandlers(core);
    this.supportedOfStart = supported;
    const sender = new AuthenticatingRequestSender({
      core,
      routes: UA.REQUEST_ROUTES,
      host: this,
      logger: this.logger.forCategory('sender'),
    });
    const registerer = new Registerer({
      sender,
      clock: this.clock,
      aor: conf.uri,
      registrar: conf.registrarServer,
      contact: new RegistrationBinding(this.contact, { instanceId: conf.instanceId, regId: 1 }),
      expires: conf.registerExpires,
      connected: false,
    });
    registerer.onListenerError = this.listenerFailed;
    registerer.relayTo(this, REGISTRATION_RELAY);
    this.serverTransport = serverTransport;
    if (connection !== undefined) {
      connection.onListenerError = this.listenerFailed;
      connection.relayTo(this, UA.CONNECTION_RELAY);
    }
    this.sender = sender;
    this.registerer = registerer;
    core.start();
    if (conf.register) registerer.register();
    if (listener === undefined) connection!.start();
    else {
      this.bindListener(listener, transport, () => {
        if (connection === undefined) this.connectionReady();
        else connection.start();
      });
    }
    return this;
  }

  /**
   * What requests out of a dialog are made with, made for each: it names the transport and Contact of the
   * moment, and an idle UA of the thousands a process may hold keeps none between its REGISTERs.
   */
  private requestFactory(): OutOfDialogRequestFactory {
    const conf = this.settings;
    return new OutOfDialogRequestFactory({
      transport: this.transport!,
      rport: conf.forceRport,
      // The URI itself, not `<${uri}>` to be parsed again: the factory takes a copy of it.
      contact: this.contact,
      routeSet: conf.usePreloadedRoute && conf.wsServers.length > 0 ? [conf.wsServers[0]!.sip_uri.replace(/^<|>$/g, '')] : undefined,
      userAgent: conf.userAgentString,
      supported: this.supportedOfStart,
      allow: sharedList(this.core!.allowedMethods),
    });
  }

  /** The transport can carry requests: from the connection's `connected`, or once a listener without servers is bound. */
  private connectionReady(): void {
    const registerer = this.registerer!;
    // Before anything goes out on the new connection: the first REGISTER names the address it came from (the
    // registerer binds the UA's Contact URI itself).
    if (this.listener === undefined && this.serverTransport !== undefined) this.contactAtTransportAddress(this.serverTransport);
    this.status = UA_STATUS.STATUS_READY;
    this.error = null;
    this.emit('connected', { transport: this.transport! });
    registerer.onTransportConnected();
    this.sendWaiting();
  }

  /** The connection was lost, or an attempt failed (with the error), or it was closed (without). */
  private connectionLost(server: SipServer, error: TransportError | undefined): void {
    this.registerer!.onTransportDisconnected();
    if (error !== undefined) this.connectionFailed(server, error);
    this.emit('disconnected', error === undefined ? { transport: this.transport! } : { transport: this.transport!, error });
  }

  /**
   * The bound `listen` address (sipforge/node), from the `listening` event until `stop()`: with port 0
   * in `listen`, the port the system picked. Undefined while not listening.
   */
  get listenAddress(): ListenAddress | undefined {
    const listen = this.settings.listen;
    const port = this.listener?.connected ? this.listener.viaPort : undefined;
    return listen === undefined || port === undefined ? undefined : { protocol: listen.protocol, host: listen.host, port };
  }

  /** The listening transport for `listen`: only an environment with sockets has one (`sipforge/node`). */
  private createListener(listen: ListenAddress): Transport {
    const factory = this.services.listenTransportFactory?.(this.settings);
    if (factory === undefined) {
      this.error = UA_ERROR.CONFIGURATION_ERROR;
      throw new ConfigurationError('listen', formatListenAddress(listen), "listening needs the Node transports: import SIP from 'sipforge/node'");
    }
    const listener = factory(listen);
    // A wildcard bind is reached at the address Via names (the listener picks it).
    this.contact.host = listener.viaHost.includes(':') ? `[${listener.viaHost}]` : listener.viaHost;
    return listener;
  }

  /**
   * Bind the listener; once bound, the Contact names its port and `bound` carries on (the UA is ready,
   * or connects to its servers). A failed bind is reported as `disconnected` with the error naming
   * the address (e.g. EADDRINUSE), and the UA is NOT_READY with NETWORK_ERROR until `start()` again.
   */
  private bindListener(listener: Transport, transport: Transport, bound: () => void): void {
    const name = formatListenAddress(this.settings.listen!);
    listener.on('error', (error) => this.logger.warn('transport', `listener ${name}: ${error.message}`));
    listener.connect().then(
      () => {
        if (this.listener !== listener) return;
        const address = this.listenAddress!;
        this.contact.port = address.port;
        this.logger.log('transport', `listening on ${formatListenAddress(address)}`);
        this.emit('listening', address);
        bound();
      },
      (error: unknown) => {
        if (this.listener !== listener) return;
        const failure = TransportError.from(error, name);
        this.logger.error('transport', `cannot listen on ${name}: ${failure.reason}`);
        this.listener = undefined;
        this.connection = undefined;
        this.error = UA_ERROR.NETWORK_ERROR;
        this.status = UA_STATUS.STATUS_NOT_READY;
        // Requests made meanwhile fail now with CONNECTION_ERROR, then the UA's stack is let go.
        this.sendWaiting();
        this.registerer?.close();
        this.emit('disconnected', { transport, error: failure });
      },
    );
  }

  /**
   * RFC 3261 §18.1.1 and §10.2.1: over UDP, TCP and TLS the Contact names where the connected
   * transport is reached (the bound UDP port; the local end of the TCP or TLS connection), not the
   * WebSocket-style `.invalid` host a registrar cannot route to.
   */
  private contactAtTransportAddress(transport: ConnectionTransport): void {
    const own = transport.ownAddressTransport();
    if (own === undefined) return;
    this.contact.host = own.viaHost.includes(':') ? `[${own.viaHost}]` : own.viaHost;
    this.contact.port = own.viaPort;
  }

  /** The Contact of a listening UA names the listen address and transport (the port once bound, when 0). */
  private contactAtListenAddress(listen: ListenAddress): void {
    this.contact.host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
    this.contact.port = listen.port === 0 ? undefined : listen.port;
    this.contact.params.set('transport', listen.protocol.toLowerCase());
  }

  /**
   * Unregister, then close the connection (legacy graceful stop). The returned promise
   * resolves once the transport is closed; legacy callers can ignore it.
   */
  async stop(): Promise<void> {
    if (this.status === UA_STATUS.STATUS_USER_CLOSED || (this.connection === undefined && this.listener === undefined)) return;
    this.status = UA_STATUS.STATUS_USER_CLOSED;
    // New requests are refused from now on; the un-REGISTER below still goes out through the registerer.
    this.sender = undefined;
    const registerer = this.registerer!;
    const core = this.core!;
    const deadline = this.clock.now() + STOP_TIMEOUT_MS;
    if (registerer.registered || registerer.pending) {
      await this.until(deadline, (done) => {
        registerer.once('unregistered', done);
        if (!registerer.unregister()) done();
      });
    }
    // Requests still waiting for a connection go out now and fail at once with CONNECTION_ERROR: the
    // application hears of each of them, where the legacy UA dropped them without a word.
    this.sendWaiting();
    // Every call still up ends as its state requires (legacy stop() terminates every session): declined
    // while it rings here, CANCELed while it rings there (no Timer C outlives the UA), BYE once answered.
    // Before the wait below, so that their answers can still arrive.
    for (const session of Object.values(this.sessions)) {
      if (session.status !== SessionStatus.STATUS_TERMINATED && session.status !== SessionStatus.STATUS_CANCELED) session.terminate();
    }
    // Legacy stop() closes every subscription: each unsubscribes and waits for its final NOTIFY, up to the deadline.
    const subscriptions = this.outgoingSubscriptions;
    await this.until(deadline, (done) => (subscriptions === undefined ? done() : subscriptions.closeAll(done)));
    // Legacy: the connection closes once the pending non-INVITE transactions are over (a MESSAGE or a BYE
    // in flight still gets its answer), checked at a short interval up to the same deadline.
    while (core.transactions.nonInviteTransactionCount > 0 && this.clock.now() < deadline) {
      await this.until(Math.min(deadline, this.clock.now() + STOP_POLL_MS), () => undefined);
    }
    subscriptions?.disposeAll();
    registerer.close();
    core.close();
    const listener = this.listener;
    this.listener = undefined;
    if (this.connection !== undefined) await this.connection.close();
    this.connection = undefined;
    if (listener !== undefined) {
      const wasListening = listener.connected;
      await listener.close();
      if (wasListening && this.settings.wsServers.length === 0) this.emit('disconnected', { transport: this.transport! });
    }
  }

  /** A failed attempt or a lost connection: a warning naming server and cause, and the legacy NOT_READY / NETWORK_ERROR. */
  private connectionFailed(server: SipServer, error: TransportError): void {
    const name = hidePasswords(server.uri);
    const lost = this.status === UA_STATUS.STATUS_READY;
    this.logger.warn('transport', lost ? `connection to ${name} lost: ${error.reason}` : `cannot connect to ${name}: ${error.reason}`);
    this.error = UA_ERROR.NETWORK_ERROR;
    if (this.status !== UA_STATUS.STATUS_USER_CLOSED) this.status = UA_STATUS.STATUS_NOT_READY;
  }

  /** Resolve when `start` calls its `done`, or at `deadline` on the UA's clock, whichever is first. */
  private until(deadline: number, start: (done: () => void) => void): Promise<void> {
    return new Promise<void>((resolve) => {
      let finished = false;
      const finish = (): void => {
        if (finished) return;
        finished = true;
        this.clock.clearTimeout(timer);
        resolve();
      };
      const timer = this.clock.setTimeout(finish, Math.max(0, deadline - this.clock.now()));
      start(finish);
    });
  }

  /** Register (sets `configuration.register`), starting the UA first when it is not running; returns the UA. */
  register(options: RegisterOptions = {}): this {
    checkListenRegistrable(this.settings.listen, 'register() was called');
    this.settings.register = true;
    if (this.registerer === undefined || this.status === UA_STATUS.STATUS_USER_CLOSED) this.start();
    this.registerer!.register(options);
    return this;
  }

  /** Unregister this binding, or every binding of the AOR with `all` (`Contact: *`); returns the UA. */
  unregister(options: UnregisterOptions = {}): this {
    this.settings.register = false;
    this.registerer?.unregister(options);
    return this;
  }

  isRegistered(): boolean {
    return this.registerer?.registered ?? false;
  }

  isConnected(): boolean {
    return this.connection?.connected ?? this.listener?.connected ?? false;
  }

  /**
   * A MESSAGE to `target` (legacy `contentType` default text/plain). Sent at once when connected, else as
   * soon as the connection is up (legacy); `stop()` first fails it with CONNECTION_ERROR.
   */
  message(target: string | URI, body: string, options: MessageClientContextOptions = {}): MessageClientContext {
    const context = this.adopt(new MessageClientContext(this.environment(), this.target(target), body, options));
    this.whenConnected(() => context.send());
    return context;
  }

  /** Any out-of-dialog request; sent when connected, as `message()`. */
  request(method: string, target: string | URI, options: ClientContextOptions = {}): ClientContext {
    const context = this.adopt(new ClientContext(this.environment(), method, this.target(target), options));
    this.whenConnected(() => context.send());
    return context;
  }

  /**
   * A call to `target` (legacy options: `media`/`mediaConstraints`, `mediaStream`, `RTCConstraints`,
   * `extraHeaders`, `anonymous`, `inviteWithoutSdp`, `params`, `mediaHandlerFactory`, `stunServers`,
   * `turnServers`), or, legacy, an `<audio>`/`<video>` element: audio (and video), the remote stream played
   * in it. The INVITE goes when connected, as `message()`; `inviteSent` is emitted then (legacy).
   */
  invite(target: string | URI, options: InviteClientContextOptions | MediaElementOption = {}): InviteClientContext {
    const conf = this.settings;
    const context = this.adopt(
      new InviteClientContext(
        {
          ...this.environment(),
          ...this.sessionEnvironment(),
          identity: { uri: conf.uri, displayName: conf.displayName === '' ? undefined : conf.displayName },
          replaces: conf.replaces,
        },
        this.target(target),
        options,
      ),
    );
    this.trackSession(context);
    this.whenConnected(() => {
      context.invite();
      this.emit('inviteSent', context);
    });
    return context;
  }

  /**
   * A subscription to `event` at `target` (RFC 6665; legacy options `expires` (3600), `extraHeaders`, `body`,
   * plus `contentType` and `accept`). The SUBSCRIBE goes when connected, as `message()`.
   */
  subscribe(target: string | URI, event: string, options: SubscriptionOptions = {}): Subscription {
    const subscription = this.adopt(
      new Subscription(
        {
          core: this.core!,
          sender: this.environment().sender,
          dialog: this.dialogOptions(),
          dialogs: this.dialogRouter(),
          subscriptions: this.subscriptionTable(),
          logger: this.logger.forCategory('subscription'),
          ua: this,
        },
        this.target(target),
        event,
        options,
      ),
    );
    // Listed until it ends; again when subscribe() makes it anew after that.
    const live = subscription.subscription;
    const list = (): void => void (this.liveSubscriptions ??= new Set()).add(subscription);
    list();
    live.on('accepted', list);
    live.on('terminated', () => this.liveSubscriptions?.delete(subscription));
    this.whenConnected(() => subscription.subscribe());
    return subscription;
  }

  /** The legacy helper: a URI for `target` (user, number, `user@host` or URI), or undefined. */
  normalizeTarget(target: string | URI | number): URI | undefined {
    return normalizeTarget(target, this.settings.hostportParams);
  }

  /** Run `send` now when connected, else when the connection comes up (or `stop()` is called). */
  private whenConnected(send: () => void): void {
    if (this.isConnected()) send();
    else (this.waitingForConnection ??= new Set()).add(send);
  }

  private sendWaiting(): void {
    const waiting = this.waitingForConnection;
    if (waiting === undefined) return;
    this.waitingForConnection = undefined;
    for (const send of waiting) send();
  }

  /** A context handed to the application reports its listeners' errors to the UA's log. */
  private adopt<T extends { onListenerError: ListenerErrorHandler }>(context: T): T {
    context.onListenerError = this.listenerFailed;
    return context;
  }

  /** The target, without a password written into it (RFC 3261 §19.1.1: NOT RECOMMENDED; it would go out in the Request-URI and To). */
  private target(target: string | URI): URI {
    const uri = requireTarget(target, this.settings.hostportParams);
    // RFC 3263 §4: with no server to hand it to, the request goes to the URI's own host, which only a SIP URI names.
    if (this.settings.wsServers.length === 0 && uri.scheme.toLowerCase() !== 'sip' && uri.scheme.toLowerCase() !== 'sips') {
      throw new TypeError(`cannot send to ${uri.scheme}: URI ${uri} without a server: a UA that only listens sends to sip: and sips: URIs`);
    }
    if (uri.password === undefined) return uri;
    if (!this.targetPasswordWarned) {
      this.targetPasswordWarned = true;
      this.logger.warn('ua', 'target: the password written into a target URI is not used; it is never sent nor logged (RFC 3261 §19.1.1)');
    }
    const copy = uri.clone();
    copy.password = undefined;
    return copy;
  }

  private environment(): { sender: AuthenticatingRequestSender; ua: UA } {
    if (this.sender === undefined) throw new Error(NOT_RUNNING);
    return { sender: this.sender, ua: this };
  }

  private trackSession(session: UASession): void {
    (this.liveSessions ??= {})[session.id] = session;
    session.session.once('terminated', () => this.forgetSession(session));
  }

  private forgetSession(session: UASession): void {
    if (this.liveSessions?.[session.id] === session) delete this.liveSessions[session.id];
  }

  /**
   * Where a request goes: to the server when there is one (an outbound flow, RFC 5626 / RFC 7118);
   * for a UA that only listens, to the next hop of the request itself (RFC 3263 §4 without DNS
   * SRV/NAPTR: the host, a name resolved by the socket, at the URI's port or 5060).
   */
  private destination(request?: SipRequest): Peer {
    const server = this.connection?.server ?? this.settings.wsServers[0];
    if (server !== undefined) return { protocol: server.protocol, host: server.host, port: server.port };
    if (request === undefined) throw new Error('no server: a listening UA sends each request to its own next hop');
    return destinationFor(request, { defaultProtocol: this.settings.listen?.protocol });
  }

  private dialogOptions(): Omit<DialogOptions, 'localContact'> {
    return { transport: this.transport!, rport: this.settings.forceRport, userAgent: this.settings.userAgentString };
  }

  /** What every session of the UA shares: the core, the sender, the dialogs, the media defaults. */
  private sessionEnvironment(): SessionEnvironment {
    const core = this.core!;
    const sender = this.environment().sender;
    const cached = this.sessionEnvironmentOfStart;
    // Made once per start (core, sender and dialogs are made at start), not per call: at a thousand
    // calls a second it was a dozen objects and closures for every call.
    if (cached?.core === core && cached.sender === sender && cached.dialogs === this.dialogs) return cached;
    const conf = this.settings;
    const made: SessionEnvironment = {
      core,
      sender,
      destination: (request) => this.destination(request),
      dialog: this.dialogOptions(),
      dialogs: this.dialogRouter(),
      media: this.sessionMedia(),
      dtmfType: conf.dtmfType,
      sessionTimers: conf.sessionTimers
        ? { refreshMethod: conf.sessionTimersRefreshMethod, minSessionExpires: conf.minSessionExpires, sessionExpires: Math.max(RECOMMENDED_SESSION_EXPIRES, conf.minSessionExpires) }
        : undefined,
      rel100: conf.rel100,
      random: this.services.random,
      logger: this.logger.forCategory('session'),
    };
    this.sessionEnvironmentOfStart = made;
    return made;
  }

  /** What every incoming call of this start shares: the session environment, our Contact (while it stays the same), `noAnswerTimeout`. */
  private incomingCallEnvironment(): InviteServerContextEnvironment {
    const session = this.sessionEnvironment();
    const contact = `<${this.contact}>`;
    const cached = this.incomingCallsOfStart;
    if (cached?.session === session && cached.environment.contact === contact) return cached.environment;
    const environment: InviteServerContextEnvironment = { ...session, contact, noAnswerTimeout: this.settings.noAnswerTimeoutMs, ua: this };
    this.incomingCallsOfStart = { session, environment };
    return environment;
  }

  /** The media of a call that names nothing else: the configured or the platform's factory, ICE servers, `iceCheckingTimeout`, `rtcpMuxPolicy`, `hackStripTcp`. */
  private sessionMedia(): SessionMedia {
    const conf = this.settings;
    const ua = this;
    return {
      factory: supported(conf.mediaHandlerFactory ?? this.services.mediaHandlerFactory),
      options: {
        constraints: { ...(this.services.mediaConstraints ?? DEFAULT_MEDIA_CONSTRAINTS) },
        iceServers: [
          ...conf.stunServers.map((urls) => ({ urls })),
          ...conf.turnServers.map((server) => ({ urls: server.urls, username: server.username, credential: server.password })),
        ],
        iceGatheringTimeout: conf.iceCheckingTimeout,
        // Read when a call makes its media: the address may change with each connection of the start.
        get localAddress() {
          return (ua.connection?.transport ?? ua.listener)?.localAddress;
        },
        // The UA options a WebRTC handler reads; other handlers ignore them.
        extra: { ...(conf.rtcpMuxPolicy === undefined ? {} : { rtcpMuxPolicy: conf.rtcpMuxPolicy }), ...(conf.hackStripTcp ? { hackStripTcp: true } : {}) },
      },
    };
  }

  private installHandlers(core: UserAgentCore): void {
    // One handler for every method (`receiveRequest`), not one closure per method, and one table of the
    // methods for every UA: a process holds thousands of idle UAs.
    core.serve(this.settings.rel100 === 'none' ? SERVED : SERVED_WITH_PRACK, UA.receiveServed, this);
  }


  /** A new request of a method installed by `installHandlers`. */
  // What the core serves (`installHandlers`), called with the UA as `this`: one function for every UA.
  private static receiveServed(this: UA, incoming: IncomingRequest, core: UserAgentCore): void {
    this.receiveRequest(core, incoming);
  }

  private receiveRequest(core: UserAgentCore, incoming: IncomingRequest): void {
    switch (incoming.request.method) {
      case 'MESSAGE': {
        const context = this.adopt(new MessageServerContext(core, incoming, this));
        this.emit('message', context);
        // Legacy: a MESSAGE the application did not answer while the event ran gets 200.
        context.autoAnswer();
        return;
      }
      case 'INVITE':
        return this.receiveInvite(incoming);
      case 'NOTIFY':
        return this.receiveNotify(incoming);
      // RFC 3515 §2.4.2: a REFER in a call's dialog goes to the call; outside any dialog this UA takes none (603).
      case 'REFER':
        if (incoming.dialog === undefined) {
          core.respond(incoming, 603);
          return;
        }
        return this.dialogRouter().receiveRequest(incoming);
      default:
        return this.dialogRouter().receiveRequest(incoming);
    }
  }

  /**
   * The dialogs of this start's core and the sessions that own them, made at the first call or
   * subscription, or the first request in a dialog: an idle UA holds none (thousands share a process).
   */
  private dialogRouter(): DialogRouter {
    if (this.dialogs !== undefined) return this.dialogs;
    const core = this.core!;
    const dialogs = new DialogRouter(core);
    this.dialogs = dialogs;
    // Until a call's dialogs exist, an ACK has none to reach and a CANCEL no session to end: the core's
    // answers (§17.2.3 absorption, §9.2 200 and 487) are all there is to do, with no closure per idle UA.
    core.onAck = (ack) => dialogs.receiveAck(ack);
    core.onCancel = (cancel, invite) => {
      // RFC 3261 §9.1: a CANCEL has the Call-ID and From tag of the INVITE it cancels.
      const session = this.liveSessions?.[cancel.callId + (cancel.from.tag ?? '')];
      if (session instanceof InviteServerContext && session.incoming.transaction === invite) session.receiveCancel(cancel);
    };
    return dialogs;
  }

  /** The outgoing subscriptions of this start, made at the first `subscribe()`. */
  private subscriptionTable(): OutgoingSubscriptions {
    if (this.outgoingSubscriptions !== undefined) return this.outgoingSubscriptions;
    const subscriptions = new OutgoingSubscriptions();
    this.outgoingSubscriptions = subscriptions;
    // A NOTIFY that comes before the 2xx to our SUBSCRIBE makes the subscriber's dialog (RFC 6665 §4.1.2.4).
    this.core!.onUnknownDialog = (request) => subscriptions.dialogForNotify(request);
    return subscriptions;
  }

  /** A NOTIFY goes to the subscription of its dialog; one outside any dialog reaches legacy `notify` listeners when allowed. */
  private receiveNotify(incoming: IncomingRequest): void {
    if (incoming.dialog === undefined && this.settings.allowLegacyNotifications && this.listenerCount('notify') > 0) {
      this.core!.respond(incoming, 200);
      this.emit('notify', { request: LegacyRequest.of(incoming.request) });
      return;
    }
    this.dialogRouter().receiveRequest(incoming);
  }

  /**
   * RFC 3891 §3: once the new call is answered, the call it replaces emits `replaced(newCall)` and ends
   * (BYE once confirmed, CANCEL while it rings). `context.replacee` names it meanwhile.
   */
  private replaceOnAccept(context: InviteServerContext, replaced: InviteSession): void {
    const replacee = Object.values(this.sessions).find((candidate) => candidate.session === replaced);
    if (replacee === undefined) return;
    context.replacee = replacee;
    const over = (): boolean => replaced.state === 'terminated';
    context.session.once('accepted', () => {
      if (over()) return;
      (replacee as SessionContext<SessionEvents>).emit('replaced', context);
      if (!over()) replacee.terminate();
    });
  }

  private receiveInvite(incoming: IncomingRequest): void {
    if (incoming.dialog !== undefined) {
      // A re-INVITE (RFC 3261 §14.2) is not a new call: it goes to the session of its dialog.
      this.dialogRouter().receiveRequest(incoming);
      return;
    }
    // RFC 3891 §3 (legacy rules): with `replaces` other than 'none', an INVITE with Replaces is checked
    // against our dialogs first; with 'none' the header is ignored (the call is a new one).
    const verdict = this.settings.replaces === 'none' ? undefined : replacesVerdict(incoming.request, this.dialogRouter());
    if (verdict?.kind === 'reject') {
      this.core!.respond(incoming, verdict.status, verdict.reason === undefined ? {} : { reason: verdict.reason });
      return;
    }
    const context = this.adopt(new InviteServerContext(this.incomingCallEnvironment(), incoming));
    if (verdict?.kind === 'replace') this.replaceOnAccept(context, verdict.session);
    if (this.listenerCount('invite') === 0) {
      // Nobody to take the call: say so now rather than let the caller wait for a timeout.
      context.reject({ statusCode: 480 });
      return;
    }
    this.trackSession(context);
    // The offer is applied first: one the media cannot use gets 488 before the application hears of the call.
    context.prepare().then(
      (ready) => {
        if (ready) this.emit('invite', context);
      },
      (error: unknown) => this.logger.error('ua', `incoming call not offered: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
}
