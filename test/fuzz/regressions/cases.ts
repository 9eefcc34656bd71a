import { torture } from '../corpus/rfc4475.js';
import type { CoreTcpLink } from '../harness/core-tcp-link.js';
import type { Step, TargetName } from '../step.js';
import { message, requestHeaders, SDP, uaResponse } from './message-builder.js';
import type { RegressionCase } from './regression-case.js';

const PJSUA = 'PJSUA v1.12.0 Linux-4.2.0.35/x86_64/glibc-2.19';

/** The Call-ID of an RFC 4475 message: the marker its answer carries. */
function callIdOf(text: string): string {
  return /^(?:Call-ID|i)[ \t]*:[ \t]*([^\r\n]*)/im.exec(text)![1]!.trim();
}

/** A request to `target` with `marker` in its Via (every answer copies the Via). */
function request(target: TargetName, marker: string, text: string): Step {
  return { target, marker, data: text };
}

function via(target: TargetName, branch: string): string {
  const transport = target === 'ua-ws' ? 'WS' : target.endsWith('udp') ? 'UDP' : 'TCP';
  return `SIP/2.0/${transport} fuzzer.invalid:5062${branch === '' ? '' : `;branch=${branch}`}`;
}

/** RFC 4475 §3.1.2.10 badinv01 as it is: a top Via that does not parse. */
function badinv01(target: TargetName): RegressionCase {
  return {
    name: `badinv01 over ${target}`,
    issue: 'a request whose top Via does not parse (RFC 4475 badinv01 as it is): the transaction layer reads request.via outside any guard',
    target,
    steps: () => [request(target, callIdOf(torture('badinv01')), torture('badinv01'))],
    answer: [400],
  };
}

/** RFC 4475 messages a stream framer frames but cannot parse: over TCP they must be answered as over UDP. */
function unparseableOverTcp(target: TargetName, name: string, status: number): RegressionCase {
  return {
    name: `${name} over ${target} answered ${status}`,
    issue: 'over TCP an unparseable request gets no 400/505 at all: the stream framer drops the message head the answer needs',
    target,
    steps: () => [request(target, callIdOf(torture(name)), torture(name))],
    answer: [status],
  };
}

/** A 2xx to the UA's INVITE with `lines` replacing or adding headers. */
function inviteAnswer(target: TargetName, what: string, lines: string[], statusLine = 'SIP/2.0 200 OK'): RegressionCase {
  return {
    name: `${statusLine.slice(8)} to the UA's INVITE over ${target} with ${what}`,
    issue: 'caller side: a 2xx to our INVITE with Contact: *, a non-SIP or unparseable Contact or Record-Route, or a From tag / Call-ID that differs from the INVITE\'s throws inside the transaction callback',
    target,
    steps: () => [{ target, trigger: 'INVITE', data: uaResponse(statusLine, ['Content-Type: application/sdp', ...lines], SDP) }],
  };
}

/** 3,000 RFC 2543 MESSAGEs (no branch) sharing one Call-ID, each with its own CSeq: matching must not scan them all. */
function rfc2543Flood(): Step[] {
  return Array.from({ length: 3000 }, (_, i) => ({
    target: 'core-udp',
    data: message(
      'MESSAGE sip:target@127.0.0.1 SIP/2.0',
      requestHeaders({ via: via('core-udp', ''), callId: 'one-call-id-for-the-flood@fuzz', cseq: `${i + 1} MESSAGE` }),
    ),
  }));
}

export const REGRESSION_CASES: readonly RegressionCase[] = [
  // --- A top Via that does not parse: UDP answers 400; TCP and WebSocket crashed.
  badinv01('core-udp'),
  badinv01('core-tcp'),
  badinv01('ua-ws'),
  badinv01('ua-tcp'),
  badinv01('ua-udp'),

  // --- RFC 2543 requests (no magic cookie): the RFC 2543 matching ran before the request was checked.
  {
    name: 'RFC 2543 request with an unparseable Call-ID over core-udp (one spoofed datagram)',
    issue: 'an RFC 2543-style request (branch without z9hG4bK) with a bad or repeated Call-ID: the RFC 2543 matching runs before the request is checked',
    target: 'core-udp',
    steps: () => [request('core-udp', 'reg2543badcallid', message('INVITE sip:target@127.0.0.1 SIP/2.0', requestHeaders({ via: via('core-udp', 'reg2543badcallid'), callId: 'x@y@z', cseq: '1 INVITE' })))],
    answer: [400],
  },
  {
    name: 'RFC 2543 request with two Call-ID lines over core-tcp',
    issue: 'an RFC 2543-style request with a bad or repeated Call-ID: the RFC 2543 matching runs before the request is checked',
    target: 'core-tcp',
    steps: () => [
      request('core-tcp', 'reg2543twocallids', message('BYE sip:target@127.0.0.1 SIP/2.0', requestHeaders({ via: via('core-tcp', 'reg2543twocallids'), callId: 'twice@fuzz', cseq: '1 BYE', extra: ['Call-ID: twice@fuzz'] }))),
    ],
    answer: [400],
  },
  {
    name: 'RFC 2543 request without branch and with an unparseable Call-ID over ua-ws',
    issue: 'an RFC 2543-style request with a bad or repeated Call-ID: the RFC 2543 matching runs before the request is checked',
    target: 'ua-ws',
    steps: () => [request('ua-ws', 'reg-2543-nobranch.invalid', message('MESSAGE sip:target@127.0.0.1 SIP/2.0', requestHeaders({ via: 'SIP/2.0/WS reg-2543-nobranch.invalid', callId: 'a b c', cseq: '1 MESSAGE' })))],
    answer: [400],
  },
  ...(['From', 'To'] as const).map(
    (header): RegressionCase => ({
      name: `a second RFC 2543 request with the same Call-ID and an unparseable ${header} over core-udp`,
      issue: 'a second such request with the same Call-ID and a bad From/To: the RFC 2543 matching runs before the request is checked',
      target: 'core-udp',
      steps: () => {
        // The same request again but for the broken header, which carries the marker (an answer copies it):
        // the RFC 2543 rules (§17.2.3) compare Request-URI, From tag, Call-ID, CSeq and Via, then the To tag.
        const headers = { via: via('core-udp', 'reg2543pair'), callId: `reg2543-second-bad-${header.toLowerCase()}@fuzz`, cseq: '1 MESSAGE' };
        const first = message('MESSAGE sip:target@127.0.0.1 SIP/2.0', requestHeaders(headers));
        const marker = `bad-${header.toLowerCase()}-marker`;
        const bad = header === 'From' ? { from: `"${marker} <<sip:broken>;tag=reg1` } : { to: `"${marker} <sip:target@127.0.0.1>` };
        const second = message('MESSAGE sip:target@127.0.0.1 SIP/2.0', requestHeaders({ ...headers, ...bad }));
        return [request('core-udp', 'reg2543pair', first), request('core-udp', marker, second)];
      },
      answer: [400],
    }),
  ),

  // --- A bare CR inside a header value the 400 copies: the 400 construction threw a TypeError.
  ...(['core-udp', 'core-tcp', 'ua-ws'] as const).map(
    (target): RegressionCase => ({
      name: `Call-ID with a bare CR over ${target}`,
      issue: 'a bare CR inside a header value that the 400 copies (Call-ID: abc<CR>def): the 400 construction throws a TypeError, and the server transaction leaks',
      target,
      steps: () => [request(target, 'z9hG4bKbarecrcallid', message('MESSAGE sip:target@127.0.0.1 SIP/2.0', requestHeaders({ via: via(target, 'z9hG4bKbarecrcallid'), callId: 'abc\rdef' })))],
      answer: [400, 'none'],
      noTransactionLeft: target === 'core-tcp',
    }),
  ),
  {
    name: 'To with a bare CR over core-tcp',
    issue: 'a bare CR inside a header value that the 400 copies: the 400 construction throws a TypeError',
    target: 'core-tcp',
    steps: () => [request('core-tcp', 'z9hG4bKbarecrto', message('NOTIFY sip:target@127.0.0.1 SIP/2.0', requestHeaders({ via: via('core-tcp', 'z9hG4bKbarecrto'), to: '<sip:t\rarget@127.0.0.1>;tag=x', cseq: '1 NOTIFY' })))],
    answer: [400, 'none'],
    noTransactionLeft: true,
  },
  {
    name: 'INVITE with a bare CR in To over core-tcp (its 100 Trying is built by a timer)',
    issue: 'a bare CR inside a header value that the answers copy; found by the fuzzer: the INVITE server transaction builds its 100 Trying from the raw headers 200 ms later, in a timer no guard covers',
    target: 'core-tcp',
    steps: () => [request('core-tcp', 'z9hG4bKbarecrinvite', message('INVITE sip:target@127.0.0.1 SIP/2.0', requestHeaders({ via: via('core-tcp', 'z9hG4bKbarecrinvite'), to: '<sip:target@127.0.0.1>;tag=a\rb', cseq: '1 INVITE' })))],
    answer: [400, 481, 'none'],
  },
  {
    name: 'folded To and a Call-ID list with a bare CR over core-udp',
    issue: 'a bare CR inside a header value that the 400 copies: the 400 construction throws a TypeError',
    target: 'core-udp',
    steps: () => [
      request('core-udp', 'z9hG4bKfoldedto', message('BYE sip:target@127.0.0.1 SIP/2.0', requestHeaders({ via: via('core-udp', 'z9hG4bKfoldedto'), to: '<s\r\n ip:target@127.0.0.1>;tag=x', callId: 'a@b, a\r@b', cseq: '1 BYE' }))),
    ],
    answer: [400, 'none'],
  },

  // --- Caller side: a 2xx to our INVITE that throws inside the transaction callback.
  inviteAnswer('ua-ws', 'Contact: *', ['Contact: *']),
  inviteAnswer('ua-udp', 'a non-SIP Contact', ['Contact: <http://example.com/>']),
  inviteAnswer('ua-tcp', 'an unparseable Contact', ['Contact: <sip:callee@fuzzer.invalid']),
  inviteAnswer('ua-ws', 'a non-SIP Record-Route', ['Contact: <sip:callee@fuzzer.invalid>', 'Record-Route: <mailto:proxy@fuzzer.invalid>']),
  inviteAnswer('ua-udp', 'an unparseable Record-Route', ['Contact: <sip:callee@fuzzer.invalid>', 'Record-Route: sip:a@b>, <>, <>']),
  inviteAnswer('ua-tcp', 'a From tag that differs from the INVITE\'s', ['Contact: <sip:callee@fuzzer.invalid>', 'From: <sip:uatcp@fuzz.test>;tag=not-the-invite-s']),
  inviteAnswer('ua-ws', 'a Call-ID that differs from the INVITE\'s', ['Contact: <sip:callee@fuzzer.invalid>', 'Call-ID: another-call@fuzz']),
  inviteAnswer('ua-udp', 'a mailto Contact and an overflowing expires', ['Contact: <mailto:someone@example.com>;expires=4294967296']),
  // --- Application listeners: what they throw must not escape either.
  {
    name: '180 to the UA\'s INVITE over ua-ws with an unparseable Contact the application reads',
    issue: 'never escapes as an exception, not even from an application\'s event listener (the progress listener reads Contact)',
    target: 'ua-ws',
    steps: () => [
      { target: 'ua-ws', trigger: 'INVITE', data: uaResponse('SIP/2.0 180 Ringing', ['Contact: <sip:a@b;lr=;;;>;;']) },
      { target: 'ua-ws', data: uaResponse('SIP/2.0 486 Busy Here', []) },
    ],
  },
  {
    name: 'two 200s to the UA\'s REGISTER over ua-tcp without its binding, the second with an unparseable Contact the application reads',
    issue: 'never escapes as an exception, not even from an application\'s event listener (registrationFailed reads the Contact of the 2xx; found by the fuzzer)',
    target: 'ua-tcp',
    steps: () => [
      // The first ends the registration (no binding of ours listed, RFC 3261 §10.2.4): the second then fails it.
      { target: 'ua-tcp', trigger: 'REGISTER', data: uaResponse('SIP/2.0 200 OK', ['Contact: <sip:someone-else@fuzzer.invalid>;expires=600']) },
      { target: 'ua-tcp', trigger: 'REGISTER', data: uaResponse('SIP/2.0 200 OK', ['Contact: <sip:a@b', 'Expires: 600']) },
    ],
  },
  {
    name: '486 to the UA\'s INVITE over ua-udp with pjsua\'s Server header, which the application reads',
    issue: 'informational headers outside the strict grammar never make a message unusable; not even an application\'s event listener lets an exception escape',
    target: 'ua-udp',
    steps: () => [{ target: 'ua-udp', trigger: 'INVITE', data: uaResponse('SIP/2.0 486 Busy Here', [`Server: ${PJSUA}`]) }],
  },
  {
    name: 'MESSAGE over ua-ws with pjsua\'s User-Agent reaches the application and is answered 200',
    issue: 'headers that only inform (User-Agent …) must never make a message unusable: parse them by the grammar when they match it, keep them as text otherwise',
    target: 'ua-ws',
    // The application accepts a MESSAGE unless choiceOf(Call-ID, 5) is 0 (target/ua-application.ts); for this Call-ID it is 1.
    steps: () => [request('ua-ws', 'z9hG4bKpjsuamessage', message('MESSAGE sip:target@127.0.0.1 SIP/2.0', requestHeaders({ via: via('ua-ws', 'z9hG4bKpjsuamessage'), callId: 'regression@fuzz', extra: [`User-Agent: ${PJSUA}`, 'Content-Type: text/plain'] }), 'hello'))],
    answer: [200],
  },

  // --- Resource exhaustion.
  {
    name: 'a header on 50,000 lines over ua-ws',
    issue: 'reading a header that appears on N lines costs O(N²) (a 50,000-line message over WebSocket stalled the UA for 64 s); cap header lines and message size per transport',
    target: 'ua-ws',
    steps: () => [
      request('ua-ws', 'z9hG4bKfiftythousand', message('MESSAGE sip:target@127.0.0.1 SIP/2.0', requestHeaders({ via: via('ua-ws', 'z9hG4bKfiftythousand'), extra: Array.from({ length: 50_000 }, () => 'Require: foo') }))),
    ],
    answer: [400, 413, 420, 513, 'none'],
    cpuBudgetMs: 3000,
  },
  {
    name: '3,000 RFC 2543 requests sharing one Call-ID over core-udp',
    issue: 'RFC 2543 transaction matching scans every live transaction: a flood sharing one Call-ID starved the UA within 45 s. Index it',
    target: 'core-udp',
    steps: rfc2543Flood,
    burst: 50,
    linearCpu: true,
    timeoutMs: 90_000,
  },
  {
    name: '1,100 idle TCP connections, then OPTIONS on a new one over core-tcp',
    issue: 'idle TCP/TLS connections are never closed and never capped: 1,000 idle connections exhaust file descriptors and the TCP listener stops answering',
    target: 'core-tcp',
    steps: () => [],
    prepare: async (testbed) => {
      await (testbed.links.get('core-tcp') as CoreTcpLink).openIdle(1100);
    },
    // Answered at once when a new connection displaces the oldest idle one; within 35 s when idle ones are closed after a timeout.
    probeWithinMs: 35_000,
    timeoutMs: 40_000,
  },
  {
    name: 'a 16 MB body in 64 KB writes over core-tcp',
    issue: 'the TCP framer copies and rescans its whole buffer on every read: quadratic in message size (16 MB in 64 KB reads: 2.9 s). Make it linear, and refuse bodies over a configurable limit early',
    target: 'core-tcp',
    steps: () => [
      {
        ...request('core-tcp', 'z9hG4bKsixteenmegabytes', message('MESSAGE sip:target@127.0.0.1 SIP/2.0', requestHeaders({ via: via('core-tcp', 'z9hG4bKsixteenmegabytes'), extra: ['Content-Type: text/plain'] }), 'x'.repeat(16 * 1024 * 1024))),
        chunkSize: 64 * 1024,
      },
    ],
    answer: [200, 413, 400, 513, 'none'],
    cpuBudgetMs: 1500,
    timeoutMs: 30_000,
  },
  unparseableOverTcp('core-tcp', 'badvers', 505),
  unparseableOverTcp('core-tcp', 'lwsstart', 400),
  unparseableOverTcp('core-tcp', 'trws', 400),
  unparseableOverTcp('core-tcp', 'escruri', 400),
  unparseableOverTcp('ua-tcp', 'badvers', 505),
];
