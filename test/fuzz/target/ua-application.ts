import SIP, {
  nodeTransportFactory,
  SessionStatus,
  UdpTransport,
  type ClientContextEvents,
  type Emitter,
  type InviteClientContext,
  type NodeUA,
  type UAServices,
} from 'sipforge/node';
import { FakeMediaHandler } from '../../support/fake-media-handler.js';
import type { TargetConfig } from './ipc.js';
import { choiceOf, readLikeAnApplication } from './read-like-an-application.js';
import type { UaMethod, UaTargetName as UaName } from '../step.js';

// How long an accepted outgoing call lasts before the application hangs up.
const CALL_MS = 300;

function logOptions(verbose: boolean, name: string): { builtinEnabled: boolean; level: 'warn'; connector: ((level: string, category: string, _label: string | undefined, content: string) => void) | null } {
  return {
    builtinEnabled: false,
    level: 'warn',
    connector: verbose ? (level, category, _label, content) => process.stderr.write(`[${name} ${level} ${category}] ${content}\n`) : null,
  };
}

/**
 * The Node UA's own transports, but a `udp:` server's socket bound to 127.0.0.1 rather than to
 * every interface (the library's default): the fuzz target stays on the loopback interface. Calls
 * make and read real SDP through the tests' fake media handler, which opens no socket.
 */
const loopbackServices: UAServices = {
  mediaHandlerFactory: (options) => new FakeMediaHandler(options, { sessionId: 1 }),
  transportFactory: (configuration) => {
    const standard = nodeTransportFactory({ viaHost: configuration.viaHost, webSocketViaHost: configuration.viaHost });
    return (server) => (server.protocol === 'UDP' ? new UdpTransport({ host: '127.0.0.1', viaHost: configuration.viaHost }) : standard(server));
  },
};

/**
 * Three `SIP.UA`s as an application runs them, one per server the fuzzer runs (WebSocket,
 * UDP, TCP): registered with digest credentials, accepting most calls and answering MESSAGE,
 * reading what they get. Nothing here catches exceptions: whatever the library lets escape
 * ends the process, as it would end an application.
 */
export class UaApplication {
  readonly uas: ReadonlyMap<UaName, NodeUA>;

  constructor(config: TargetConfig, registered: (name: UaName) => void) {
    const servers: Record<UaName, string> = {
      'ua-ws': `ws://127.0.0.1:${config.wsPort}`,
      'ua-udp': `udp:127.0.0.1:${config.udpPort}`,
      'ua-tcp': `tcp:127.0.0.1:${config.tcpPort}`,
    };
    const uas = new Map<UaName, NodeUA>();
    for (const [name, server] of Object.entries(servers) as Array<[UaName, string]>) {
      const ua = new SIP.UA({
        uri: `${name.replace('-', '')}@fuzz.test`,
        password: 'secret',
        wsServers: server,
        register: true,
        autostart: false,
        // PRACK served too (RFC 3262), so in-dialog PRACKs reach the session layer rather than a 405.
        rel100: 'supported',
        // INVITEs with Replaces are matched against the UA's dialogs (RFC 3891).
        replaces: 'supported',
        // 1 s, the shortest allowed: the fuzzer closes a UA's TCP connection after a message that may leave the stream out of step.
        wsServerReconnectionTimeout: 1,
        connectionRecoveryMinInterval: 1,
        connectionRecoveryMaxInterval: 2,
        log: logOptions(config.verbose, name),
      }, loopbackServices);
      this.listen(ua);
      ua.on('registered', () => registered(name));
      uas.set(name, ua);
    }
    this.uas = uas;
  }

  start(): void {
    for (const ua of this.uas.values()) ua.start();
  }

  /** Have `name` send `method` to the fuzzer (its server); the fuzzer answers it. */
  send(name: UaName, method: UaMethod): void {
    const ua = this.uas.get(name)!;
    const target = 'sip:fuzz@127.0.0.1';
    switch (method) {
      case 'REGISTER':
        ua.register();
        return;
      case 'MESSAGE':
        this.watch(ua.message(target, 'fuzz'));
        return;
      case 'OPTIONS':
        this.watch(ua.request('OPTIONS', target));
        return;
      case 'INVITE':
        this.call(ua.invite(target));
        return;
    }
  }

  private listen(ua: NodeUA): void {
    answerLikeAnApplication(ua, (followed) => this.call(followed));
    ua.on('registered', (response) => readLikeAnApplication(response));
    ua.on('registrationFailed', (response) => {
      if (response !== undefined) readLikeAnApplication(response);
    });
  }

  private watch(context: Emitter<ClientContextEvents>): void {
    context.on('progress', (response) => readLikeAnApplication(response));
    context.on('accepted', (response) => readLikeAnApplication(response));
    context.on('rejected', (response) => readLikeAnApplication(response));
  }

  private call(context: InviteClientContext): void {
    context.on('progress', (response) => readLikeAnApplication(response));
    context.on('accepted', (response) => {
      readLikeAnApplication(response);
      setTimeout(() => {
        if (context.status === SessionStatus.STATUS_CONFIRMED) context.bye();
      }, CALL_MS);
    });
    context.on('rejected', (response) => readLikeAnApplication(response));
  }
}

/**
 * How the application answers: most calls accepted (some refused 486), MESSAGEs accepted (some
 * with a body 488), everything read; with `follow`, a REFER in a call is followed and the new call
 * handed to it.
 */
export function answerLikeAnApplication(ua: NodeUA, follow?: (call: InviteClientContext) => void): void {
  ua.on('invite', (context) => {
    readLikeAnApplication(context.request);
    // Most calls are answered, some refused: the choice follows the Call-ID so a replay makes the same one.
    if (choiceOf(context.request.callId, 4) === 0) {
      context.reject({ statusCode: 486 });
      return;
    }
    if (follow !== undefined) {
      // A REFER in the call is followed (RFC 3515): the new call goes through this UA's server like any other.
      context.on('refer', (request, refer) => {
        readLikeAnApplication(request);
        if (refer !== undefined) follow(refer.followRefer());
      });
    }
    context.progress();
    context.accept();
  });
  ua.on('message', (context) => {
    readLikeAnApplication(context.request);
    if (context.body.length > 0 && choiceOf(context.request.callId, 5) === 0) context.reject({ statusCode: 488 });
    else context.accept();
  });
}
