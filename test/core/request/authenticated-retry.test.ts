import { describe, expect, it } from 'vitest';
import type { DigestAuthorization } from '../../../src/core/auth/index.js';
import { createAuthenticatedRetry, destinationFor, OutOfDialogRequestFactory } from '../../../src/core/request/index.js';
import { AuthorizationHeader } from '../../../src/syntax/index.js';
import { fixedIds } from './fixed-ids.js';

const CREDENTIALS: DigestAuthorization[] = [
  {
    name: 'Authorization',
    value: AuthorizationHeader.parse('Digest username="alice", realm="example.com", nonce="n1", uri="sip:bob@example.com", response="0123456789abcdef0123456789abcdef"')[0]!,
  },
];

function factory(routeSet: string[]): OutOfDialogRequestFactory {
  return new OutOfDialogRequestFactory({ transport: { protocol: 'TCP', viaHost: '192.0.2.10', viaPort: 5060 }, contact: 'sip:alice@192.0.2.10;transport=tcp', routeSet, ids: fixedIds() });
}

describe('createAuthenticatedRetry (RFC 3261 §22.2)', () => {
  it('sends the retry where the challenged request went: a strict router, though a loose router comes first in Route', () => {
    const invite = factory(['sip:strict.example.com;transport=tcp', 'sip:p2.example.com;lr']).create({ method: 'INVITE', to: 'sip:bob@example.com', from: 'sip:alice@example.com' });
    const retry = createAuthenticatedRetry(invite, CREDENTIALS, 'z9hG4bKretry');
    expect(retry.headers('Route').map(String)).toEqual(['<sip:p2.example.com;lr>', '<sip:bob@example.com>']);
    expect(destinationFor(retry)).toEqual({ host: 'strict.example.com', port: 5060, protocol: 'TCP' });
    expect(retry.cseq.seq).toBe(invite.cseq.seq + 1);
    expect(retry.via.branch).toBe('z9hG4bKretry');
  });

  it('sends the retry to the first loose router, or to the Request-URI without routes', () => {
    const loose = factory(['sip:p1.example.com;lr;transport=tcp']).create({ method: 'MESSAGE', to: 'sip:bob@example.com', from: 'sip:alice@example.com' });
    expect(destinationFor(createAuthenticatedRetry(loose, CREDENTIALS, 'z9hG4bKr1'))).toEqual({ host: 'p1.example.com', port: 5060, protocol: 'TCP' });
    const direct = factory([]).create({ method: 'MESSAGE', to: 'sip:bob@example.com;transport=tcp', from: 'sip:alice@example.com' });
    expect(destinationFor(createAuthenticatedRetry(direct, CREDENTIALS, 'z9hG4bKr2'))).toEqual({ host: 'example.com', port: 5060, protocol: 'TCP' });
  });
});
