import { describe, expect, it } from 'vitest';
import { connectFailureText } from '../../src/transport/connect-failure.js';
import { hidePasswords } from '../../src/transport/hide-passwords.js';
import type { WebSocketLike } from '../../src/transport/websocket-like.js';
import { WebSocketTransport } from '../../src/transport/websocket-transport.js';

/** A Node socket error as `net`, `tls` and `dns` make them: a message and a code. */
function socketError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('connectFailureText', () => {
  it.each([
    [socketError('connect ECONNREFUSED 127.0.0.1:5060', 'ECONNREFUSED'), 'connection refused (connect ECONNREFUSED 127.0.0.1:5060)'],
    [socketError('getaddrinfo ENOTFOUND edge.invalid', 'ENOTFOUND'), 'host name not found (getaddrinfo ENOTFOUND edge.invalid)'],
    [socketError('getaddrinfo EAI_AGAIN edge.example.com', 'EAI_AGAIN'), 'host name lookup failed (temporary DNS failure) (getaddrinfo EAI_AGAIN edge.example.com)'],
    [socketError('connect ETIMEDOUT 192.0.2.1:443', 'ETIMEDOUT'), 'connection timed out (connect ETIMEDOUT 192.0.2.1:443)'],
    [
      socketError('write EPROTO 80:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../ssl/record/ssl3_record.c:350:\n', 'EPROTO'),
      'TLS handshake failed: the server does not speak TLS on this port (EPROTO: wrong version number)',
    ],
    [socketError('self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT'), "the server's TLS certificate was not accepted (self-signed certificate)"],
    [new Error('Unexpected server response: 401'), 'the server refused the WebSocket handshake with HTTP 401'],
    [new Error('something else'), 'something else'],
    ['a string', 'a string'],
  ])('%s → %s', (error, text) => {
    expect(connectFailureText(error)).toBe(text);
  });
});

describe('hidePasswords', () => {
  it.each([
    ['cannot connect to wss://alice:s3cret@edge.example.com/sip', 'cannot connect to wss://alice:NOT SHOWN@edge.example.com/sip'],
    ['(ws://alice:p@ss@127.0.0.1:8080)', '(ws://alice:NOT SHOWN@127.0.0.1:8080)'],
    ['["ws://a:one@h1","wss://b:two@h2/x"]', '["ws://a:NOT SHOWN@h1","wss://b:NOT SHOWN@h2/x"]'],
    ['From: <sip:alice:s3cret@example.com>;tag=1', 'From: <sip:alice:NOT SHOWN@example.com>;tag=1'],
    ['"sips:bob:pw@exa mple.com"', '"sips:bob:NOT SHOWN@exa mple.com"'],
    ['ws://alice@edge.example.com sip:bob@example.com:5060;transport=ws', 'ws://alice@edge.example.com sip:bob@example.com:5060;transport=ws'],
    ['connect ECONNREFUSED 127.0.0.1:5060', 'connect ECONNREFUSED 127.0.0.1:5060'],
  ])('%s', (text, shown) => {
    expect(hidePasswords(text)).toBe(shown);
  });
});

describe('WebSocketTransport in a browser, whose error event says nothing', () => {
  it('says the connection closed before opening and that the platform gave no reason', async () => {
    const socket: WebSocketLike = {
      protocol: '',
      binaryType: 'blob',
      onopen: null,
      onmessage: null,
      onclose: null,
      onerror: null,
      send: () => undefined,
      close: () => undefined,
    };
    const transport = new WebSocketTransport({ url: 'wss://alice:s3cret@edge.example.com/ws', webSocketFactory: () => socket });
    const connecting = transport.connect();
    socket.onerror?.({ type: 'error' });
    socket.onclose?.({ code: 1006, reason: '' });
    await expect(connecting).rejects.toThrow(
      'WebSocket connection failed: closed with code 1006 before opening; the platform gives no reason (refused, unknown host, TLS or HTTP failure) (wss://alice:NOT SHOWN@edge.example.com/ws)',
    );
  });
});
