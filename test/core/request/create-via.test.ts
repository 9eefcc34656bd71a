import { describe, expect, it } from 'vitest';
import { createVia } from '../../../src/core/request/create-via.js';

describe('createVia', () => {
  it('writes the sent-by host and port, the branch and an empty rport', () => {
    expect(String(createVia({ protocol: 'UDP', viaHost: '127.0.0.1', viaPort: 5070 }, 'z9hG4bKabc', true))).toBe('SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKabc;rport');
  });

  it('brackets an IPv6 sent-by (RFC 3261 §25.1 IPv6reference), once', () => {
    expect(String(createVia({ protocol: 'UDP', viaHost: '::1', viaPort: 5060 }, 'z9hG4bKabc', false))).toBe('SIP/2.0/UDP [::1]:5060;branch=z9hG4bKabc');
    expect(String(createVia({ protocol: 'TCP', viaHost: '[2001:db8::7]', viaPort: undefined }, 'z9hG4bKabc', false))).toBe('SIP/2.0/TCP [2001:db8::7];branch=z9hG4bKabc');
  });
});
