import {
  OutOfDialogRequestFactory,
  UserAgentCore,
  type DialogOptions,
  type IncomingRequest,
} from '../core/index.js';
import { URI, type SipRequest, type SipResponse } from '../syntax/index.js';
import {
  Emitter,
  randomToken,
  ServerConnection,
  systemClock,
  webSocketTransportFactory,
  type Clock,
  type Peer,
  type TransportFactory,
} from '../transport/index.js';
import { ApiLogger, type LegacyLogger } from './api-logger.js';
import { AuthenticatingRequestSender } from './authenticating-request-sender.js';
import { normalizeConfiguration, describeConfiguration, supportedOptionTags, type UAConfiguration } from './configuration/index.js';
import type { UAConfigurationInput } from './configuration/ua-configuration-input.js';
import { ACCEPTED_BODY_TYPES, UA_C, UA_STATUS, type UAStatus } from './constants/index.js';
import { ConnectionTransport } from './connection-transport.js';
import {
  ClientContext,
  InviteClientContext,
  InviteServerContext,
  MessageClientContext,
  MessageServerContext,
  type ClientContextOptions,
  type InviteClientContextOptions,
  type MessageClientContextOptions,
  SessionStatus,
} from './contexts/index.js';
import { ConfigurationError } from './exceptions.js';
import { LegacyResponse } from './legacy-message/index.js';
import { Registerer, registrationContact, type RegisterOptions, type UnregisterOptions } from './registration/index.js';
import { normalizeTarget, requireTarget } from './target.js';
import type { UAEvents } from './ua-events.js';

/** A call of the UA: one it placed or one it received (legacy `ua.sessions` values). */
export type UASession = InviteClientContext | InviteServerContext;

/** What an environment (the Node entry, a test) supplies besides the configuration. */
export interface UAServices {
  /** Makes the transport factory for the configured servers; default: WebSocket on the platform `WebSocket`. */
  transportFactory?: (configuration: UAConfiguration) => TransportFactory;
  clock?: Clock;
}

// How long stop() waits for the un-REGISTER and the pending transactions before closing anyway.
const STOP_TIMEOUT_MS = 5000;
const STOP_POLL_MS = 100;
// Before start() and from stop() on, nothing can be sent: one message for both.
const NOT_RUNNING = 'the UA is not running (not started, or stopped): call start() first';

/**
 * The legacy `SIP.UA`: one SIP identity (`uri`) on a connection to its servers. It registers
 * (when `register` is set), sends MESSAGE, INVITE and any request, and reports incoming
 * INVITE and MESSAGE as events. Underneath: a ServerConnection (reconnection, failover,
 * keep-alive), the UA core with its transactions, a Registerer and digest authentication.
 */
export class UA extends Emitter<UAEvents> {
  /** The UA constants (legacy `SIP.UA.C`): STATUS_*, CONFIGURATION_ERROR, NETWORK_ERROR, ALLOWED_METHODS, … */
  static readonly C = UA_C;
  readonly configuration: UAConfiguration;
  /** Free data for the application (legacy). */
  data: Record<string, unknown> = {};
  /** The UA's Contact URI (legacy `ua.contact`): a random user at the Via host. */
  readonly contact: URI;
  status: UAStatus = UA_STATUS.STATUS_INIT;

  private readonly logger: ApiLogger;
  private readonly clock: Clock;
  private readonly createTransport: TransportFactory;
  private connection: ServerConnection | undefined;
  private transport: ConnectionTransport | undefined;
  private core: UserAgentCore | undefined;
  private sender: AuthenticatingRequestSender | undefined;
  private registerer: Registerer | undefined;
  private readonly inviteContexts = new Map<SipRequest, InviteServerContext>();
  private readonly liveSessions: Record<string, UASession> = {};

  constructor(configuration?: string | UAConfigurationInput, services: UAServices = {}) {
    super();
    const warnings: string[] = [];
    this.configuration = normalizeConfiguration(configuration, { warn: (m) => warnings.push(m) });
    this.logger = new ApiLogger(this.configuration.log, this.configuration.logger);
    for (const warning of warnings) this.logger.warn('ua', warning);
    this.logger.debug('ua', describeConfiguration(this.configuration));
    this.clock = services.clock ?? systemClock;
    this.createTransport = services.transportFactory?.(this.configuration) ?? webSocketTransportFactory({ viaHost: this.configuration.viaHost });
    const transport = this.configuration.hackWssInTransport ? 'wss' : this.configuration.contactTransport;
    // Legacy: the Contact user is 8 random characters at the Via host.
    this.contact = new URI({ scheme: 'sip', user: randomToken(8), host: this.configuration.viaHost });
    this.contact.params.set('transport', transport);
    if (this.configuration.autostart) {
      if (this.configuration.wsServers.length === 0) this.logger.warn('ua', 'autostart skipped: no wsServers configured');
      else this.start();
    }
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
    return this.liveSessions;
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
    if (this.configuration.wsServers.length === 0) throw new ConfigurationError('wsServers', []);
    const conf = this.configuration;
    this.status = UA_STATUS.STATUS_STARTING;
    const connection = new ServerConnection({
      servers: conf.wsServers,
      createTransport: this.createTransport,
      clock: this.clock,
      maxReconnectionAttempts: conf.wsServerMaxReconnection,
      reconnectionTimeout: conf.wsServerReconnectionTimeoutMs,
      recoveryMinInterval: conf.connectionRecoveryMinIntervalMs,
      recoveryMaxInterval: conf.connectionRecoveryMaxIntervalMs,
      keepAliveInterval: conf.keepAliveIntervalMs,
    });
    const trace = conf.traceSip
      ? (direction: 'sent' | 'received', message: SipRequest | SipResponse) => this.logger.log('transport', `${direction}:\n\n${message.toString()}`)
      : undefined;
    const protocol = conf.wsServers[0]!.protocol;
    const transport = new ConnectionTransport(connection, conf.viaHost, conf.hackViaTcp ? 'TCP' : protocol, trace);
    const supported = supportedOptionTags(conf, 'INVITE');
    const core = new UserAgentCore({
      transport,
      clock: this.clock,
      supported,
      accept: [...ACCEPTED_BODY_TYPES, 'text/plain'],
      logger: this.logger.forCategory('core'),
    });
    this.connection = connection;
    this.transport = transport;
    this.core = core;
    // Handlers first: the Allow header of our requests lists what the core will in fact answer.
    this.installHandlers(core);
    const factory = new OutOfDialogRequestFactory({
      transport,
      rport: conf.forceRport,
      contact: `<${this.contact}>`,
      routeSet: conf.usePreloadedRoute ? [conf.wsServers[0]!.sip_uri.replace(/^<|>$/g, '')] : [],
      userAgent: conf.userAgentString,
      supported,
      allow: core.allowedMethods,
    });
    const sender = new AuthenticatingRequestSender({
      core,
      factory,
      from: { uri: conf.uri, displayName: conf.displayName === '' ? undefined : conf.displayName },
      destination: () => this.destination(),
      credentials: conf.password === null ? undefined : { username: conf.authorizationUser, password: conf.password },
      logger: this.logger.forCategory('sender'),
    });
    const registerer = new Registerer({
      sender,
      clock: this.clock,
      aor: conf.uri,
      registrar: conf.registrarServer,
      contact: registrationContact({ uri: this.contact, instanceId: conf.instanceId, regId: 1 }),
      expires: conf.registerExpires,
      connected: false,
    });
    const view = (response: SipResponse | undefined) => (response === undefined ? undefined : LegacyResponse.of(response));
    registerer.on('registered', (response) => this.emit('registered', LegacyResponse.of(response)));
    registerer.on('unregistered', (response, cause) => this.emit('unregistered', view(response), cause));
    registerer.on('registrationFailed', (response, cause) => this.emit('registrationFailed', view(response), cause));
    connection.on('connecting', (_server, attempts) => this.emit('connecting', { transport, attempts }));
    connection.on('connected', () => {
      this.status = UA_STATUS.STATUS_READY;
      this.emit('connected', { transport });
      registerer.onTransportConnected();
    });
    connection.on('disconnected', () => {
      registerer.onTransportDisconnected();
      this.emit('disconnected', { transport });
    });
    connection.on('keepAliveTimeout', () => this.emit('keepAliveTimeout'));
    this.sender = sender;
    this.registerer = registerer;
    core.start();
    if (conf.register) registerer.register();
    connection.start();
    return this;
  }

  /**
   * Unregister, then close the connection (legacy graceful stop). The returned promise
   * resolves once the transport is closed; legacy callers can ignore it.
   */
  async stop(): Promise<void> {
    if (this.status === UA_STATUS.STATUS_USER_CLOSED || this.connection === undefined) return;
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
    for (const context of this.inviteContexts.values()) {
      // Calls still ringing are declined: the UA is going away (legacy stop() ends every session).
      if (context.status === SessionStatus.STATUS_WAITING_FOR_ANSWER) {
        context.reject({ statusCode: 480 });
      }
    }
    this.inviteContexts.clear();
    // Legacy: the connection closes once the pending transactions are over (a MESSAGE in
    // flight still gets its answer), checked at a short interval up to the same deadline.
    while (core.transactions.transactionCount > 0 && this.clock.now() < deadline) {
      await this.until(Math.min(deadline, this.clock.now() + STOP_POLL_MS), () => undefined);
    }
    registerer.close();
    core.close();
    await this.connection.close();
    this.connection = undefined;
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

  /** Register (sets `configuration.register`); returns the UA. */
  register(options: RegisterOptions = {}): this {
    this.configuration.register = true;
    if (this.registerer === undefined) this.start();
    this.registerer!.register(options);
    return this;
  }

  /** Unregister this binding, or every binding of the AOR with `all` (`Contact: *`); returns the UA. */
  unregister(options: UnregisterOptions = {}): this {
    this.configuration.register = false;
    this.registerer?.unregister(options);
    return this;
  }

  isRegistered(): boolean {
    return this.registerer?.registered ?? false;
  }

  isConnected(): boolean {
    return this.connection?.connected ?? false;
  }

  /** A MESSAGE to `target` (legacy `contentType` default text/plain). */
  message(target: string | URI, body: string, options: MessageClientContextOptions = {}): MessageClientContext {
    const context = new MessageClientContext(this.environment(), this.target(target), body, options);
    context.send();
    return context;
  }

  /** Any out-of-dialog request. */
  request(method: string, target: string | URI, options: ClientContextOptions = {}): ClientContext {
    const context = new ClientContext(this.environment(), method, this.target(target), options);
    context.send();
    return context;
  }

  /** An INVITE (sessions and media come with the session layer; here the INVITE transaction and its dialog). */
  invite(target: string | URI, options: InviteClientContextOptions = {}): InviteClientContext {
    const context = new InviteClientContext(
      { ...this.environment(), core: this.core!, destination: () => this.destination(), dialog: this.dialogOptions() },
      this.target(target),
      options,
    );
    context.invite();
    this.trackSession(context);
    this.emit('inviteSent', context);
    return context;
  }

  /** The legacy helper: a URI for `target` (user, number, `user@host` or URI), or undefined. */
  normalizeTarget(target: string | URI | number): URI | undefined {
    return normalizeTarget(target, this.configuration.hostportParams);
  }

  private target(target: string | URI): URI {
    return requireTarget(target, this.configuration.hostportParams);
  }

  private environment(): { sender: AuthenticatingRequestSender; ua: UA } {
    if (this.sender === undefined) throw new Error(NOT_RUNNING);
    return { sender: this.sender, ua: this };
  }

  private trackSession(session: UASession): void {
    this.liveSessions[session.id] = session;
    const forget = (): void => this.forgetSession(session);
    // A call we placed also ends when we send its BYE; any call when a BYE arrives (the BYE handler).
    if (session instanceof InviteClientContext) session.once('failed', forget).once('bye', forget);
    else session.once('failed', forget);
  }

  private forgetSession(session: UASession): void {
    if (this.liveSessions[session.id] === session) delete this.liveSessions[session.id];
  }

  private destination(): Peer {
    const server = this.connection?.server ?? this.configuration.wsServers[0]!;
    return { protocol: server.protocol, host: server.host, port: server.port };
  }

  private dialogOptions(): Omit<DialogOptions, 'localContact'> {
    return { transport: this.transport!, rport: this.configuration.forceRport, userAgent: this.configuration.userAgentString };
  }

  private installHandlers(core: UserAgentCore): void {
    // Legacy: every MESSAGE reaches the application whatever its body type (it reads `body` and
    // `contentType` and may reject), so the core's 415 (RFC 3261 §8.2.3) is not applied to MESSAGE.
    core.handle(
      'MESSAGE',
      (incoming) => {
        const context = new MessageServerContext(core, incoming, this);
        this.emit('message', context);
        // Legacy: a MESSAGE the application did not answer while the event ran gets 200.
        context.autoAnswer();
      },
      { accept: ['*/*'] },
    );
    core.handle('INVITE', (incoming) => this.receiveInvite(core, incoming));
    core.handle('BYE', (incoming) => {
      // RFC 3261 §15.1.2: a BYE outside any dialog is 481 (the core already answers one with an unknown To tag).
      if (incoming.dialog === undefined) {
        core.respond(incoming, 481);
        return;
      }
      const dialog = incoming.dialog;
      core.endDialog(dialog);
      core.respond(incoming, 200);
      const ended = Object.values(this.liveSessions).find((session) => session.dialog === dialog);
      if (ended !== undefined) this.forgetSession(ended);
    });
    core.onCancel = (cancel, invite) => this.inviteContexts.get(invite.request)?.receiveCancel(cancel);
  }

  private receiveInvite(core: UserAgentCore, incoming: IncomingRequest): void {
    const context = new InviteServerContext({ core, contact: `<${this.contact}>`, dialog: this.dialogOptions(), ua: this }, incoming);
    if (this.listenerCount('invite') === 0) {
      // Nobody to take the call: say so now rather than let the caller wait for a timeout.
      context.reject({ statusCode: 480 });
      return;
    }
    this.inviteContexts.set(incoming.request, context);
    context.once('failed', () => this.inviteContexts.delete(incoming.request));
    context.once('accepted', () => this.inviteContexts.delete(incoming.request));
    this.trackSession(context);
    this.emit('invite', context);
  }
}
