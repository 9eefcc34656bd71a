import { describe, expect, it } from 'vitest';
import { OutOfDialogRequestFactory, type OutOfDialogRequestOptions } from '../../../src/core/request/index.js';
import { URI } from '../../../src/syntax/index.js';

const factory = new OutOfDialogRequestFactory({ transport: { protocol: 'UDP', viaHost: '192.0.2.10', viaPort: 5060 } });
const base: OutOfDialogRequestOptions = { method: 'MESSAGE', to: 'sip:bob@example.com', from: 'sip:alice@example.com' };

function refused(options: Partial<OutOfDialogRequestOptions>, naming: RegExp): void {
  expect(() => factory.create({ ...base, ...options })).toThrow(TypeError);
  expect(() => factory.create({ ...base, ...options })).toThrow(naming);
}

describe('user input that would corrupt the wire is refused with a TypeError naming it', () => {
  it('through extraHeaders', () => {
    refused({ extraHeaders: ['X-Foo: bar\r\nVia: SIP/2.0/UDP evil.example.com'] }, /extraHeaders\[0\]/);
    refused({ extraHeaders: ['X-Ok: 1', 'X-Foo: bar\nInjected: yes'] }, /extraHeaders\[1\]/);
    refused({ extraHeaders: ['X Foo: bar'] }, /extraHeaders\[0\] header name must be a token/);
    refused({ extraHeaders: ['X-Foo bar'] }, /"Name: value"/);
    refused({ extraHeaders: ['X-Nul: a\0b'] }, /extraHeaders\[0\]/);
  });

  it('through extraHeaders naming a header the core sets, in either form', () => {
    refused({ extraHeaders: ['Call-ID: hijack'] }, /Call-ID is set by the UA core/);
    refused({ extraHeaders: ['i: hijack'] }, /extraHeaders\[0\]: i is set by the UA core/);
    refused({ extraHeaders: ['content-length: 0'] }, /set by the UA core/);
  });

  it('through display names', () => {
    refused({ from: { uri: 'sip:alice@example.com', displayName: 'Alice\r\nX-Evil: 1' } }, /from display name/);
    refused({ to: '"Bob\r\nX-Evil: 1" <sip:bob@example.com>' }, /^to must not contain CR/);
  });

  it('through URIs, as text or as URI objects', () => {
    refused({ requestUri: 'sip:bob@example.com\r\nX-Evil: 1' }, /requestUri/);
    refused({ to: 'sip:bob@example.com\nX-Evil: 1' }, /^to /);
    const evil = new URI({ scheme: 'sip', user: 'bob', host: 'example.com\r\nX-Evil: 1' });
    refused({ requestUri: evil }, /requestUri/);
    refused({ to: evil }, /to URI/);
    const spaced = new URI({ scheme: 'sip', user: 'bob smith', host: 'example.com' });
    refused({ from: { uri: spaced } }, /from URI is not a valid URI/);
    refused({ requestUri: 'not a uri' }, /requestUri is not a valid URI/);
  });

  it('through Contact, Content-Type, tags and Call-IDs', () => {
    refused({ contact: '<sip:a@192.0.2.10>\r\nX-Evil: 1' }, /contact/);
    refused({ contact: { uri: 'sip:a@192.0.2.10', params: { 'bad name': '1' } } }, /contact parameter name/);
    refused({ body: 'x', contentType: 'text/plain\r\nX-Evil: 1' }, /contentType/);
    refused({ fromTag: 'a;b' }, /fromTag/);
    refused({ callId: 'a b' }, /callId/);
    expect(() => new OutOfDialogRequestFactory({ transport: { protocol: 'UDP', viaHost: 'h', viaPort: undefined }, routeSet: ['sip:p\r\n'] })).toThrow(
      /routeSet\[0\]/,
    );
  });

  it('through the configured User-Agent, Supported and Allow', () => {
    const transport = { protocol: 'UDP', viaHost: '192.0.2.10', viaPort: 5060 } as const;
    expect(() => new OutOfDialogRequestFactory({ transport, userAgent: 'x\r\nX-Evil: 1' }).create(base)).toThrow(/userAgent/);
    expect(() => new OutOfDialogRequestFactory({ transport, supported: ['outbound, evil'] }).create(base)).toThrow(/supported\[0\]/);
    expect(() => new OutOfDialogRequestFactory({ transport, allow: ['INVITE\r\n'] }).create(base)).toThrow(/allow\[0\]/);
  });
});
