import type { SipRequest, SipResponse } from '../../../src/index.js';
import type { ScriptedTransport } from '../../support/scripted-transport.js';
import { answer } from '../support/context-wire.js';

export const PIDF =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:bob@example.test">\n' +
  '  <tuple id="t1"><status><basic>open</basic></status></tuple>\n' +
  '</presence>\n';

/** The notifier's Contact and the proxy's Record-Route in the tests. */
export const NOTIFIER_CONTACT = '<sip:bob@192.0.2.20:5070;transport=udp>';
export const RECORD_ROUTE = '<sip:127.0.0.1:8080;transport=ws;lr>';

/** The SUBSCRIBEs the UA sent, in order. */
export function subscribes(transport: ScriptedTransport): SipRequest[] {
  return transport.requests.filter((r) => r.method === 'SUBSCRIBE');
}

/** A 2xx (or other status) to `subscribe` from the notifier, with its To tag, Contact and the proxy's Record-Route. */
export function answerSubscribe(subscribe: SipRequest, status: number, headers: string[] = [], toTag = 'n1'): string {
  const extra = status < 300 ? [`Record-Route: ${RECORD_ROUTE}`, `Contact: ${NOTIFIER_CONTACT}`] : [];
  return answer(subscribe, status, { toTag, headers: [...extra, ...headers] });
}

export interface NotifyOptions {
  state: string;
  cseq?: number;
  fromTag?: string;
  event?: string | null;
  body?: string;
  contentType?: string;
  contact?: string;
  branch?: string;
  /** Omit the To tag (an out-of-dialog NOTIFY). */
  noToTag?: boolean;
}

let branches = 0;

/** A NOTIFY from the notifier for `subscribe` (To = its From with tag, From = its To with `fromTag`), relayed by the proxy. */
export function notifyFor(subscribe: SipRequest, options: NotifyOptions): string {
  const body = options.body ?? '';
  const to = options.noToTag ? `<${subscribe.from.uri}>` : subscribe.rawHeader('From')!;
  return (
    `NOTIFY ${subscribe.rawHeader('Contact')!.replace(/^<|>.*$/g, '')} SIP/2.0\r\n` +
    `Via: SIP/2.0/WS 127.0.0.1:8080;branch=${options.branch ?? `z9hG4bKnotify${++branches}`}\r\n` +
    `Record-Route: ${RECORD_ROUTE}\r\n` +
    'Max-Forwards: 69\r\n' +
    `From: <${subscribe.to.uri}>;tag=${options.fromTag ?? 'n1'}\r\n` +
    `To: ${to}\r\n` +
    `Call-ID: ${subscribe.callId}\r\n` +
    `CSeq: ${options.cseq ?? 1} NOTIFY\r\n` +
    `Contact: ${options.contact ?? NOTIFIER_CONTACT}\r\n` +
    (options.event === null ? '' : `Event: ${options.event ?? 'presence'}\r\n`) +
    `Subscription-State: ${options.state}\r\n` +
    (body === '' ? '' : `Content-Type: ${options.contentType ?? 'application/pidf+xml'}\r\n`) +
    `Content-Length: ${new TextEncoder().encode(body).length}\r\n\r\n${body}`
  );
}

/** The responses the UA sent to NOTIFYs, as `status CSeq`. */
export function notifyAnswers(transport: ScriptedTransport): string[] {
  return transport.sent.flatMap((s) => ('status' in s.message && s.message.cseq.method === 'NOTIFY' ? [`${s.message.status} ${s.message.cseq.seq}`] : []));
}

/** The start line and header lines of a message as serialised, for exact comparison. */
export function headerLines(request: SipRequest | SipResponse): string[] {
  return request.toString().split('\r\n\r\n')[0]!.split('\r\n');
}
