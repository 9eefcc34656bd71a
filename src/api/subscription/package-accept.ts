// The body type each common event package notifies with, sent as Accept (RFC 6665 §4.1.2.1: without
// Accept the package's default is assumed; naming it costs nothing and helps servers that serve several).
const PACKAGE_BODY_TYPES: ReadonlyMap<string, string> = new Map([
  ['presence', 'application/pidf+xml'], // RFC 3856 §6.6, RFC 3863
  ['message-summary', 'application/simple-message-summary'], // RFC 3842 §4.3
  ['dialog', 'application/dialog-info+xml'], // RFC 4235 §3.3
  ['reg', 'application/reginfo+xml'], // RFC 3680 §5.2
  ['refer', 'message/sipfrag'], // RFC 3515 §2.4.5
]);

/** The Accept types of a subscription to `event` (package name, parameters ignored): its package's, or none. */
export function acceptFor(event: string): string[] {
  const name = event.split(';')[0]!.trim().toLowerCase();
  const type = PACKAGE_BODY_TYPES.get(name);
  return type === undefined ? [] : [type];
}
