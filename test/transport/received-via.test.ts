import { describe, expect, it } from 'vitest';
import { parseMessage, type SipRequest, type SipResponse } from '../../src/syntax/index.js';
import { stampTopVia } from '../../src/transport/received-via.js';
import type { Peer } from '../../src/transport/index.js';

const FROM: Peer = { protocol: 'UDP', host: '127.0.0.1', port: 5071 };

function request(via: string, second = ', SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKproxy', line?: string, method = 'OPTIONS'): SipRequest {
  const text = [
    `${method} sip:ua@127.0.0.1 SIP/2.0`,
    `Via: ${via}${second}`,
    ...(line === undefined ? [] : [`Via: ${line}`]),
    'From: <sip:a@127.0.0.1>;tag=1',
    'To: <sip:ua@127.0.0.1>',
    'Call-ID: c1',
    `CSeq: 1 ${method}`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  return parseMessage(text) as SipRequest;
}

describe('stampTopVia (RFC 3261 §18.2.1, RFC 3581 §4)', () => {
  it('leaves a Via whose sent-by is the source address and that asks no rport as it came, byte for byte', () => {
    const req = request('SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKa');
    const before = req.toString();
    stampTopVia(req, FROM);
    expect(req.toString()).toBe(before);
    expect(req.rawHeader('Via')).toBe('SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKa, SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKproxy');
  });

  it('adds received when the sent-by is not the source address', () => {
    const req = request('SIP/2.0/UDP client.example.com:5070;branch=z9hG4bKa');
    stampTopVia(req, FROM);
    expect(req.rawHeaders('Via')).toEqual(['SIP/2.0/UDP client.example.com:5070;branch=z9hG4bKa;received=127.0.0.1, SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKproxy']);
  });

  it('fills an empty rport with the source port and adds received even for the same address', () => {
    const req = request('SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKa;rport');
    stampTopVia(req, FROM);
    expect(req.rawHeader('Via')).toBe('SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKa;rport=5071;received=127.0.0.1, SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKproxy');
  });

  it('stamps over TCP as over UDP', () => {
    const req = request('SIP/2.0/TCP 127.0.0.1:5070;rport;branch=z9hG4bKa', '');
    stampTopVia(req, { protocol: 'TCP', host: '127.0.0.1', port: 40001, connectionId: 'tcp-1' });
    expect(req.rawHeader('Via')).toBe('SIP/2.0/TCP 127.0.0.1:5070;rport=40001;branch=z9hG4bKa;received=127.0.0.1');
  });

  it('leaves the Vias as they came when one below the top does not parse (they are only copied back)', () => {
    const req = request('SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKa;rport', '', 'SIP/2.0/UDP @@@;;');
    stampTopVia(req, FROM);
    expect(req.rawHeaders('Via')).toEqual(['SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKa;rport', 'SIP/2.0/UDP @@@;;']);
  });

  it('leaves a request whose top Via does not parse as it came, without throwing (the core answers it 400)', () => {
    const req = request('SIP/2.0/UDP @@@;;', '');
    expect(() => stampTopVia(req, FROM)).not.toThrow();
    expect(req.rawHeader('Via')).toBe('SIP/2.0/UDP @@@;;');
  });

  it('leaves an ACK as it came: nothing ever answers it (RFC 3261 §17.1.1.3)', () => {
    const ack = request('SIP/2.0/UDP client.example.com:5070;branch=z9hG4bKa;rport', '', undefined, 'ACK');
    stampTopVia(ack, FROM);
    expect(ack.rawHeader('Via')).toBe('SIP/2.0/UDP client.example.com:5070;branch=z9hG4bKa;rport');
  });

  it('leaves a response as it came', () => {
    const text = 'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP client.example.com;branch=z9hG4bKa;rport\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:b@x>;tag=2\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n';
    const response = parseMessage(text) as SipResponse;
    stampTopVia(response, FROM);
    expect(response.toString()).toBe(text);
  });

  it('stamps nothing for a peer known by name (a WebSocket server), where no address was seen', () => {
    const req = request('SIP/2.0/WSS edge.example.com;branch=z9hG4bKa;rport', '');
    stampTopVia(req, { protocol: 'WSS', host: 'edge.example.com', port: 443, connectionId: '1' });
    expect(req.rawHeader('Via')).toBe('SIP/2.0/WSS edge.example.com;branch=z9hG4bKa;rport');
  });
});
