import { describe, expect, it } from 'vitest';
import { stampTopVia } from '../../src/core/received-via.js';
import { parseMessage, type SipRequest } from '../../src/syntax/index.js';
import type { Peer } from '../../src/transport/index.js';

const FROM: Peer = { protocol: 'UDP', host: '127.0.0.1', port: 40000 };

function request(via: string, second = 'SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKproxy'): SipRequest {
  const text = [
    'OPTIONS sip:ua@127.0.0.1 SIP/2.0',
    `Via: ${via}, ${second}`,
    'From: <sip:a@127.0.0.1>;tag=1',
    'To: <sip:ua@127.0.0.1>',
    'Call-ID: c1',
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  return parseMessage(text) as SipRequest;
}

describe('stampTopVia (RFC 3261 §18.2.1, RFC 3581 §4)', () => {
  it('leaves a Via whose sent-by is the source address and that asks no rport as it came', () => {
    const req = request('SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKa');
    stampTopVia(req, FROM);
    expect(req.rawHeader('Via')).toBe('SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKa, SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKproxy');
  });

  it('adds received when the sent-by is not the source address', () => {
    const req = request('SIP/2.0/UDP client.example.com:5070;branch=z9hG4bKa');
    stampTopVia(req, FROM);
    expect(req.headers('Via').map(String)).toEqual([
      'SIP/2.0/UDP client.example.com:5070;branch=z9hG4bKa;received=127.0.0.1',
      'SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKproxy',
    ]);
  });

  it('fills an empty rport with the source port and adds received even for the same address', () => {
    const req = request('SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKa;rport');
    stampTopVia(req, FROM);
    expect(String(req.via)).toBe('SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKa;rport=40000;received=127.0.0.1');
  });

  it('stamps nothing for a peer known by name (a WebSocket server), where no address was seen', () => {
    const req = request('SIP/2.0/WSS edge.example.com;branch=z9hG4bKa;rport');
    stampTopVia(req, { protocol: 'WSS', host: 'edge.example.com', port: 443, connectionId: '1' });
    expect(String(req.via)).toBe('SIP/2.0/WSS edge.example.com;branch=z9hG4bKa;rport');
  });
});
