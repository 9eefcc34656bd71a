import type { LegacySip } from '../driver-api.js';
import type { UaAdapter } from './ua-adapter.js';

/**
 * sipforge from this checkout (`src/node.ts`, what `import SIP from 'sipforge/node'` is), with its
 * Node media handler (RTP on 127.0.0.1): calls offer and answer the SDP it makes, and RFC 4733 DTMF
 * goes into real RTP.
 */
export async function loadSipforge(): Promise<UaAdapter> {
  const module = (await import('../../../src/node.js')) as unknown as { default: LegacySip; rtpSessionDescriptionHandlerFactory(options?: Record<string, unknown>): unknown };
  const mediaHandlerFactory = module.rtpSessionDescriptionHandlerFactory({ address: '127.0.0.1' });
  const audioOnly = { media: { constraints: { audio: true, video: false } } };
  return {
    SIP: module.default,
    config: () => ({ mediaHandlerFactory }),
    media: {
      invite: () => audioOnly,
      accept: () => audioOnly,
      progress: () => ({}),
    },
    readTrace(category, content) {
      if (category !== 'sip.transport') return undefined;
      const match = /^(sent|received):\n\n([\s\S]*)$/.exec(content);
      return match === null ? undefined : { direction: match[1] as 'sent' | 'received', text: match[2]! };
    },
  };
}
