/**
 * The header catalogue: every header sipforge parses, with its compact form, list shape,
 * grammar start rule (grammar/sip.peggy), value kind (header-spec.ts), defining RFC section
 * and typed parameter accessors. Codegen turns each entry into a typed header class.
 * Headers not listed here are kept raw. Entries marked `tolerant` are the informational headers
 * (grammar/README.md, "Liberal parsing"): each says, with the RFC's words, why nothing in the
 * protocol acts on it.
 */
import type { HeaderSpec, ParamAccessor } from './header-spec.js';

const tag: ParamAccessor = { accessor: 'tag', param: 'tag', type: 'string' };

/** RFC 3261 §20.27 / §20.44 challenge parameters (digest-cln), RFC 7616 §3.3. */
const challengeParams: ParamAccessor[] = [
  { accessor: 'realm', param: 'realm', type: 'string' },
  { accessor: 'domain', param: 'domain', type: 'string' },
  { accessor: 'nonce', param: 'nonce', type: 'string' },
  { accessor: 'opaque', param: 'opaque', type: 'string' },
  { accessor: 'stale', param: 'stale', type: 'string' },
  { accessor: 'algorithm', param: 'algorithm', type: 'string' },
  { accessor: 'qop', param: 'qop', type: 'string' },
];

/** RFC 3261 §20.7 / §20.28 credentials parameters (dig-resp), RFC 7616 §3.4. */
const credentialsParams: ParamAccessor[] = [
  { accessor: 'username', param: 'username', type: 'string' },
  { accessor: 'realm', param: 'realm', type: 'string' },
  { accessor: 'nonce', param: 'nonce', type: 'string' },
  { accessor: 'uri', param: 'uri', type: 'string' },
  { accessor: 'response', param: 'response', type: 'string' },
  { accessor: 'algorithm', param: 'algorithm', type: 'string' },
  { accessor: 'cnonce', param: 'cnonce', type: 'string' },
  { accessor: 'opaque', param: 'opaque', type: 'string' },
  { accessor: 'qop', param: 'qop', type: 'string' },
  { accessor: 'nc', param: 'nc', type: 'string' },
];

export const headerCatalogue: HeaderSpec[] = [
  // ── RFC 3261 §20 ──
  { name: 'Accept', list: 'comma', rule: 'Accept', kind: 'mediaType', source: 'RFC 3261 §20.1',
    params: [{ accessor: 'q', param: 'q', type: 'number' }] },
  { name: 'Accept-Encoding', list: 'comma', rule: 'AcceptEncoding', kind: 'tokenParams', source: 'RFC 3261 §20.2',
    params: [{ accessor: 'q', param: 'q', type: 'number' }] },
  { name: 'Accept-Language', list: 'comma', rule: 'AcceptLanguage', kind: 'tokenParams', source: 'RFC 3261 §20.3',
    params: [{ accessor: 'q', param: 'q', type: 'number' }] },
  // RFC 3261 §20.4: "an alternative ring tone" (or ringback) for the user interface.
  { name: 'Alert-Info', list: 'comma', rule: 'AlertInfo', kind: 'nameAddr', source: 'RFC 3261 §20.4', tolerant: true },
  { name: 'Allow', list: 'comma', rule: 'Allow', kind: 'token', source: 'RFC 3261 §20.5' },
  { name: 'Authentication-Info', list: 'single', rule: 'AuthenticationInfo', kind: 'authInfo', source: 'RFC 3261 §20.6',
    params: [
      { accessor: 'nextnonce', param: 'nextnonce', type: 'string' },
      { accessor: 'qop', param: 'qop', type: 'string' },
      { accessor: 'rspauth', param: 'rspauth', type: 'string' },
      { accessor: 'cnonce', param: 'cnonce', type: 'string' },
      { accessor: 'nc', param: 'nc', type: 'string' },
    ] },
  { name: 'Authorization', list: 'single', rule: 'Authorization', kind: 'auth', source: 'RFC 3261 §20.7',
    params: credentialsParams },
  { name: 'Call-ID', compact: 'i', list: 'single', rule: 'CallID', kind: 'text', source: 'RFC 3261 §20.8' },
  // RFC 3261 §20.9: "additional information about the caller or callee" (icon, info, card).
  { name: 'Call-Info', list: 'comma', rule: 'CallInfo', kind: 'nameAddr', source: 'RFC 3261 §20.9', tolerant: true,
    params: [{ accessor: 'purpose', param: 'purpose', type: 'string' }] },
  { name: 'Contact', compact: 'm', list: 'comma', rule: 'Contact', kind: 'contact', source: 'RFC 3261 §20.10',
    params: [
      { accessor: 'expires', param: 'expires', type: 'number' },
      { accessor: 'q', param: 'q', type: 'number' },
      { accessor: 'instance', param: '+sip.instance', type: 'string' },
      { accessor: 'regId', param: 'reg-id', type: 'number' },
    ] },
  { name: 'Content-Disposition', list: 'single', rule: 'ContentDisposition', kind: 'tokenParams', source: 'RFC 3261 §20.11',
    params: [{ accessor: 'handling', param: 'handling', type: 'string' }] },
  { name: 'Content-Encoding', compact: 'e', list: 'comma', rule: 'ContentEncoding', kind: 'token', source: 'RFC 3261 §20.12' },
  { name: 'Content-Language', list: 'comma', rule: 'ContentLanguage', kind: 'token', source: 'RFC 3261 §20.13' },
  { name: 'Content-Length', compact: 'l', list: 'single', rule: 'ContentLength', kind: 'number', source: 'RFC 3261 §20.14' },
  { name: 'Content-Type', compact: 'c', list: 'single', rule: 'ContentType', kind: 'mediaType', source: 'RFC 3261 §20.15',
    params: [
      { accessor: 'charset', param: 'charset', type: 'string' },
      { accessor: 'boundary', param: 'boundary', type: 'string' },
    ] },
  { name: 'CSeq', list: 'single', rule: 'CSeq', kind: 'cseq', source: 'RFC 3261 §20.16' },
  // RFC 3261 §20.17: "the time when the request or response is first sent"; RFC 4475 §3.1.2.12: reject a bad one
  // only if "the contents of the Date header field were actually important to its processing".
  { name: 'Date', list: 'single', rule: 'Date', kind: 'date', source: 'RFC 3261 §20.17', tolerant: true },
  // RFC 3261 §20.18: "a pointer to additional information about the error status response".
  { name: 'Error-Info', list: 'comma', rule: 'ErrorInfo', kind: 'nameAddr', source: 'RFC 3261 §20.18', tolerant: true },
  { name: 'Expires', list: 'single', rule: 'Expires', kind: 'number', source: 'RFC 3261 §20.19' },
  { name: 'From', compact: 'f', list: 'single', rule: 'From', kind: 'nameAddr', source: 'RFC 3261 §20.20',
    params: [tag] },
  // RFC 3261 §20.21: "the Call-IDs that this call references or returns", for call distribution and filtering.
  { name: 'In-Reply-To', list: 'comma', rule: 'InReplyTo', kind: 'text', source: 'RFC 3261 §20.21', tolerant: true },
  { name: 'Max-Forwards', list: 'single', rule: 'MaxForwards', kind: 'number', source: 'RFC 3261 §20.22' },
  { name: 'Min-Expires', list: 'single', rule: 'MinExpires', kind: 'number', source: 'RFC 3261 §20.23' },
  { name: 'MIME-Version', list: 'single', rule: 'MIMEVersion', kind: 'text', source: 'RFC 3261 §20.24' },
  // RFC 3261 §20.25: "the name of the organization to which the SIP element … belongs", e.g. to filter calls.
  { name: 'Organization', list: 'single', rule: 'Organization', kind: 'text', source: 'RFC 3261 §20.25', tolerant: true },
  // RFC 3261 §20.26: the urgency "as perceived by the client" for "the receiving human or its agent"; no protocol procedure reads it.
  { name: 'Priority', list: 'single', rule: 'Priority', kind: 'token', source: 'RFC 3261 §20.26', tolerant: true },
  { name: 'Proxy-Authenticate', list: 'single', rule: 'ProxyAuthenticate', kind: 'auth', source: 'RFC 3261 §20.27',
    params: challengeParams },
  { name: 'Proxy-Authorization', list: 'single', rule: 'ProxyAuthorization', kind: 'auth', source: 'RFC 3261 §20.28',
    params: credentialsParams },
  { name: 'Proxy-Require', list: 'comma', rule: 'ProxyRequire', kind: 'token', source: 'RFC 3261 §20.29' },
  { name: 'Record-Route', list: 'comma', rule: 'RecordRoute', kind: 'nameAddr', source: 'RFC 3261 §20.30' },
  { name: 'Reply-To', list: 'single', rule: 'ReplyTo', kind: 'nameAddr', source: 'RFC 3261 §20.31' },
  { name: 'Require', list: 'comma', rule: 'Require', kind: 'token', source: 'RFC 3261 §20.32' },
  { name: 'Retry-After', list: 'single', rule: 'RetryAfter', kind: 'retryAfter', source: 'RFC 3261 §20.33',
    params: [{ accessor: 'duration', param: 'duration', type: 'number' }] },
  { name: 'Route', list: 'comma', rule: 'Route', kind: 'nameAddr', source: 'RFC 3261 §20.34' },
  // RFC 3261 §20.35: "information about the software used by the UAS to handle the request".
  { name: 'Server', list: 'single', rule: 'Server', kind: 'text', source: 'RFC 3261 §20.35', tolerant: true },
  // RFC 3261 §20.36: "a summary or indicates the nature of the call", free text.
  { name: 'Subject', compact: 's', list: 'single', rule: 'Subject', kind: 'text', source: 'RFC 3261 §20.36', tolerant: true },
  { name: 'Supported', compact: 'k', list: 'comma', rule: 'Supported', kind: 'token', source: 'RFC 3261 §20.37' },
  { name: 'Timestamp', list: 'single', rule: 'Timestamp', kind: 'timestamp', source: 'RFC 3261 §20.38' },
  { name: 'To', compact: 't', list: 'single', rule: 'To', kind: 'nameAddr', source: 'RFC 3261 §20.39',
    params: [tag] },
  { name: 'Unsupported', list: 'comma', rule: 'Unsupported', kind: 'token', source: 'RFC 3261 §20.40' },
  // RFC 3261 §20.41: "information about the UAC originating the request".
  { name: 'User-Agent', list: 'single', rule: 'UserAgent', kind: 'text', source: 'RFC 3261 §20.41', tolerant: true },
  { name: 'Via', compact: 'v', list: 'comma', rule: 'Via', kind: 'via', source: 'RFC 3261 §20.42',
    params: [
      { accessor: 'branch', param: 'branch', type: 'string' },
      { accessor: 'received', param: 'received', type: 'string' },
      { accessor: 'rport', param: 'rport', type: 'numberOrFlag' },
      { accessor: 'maddr', param: 'maddr', type: 'string' },
      { accessor: 'ttl', param: 'ttl', type: 'number' },
    ] },
  // RFC 3261 §20.43: "additional information about the status of a response", text for the human user.
  { name: 'Warning', list: 'comma', rule: 'Warning', kind: 'warning', source: 'RFC 3261 §20.43', tolerant: true },
  { name: 'WWW-Authenticate', list: 'single', rule: 'WWWAuthenticate', kind: 'auth', source: 'RFC 3261 §20.44',
    params: challengeParams },

  // ── extensions ──
  { name: 'RSeq', list: 'single', rule: 'RSeq', kind: 'number', source: 'RFC 3262 §7.1' },
  { name: 'RAck', list: 'single', rule: 'RAck', kind: 'rack', source: 'RFC 3262 §7.2' },
  { name: 'Reason', list: 'comma', rule: 'Reason', kind: 'tokenParams', source: 'RFC 3326 §2',
    params: [
      { accessor: 'cause', param: 'cause', type: 'number' },
      { accessor: 'text', param: 'text', type: 'string' },
    ] },
  { name: 'Privacy', list: 'semicolon', rule: 'Privacy', kind: 'token', source: 'RFC 3323 §4.2' },
  { name: 'P-Asserted-Identity', list: 'comma', rule: 'PAssertedIdentity', kind: 'nameAddr', source: 'RFC 3325 §9.1' },
  { name: 'P-Preferred-Identity', list: 'comma', rule: 'PPreferredIdentity', kind: 'nameAddr', source: 'RFC 3325 §9.2' },
  { name: 'Path', list: 'comma', rule: 'Path', kind: 'nameAddr', source: 'RFC 3327 §4' },
  { name: 'Service-Route', list: 'comma', rule: 'ServiceRoute', kind: 'nameAddr', source: 'RFC 3608 §5' },
  { name: 'Refer-To', compact: 'r', list: 'single', rule: 'ReferTo', kind: 'nameAddr', source: 'RFC 3515 §2.1' },
  { name: 'Referred-By', compact: 'b', list: 'single', rule: 'ReferredBy', kind: 'nameAddr', source: 'RFC 3892 §3',
    params: [{ accessor: 'cid', param: 'cid', type: 'string' }] },
  { name: 'Replaces', list: 'single', rule: 'Replaces', kind: 'tokenParams', source: 'RFC 3891 §6.1',
    params: [
      { accessor: 'toTag', param: 'to-tag', type: 'string' },
      { accessor: 'fromTag', param: 'from-tag', type: 'string' },
      { accessor: 'earlyOnly', param: 'early-only', type: 'flag' },
    ] },
  { name: 'SIP-ETag', list: 'single', rule: 'SIPETag', kind: 'token', source: 'RFC 3903 §11.3.1' },
  { name: 'SIP-If-Match', list: 'single', rule: 'SIPIfMatch', kind: 'token', source: 'RFC 3903 §11.3.2' },
  { name: 'Session-Expires', compact: 'x', list: 'single', rule: 'SessionExpires', kind: 'numberParams', source: 'RFC 4028 §4',
    params: [{ accessor: 'refresher', param: 'refresher', type: 'string' }] },
  { name: 'Min-SE', list: 'single', rule: 'MinSE', kind: 'numberParams', source: 'RFC 4028 §5' },
  { name: 'Event', compact: 'o', list: 'single', rule: 'Event', kind: 'tokenParams', source: 'RFC 6665 §8.2.1',
    params: [{ accessor: 'id', param: 'id', type: 'string' }] },
  { name: 'Allow-Events', compact: 'u', list: 'comma', rule: 'AllowEvents', kind: 'token', source: 'RFC 6665 §8.2.2' },
  { name: 'Subscription-State', list: 'single', rule: 'SubscriptionState', kind: 'tokenParams', source: 'RFC 6665 §8.2.3',
    params: [
      { accessor: 'expires', param: 'expires', type: 'number' },
      { accessor: 'reason', param: 'reason', type: 'string' },
      { accessor: 'retryAfter', param: 'retry-after', type: 'number' },
    ] },
  { name: 'Flow-Timer', list: 'single', rule: 'FlowTimer', kind: 'number', source: 'RFC 5626 §11.4' },
];
