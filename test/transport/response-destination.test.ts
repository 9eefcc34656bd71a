import { describe, expect, it } from 'vitest';
import { parseMessage, type SipRequest } from '../../src/syntax/index.js';
import { responseDestination } from '../../src/transport/response-destination.js';
import type { Peer } from '../../src/transport/transport.js';

const UDP_SOURCE: Peer = { protocol: 'UDP', host: '127.0.0.1', port: 5071 };

function request(via: string): SipRequest {
  return parseMessage(
    `OPTIONS sip:ua@127.0.0.1 SIP/2.0\r\nVia: ${via}\r\nFrom: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:ua@127.0.0.1>\r\nCall-ID: d1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`,
  ) as SipRequest;
}

describe('responseDestination (RFC 3261 §18.2.2, RFC 3581 §4)', () => {
  it('UDP with rport: the source address and port, filled in or not, as the source Peer itself', () => {
    expect(responseDestination(request('SIP/2.0/UDP client.example.com:5070;branch=z9hG4bKa;rport'), UDP_SOURCE)).toBe(UDP_SOURCE);
    expect(responseDestination(request('SIP/2.0/UDP client.example.com:5070;branch=z9hG4bKa;rport=5071;received=127.0.0.1'), UDP_SOURCE)).toBe(UDP_SOURCE);
    // Without rport, a Via port that is the source port is the source too.
    expect(responseDestination(request('SIP/2.0/UDP client.example.com:5071;branch=z9hG4bKa'), UDP_SOURCE)).toBe(UDP_SOURCE);
  });

  it('UDP without rport: the source address and the Via port, 5060 when it names none', () => {
    expect(responseDestination(request('SIP/2.0/UDP client.example.com:5070;branch=z9hG4bKa'), UDP_SOURCE)).toEqual({ protocol: 'UDP', host: '127.0.0.1', port: 5070 });
    expect(responseDestination(request('SIP/2.0/UDP client.example.com;branch=z9hG4bKa'), UDP_SOURCE)).toEqual({ protocol: 'UDP', host: '127.0.0.1', port: 5060 });
  });

  it('UDP with maddr: the maddr and the Via port', () => {
    expect(responseDestination(request('SIP/2.0/UDP client.example.com:5070;maddr=239.1.1.1;branch=z9hG4bKa;rport'), UDP_SOURCE)).toEqual({ protocol: 'UDP', host: '239.1.1.1', port: 5070 });
  });

  it('over a connection: back on it, whatever the Via says', () => {
    const tcp: Peer = { protocol: 'TCP', host: '127.0.0.1', port: 40001, connectionId: 'tcp-1' };
    expect(responseDestination(request('SIP/2.0/TCP client.example.com:5070;branch=z9hG4bKa'), tcp)).toBe(tcp);
  });
});
