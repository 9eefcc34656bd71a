import type { URI } from '../../syntax/index.js';

/** Where a request goes: its Request-URI, the Route header values in order, and the next hop when they do not tell it. */
export interface RoutePlacement {
  requestUri: URI;
  route: URI[];
  /**
   * The URI the request is sent towards (RFC 3261 §8.1.2) when its headers could mislead `nextHopUri`: only
   * behind a strict router, which becomes the Request-URI while the first Route may be a loose router.
   */
  strictNextHop?: URI;
}

// RFC 3261 §19.1.1 Table 1: a Request-URI carries neither a method parameter nor headers.
function asRequestUri(uri: URI): URI {
  const out = uri.clone();
  out.params.delete('method');
  for (const header of [...out.headers]) out.headers.delete(header.name);
  return out;
}

/**
 * Request-URI and Route from a remote target and a route set (RFC 3261 §12.2.1.1; §8.1.1.1
 * applies the same to a pre-loaded route set outside a dialog, with the desired Request-URI as
 * the remote target). A first route with `lr` is a loose router: the target stays the
 * Request-URI and the whole route set becomes Route. Without `lr` it is a strict router
 * (RFC 2543): it becomes the Request-URI, and the target goes last in Route so that a later
 * loose router can restore it.
 */
export function placeRoute(remoteTarget: URI, routeSet: readonly URI[]): RoutePlacement {
  const [first, ...rest] = routeSet;
  if (first === undefined) {
    const requestUri = asRequestUri(remoteTarget);
    return { requestUri, route: [] };
  }
  if (first.lr) {
    return { requestUri: asRequestUri(remoteTarget), route: routeSet.map((uri) => uri.clone()) };
  }
  const requestUri = asRequestUri(first);
  return { requestUri, route: [...rest.map((uri) => uri.clone()), remoteTarget.clone()], strictNextHop: requestUri };
}
