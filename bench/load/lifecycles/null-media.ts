import { Emitter } from '../../../src/transport/index.js';
import type { SessionDescription, SessionDescriptionHandler, SessionDescriptionHandlerEvents, SessionDescriptionHandlerFactory } from '../../../src/session/index.js';

const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n';
const DESCRIPTION: SessionDescription = Object.freeze({ body: SDP, contentType: 'application/sdp' });

/** Fixed PCMU SDP and no media, holding nothing per call: what is measured is the signalling. */
class NullMediaHandler extends Emitter<SessionDescriptionHandlerEvents> implements SessionDescriptionHandler {
  async getDescription(): Promise<SessionDescription> {
    return DESCRIPTION;
  }
  async setDescription(): Promise<void> {}
  hasDescription(contentType: string): boolean {
    return contentType === 'application/sdp';
  }
  sendDtmf(): boolean {
    return false;
  }
  mute(): void {}
  unmute(): void {}
  close(): void {}
}

export const nullMediaFactory: SessionDescriptionHandlerFactory = () => new NullMediaHandler();
export const PEER_SDP = SDP;
