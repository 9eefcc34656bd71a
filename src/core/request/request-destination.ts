import type { SipRequest, URI } from '../../syntax/index.js';
import type { Peer, TransportProtocol } from '../../transport/transport.js';

/** Where the next hop of a request is: host, port and transport (RFC 3263 §4 without DNS). */
export type RequestDestination = Omit<Peer, 'connectionId'>;

export interface DestinationOptions {
  /** Transport when the URI names none; UDP for sip: and TLS for sips: otherwise (RFC 3263 §4.1). */
  defaultProtocol?: TransportProtocol | undefined;
}

const TRANSPORT_PARAMS: Record<string, TransportProtocol> = { udp: 'UDP', tcp: 'TCP', tls: 'TLS', ws: 'WS', wss: 'WSS' };

// A sips: URI must be reached over a secure transport all the way (RFC 3261 §19.1, §26.2.2).
function secured(protocol: TransportProtocol): TransportProtocol {
  if (protocol === 'WS' || protocol === 'WSS') return 'WSS';
  return 'TLS';
}

// A request whose first route was a strict router looks, once built, like one whose first route
// is the loose router after it; only its builder knows which, so builders record the next hop of
// those. Of those only: a table of every request sent grew with each burst of them, by some
// 65 KB for a thousand UAs registering at once (bench/LOAD-RESULTS.md, many UAs).
const recordedNextHops = new WeakMap<SipRequest, URI>();

/** Record where a request built by the UA core goes when its headers do not say it (called by the request builders). */
export function recordNextHop(request: SipRequest, uri: URI): void {
  recordedNextHops.set(request, uri);
}

/** `copy` goes where `request` goes: a request made from another (its CANCEL, its retry with credentials). */
export function copyNextHop(request: SipRequest, copy: SipRequest): void {
  const recorded = recordedNextHops.get(request);
  if (recorded !== undefined) recordedNextHops.set(copy, recorded);
}

/**
 * The URI the request is sent towards (RFC 3261 §8.1.2): for a request built by the UA core,
 * the first route of its route set (when loose) or its Request-URI (no route set, or a strict
 * router placed there by §12.2.1.1). For any other request: the first Route value when it has
 * `lr`, else the Request-URI.
 */
export function nextHopUri(request: SipRequest): URI {
  const recorded = recordedNextHops.get(request);
  if (recorded !== undefined) return recorded;
  const first = request.headers('Route')[0];
  return first !== undefined && first.uri.lr ? first.uri : request.uri;
}

/**
 * Host, port and transport of the next hop (RFC 3263 §4.1, §4.2 for a URI with a numeric or
 * explicit target; SRV/NAPTR lookups are left to the transport layer): `maddr` overrides the
 * host, `transport` picks the protocol, and the port defaults to 5060, or 5061 for sips: and
 * TLS (RFC 3261 §19.1.2, Table 1 note 1). IPv6 references lose their brackets, as sockets
 * expect. Throws TypeError for a URI that is not sip: or sips:, or an unknown transport.
 */
export function destinationFor(request: SipRequest, options: DestinationOptions = {}): RequestDestination {
  const uri = nextHopUri(request);
  const scheme = uri.scheme.toLowerCase();
  if (scheme !== 'sip' && scheme !== 'sips') throw new TypeError(`cannot send towards a ${uri.scheme}: URI: ${uri}`);
  const param = uri.transport?.toLowerCase();
  let protocol: TransportProtocol;
  if (param !== undefined) {
    const named = TRANSPORT_PARAMS[param];
    if (named === undefined) throw new TypeError(`unsupported transport ${JSON.stringify(param)} in ${uri}`);
    protocol = named;
  } else {
    protocol = options.defaultProtocol ?? (scheme === 'sips' ? 'TLS' : 'UDP');
  }
  if (scheme === 'sips') protocol = secured(protocol);
  const port = uri.port ?? (protocol === 'TLS' || scheme === 'sips' ? 5061 : 5060);
  const host = (uri.maddr ?? uri.host).replace(/^\[(.*)\]$/, '$1');
  return { host, port, protocol };
}
