// sipforge in its two modes. *stack*: what the transaction layer does with
// every message — parse it and read the top Via, CSeq, Call-ID and the tags
// (the rest of the headers stay raw until asked for). *full*: additionally
// parse every header into its typed value, the worst case for an application
// that inspects everything.
import { parseMessage, type SipRequest, type SipResponse } from '../../src/index.js';
import type { StackFields } from '../corpus.js';
import type { Contender } from '../contender.js';

const input = 'Buffer as is (a Uint8Array; parseMessage decodes it itself)';

function stackFields(m: SipRequest | SipResponse): StackFields {
  const via = m.via;
  const cseq = m.cseq;
  return {
    branch: via.branch ?? '',
    viaHost: via.host,
    viaPort: via.port ?? undefined,
    cseq: cseq.seq,
    cseqMethod: cseq.method,
    callId: m.callId,
    fromTag: m.from.tag ?? undefined,
    toTag: m.to.tag ?? undefined,
  };
}

export const stack: Contender = {
  key: 'stack',
  label: 'sipforge stack',
  input,
  reads: 'via.branch/.host/.port, cseq.seq/.method, callId, from.tag, to.tag',
  run: (bytes) => stackFields(parseMessage(bytes)),
};

export const full: Contender = {
  key: 'full',
  label: 'sipforge full',
  input,
  reads: 'parseHeaders() (every header typed), then the same fields as stack',
  run(bytes) {
    const m = parseMessage(bytes);
    m.parseHeaders();
    return stackFields(m);
  },
};
