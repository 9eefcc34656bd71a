import type { MediaStreamTrack, RTCRtpCodecParameters, RTCRtpTransceiver } from 'werift';
import type { MediaAddress, MediaSocketPair } from '../rtp/media-socket.js';

/**
 * Where the stream believes the peer's RTP comes from and goes to. Over WebRTC there is no address to
 * send to: the peer connection's DTLS-SRTP transport, on the ICE pair it chose, is the way out.
 */
export const PEER_CONNECTION_ADDRESS: MediaAddress = { address: 'peer-connection', port: 0 };

/**
 * The RTP audio stream of the RTP handler (pacing, G.711, RFC 4733, jitter buffer) carried by a werift
 * transceiver instead of UDP sockets: plain RTP goes in and out here, and werift encrypts it (SRTP,
 * RFC 3711) and sends it over ICE. RTCP is werift's (its own reports on the SRTCP of the bundle), so
 * the stream's is dropped.
 */
export class WeriftRtpLink implements MediaSocketPair {
  readonly rtpPort = 0;
  readonly rtcpPort = 0;
  private transceiver: RTCRtpTransceiver | undefined;
  private track: MediaStreamTrack | undefined;
  private unsubscribe: (() => void) | undefined;
  private closed = false;

  constructor(private readonly receive: (data: Buffer, from: MediaAddress) => void) {}

  /**
   * Carry the stream on `transceiver` (the session's audio one, once it exists). Called again after
   * each description applied: werift gives the receiver a new track when the peer's description names one.
   */
  attach(transceiver: RTCRtpTransceiver): void {
    const track = transceiver.receiver.track;
    if (this.closed || (this.transceiver === transceiver && this.track === track)) return;
    this.unsubscribe?.();
    this.transceiver = transceiver;
    this.track = track;
    const { unSubscribe } = track.onReceiveRtp.subscribe((packet) => {
      // Untrusted input: the stream checks what it parses; a packet werift cannot write back is dropped.
      let data: Buffer;
      try {
        data = packet.serialize();
      } catch {
        return;
      }
      this.receive(data, PEER_CONNECTION_ADDRESS);
    });
    this.unsubscribe = unSubscribe;
  }

  sendRtp(data: Buffer, length: number, _to: MediaAddress, sent: () => void): void {
    const transceiver = this.transceiver;
    // The sender writes its own codec's payload type into every packet; a telephone-event must keep
    // its own (RFC 4733 §2.1), so the sender is given the codec of the packet for this one send (it
    // reads it before its first await).
    const codec = transceiver === undefined ? undefined : codecOfPayloadType(transceiver.codecs, data[1]! & 0x7f);
    if (this.closed || transceiver === undefined || codec === undefined) {
      sent();
      return;
    }
    const sender = transceiver.sender;
    const negotiated = sender.codec;
    sender.codec = codec;
    // The stream reuses its buffer once `sent` runs: werift parses a copy.
    const sending = sender.sendRtp(Buffer.from(data.subarray(0, length)));
    sender.codec = negotiated;
    sent();
    sending.catch(() => undefined);
  }

  sendRtcp(): void {
    // werift sends its own RTCP reports for the sender and the receiver.
  }

  close(): void {
    this.closed = true;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.transceiver = undefined;
    this.track = undefined;
  }
}

function codecOfPayloadType(codecs: readonly RTCRtpCodecParameters[], payloadType: number): RTCRtpCodecParameters | undefined {
  return codecs.find((codec) => codec.payloadType === payloadType);
}
