/** The direction attribute of a media stream (RFC 3264 §5.1, RFC 4566 §6). */
export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

const DIRECTIONS: ReadonlySet<string> = new Set(['sendrecv', 'sendonly', 'recvonly', 'inactive']);

/**
 * The direction a stream of a parsed description states: its own attribute, else the session-level
 * one, else sendrecv (RFC 4566 §6: the default when neither is present).
 */
export function directionOf(media: { direction?: string | undefined }, session: { direction?: string | undefined } = {}): MediaDirection {
  for (const direction of [media.direction, session.direction]) {
    if (direction !== undefined && DIRECTIONS.has(direction)) return direction as MediaDirection;
  }
  return 'sendrecv';
}

/** Whether the peer, stating `direction` for a stream, holds the call: it sends nothing we may send back (sendonly, inactive). */
export function holdsCall(direction: MediaDirection): boolean {
  return direction === 'sendonly' || direction === 'inactive';
}

/**
 * The direction of a stream in our offer (RFC 3264 §8.4, RFC 6337 §5.3): what we want, sendrecv;
 * when we hold the call sendonly, or inactive when the peer holds it too (it sends nothing). The
 * peer's answer states its own hold.
 */
export function offerDirection(hold: boolean, peerHolds: boolean): MediaDirection {
  if (!hold) return 'sendrecv';
  return peerHolds ? 'inactive' : 'sendonly';
}

/**
 * The direction of a stream in our answer to one offered as `offered` (RFC 3264 §6.1): the
 * mirror image of the offer, narrowed by our own hold (we then send only, or nothing).
 */
export function answerDirection(offered: MediaDirection, hold: boolean): MediaDirection {
  const weMaySend = offered === 'sendrecv' || offered === 'recvonly';
  const weMayReceive = offered === 'sendrecv' || offered === 'sendonly';
  const receive = weMayReceive && !hold;
  if (weMaySend && receive) return 'sendrecv';
  if (weMaySend) return 'sendonly';
  if (receive) return 'recvonly';
  return 'inactive';
}
