import { fileURLToPath } from 'node:url';
import type { NodeUA, UAServices } from '../../src/node.js';
import { parseMessage, SipRequest, SipResponse } from '../../src/syntax/index.js';
import { fakeMediaFactory, type FakeMediaHandler } from './fake-media-handler.js';
import type { KamailioUsers } from './kamailio-uas.js';

/** A message a UA sent or received, as its traceSip output showed it, with the time it was logged. */
export interface Traced {
  at: number;
  message: SipRequest | SipResponse;
}

/** Every SIP message a UA sent and received. */
export interface Wire {
  sent: Traced[];
  received: Traced[];
}

/**
 * A harness user's `SIP.UA` on the test's Kamailio whose every message is recorded (traceSip) in
 * `wire`, with a fake media handler whose handlers are in `media`.
 */
export function tracedUa(
  users: KamailioUsers,
  user: string,
  options: Record<string, unknown> = {},
  services: UAServices = {},
): { ua: NodeUA; wire: Wire; media: FakeMediaHandler[] } {
  const wire: Wire = { sent: [], received: [] };
  const connector = (_level: string, category: string, _label: string | undefined, content: string): void => {
    const match = /^(sent|received):\n\n([\s\S]*)$/.exec(content);
    if (category !== 'sip.transport' || match === null) return;
    wire[match[1] as 'sent' | 'received'].push({ at: Date.now(), message: parseMessage(match[2]!) });
  };
  const fake = fakeMediaFactory();
  const ua = users.make(user, { traceSip: true, log: { builtinEnabled: false, level: 'log', connector }, mediaHandlerFactory: fake.factory, ...options }, services);
  return { ua, wire, media: fake.handlers };
}

/** The requests of `method` in the call `callId`, in order. */
export function requestsOf(messages: Traced[], method: string, callId: string): SipRequest[] {
  return messages.flatMap(({ message }) => (message instanceof SipRequest && message.method === method && message.callId === callId ? [message] : []));
}

/** The responses to `method` in the call `callId`, in order. */
export function responsesOf(messages: Traced[], method: string, callId: string): SipResponse[] {
  return messages.flatMap(({ message }) => (message instanceof SipResponse && message.cseq.method === method && message.callId === callId ? [message] : []));
}

/** Method or status and CSeq of each message of a call: `INVITE 1`, `180 INVITE`, … */
export function flow(messages: Traced[], callId: string): string[] {
  return messages
    .filter(({ message }) => message.callId === callId)
    .map(({ message }) => (message instanceof SipRequest ? `${message.method} ${message.cseq.seq}` : `${message.status} ${message.cseq.method}`));
}

/** URIs of each Route or Record-Route value. */
export const uris = (message: SipRequest | SipResponse, header: 'Route' | 'Record-Route'): string[] => message.headers(header).map((h) => h.uri.toString());

/** The path of a SIPp scenario in conformance/targets/kamailio/sipp/. */
export const scenario = (name: string): string => fileURLToPath(new URL(`../../conformance/targets/kamailio/sipp/${name}`, import.meta.url));

/** Resolve once `test` holds, polling every 20 ms; reject after `timeoutMs`. */
export async function until(test: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
