import { plainAnswer } from '../corpus/ua-responses.js';
import { fillPlaceholders, type UaMethod } from '../step.js';
import type { Link } from './link.js';
import { placeholdersOf } from './request-fields.js';
import { headerParam, headerValue, type WireMessage } from './wire-message.js';

interface Claim {
  method: UaMethod;
  resolve: (request: WireMessage | undefined) => void;
  timer: NodeJS.Timeout;
}

// Branches remembered to recognise retransmissions; forgotten in bulk past this many.
const MAX_REMEMBERED = 10_000;

/**
 * The fuzzer's server side for the requests a UA sends: a request the fuzzer made the UA send
 * is handed to whoever claimed it (to be answered with a mutated response); every other one
 * gets a short well-formed final answer, so the UA's transactions end and its registration holds.
 */
export class UaRequestDesk {
  private claims: Claim[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly link: Link) {}

  /** The next new request of `method` from the UA, or undefined after `timeoutMs`. */
  claim(method: UaMethod, timeoutMs: number): Promise<WireMessage | undefined> {
    return new Promise((resolve) => {
      const claim: Claim = {
        method,
        resolve,
        timer: setTimeout(() => {
          this.claims = this.claims.filter((c) => c !== claim);
          resolve(undefined);
        }, timeoutMs),
      };
      this.claims.push(claim);
    });
  }

  receive(request: WireMessage): void {
    const method = request.method!;
    if (method === 'ACK') return;
    const branch = headerParam(headerValue(request, 'via'), 'branch') ?? request.raw;
    // A retransmission (RFC 3261 §17.1.2.2): its answer went out, or its claimant is answering.
    if (this.seen.has(branch)) return;
    if (this.seen.size >= MAX_REMEMBERED) this.seen.clear();
    this.seen.add(branch);
    const claim = this.claims.find((c) => c.method === method);
    if (claim !== undefined) {
      clearTimeout(claim.timer);
      this.claims = this.claims.filter((c) => c !== claim);
      claim.resolve(request);
      return;
    }
    const template = plainAnswer(method);
    if (template === undefined || !this.link.ready) return;
    this.link.send(Buffer.from(fillPlaceholders(template, placeholdersOf(request)), 'latin1')).catch(() => undefined);
  }

  cancelAll(): void {
    for (const claim of this.claims.splice(0)) {
      clearTimeout(claim.timer);
      claim.resolve(undefined);
    }
  }
}
