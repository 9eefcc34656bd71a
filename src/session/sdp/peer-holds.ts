import { parse } from 'sdp-transform';
import { directionOf, holdsCall } from './direction.js';

// RFC 3264 §8.4: an older way to hold a stream is a connection address of 0.0.0.0 (RFC 2543).
const HOLD_ADDRESS = '0.0.0.0';

/**
 * Whether the peer's description (offer or answer) holds the call (RFC 3264 §8.4, RFC 6337 §5.3):
 * every stream in use (port not 0) states sendonly or inactive, or the old 0.0.0.0 address. A
 * description with no stream in use, or one that cannot be read, holds nothing.
 */
export function peerHolds(sdp: string): boolean {
  // Without any of the three a description holds nothing, and most calls are never held: no parse.
  if (!sdp.includes('sendonly') && !sdp.includes('inactive') && !sdp.includes(HOLD_ADDRESS)) return false;
  let session: ReturnType<typeof parse>;
  try {
    session = parse(sdp);
  } catch {
    return false;
  }
  const streams = (session.media ?? []).filter((media) => media.port !== 0);
  if (streams.length === 0) return false;
  return streams.every((media) => {
    const address = media.connection?.ip ?? session.connection?.ip;
    return address === HOLD_ADDRESS || holdsCall(directionOf(media, session));
  });
}
