import type { LegacySip } from '../driver-api.js';
import { staticSdp, type UaAdapter } from './ua-adapter.js';

/**
 * sipforge from this checkout (`src/node.ts`, what `import SIP from 'sipforge/node'` is). Until the
 * session layer lands its calls carry the SDP the application gives as text (`body`); the media
 * scenarios are skipped for it (ua-catalogue.ts).
 */
export async function loadSipforge(): Promise<UaAdapter> {
  const module = (await import('../../../src/node.js')) as unknown as { default: LegacySip };
  return {
    SIP: module.default,
    config: () => ({}),
    media: {
      invite: () => ({ body: staticSdp() }),
      accept: () => ({ body: staticSdp() }),
      progress: () => ({}),
    },
    readTrace(category, content) {
      if (category !== 'sip.transport') return undefined;
      const match = /^(sent|received):\n\n([\s\S]*)$/.exec(content);
      return match === null ? undefined : { direction: match[1] as 'sent' | 'received', text: match[2]! };
    },
  };
}
