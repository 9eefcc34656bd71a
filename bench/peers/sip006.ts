// `sip` 0.0.6 — a regex-based parser that parses every header it knows
// (Via, From, To, CSeq, Contact, Route, auth headers…) eagerly into plain objects.
import { parse } from 'sip';
import type { Contender } from '../contender.js';

export const sip006: Contender = {
  key: 'sip',
  label: 'sip 0.0.6',
  input: "Buffer as is (sip decodes it itself with toString('binary'), as its UDP transport does)",
  reads: "headers.via[0].params.branch/.host/.port, headers.cseq.seq/.method, headers['call-id'], headers.from/to.params.tag",
  run(bytes) {
    const m = parse(bytes);
    const h = m?.headers;
    const via = h?.via?.[0];
    if (h === undefined || via === undefined || h.cseq === undefined || h.from === undefined || h.to === undefined) {
      throw new Error('sip 0.0.6 rejected the message or lost a stack header');
    }
    return {
      branch: via.params['branch'] ?? '',
      viaHost: via.host,
      viaPort: via.port ?? undefined,
      cseq: h.cseq.seq,
      cseqMethod: h.cseq.method,
      callId: h['call-id'] ?? '',
      fromTag: h.from.params['tag'] ?? undefined,
      toTag: h.to.params['tag'] ?? undefined,
    };
  },
};
