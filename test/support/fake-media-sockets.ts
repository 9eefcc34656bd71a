import type { MediaAddress, MediaSocketFactory, MediaSocketHandlers, MediaSocketPair } from '../../src/session/media/rtp/index.js';

export interface SentDatagram {
  kind: 'rtp' | 'rtcp';
  data: Buffer;
  to: MediaAddress;
}

/**
 * A media socket pair in memory for unit tests: what the handler sends is recorded (a copy, as the
 * handler reuses its buffers), and datagrams are delivered to it synchronously with `deliverRtp`.
 */
export class FakeMediaSockets {
  readonly sent: SentDatagram[] = [];
  closed = false;
  private handlers: MediaSocketHandlers | undefined;

  constructor(readonly rtpPort = 40000) {}

  readonly factory: MediaSocketFactory = async (request) => {
    this.handlers = request.handlers;
    const pair: MediaSocketPair = {
      rtpPort: this.rtpPort,
      rtcpPort: this.rtpPort + 1,
      sendRtp: (data, length, to, done) => {
        this.sent.push({ kind: 'rtp', data: Buffer.from(data.subarray(0, length)), to: { ...to } });
        done();
      },
      sendRtcp: (data, to) => {
        this.sent.push({ kind: 'rtcp', data: Buffer.from(data), to: { ...to } });
      },
      close: () => {
        this.closed = true;
      },
    };
    return pair;
  };

  rtp(): SentDatagram[] {
    return this.sent.filter((d) => d.kind === 'rtp');
  }

  rtcp(): SentDatagram[] {
    return this.sent.filter((d) => d.kind === 'rtcp');
  }

  deliverRtp(data: Buffer, from: MediaAddress): void {
    this.handlers!.rtp(data, from);
  }

  deliverRtcp(data: Buffer, from: MediaAddress): void {
    this.handlers!.rtcp(data, from);
  }
}
