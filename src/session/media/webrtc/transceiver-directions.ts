import { answerDirection, holdsCall, offerDirection, type MediaDirection } from '../../sdp/direction.js';
import type { MediaSection } from './media-sections.js';

/** A direction without its sending half: what a stream can be when we have no media of its kind. */
function receivingPart(direction: MediaDirection): MediaDirection {
  if (direction === 'sendrecv') return 'recvonly';
  if (direction === 'sendonly') return 'inactive';
  return direction;
}

const isStopped = (transceiver: RTCRtpTransceiver): boolean => transceiver.currentDirection === 'stopped' || transceiver.direction === 'stopped';

/**
 * Set every transceiver's direction before our next description, following the direction rules of
 * RFC 3264 §6.1 and §8.4 and RFC 6337 §5.3 (`sdp/direction.ts`). JSEP (RFC 8829 §5.3.1) answers with
 * the transceiver's direction narrowed by the offer's mirror image, and offers it as is, so what is
 * set here is what the description says.
 *
 * `remote` is the peer's latest description: in an answer, its offer; in an offer, it tells whether
 * the peer holds the call (then our hold is `inactive`, not `sendonly`). `sends` tells the
 * transceivers that carry local media (the sender's track itself is set aside while we hold).
 */
export function applyDirections(
  transceivers: readonly RTCRtpTransceiver[],
  remote: readonly MediaSection[],
  role: 'offer' | 'answer',
  hold: boolean,
  sends: (transceiver: RTCRtpTransceiver) => boolean,
): void {
  const peer = new Map(remote.map((section) => [section.mid, section.direction]));
  for (const transceiver of transceivers) {
    if (isStopped(transceiver)) continue;
    const peerDirection = transceiver.mid === null ? undefined : peer.get(transceiver.mid);
    let direction: MediaDirection;
    if (role === 'answer' && peerDirection !== undefined) direction = answerDirection(peerDirection, hold);
    else direction = offerDirection(hold, peerDirection !== undefined && holdsCall(peerDirection));
    transceiver.direction = sends(transceiver) ? direction : receivingPart(direction);
  }
}
