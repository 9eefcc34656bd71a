import { describe, expect, it } from 'vitest';
import { MessageServerContext } from '../../../src/api/contexts/index.js';
import type { IncomingRequest } from '../../../src/core/index.js';
import { wire } from '../support/context-wire.js';
import { incoming } from '../support/incoming-request.js';

/** A core that hands each MESSAGE to `app` through a MessageServerContext, then answers 200 if the app did not. */
function messaging(app: (context: MessageServerContext) => void) {
  const w = wire();
  const contexts: MessageServerContext[] = [];
  w.core.handle('MESSAGE', (request: IncomingRequest) => {
    const context = new MessageServerContext(w.core, request);
    contexts.push(context);
    app(context);
    context.autoAnswer();
  });
  return { ...w, contexts };
}

describe('MessageServerContext', () => {
  it('carries the body, content type and request', () => {
    const { transport, contexts } = messaging(() => undefined);
    transport.deliver(incoming('MESSAGE', { body: 'Hi Alice', contentType: 'text/plain;charset=utf-8' }));
    const [context] = contexts;
    expect([context!.body, context!.contentType, context!.content_type, context!.request.method]).toEqual([
      'Hi Alice', 'text/plain;charset=utf-8', 'text/plain;charset=utf-8', 'MESSAGE',
    ]);
  });

  it('defaults the content type to text/plain', () => {
    const { transport, contexts } = messaging(() => undefined);
    transport.deliver(incoming('MESSAGE', { body: '' }));
    expect(contexts[0]!.contentType).toBe('text/plain');
  });

  it('answers 200 when the application does nothing (legacy)', () => {
    const { transport } = messaging(() => undefined);
    transport.deliver(incoming('MESSAGE', { body: 'x', contentType: 'text/plain' }));
    expect(transport.sent).toHaveLength(1);
    expect(transport.last.text).toMatch(
      /^SIP\/2\.0 200 OK\r\nVia: SIP\/2\.0\/WSS edge\.example\.com;branch=z9hG4bKsrv1\r\nFrom: "Bob" <sip:bob@example\.com>;tag=bob1\r\nTo: <sip:alice@example\.com>;tag=[0-9a-f]{24}\r\nCall-ID: srv-call-1\r\nCSeq: 5 MESSAGE\r\nContent-Length: 0\r\n\r\n$/,
    );
  });

  it('accept() sends the 2xx asked for, with headers and body, and emits accepted', () => {
    const seen: string[] = [];
    const { transport } = messaging((context) => {
      context.on('accepted', (r) => seen.push(`accepted ${r.status}`));
      context.accept({ statusCode: 202, extraHeaders: ['X-Receipt: 1'], body: 'ok' });
    });
    transport.deliver(incoming('MESSAGE', { body: 'x', contentType: 'text/plain' }));
    expect(transport.statuses).toEqual([202]);
    const lines = transport.last.text.split('\r\n');
    expect(lines[0]).toBe('SIP/2.0 202 Accepted');
    expect(lines.slice(6)).toEqual(['X-Receipt: 1', 'Content-Type: text/plain', 'Content-Length: 2', '', 'ok']);
    expect(seen).toEqual(['accepted 202']);
  });

  it('reject() sends 480 by default, or the status asked for, and emits rejected then failed', () => {
    const seen: string[] = [];
    const { transport } = messaging((context) => {
      context.on('rejected', (r, cause) => seen.push(`rejected ${r.status} ${cause}`));
      context.on('failed', (r, cause) => seen.push(`failed ${r?.status} ${cause}`));
      if (context.body === 'first') context.reject();
      else context.reject({ statusCode: 486, reasonPhrase: 'Not Now' });
    });
    transport.deliver(incoming('MESSAGE', { body: 'first', contentType: 'text/plain' }));
    transport.deliver(incoming('MESSAGE', { body: 'second', contentType: 'text/plain', branch: 'z9hG4bKsrv2', callId: 'srv-call-2' }));
    expect(transport.sent.map((s) => s.text.split('\r\n')[0])).toEqual(['SIP/2.0 480 Temporarily Unavailable', 'SIP/2.0 486 Not Now']);
    expect(seen).toEqual(['rejected 480 Unavailable', 'failed 480 Unavailable', 'rejected 486 Busy', 'failed 486 Busy']);
  });

  it('refuses bad answers with a TypeError before anything is sent, then auto-answers', () => {
    const errors: string[] = [];
    const attempt = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        errors.push(`${(error as Error).name}: ${(error as Error).message}`);
      }
    };
    const { transport } = messaging((context) => {
      attempt(() => context.reject({ extraHeaders: ['X-A: 1\r\nX-B: 2'] }));
      attempt(() => context.reject({ statusCode: 200 }));
      attempt(() => context.accept({ reasonPhrase: 'OK\r\nX: y' }));
      attempt(() => context.accept({ body: 'x', contentType: 'nonsense' }));
      expect(transport.sent).toHaveLength(0);
    });
    transport.deliver(incoming('MESSAGE', { body: 'x', contentType: 'text/plain' }));
    expect(errors).toEqual([
      'TypeError: extraHeaders[0] must not contain CR, LF or NUL: "X-A: 1\\r\\nX-B: 2"',
      'TypeError: statusCode must be an integer from 300 to 699: 200',
      'TypeError: reasonPhrase must not contain CR, LF or NUL: "OK\\r\\nX: y"',
      expect.stringMatching(/^TypeError: contentType is not a media type: "nonsense"/),
    ]);
    expect(transport.statuses).toEqual([200]);
  });

  it('answers once only', () => {
    const { transport, contexts } = messaging((context) => context.reject());
    transport.deliver(incoming('MESSAGE', { body: 'x', contentType: 'text/plain' }));
    expect(contexts[0]!.answered).toBe(true);
    expect(() => contexts[0]!.accept()).toThrow(/already answered 480/);
    expect(transport.statuses).toEqual([480]);
  });
});
