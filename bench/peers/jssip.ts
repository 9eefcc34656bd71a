// JsSIP 3.13 — its internal parser (lib/Parser.js, not part of its public
// API), as its UA calls it for every received message. Like SIP.js it parses
// Via, From, To, Call-ID, CSeq, Contact, Record-Route… eagerly with a PEG grammar.
import { parseMessage } from 'jssip/lib/Parser.js';
import type { Contender } from '../contender.js';

// The parser only stores the UA on incoming requests; nothing is read from it while parsing.
const ua = Object.freeze({});

export const jssip: Contender = {
  key: 'jssip',
  label: 'JsSIP 3.13',
  input: "Buffer → buf.toString('utf8')",
  reads: 'via_branch, via.host, via.port, cseq, method, call_id, from_tag, to_tag (all filled during parse)',
  run(bytes) {
    const m = parseMessage(bytes.toString('utf8'), ua);
    if (m === undefined) throw new Error('JsSIP rejected the message');
    return {
      branch: m.via_branch,
      viaHost: m.via.host,
      viaPort: m.via.port ?? undefined,
      cseq: m.cseq,
      cseqMethod: m.method,
      callId: m.call_id,
      fromTag: m.from_tag ?? undefined,
      toTag: m.to_tag ?? undefined,
    };
  },
};
