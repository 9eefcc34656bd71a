import type { Clock } from '../../../transport/clock.js';

/** How a wait for ICE candidates ended: all gathered, the time allowed ran out first, or the handler closed. */
export type IceGatheringOutcome = 'complete' | 'timeout' | 'aborted';

/**
 * Wait until the peer connection has gathered all its ICE candidates, or `timeoutMs` has passed,
 * whichever comes first (or `signal` aborts: the handler closed). SIP carries the whole description in one body and has no trickle here, so
 * the candidates must be in the local description before it is sent; a STUN or TURN server that
 * does not answer must not hold the call up longer than the legacy `iceCheckingTimeout`.
 */
export function waitForIceGathering(peerConnection: RTCPeerConnection, clock: Clock, timeoutMs: number, signal: AbortSignal): Promise<IceGatheringOutcome> {
  if (signal.aborted) return Promise.resolve('aborted');
  if (peerConnection.iceGatheringState === 'complete') return Promise.resolve('complete');
  return new Promise((resolve) => {
    const finish = (outcome: IceGatheringOutcome): void => {
      clock.clearTimeout(timer);
      peerConnection.removeEventListener('icegatheringstatechange', onStateChange);
      peerConnection.removeEventListener('icecandidate', onCandidate);
      signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const onStateChange = (): void => {
      if (peerConnection.iceGatheringState === 'complete') finish('complete');
    };
    // A null candidate is the end-of-candidates signal, which some browsers give before the state change.
    const onCandidate = (event: RTCPeerConnectionIceEvent): void => {
      if (event.candidate === null) finish('complete');
    };
    const onAbort = (): void => finish('aborted');
    const timer = clock.setTimeout(() => finish('timeout'), timeoutMs);
    peerConnection.addEventListener('icegatheringstatechange', onStateChange);
    peerConnection.addEventListener('icecandidate', onCandidate);
    signal.addEventListener('abort', onAbort);
  });
}
