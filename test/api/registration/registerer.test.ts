import { beforeEach, describe, expect, it } from 'vitest';
import { Registerer, RegistrationBinding, registrationContact, type RegistererOptions } from '../../../src/api/registration/index.js';
import { parseUri, type SipResponse } from '../../../src/syntax/index.js';
import { FakeClock } from '../../../src/transport/index.js';
import { FakeRequestSender } from './fake-request-sender.js';

const INSTANCE = '8f1c2a9e-3b4d-4e5f-9a6b-7c8d9e0f1a2b';
const CONTACT = `<sip:h7g4esbg@k3j2l9q0.invalid;transport=ws;ob>;+sip.instance="<urn:uuid:${INSTANCE}>";reg-id=1`;

type Event = [name: string, response: SipResponse | undefined, cause?: string | undefined];

let clock: FakeClock;
let sender: FakeRequestSender;
let events: Event[];

function makeRegisterer(options: Partial<RegistererOptions> = {}): Registerer {
  const registerer = new Registerer({
    sender,
    clock,
    aor: parseUri('sip:alice@example.com'),
    registrar: parseUri('sip:example.com'),
    contact: registrationContact({ uri: 'sip:h7g4esbg@k3j2l9q0.invalid;transport=ws', instanceId: INSTANCE, regId: 1, outbound: true }),
    ids: { callId: () => 'reg-call@example.test', tag: () => 'regtag' },
    ...options,
  });
  registerer.on('registered', (response) => events.push(['registered', response]));
  registerer.on('unregistered', (response, cause) => events.push(['unregistered', response, cause]));
  registerer.on('registrationFailed', (response, cause) => events.push(['registrationFailed', response, cause]));
  return registerer;
}

/** Event names with their causes, e.g. `['registrationFailed Rejected']`. */
function eventNames(): string[] {
  return events.map(([name, , cause]) => (cause === undefined ? name : `${name} ${cause}`));
}

function header(index: number, name: string): string | undefined {
  return sender.created[index]?.rawHeader(name);
}

beforeEach(() => {
  clock = new FakeClock();
  sender = new FakeRequestSender();
  events = [];
});

describe('Registerer: the REGISTER (RFC 3261 §10.2, RFC 5626 §4.2)', () => {
  it('sends the first REGISTER with AOR, Call-ID, CSeq 1, Contact with +sip.instance, reg-id, ;ob and expires, and Expires', () => {
    const registerer = makeRegisterer();
    registerer.register();
    expect(sender.created).toHaveLength(1);
    expect(sender.created[0]!.toString()).toBe(
      [
        'REGISTER sip:example.com SIP/2.0',
        'Via: SIP/2.0/WSS k3j2l9q0.invalid;branch=z9hG4bKbranch1',
        'Max-Forwards: 70',
        'To: <sip:alice@example.com>',
        'From: "Alice" <sip:alice@example.com>;tag=regtag',
        'Call-ID: reg-call@example.test',
        'CSeq: 1 REGISTER',
        `Contact: ${CONTACT};expires=600`,
        'User-Agent: sipforge-test',
        'Expires: 600',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
    expect(registerer.registered).toBe(false);
    expect(registerer.pending).toBe(true);
  });

  it('uses the configured expires, base extra headers and register() extra headers (kept for refreshes)', () => {
    const registerer = makeRegisterer({ expires: 300, extraHeaders: ['X-Base: 1'] });
    registerer.register({ extraHeaders: ['X-Call: 2'] });
    expect(header(0, 'Contact')).toBe(`${CONTACT};expires=300`);
    expect(header(0, 'Expires')).toBe('300');
    expect(sender.created[0]!.toString()).toContain('Expires: 300\r\nX-Base: 1\r\nX-Call: 2\r\n');
    sender.accept();
    clock.advance(297_000);
    expect(sender.created[1]!.toString()).toContain('Expires: 300\r\nX-Base: 1\r\nX-Call: 2\r\n');
  });

  it('refuses bad extra headers with a TypeError before anything is sent, and an Expires of its own', () => {
    const registerer = makeRegisterer();
    expect(() => registerer.register({ extraHeaders: ['X-Evil: a\r\nContact: *'] })).toThrow(TypeError);
    expect(() => registerer.register({ extraHeaders: ['Expires: 5'] })).toThrow(/Expires is set by the Registerer/);
    expect(() => registerer.unregister({ extraHeaders: ['Bad Name: x'] })).toThrow(TypeError);
    expect(() => makeRegisterer({ extraHeaders: ['expires: 1'] })).toThrow(TypeError);
    expect(sender.created).toHaveLength(0);
  });

  it('builds the registration Contact per RFC 5626: reg-id only with +sip.instance', () => {
    expect(registrationContact({ uri: 'sip:u@h.invalid', instanceId: INSTANCE }).toString()).toBe(
      `<sip:u@h.invalid>;+sip.instance="<urn:uuid:${INSTANCE}>"`,
    );
    expect(registrationContact({ uri: 'sip:u@h.invalid' }).toString()).toBe('<sip:u@h.invalid>');
    expect(() => registrationContact({ uri: 'sip:u@h.invalid', regId: 1 })).toThrow(/reg-id goes with \+sip.instance/);
    expect(() => registrationContact({ uri: 'sip:u@h.invalid', instanceId: 'not-a-uuid' })).toThrow(TypeError);
  });
});

describe("Registerer: a Contact on the UA's own URI (RegistrationBinding)", () => {
  it('makes each REGISTER\'s Contact from the URI as it is then, and keeps no header of its own', () => {
    const uri = parseUri('sip:h7g4esbg@192.0.2.4:5060;transport=tcp');
    const binding = new RegistrationBinding(uri, { instanceId: INSTANCE, regId: 1 });
    expect(binding.uri).toBe(uri);
    expect(binding.header().toString()).toBe(registrationContact({ uri: 'sip:h7g4esbg@192.0.2.4:5060;transport=tcp', instanceId: INSTANCE, regId: 1 }));
    const registerer = makeRegisterer({ contact: binding });
    registerer.register();
    expect(header(0, 'Contact')).toBe(`<sip:h7g4esbg@192.0.2.4:5060;transport=tcp>;+sip.instance="<urn:uuid:${INSTANCE}>";reg-id=1;expires=600`);
    sender.answer(200, [['Contact', `<sip:h7g4esbg@192.0.2.4:5060;transport=tcp>;+sip.instance="<urn:uuid:${INSTANCE}>";reg-id=1;expires=600`]]);
    expect(registerer.registered).toBe(true);
    uri.port = 5072;
    registerer.register();
    expect(header(1, 'Contact')).toBe(`<sip:h7g4esbg@192.0.2.4:5072;transport=tcp>;+sip.instance="<urn:uuid:${INSTANCE}>";reg-id=1;expires=600`);
    // The 200 lists the binding at the new port: the registerer matches it against the URI as it is now.
    sender.answer(200, [['Contact', `<sip:h7g4esbg@192.0.2.4:5072;transport=tcp>;+sip.instance="<urn:uuid:${INSTANCE}>";reg-id=1;expires=60`]]);
    expect(registerer.registered).toBe(true);
    expect(clock.nextDue()).toBe(57_000);
    // A header taken from the binding is a copy: changing it leaves the UA's URI as it is.
    const taken = binding.header();
    taken.uri!.port = 9;
    expect(uri.port).toBe(5072);
  });

  it('adds `ob` with `outbound` on the copy, and refuses what registrationContact refuses', () => {
    const uri = parseUri('sip:h7g4esbg@k3j2l9q0.invalid;transport=ws');
    const outbound = new RegistrationBinding(uri, { instanceId: INSTANCE, regId: 1, outbound: true });
    expect(outbound.header().toString()).toBe(CONTACT);
    expect(uri.toString()).toBe('sip:h7g4esbg@k3j2l9q0.invalid;transport=ws');
    expect(() => new RegistrationBinding(uri, { instanceId: 'not-a-uuid' })).toThrow(TypeError);
    expect(() => new RegistrationBinding(uri, { regId: 1 })).toThrow(/regId needs instanceId/);
    expect(() => new RegistrationBinding(uri, { instanceId: INSTANCE, regId: 0 })).toThrow(RangeError);
  });
});

describe('Registerer: 2xx and refresh', () => {
  it('takes the expiry from our Contact before the Expires header, refreshes at expires − 3 s with the next CSeq', () => {
    const registerer = makeRegisterer();
    registerer.register();
    const ok = sender.answer(200, [
      ['Contact', '<sip:someone-else@192.0.2.9>;expires=30'],
      ['Contact', `${CONTACT};expires=120`],
      ['Expires', '3600'],
    ]);
    expect(events).toEqual([['registered', ok]]);
    expect(registerer.registered).toBe(true);
    expect(registerer.pending).toBe(false);
    // Refresh at 117 s, lapse at 120 s.
    expect(clock.nextDue()).toBe(117_000);
    clock.advance(116_999);
    expect(sender.created).toHaveLength(1);
    clock.advance(1);
    expect(sender.created).toHaveLength(2);
    expect(header(1, 'Call-ID')).toBe('reg-call@example.test');
    expect(header(1, 'CSeq')).toBe('2 REGISTER');
    expect(sender.created[1]!.from.tag).toBe('regtag');
    expect(header(1, 'Contact')).toBe(`${CONTACT};expires=600`);
  });

  it('uses the Expires header when our Contact has no expires, and the requested value when neither is there', () => {
    const registerer = makeRegisterer();
    registerer.register();
    sender.answer(200, [['Contact', CONTACT], ['Expires', '60']]);
    expect(clock.nextDue()).toBe(57_000);
    clock.advance(57_000);
    sender.answer(200, [['Contact', CONTACT]]);
    expect(clock.nextDue()).toBe(597_000);
    expect(registerer.registered).toBe(true);
  });

  it('refreshes a very short grant at half its lifetime rather than at once', () => {
    const registerer = makeRegisterer();
    registerer.register();
    sender.answer(200, [['Contact', `${CONTACT};expires=4`]]);
    expect(clock.nextDue()).toBe(2_000);
  });

  it('finds our binding by +sip.instance when the registrar rewrote the Contact URI', () => {
    const registerer = makeRegisterer();
    registerer.register();
    sender.answer(200, [['Contact', `<sip:h7g4esbg@198.51.100.7:41234;transport=ws>;expires=90;+sip.instance="<urn:uuid:${INSTANCE.toUpperCase()}>";reg-id=1`]]);
    expect(registerer.registered).toBe(true);
    expect(clock.nextDue()).toBe(87_000);
  });

  it('finds our binding by user part (legacy rule) when there is no instance ID and the host was rewritten', () => {
    const registerer = makeRegisterer({ contact: '<sip:h7g4esbg@k3j2l9q0.invalid;transport=ws>' });
    registerer.register();
    expect(header(0, 'Contact')).toBe('<sip:h7g4esbg@k3j2l9q0.invalid;transport=ws>;expires=600');
    sender.answer(200, [['Contact', '<sip:h7g4esbg@198.51.100.7:41234;transport=ws>;expires=45']]);
    expect(clock.nextDue()).toBe(42_000);
  });

  it('continues from the CSeq of the last response (a digest retry used CSeq + 1)', () => {
    makeRegisterer().register();
    sender.digestRetry();
    expect(sender.last.request.cseq.seq).toBe(2);
    sender.accept();
    clock.advance(597_000);
    expect(header(1, 'CSeq')).toBe('3 REGISTER');
  });

  it('a 2xx that no longer lists our binding, or grants 0, ends the registration', () => {
    const registerer = makeRegisterer();
    registerer.register();
    sender.accept();
    clock.advance(597_000);
    const dropped = sender.answer(200, [['Contact', '<sip:other@192.0.2.1>;expires=600']]);
    expect(eventNames()).toEqual(['registered', 'unregistered Expires']);
    expect(events[1]![1]).toBe(dropped);
    expect(registerer.registered).toBe(false);
    expect(clock.pending).toBe(0);

    events = [];
    registerer.register();
    sender.answer(200, [['Contact', `${CONTACT};expires=0`]]);
    expect(eventNames()).toEqual(['registrationFailed Expires']);
    expect(clock.pending).toBe(0);
  });

  it('marks the binding lapsed when the refresh is still unanswered at expiry', () => {
    const registerer = makeRegisterer();
    registerer.register();
    sender.answer(200, [['Contact', `${CONTACT};expires=60`]]);
    clock.advance(57_000);
    expect(sender.inFlight).toBe(1);
    clock.advance(3_000);
    expect(eventNames()).toEqual(['registered', 'unregistered Expires']);
    expect(registerer.registered).toBe(false);
    sender.accept();
    expect(eventNames()).toEqual(['registered', 'unregistered Expires', 'registered']);
    expect(registerer.registered).toBe(true);
  });
});

describe('Registerer: 423 Interval Too Brief (RFC 3261 §10.2.8)', () => {
  it('retries once with Min-Expires, and keeps asking for it on refreshes', () => {
    const registerer = makeRegisterer({ expires: 60 });
    registerer.register();
    sender.answer(423, [['Min-Expires', '3600']]);
    expect(events).toEqual([]);
    expect(sender.created).toHaveLength(2);
    expect(header(1, 'CSeq')).toBe('2 REGISTER');
    expect(header(1, 'Contact')).toBe(`${CONTACT};expires=3600`);
    expect(header(1, 'Expires')).toBe('3600');
    sender.accept();
    expect(eventNames()).toEqual(['registered']);
    expect(registerer.expires).toBe(3600);
    clock.advance(3_597_000);
    expect(header(2, 'Expires')).toBe('3600');
  });

  it('fails on a second 423 in a row, and on a 423 without Min-Expires', () => {
    const registerer = makeRegisterer({ expires: 60 });
    registerer.register();
    sender.answer(423, [['Min-Expires', '120']]);
    const second = sender.answer(423, [['Min-Expires', '240']]);
    expect(events).toEqual([['registrationFailed', second, 'SIP Failure Code']]);
    expect(sender.created).toHaveLength(2);

    events = [];
    registerer.register();
    const bare = sender.answer(423);
    expect(events).toEqual([['registrationFailed', bare, 'SIP Failure Code']]);
    expect(clock.pending).toBe(0);
  });
});

describe('Registerer: failures', () => {
  it.each([
    [401, 'Authentication Error'],
    [407, 'Authentication Error'],
    [403, 'Rejected'],
    [404, 'Not Found'],
    [480, 'Unavailable'],
    [302, 'Redirected'],
    [500, 'SIP Failure Code'],
  ])('a final %i → registrationFailed with %s', (status, cause) => {
    const registerer = makeRegisterer();
    registerer.register();
    const response = sender.answer(status);
    expect(events).toEqual([['registrationFailed', response, cause]]);
    expect(registerer.registered).toBe(false);
    expect(registerer.pending).toBe(false);
  });

  it.each([
    ['REQUEST_TIMEOUT', 'Request Timeout'],
    ['CONNECTION_ERROR', 'Connection Error'],
  ] as const)('no final response (%s) → registrationFailed with %s', (failure, cause) => {
    makeRegisterer().register();
    sender.fail(failure);
    expect(events).toEqual([['registrationFailed', undefined, cause]]);
  });

  it('a failed refresh → registrationFailed then unregistered, both with the response and cause', () => {
    const registerer = makeRegisterer();
    registerer.register();
    sender.accept();
    clock.advance(597_000);
    const forbidden = sender.answer(403);
    expect(events.slice(1)).toEqual([
      ['registrationFailed', forbidden, 'Rejected'],
      ['unregistered', forbidden, 'Rejected'],
    ]);
    expect(registerer.registered).toBe(false);
    expect(clock.pending).toBe(0);
  });

  it('a refresh that times out → registrationFailed and unregistered with Request Timeout', () => {
    makeRegisterer().register();
    sender.accept();
    clock.advance(597_000);
    sender.fail('REQUEST_TIMEOUT');
    expect(eventNames()).toEqual(['registered', 'registrationFailed Request Timeout', 'unregistered Request Timeout']);
  });
});

describe('Registerer: unregister (RFC 3261 §10.2.2)', () => {
  it('removes our binding with Contact;expires=0 and Expires: 0, and stops refreshing', () => {
    const registerer = makeRegisterer();
    registerer.register();
    sender.accept();
    expect(clock.pending).toBe(2);
    expect(registerer.unregister({ extraHeaders: ['X-Bye: 1'] })).toBe(true);
    expect(registerer.registered).toBe(false);
    expect(clock.pending).toBe(0);
    expect(header(1, 'CSeq')).toBe('2 REGISTER');
    expect(header(1, 'Call-ID')).toBe('reg-call@example.test');
    expect(header(1, 'Contact')).toBe(`${CONTACT};expires=0`);
    expect(sender.created[1]!.toString()).toContain('\r\nExpires: 0\r\nX-Bye: 1\r\n');
    const ok = sender.answer(200);
    expect(events.slice(1)).toEqual([['unregistered', ok, undefined]]);
    clock.advance(3_600_000);
    expect(sender.created).toHaveLength(2);
  });

  it('removes every binding with exactly Contact: * and Expires: 0, even when not registered', () => {
    const registerer = makeRegisterer();
    expect(registerer.unregister({ all: true })).toBe(true);
    const request = sender.created[0]!.toString();
    expect(request).toContain('\r\nContact: *\r\n');
    expect(request).toContain('\r\nExpires: 0\r\n');
    expect(sender.created[0]!.rawHeaders('Contact')).toEqual(['*']);
    const ok = sender.answer(200);
    expect(events).toEqual([['unregistered', ok, undefined]]);
  });

  it('ends an un-REGISTER without an answer with unregistered and its cause', () => {
    const registerer = makeRegisterer();
    registerer.register();
    sender.accept();
    registerer.unregister();
    sender.fail('REQUEST_TIMEOUT');
    expect(eventNames()).toEqual(['registered', 'unregistered Request Timeout']);
    registerer.unregister({ all: true });
    registerer.onTransportDisconnected();
    expect(eventNames()).toEqual(['registered', 'unregistered Request Timeout', 'unregistered Connection Error']);
    expect(sender.last.stopped).toBe(true);
  });

  it('sends nothing when not registered (legacy), and reports a rejected un-REGISTER with its cause', () => {
    const registerer = makeRegisterer();
    expect(registerer.unregister()).toBe(false);
    expect(sender.created).toHaveLength(0);
    registerer.register();
    sender.accept();
    registerer.unregister();
    const forbidden = sender.answer(403);
    expect(events.slice(1)).toEqual([['unregistered', forbidden, 'Rejected']]);
  });
});

describe('Registerer: one REGISTER in flight', () => {
  it('merges register() calls made while a REGISTER is pending into it', () => {
    const registerer = makeRegisterer();
    registerer.register();
    registerer.register();
    registerer.register({ extraHeaders: ['X-Later: 1'] });
    expect(sender.created).toHaveLength(1);
    sender.accept();
    expect(sender.created).toHaveLength(1);
    expect(eventNames()).toEqual(['registered']);
    clock.advance(597_000);
    expect(sender.created[1]!.rawHeader('X-Later')).toBe('1');
  });

  it('queues unregister() behind a pending REGISTER, then sends it', () => {
    const registerer = makeRegisterer();
    registerer.register();
    expect(registerer.unregister()).toBe(true);
    expect(sender.created).toHaveLength(1);
    sender.accept();
    expect(sender.created).toHaveLength(2);
    expect(header(1, 'Expires')).toBe('0');
    expect(header(1, 'CSeq')).toBe('2 REGISTER');
    expect(sender.inFlight).toBe(1);
    expect(clock.pending).toBe(0);
    sender.answer(200);
    expect(eventNames()).toEqual(['registered', 'unregistered']);
    expect(registerer.registered).toBe(false);
    expect(registerer.pending).toBe(false);
  });

  it('queues register() behind a pending un-REGISTER; a later register() replaces a queued unregister', () => {
    const registerer = makeRegisterer();
    registerer.register();
    sender.accept();
    registerer.unregister();
    registerer.register();
    expect(sender.created).toHaveLength(2);
    sender.answer(200);
    expect(sender.created).toHaveLength(3);
    expect(header(2, 'Expires')).toBe('600');
    expect(header(2, 'CSeq')).toBe('3 REGISTER');

    registerer.unregister();
    registerer.register();
    sender.accept();
    expect(sender.created).toHaveLength(3);
    expect(registerer.registered).toBe(true);
  });

  it('sends a queued unregister after a failed REGISTER too', () => {
    const registerer = makeRegisterer();
    registerer.register();
    registerer.unregister();
    sender.answer(503);
    expect(sender.created).toHaveLength(2);
    sender.answer(200);
    expect(eventNames()).toEqual(['registrationFailed SIP Failure Code', 'unregistered']);
  });

  it('an event listener may call register()/unregister() without a second REGISTER in flight', () => {
    const registerer = makeRegisterer();
    registerer.once('registrationFailed', () => registerer.register());
    registerer.register();
    sender.answer(500);
    expect(sender.created).toHaveLength(2);
    expect(sender.inFlight).toBe(1);
  });
});

describe('Registerer: transport', () => {
  it('on disconnect stops refreshing and emits unregistered with Connection Error; on reconnect registers again', () => {
    const registerer = makeRegisterer();
    registerer.register();
    sender.accept();
    registerer.onTransportDisconnected();
    expect(eventNames()).toEqual(['registered', 'unregistered Connection Error']);
    expect(registerer.registered).toBe(false);
    expect(clock.pending).toBe(0);
    clock.advance(3_600_000);
    expect(sender.created).toHaveLength(1);

    registerer.onTransportConnected();
    expect(sender.created).toHaveLength(2);
    expect(header(1, 'Call-ID')).toBe('reg-call@example.test');
    expect(header(1, 'CSeq')).toBe('2 REGISTER');
    sender.accept();
    expect(eventNames()).toEqual(['registered', 'unregistered Connection Error', 'registered']);
    expect(registerer.registered).toBe(true);
  });

  it('re-registers after a reconnect when registration was wanted but had failed', () => {
    const registerer = makeRegisterer();
    registerer.register();
    sender.fail('CONNECTION_ERROR');
    registerer.onTransportDisconnected();
    registerer.onTransportConnected();
    expect(sender.created).toHaveLength(2);
    expect(eventNames()).toEqual(['registrationFailed Connection Error']);
  });

  it('a REGISTER in flight at disconnect fails with Connection Error and is no longer reported', () => {
    const registerer = makeRegisterer();
    registerer.register();
    const first = sender.last;
    registerer.onTransportDisconnected();
    expect(first.stopped).toBe(true);
    expect(eventNames()).toEqual(['registrationFailed Connection Error']);
    sender.accept();
    expect(eventNames()).toEqual(['registrationFailed Connection Error']);
    expect(registerer.registered).toBe(false);
  });

  it('keeps register() while disconnected until the transport is back, and forgets it after unregister()', () => {
    const registerer = makeRegisterer({ connected: false });
    registerer.register();
    expect(sender.created).toHaveLength(0);
    registerer.onTransportConnected();
    expect(sender.created).toHaveLength(1);
    sender.accept();
    registerer.unregister();
    sender.answer(200);
    registerer.onTransportDisconnected();
    registerer.onTransportConnected();
    expect(sender.created).toHaveLength(2);
  });
});

describe('Registerer: close()', () => {
  it('clears every timer and reports nothing afterwards', () => {
    const registerer = makeRegisterer();
    registerer.register();
    sender.accept();
    expect(clock.pending).toBe(2);
    clock.advance(597_000);
    const refresh = sender.last;
    registerer.close();
    expect(clock.pending).toBe(0);
    expect(refresh.stopped).toBe(true);
    expect(registerer.registered).toBe(false);
    sender.accept();
    registerer.register();
    registerer.onTransportConnected();
    expect(registerer.unregister()).toBe(false);
    expect(sender.created).toHaveLength(2);
    expect(eventNames()).toEqual(['registered']);
    expect(clock.pending).toBe(0);
  });
});
