import SIP, { UdpTransport, type NodeUA, type UAServices } from 'sipforge/node';
import { FakeMediaHandler } from '../../support/fake-media-handler.js';
import type { TargetConfig } from './ipc.js';
import { answerLikeAnApplication } from './ua-application.js';

/**
 * A `SIP.UA` that listens on UDP (127.0.0.1, ephemeral port) with no server, answering as the
 * application does. Everything its socket sends goes to the fuzzer's socket: a response goes to
 * the Via's sent-by or `maddr` (RFC 3261 §18.2.2), an in-dialog request to a Contact, both of which
 * a mutated message sets to any host and port (the destination is still computed; only the
 * address written on the datagram changes).
 */
export class ListeningUa {
  readonly ua: NodeUA;

  constructor(config: TargetConfig) {
    const services: UAServices = {
      mediaHandlerFactory: (options) => new FakeMediaHandler(options, { sessionId: 1 }),
      listenTransportFactory: () => (address) => {
        const transport = new UdpTransport({ host: address.host, port: address.port });
        const send = transport.send.bind(transport);
        transport.send = (message, to) => send(message, { ...to, host: '127.0.0.1', port: config.listenUdpPeerPort });
        return transport;
      },
    };
    this.ua = new SIP.UA(
      {
        uri: 'sip:listen@127.0.0.1',
        listen: 'udp:127.0.0.1:0',
        autostart: false,
        rel100: 'supported',
        log: { builtinEnabled: false, level: 'warn', connector: config.verbose ? (level, category, _label, content) => process.stderr.write(`[listen-udp ${level} ${category}] ${content}\n`) : null },
      },
      services,
    );
    answerLikeAnApplication(this.ua);
  }

  /** Bind; resolves with the port. */
  start(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.ua.once('listening', (address) => resolve(address.port));
      this.ua.once('disconnected', ({ error }) => reject(error ?? new Error('listening UA closed')));
      this.ua.start();
    });
  }
}
