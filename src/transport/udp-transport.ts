import { lookup as dnsLookup, type LookupOneOptions } from 'node:dns';
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { frameDatagram, messageLimits, type MessageLimits, type SipRequest, type SipResponse } from '../syntax/index.js';
import { datagramTally } from './datagram-tally.js';
import { Emitter } from './emitter.js';
import { plainAddress, sentByHost } from './local-address.js';
import { stampTopVia } from './received-via.js';
import { describePeer, TransportError, type Peer, type Transport, type TransportEvents } from './transport.js';

export interface UdpTransportOptions {
  /** Local address to bind; default 0.0.0.0. */
  host?: string;
  /** Local port; default 0 (ephemeral). */
  port?: number;
  /** Via sent-by host; default the local address (`localAddress`). */
  viaHost?: string;
  /** The server this socket talks to: a wildcard bind names the local address facing it (RFC 3261 §18.1.1). */
  remote?: { host: string; port: number };
  /**
   * Bounds on each datagram's message; default DEFAULT_MESSAGE_LIMITS, whose head and body
   * limits each hold a whole datagram (RFC 3261 §18.1.1: messages up to the maximum datagram
   * size MUST be handled), so by default only the header-line cap can refuse one.
   */
  limits?: Partial<MessageLimits>;
  /** Bytes of datagrams the system may queue for the socket (SO_RCVBUF); default DEFAULT_RECEIVE_BUFFER. */
  receiveBuffer?: number;
}

/**
 * Asked of the system for every socket: 1 MiB. The usual default (208 KiB) holds about a hundred
 * small datagrams, so a UAS at 500 calls/s (1,500 datagrams/s in) lost datagrams to every GC pause
 * over 60 ms, each one costing a retransmission 500 ms later (RFC 3261 §17.1.1.2). Linux grants
 * at most net.core.rmem_max.
 */
export const DEFAULT_RECEIVE_BUFFER = 1024 * 1024;

/**
 * The socket's name lookup. A peer reaches the transport as an address (names are resolved above
 * it, RFC 3263), and dgram would still ask `dns.lookup` for each datagram, which answers an
 * address only on the next tick: an address is answered at once, anything else by `dns.lookup`.
 */
function addressLookup(host: string, options: LookupOneOptions | number, callback: (error: NodeJS.ErrnoException | null, address: string, family: number) => void): void {
  const family = isIP(host);
  if (family !== 0) callback(null, host, family);
  else dnsLookup(host, typeof options === 'number' ? { family: options } : options, callback);
}

/**
 * SIP over UDP (RFC 3261 §18), Node only: one socket, one message per datagram, sending to
 * any peer and receiving from any. Unreliable, so transactions over it retransmit.
 */
export class UdpTransport extends Emitter<TransportEvents> implements Transport {
  readonly protocol = 'UDP';
  readonly reliable = false;
  private readonly host: string;
  private readonly port: number;
  private readonly remote: { host: string; port: number } | undefined;
  private readonly fixedViaHost: string | undefined;
  /** The local address facing `remote`, learned at bind time for a wildcard bind. */
  private learnedAddress: string | undefined;
  private readonly limits: MessageLimits;
  private readonly receiveBuffer: number;
  private socket: Socket | undefined;
  private bound: number | undefined;
  /** The source of the last datagram, and its Peer (`peerAt`). */
  private lastSource: { address: string; peer: Peer } | undefined;

  constructor(options: UdpTransportOptions = {}) {
    super();
    this.limits = messageLimits(options.limits);
    this.host = options.host ?? '0.0.0.0';
    this.port = options.port ?? 0;
    this.remote = options.remote;
    this.fixedViaHost = options.viaHost;
    this.receiveBuffer = options.receiveBuffer ?? DEFAULT_RECEIVE_BUFFER;
  }

  /** The receive buffer the system granted (Linux reports twice the size asked, for its bookkeeping), once connected. */
  get receiveBufferSize(): number | undefined {
    return this.bound === undefined ? undefined : this.socket?.getRecvBufferSize();
  }

  /** The Via sent-by host: as configured, else the local address (`localAddress`). */
  get viaHost(): string {
    return this.fixedViaHost ?? this.ownAddress();
  }

  get connected(): boolean {
    return this.bound !== undefined;
  }

  /** The bound local port, once connected. */
  get localPort(): number | undefined {
    return this.bound;
  }

  get viaPort(): number | undefined {
    return this.bound;
  }

  /**
   * The bound address; for a wildcard bind (one socket serves every peer) the one the system sends
   * from toward `remote`, else the first external IPv4 address. Media offers it (SDP `c=`).
   */
  get localAddress(): string | undefined {
    return this.bound === undefined ? undefined : this.ownAddress();
  }

  private ownAddress(): string {
    if (!this.isWildcard()) return this.host;
    return this.learnedAddress ?? sentByHost(this.host);
  }

  connect(): Promise<void> {
    if (this.socket) return Promise.resolve();
    const socket = createSocket({ type: this.host.includes(':') ? 'udp6' : 'udp4', recvBufferSize: this.receiveBuffer, lookup: addressLookup });
    this.socket = socket;
    return new Promise<void>((resolve, reject) => {
      const failed = (error: Error): void => {
        this.socket = undefined;
        socket.close();
        reject(new TransportError(`cannot bind UDP: ${error.message}`, `${this.host}:${this.port}`, { cause: error }));
      };
      socket.once('error', failed);
      socket.bind(this.port, this.host, () => {
        socket.off('error', failed);
        socket.on('error', (error) => this.emit('error', new TransportError(`UDP socket error: ${error.message}`, this.local(), { cause: error })));
        socket.on('message', (data, remote) => this.receive(data, this.peerAt(remote.address, remote.port)));
        void this.learnAddress().then((address) => {
          if (this.socket !== socket) {
            reject(new TransportError('UDP transport closed while binding', this.local()));
            return;
          }
          this.learnedAddress = address;
          this.bound = socket.address().port;
          resolve();
          this.emit('connected');
        });
      });
    });
  }

  send(message: SipRequest | SipResponse, to: Peer): Promise<void> {
    const socket = this.socket;
    if (socket === undefined || this.bound === undefined) return Promise.reject(new TransportError('UDP transport not connected', describePeer(to)));
    return new Promise<void>((resolve, reject) => {
      socket.send(message.toBytes(), to.port, to.host, (error) => {
        if (error) reject(new TransportError(`UDP send failed: ${error.message}`, describePeer(to), { cause: error }));
        else resolve();
      });
    });
  }

  close(): Promise<void> {
    const socket = this.socket;
    const wasBound = this.bound !== undefined;
    this.socket = undefined;
    this.bound = undefined;
    if (socket === undefined) return Promise.resolve();
    socket.removeAllListeners();
    return new Promise<void>((resolve) => {
      socket.close(() => {
        if (wasBound) this.emit('disconnected');
        this.removeAllListeners();
        resolve();
      });
    });
  }

  private isWildcard(): boolean {
    return this.host === '0.0.0.0' || this.host === '::';
  }

  /**
   * The local address the system sends from toward `remote`, found with a throwaway connected
   * socket: our socket itself stays unconnected, so it takes datagrams from any peer the server
   * hands our address to. Undefined when there is nothing to learn or the system will not say.
   */
  private learnAddress(): Promise<string | undefined> {
    const remote = this.remote;
    if (!this.isWildcard() || remote === undefined) return Promise.resolve(undefined);
    const probe = createSocket({ type: this.host.includes(':') ? 'udp6' : 'udp4' });
    return new Promise<string | undefined>((resolve) => {
      const done = (address: string | undefined): void => {
        probe.removeAllListeners();
        probe.close();
        resolve(address);
      };
      probe.once('error', () => done(undefined));
      probe.connect(remote.port, remote.host, () => done(plainAddress(probe.address().address)));
    });
  }

  /**
   * The peer a datagram came from. Datagrams from the same source (a proxy, a trunk, SIPp) share
   * one Peer, which each server transaction keeps for its responses until Timer L or J.
   */
  private peerAt(address: string, port: number): Peer {
    const last = this.lastSource;
    if (last !== undefined && last.peer.port === port && last.address === address) return last.peer;
    const peer: Peer = { protocol: 'UDP', host: plainAddress(address), port };
    this.lastSource = { address, peer };
    return peer;
  }

  private local(): string {
    return `${this.host}:${this.bound ?? this.port}`;
  }

  /**
   * A message over the limits is reported `malformed` with its head, and a UAS answers it 513
   * (RFC 3261 §21.5.7) as it answers 400 over UDP: the answer copies a few of the request's
   * headers, so it is never larger than the request and a forged source gains nothing from it.
   */
  private receive(data: Buffer, from: Peer): void {
    datagramTally.received++;
    const event = frameDatagram(data, this.limits);
    // CRLF keep-alives some peers send over UDP too carry no message; UDP keep-alive is not ours to answer.
    if (event.type === 'message') {
      // RFC 3261 §18.2.1: the source is recorded in the top Via before the request goes up.
      stampTopVia(event.message, from);
      this.emit('message', event.message, from);
    } else if (event.type === 'error') this.emit('malformed', event.error, new Uint8Array(data), from);
  }
}
