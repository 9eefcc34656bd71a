import type { Transport } from '../../transport/transport.js';

/**
 * What request construction needs to know of the transport a request leaves on: the Via
 * transport token and the sent-by it implies (RFC 3261 §18.1.1). Any `Transport` is one.
 */
export type TransportDescriptor = Pick<Transport, 'protocol' | 'viaHost' | 'viaPort'>;
