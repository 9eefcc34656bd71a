// A browser project (bundler resolution, DOM, no Node types): the root and the script-tag bundle.
import SIP, { WebSocketTransport, parseMessage, type UA } from 'sipforge';
import 'sipforge/browser';

export const ua: UA = new SIP.UA({ uri: 'alice@example.test', wsServers: 'wss://edge.example.test' });
export const global: typeof SIP = globalThis.SIP;
export const transport = WebSocketTransport;

// The types are real, not `any` (an import that failed to resolve would make them so).
// @ts-expect-error: a message is text or bytes
export const wrong = parseMessage(42);
