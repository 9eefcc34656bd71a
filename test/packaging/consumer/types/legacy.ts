// moduleResolution node10 (no `exports`): `sipforge` from `types`, `sipforge/node` from `typesVersions`.
import SIP, { parseMessage, type UA } from 'sipforge';
import NodeSIP, { NodeUA, UdpTransport } from 'sipforge/node';

export const ua: UA = new SIP.UA({ uri: 'alice@example.test' });
export const nodeUa: NodeUA = new NodeSIP.UA({ uri: 'alice@example.test', wsServers: 'udp:127.0.0.1:5070' });
export const transport = new UdpTransport({ host: '127.0.0.1', port: 5070 });
export const request = parseMessage('OPTIONS sip:example.test SIP/2.0\r\n\r\n');

// The types are real, not `any` (an import that failed to resolve would make them so).
// @ts-expect-error: a port is a number
export const wrong = new UdpTransport({ host: '127.0.0.1', port: '5070' });
