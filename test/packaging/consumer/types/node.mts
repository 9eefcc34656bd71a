// An ES module in Node (node16 / nodenext): `sipforge` has the Node build's types.
import SIP, { NodeUA, UdpTransport, type UAConfigurationInput } from 'sipforge';
import { TcpTransport, UA } from 'sipforge/node';

const configuration: UAConfigurationInput = { uri: 'alice@example.test', wsServers: 'udp:127.0.0.1:5070' };
export const ua: NodeUA = new SIP.UA(configuration);
export const named: UA = new UA(configuration);
export const transports = [new UdpTransport({ host: '127.0.0.1', port: 5070 }), TcpTransport] as const;

// The types are real, not `any` (an import that failed to resolve would make them so).
// @ts-expect-error: a port is a number
export const wrong = new UdpTransport({ host: '127.0.0.1', port: '5070' });
