// SIP.js 0.21 — its core parser, as its transport layer calls it. It parses
// the start line, Via, From, To, Call-ID, CSeq, Contact, Record-Route and a few
// others eagerly with its PEG grammar, and keeps the rest raw.
import { Core } from 'sip.js';
import type { Contender } from '../contender.js';

// parseMessage only uses the logger to warn about messages it rejects.
const logger = new Core.LoggerFactory().getLogger('bench');

export const sipjs: Contender = {
  key: 'sipjs',
  label: 'SIP.js 0.21',
  input: "Buffer → buf.toString('utf8')",
  reads: 'viaBranch, via.host, via.port, cseq, method, callId, fromTag, toTag (all filled during parse)',
  run(bytes) {
    const m = Core.Parser.parseMessage(bytes.toString('utf8'), logger);
    if (m === undefined) throw new Error('SIP.js rejected the message');
    return {
      branch: m.viaBranch,
      viaHost: m.via.host,
      viaPort: m.via.port ?? undefined,
      cseq: m.cseq,
      cseqMethod: m.method,
      callId: m.callId,
      fromTag: m.fromTag ?? undefined,
      toTag: m.toTag ?? undefined,
    };
  },
};
