import { describe, expect, it } from 'vitest';
import { ClientContext, MessageClientContext } from '../../../src/api/contexts/index.js';
import { ALICE, answer, CHALLENGE, settle, wire } from '../support/context-wire.js';

/** Every event of a context, with its arguments, in order. */
function events(context: ClientContext): string[] {
  const seen: string[] = [];
  context.on('progress', (r, phrase) => seen.push(`progress ${r.status} ${phrase}`));
  context.on('accepted', (r, phrase) => seen.push(`accepted ${r.status} ${phrase}`));
  context.on('rejected', (r, cause) => seen.push(`rejected ${r.status} ${cause}`));
  context.on('failed', (r, cause) => seen.push(`failed ${r?.status ?? 'none'} ${cause}`));
  context.on('cancel', () => seen.push('cancel'));
  return seen;
}

describe('ClientContext (ua.request)', () => {
  it('sends exactly the request asked for, with its body and extra headers', () => {
    const { sender, transport } = wire();
    const context = new ClientContext({ sender }, 'INFO', 'sip:bob@example.com', {
      body: '{"a":1}',
      contentType: 'application/json',
      extraHeaders: ['X-Trace: 42', 'Priority: urgent'],
    });
    expect(transport.sent).toHaveLength(0);
    context.send();
    expect(transport.last.text).toBe(
      'INFO sip:bob@example.com SIP/2.0\r\n' +
        'Via: SIP/2.0/WS ua1.invalid;branch=z9hG4bK-3\r\n' +
        'Max-Forwards: 70\r\n' +
        'To: <sip:bob@example.com>\r\n' +
        'From: "Alice" <sip:alice@example.com>;tag=tag-1\r\n' +
        'Call-ID: call-2\r\n' +
        'CSeq: 1 INFO\r\n' +
        'User-Agent: sipforge-test\r\n' +
        'X-Trace: 42\r\n' +
        'Priority: urgent\r\n' +
        'Content-Type: application/json\r\n' +
        'Content-Length: 7\r\n\r\n' +
        '{"a":1}',
    );
    expect(context.request.toString()).toBe(transport.last.text);
    context.send();
    expect(transport.requests).toHaveLength(1);
  });

  it('takes a legacy Content-Type extra header as the body type', () => {
    const { sender, transport } = wire();
    new ClientContext({ sender }, 'INFO', 'sip:bob@example.com', { body: 'x', extraHeaders: ['Content-Type: application/x-test', 'X-A: 1'] }).send();
    const sent = transport.requests[0]!;
    expect(sent.rawHeaders('Content-Type')).toEqual(['application/x-test']);
    expect(sent.rawHeader('X-A')).toBe('1');
  });

  it('emits progress then accepted', () => {
    const { sender, transport } = wire();
    const context = new ClientContext({ sender }, 'OPTIONS', 'sip:bob@example.com');
    const seen = events(context);
    context.send();
    transport.deliver(answer(context.request, 100, { reason: 'Trying' }));
    transport.deliver(answer(context.request, 200, { reason: 'OK', toTag: 'b' }));
    expect(seen).toEqual(['progress 100 Trying', 'accepted 200 OK']);
  });

  it('emits rejected then failed with the cause of the status', () => {
    const { sender, transport } = wire();
    const context = new ClientContext({ sender }, 'OPTIONS', 'sip:bob@example.com').send();
    const seen = events(context);
    transport.deliver(answer(context.request, 486, { reason: 'Busy Here', toTag: 'b' }));
    expect(seen).toEqual(['rejected 486 Busy', 'failed 486 Busy']);
  });

  it('retries a 401 with credentials and CSeq+1, then reports the answer to the retry', () => {
    const { sender, transport } = wire({ credentials: ALICE });
    const context = new ClientContext({ sender }, 'OPTIONS', 'sip:bob@example.com').send();
    const seen = events(context);
    const first = context.request;
    transport.deliver(answer(first, 401, { headers: [CHALLENGE] }));
    expect(context.request).not.toBe(first);
    expect(context.request.rawHeader('CSeq')).toBe('2 OPTIONS');
    expect(context.request.rawHeader('Authorization')).toMatch(/^Digest username="alice", realm="example.com"/);
    transport.deliver(answer(context.request, 200, { reason: 'OK' }));
    expect(seen).toEqual(['accepted 200 OK']);
  });

  it('fails with AUTHENTICATION_ERROR when the retry is challenged again', () => {
    const { sender, transport } = wire({ credentials: ALICE });
    const context = new ClientContext({ sender }, 'OPTIONS', 'sip:bob@example.com').send();
    const seen = events(context);
    transport.deliver(answer(context.request, 401, { headers: [CHALLENGE] }));
    transport.deliver(answer(context.request, 401, { headers: [CHALLENGE] }));
    expect(transport.requests).toHaveLength(2);
    expect(seen).toEqual(['rejected 401 Authentication Error', 'failed 401 Authentication Error']);
  });

  it('fails with REQUEST_TIMEOUT after 32 s without an answer', () => {
    const { sender, clock } = wire();
    const context = new ClientContext({ sender }, 'OPTIONS', 'sip:bob@example.com').send();
    const seen = events(context);
    clock.advance(31_999);
    expect(seen).toEqual([]);
    clock.advance(1);
    expect(seen).toEqual(['failed none Request Timeout']);
  });

  it('fails with CONNECTION_ERROR when the transport cannot send', async () => {
    const { sender, transport } = wire();
    transport.failing = true;
    const context = new ClientContext({ sender }, 'OPTIONS', 'sip:bob@example.com').send();
    const seen = events(context);
    await settle();
    expect(seen).toEqual(['failed none Connection Error']);
  });

  it('cancel() emits cancel and silences the outcome; no CANCEL for a non-INVITE (RFC 3261 §9.1)', () => {
    const { sender, transport } = wire();
    const context = new ClientContext({ sender }, 'OPTIONS', 'sip:bob@example.com').send();
    const seen = events(context);
    context.cancel();
    transport.deliver(answer(context.request, 200));
    context.cancel();
    expect(seen).toEqual(['cancel']);
    expect(transport.requests.map((r) => r.method)).toEqual(['OPTIONS']);
  });

  it.each([
    [['X-A: 1\r\nX-Injected: 2'], /extraHeaders\[0\] must not contain CR, LF or NUL/],
    [['X-A: 1', 'Bad Name: 2'], /extraHeaders\[1\] header name must be a token/],
    [['no colon here'], /extraHeaders\[0\] must have the form "Name: value"/],
    [['Via: SIP/2.0/WS evil.invalid'], /extraHeaders\[0\]: Via is set by the UA core/],
    [[42 as unknown as string], /extraHeaders\[0\] must be a string/],
    ['X-A: 1' as unknown as string[], /extraHeaders must be an array/],
  ])('refuses extraHeaders %j with a TypeError before anything is sent', (extraHeaders, message) => {
    const { sender, transport } = wire();
    expect(() => new ClientContext({ sender }, 'OPTIONS', 'sip:bob@example.com', { extraHeaders })).toThrow(TypeError);
    expect(() => new ClientContext({ sender }, 'OPTIONS', 'sip:bob@example.com', { extraHeaders })).toThrow(message);
    expect(transport.sent).toHaveLength(0);
  });

  it('refuses a bad target, method, content type or an INVITE with a TypeError naming it', () => {
    const { sender, transport } = wire();
    const make = (method: string, target: string, options = {}) => () => new ClientContext({ sender }, method, target, options);
    expect(make('OPTIONS', 'sip:bob@example.com\r\nX: y')).toThrow(/^target must not contain CR, LF or NUL/);
    expect(make('OPTIONS', 'not a uri')).toThrow(/^target is not a valid URI/);
    expect(make('OPT IONS', 'sip:bob@example.com')).toThrow(/^method must be a token/);
    expect(make('INFO', 'sip:bob@example.com', { body: 'x', contentType: 'text/plain\r\nX: y' })).toThrow(/^contentType must not contain/);
    expect(make('INFO', 'sip:bob@example.com', { body: 'x', contentType: 'plain' })).toThrow(/^contentType is not a media type/);
    expect(make('INFO', 'sip:bob@example.com', { body: 'x' })).toThrow(/needs a contentType/);
    expect(make('INVITE', 'sip:bob@example.com')).toThrow(/ua\.invite\(\)/);
    expect(make('CANCEL', 'sip:bob@example.com')).toThrow(TypeError);
    expect(transport.sent).toHaveLength(0);
  });
});

describe('MessageClientContext (ua.message)', () => {
  it('sends a MESSAGE with a text/plain body by default', () => {
    const { sender, transport } = wire();
    const context = new MessageClientContext({ sender }, 'sip:bob@example.com', 'Hello, Bob!').send();
    expect(context.body).toBe('Hello, Bob!');
    expect(context.contentType).toBe('text/plain');
    expect(transport.last.text).toBe(
      'MESSAGE sip:bob@example.com SIP/2.0\r\n' +
        'Via: SIP/2.0/WS ua1.invalid;branch=z9hG4bK-3\r\n' +
        'Max-Forwards: 70\r\n' +
        'To: <sip:bob@example.com>\r\n' +
        'From: "Alice" <sip:alice@example.com>;tag=tag-1\r\n' +
        'Call-ID: call-2\r\n' +
        'CSeq: 1 MESSAGE\r\n' +
        'User-Agent: sipforge-test\r\n' +
        'Content-Type: text/plain\r\n' +
        'Content-Length: 11\r\n\r\n' +
        'Hello, Bob!',
    );
  });

  it('sends the content type given, as an option or a legacy extra header', () => {
    const { sender, transport } = wire();
    new MessageClientContext({ sender }, 'sip:bob@example.com', '<b>hi</b>', { contentType: 'text/html' }).send();
    new MessageClientContext({ sender }, 'sip:bob@example.com', 'hi', { extraHeaders: ['Content-Type: text/x-legacy'] }).send();
    expect(transport.requests.map((r) => r.rawHeader('Content-Type'))).toEqual(['text/html', 'text/x-legacy']);
  });

  it('reports the outcome like any client context', () => {
    const { sender, transport } = wire();
    const context = new MessageClientContext({ sender }, 'sip:bob@example.com', 'hi').send();
    const seen = events(context);
    transport.deliver(answer(context.request, 404, { reason: 'Not Found' }));
    expect(seen).toEqual(['rejected 404 Not Found', 'failed 404 Not Found']);
  });

  it('refuses a body that is not a string and a bad content type before sending', () => {
    const { sender, transport } = wire();
    expect(() => new MessageClientContext({ sender }, 'sip:bob@example.com', undefined as unknown as string)).toThrow(/^body must be a string/);
    expect(() => new MessageClientContext({ sender }, 'sip:bob@example.com', 'x', { contentType: 'text/plain\nX-Evil: 1' })).toThrow(/^contentType must not contain/);
    expect(transport.sent).toHaveLength(0);
  });
});
