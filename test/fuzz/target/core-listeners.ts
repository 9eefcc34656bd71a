import { Dialog, TcpTransport, UdpTransport, UserAgentCore, type CoreLogger, type IncomingRequest, type Transport } from 'sipforge/node';
import type { TargetConfig } from './ipc.js';
import { choiceOf, readLikeAnApplication } from './read-like-an-application.js';

const SDP = 'v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6002 RTP/AVP 0\r\n';

/**
 * The lower layers as a Node service uses them: a `UserAgentCore` on a listening UDP
 * transport and one on a listening TCP transport (127.0.0.1, ephemeral ports), with handlers
 * like those of test/integration/sipp-ua-core.test.ts: INVITE answered 180 then 200 with a
 * dialog (some refused 486), BYE ending it, MESSAGE, INFO, NOTIFY, UPDATE answered 200.
 */
export class CoreListeners {
  readonly udp: UdpTransport;
  readonly tcp: TcpTransport;
  readonly cores: UserAgentCore[] = [];

  constructor(private readonly config: TargetConfig) {
    this.udp = new UdpTransport({ host: '127.0.0.1', port: 0 });
    this.tcp = new TcpTransport({ host: '127.0.0.1', port: 0 });
  }

  async start(): Promise<{ udpPort: number; tcpPort: number }> {
    await this.udp.connect();
    await this.tcp.connect();
    this.sandboxUdp();
    for (const [name, transport] of [['core-udp', this.udp], ['core-tcp', this.tcp]] as const) this.cores.push(this.serve(name, transport));
    return { udpPort: this.udp.localPort!, tcpPort: this.tcp.localPort! };
  }

  get transactionCount(): number {
    return this.cores.reduce((sum, core) => sum + core.transactions.transactionCount, 0);
  }

  /** Transactions alive in the TCP listener's core. */
  get tcpTransactionCount(): number {
    return this.cores[1]?.transactions.transactionCount ?? 0;
  }

  get dialogCount(): number {
    return this.cores.reduce((sum, core) => sum + core.dialogs.size, 0);
  }

  /**
   * Every datagram the UDP listener sends goes to the fuzzer's socket. RFC 3261 §18.2.2 sends a
   * response to the Via's sent-by port or `maddr`, which a mutated message sets to any host and
   * port: without this the fuzzer would spray datagrams at other hosts and at well-known ports
   * of this machine. The destination is still computed (and any exception doing so still
   * escapes); only the address written on the datagram changes.
   */
  private sandboxUdp(): void {
    const send = this.udp.send.bind(this.udp);
    const port = this.config.coreUdpPeerPort;
    this.udp.send = (message, to) => send(message, { ...to, host: '127.0.0.1', port });
  }

  private serve(name: string, transport: Transport): UserAgentCore {
    const logger: CoreLogger = this.config.verbose
      ? { debug: () => undefined, warn: (m) => process.stderr.write(`[${name} warn] ${m}\n`) }
      : { debug: () => undefined, warn: () => undefined };
    const core = new UserAgentCore({ transport, logger });
    core.handle('INVITE', (incoming) => this.answerInvite(core, transport, incoming));
    core.handle('BYE', (incoming) => {
      readLikeAnApplication(incoming.request);
      core.respond(incoming, 200);
      if (incoming.dialog) core.endDialog(incoming.dialog);
    });
    for (const method of ['MESSAGE', 'INFO', 'NOTIFY', 'UPDATE']) {
      core.handle(method, (incoming) => {
        readLikeAnApplication(incoming.request);
        core.respond(incoming, 200);
      });
    }
    // An ACK to a 2xx may carry the SDP answer of a late offer (RFC 3261 §13.2.1): the body is what a service reads.
    core.onAck = (ack) => void ack.bodyText;
    core.onCancel = (cancel) => void readLikeAnApplication(cancel);
    core.start();
    return core;
  }

  private answerInvite(core: UserAgentCore, transport: Transport, incoming: IncomingRequest): void {
    const { request } = incoming;
    readLikeAnApplication(request);
    if (choiceOf(request.callId, 4) === 0) {
      core.respond(incoming, 486);
      return;
    }
    const dialog = Dialog.fromUas(request, incoming.localTag, { transport });
    core.addDialog(dialog);
    const contact: [string, string] = ['Contact', `<sip:core@127.0.0.1:${transport.viaPort}>`];
    core.respond(incoming, 180, { headers: [contact] });
    core.respond(incoming, 200, {
      body: SDP,
      contentType: 'application/sdp',
      headers: [contact],
      onNoAck: () => core.endDialog(dialog),
    });
  }
}
