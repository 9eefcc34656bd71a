import { createResponse, OutOfDialogRequestFactory } from '../../../src/core/index.js';
import type { RequestOutcome, RequestSender, RequestSpec, SentRequest } from '../../../src/core/index.js';
import { parseMessage, type SipRequest, type SipResponse } from '../../../src/syntax/index.js';
import { fixedIds } from '../../core/request/fixed-ids.js';

/** One request handed to `send`, with the answers the test gives it. */
export interface SentEntry {
  /** The request now in the transaction: the one sent, or the fake digest retry's. */
  request: SipRequest;
  outcome: RequestOutcome;
  stopped: boolean;
  ended: boolean;
}

/**
 * A RequestSender that builds requests like the real one (the core's out-of-dialog factory, predictable ids,
 * From = the UA's address) and sends nothing: the test answers each request itself.
 */
export class FakeRequestSender implements RequestSender {
  readonly created: SipRequest[] = [];
  readonly sent: SentEntry[] = [];
  private readonly factory = new OutOfDialogRequestFactory({
    transport: { protocol: 'WSS', viaHost: 'k3j2l9q0.invalid', viaPort: undefined },
    userAgent: 'sipforge-test',
    ids: fixedIds(),
  });

  create(spec: RequestSpec): SipRequest {
    const request = this.factory.create({ ...spec, from: spec.from ?? '"Alice" <sip:alice@example.com>' });
    this.created.push(request);
    return request;
  }

  send(request: SipRequest, outcome: RequestOutcome): SentRequest {
    const entry: SentEntry = { request, outcome, stopped: false, ended: false };
    this.sent.push(entry);
    return {
      get request() {
        return entry.request;
      },
      stop: () => {
        entry.stopped = true;
      },
    };
  }

  /** The request last sent. */
  get last(): SentEntry {
    const entry = this.sent.at(-1);
    if (entry === undefined) throw new Error('nothing was sent');
    return entry;
  }

  /** Requests sent and neither answered nor stopped. */
  get inFlight(): number {
    return this.sent.filter((e) => !e.ended && !e.stopped).length;
  }

  /** Answer the last request with a final response carrying `headers`; returns that response. */
  answer(status: number, headers: Array<[string, string]> = []): SipResponse {
    const entry = this.last;
    const response = createResponse(entry.request, status, { toTag: 'registrar1', headers });
    entry.ended = true;
    entry.outcome.onFinal(response);
    return response;
  }

  /** A 200 that lists the contact the last REGISTER bound (its Contact, as registrars echo it back). */
  accept(extra: Array<[string, string]> = []): SipResponse {
    const contact = this.last.request.rawHeader('Contact');
    return this.answer(200, [...(contact === undefined ? [] : [['Contact', contact] as [string, string]]), ...extra]);
  }

  /** Report the last request's end without a final response. */
  fail(cause: 'REQUEST_TIMEOUT' | 'CONNECTION_ERROR'): void {
    const entry = this.last;
    entry.ended = true;
    entry.outcome.onFailure(cause);
  }

  /** What the real sender does after a 401 it can answer: the same request again with CSeq + 1 (RFC 3261 §22.2). */
  digestRetry(): void {
    const entry = this.last;
    const retry = parseMessage(entry.request.toString()) as SipRequest;
    retry.setHeader('CSeq', `${entry.request.cseq.seq + 1} ${entry.request.method}`);
    entry.request = retry;
  }
}
