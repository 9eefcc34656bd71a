/**
 * The shape of the header catalogue (`headers.ts`). Codegen reads it to emit one typed
 * class per header and the lookup table; the grammar's start rule for a header returns,
 * per value, an object with exactly the fields its kind lists here.
 */

/** A field of a header value: its name and its TypeScript type as written in generated code. */
export interface FieldSpec {
  name: string;
  type: string;
  optional?: boolean;
  doc: string;
}

/** A typed accessor over one generic parameter (`;branch=`, `;tag=`, `;expires=` …). */
export interface ParamAccessor {
  /** Property name on the generated class (camelCase). */
  accessor: string;
  /** Parameter name on the wire. */
  param: string;
  /** `string`: the value; `number`: the value as a number; `flag`: present or not; `numberOrFlag`: `;rport` vs `;rport=5060`. */
  type: 'string' | 'number' | 'flag' | 'numberOrFlag';
}

export type HeaderKind = keyof typeof headerKinds;

export interface HeaderSpec {
  /** Canonical spelling, used when serialising. */
  name: string;
  /** RFC 3261 §7.3.3 compact form, lower case. */
  compact?: string;
  /** `comma`: the value is a comma-separated list and repeated lines merge; `semicolon`: one line, `;`-separated list (Privacy); `single`: one value. */
  list: 'comma' | 'semicolon' | 'single';
  /** The grammar start rule: returns an array of kind values for list headers, one value otherwise. */
  rule: string;
  kind: HeaderKind;
  /** Where the syntax is defined, e.g. `RFC 3261 §20.42`. */
  source: string;
  params?: ParamAccessor[];
  /**
   * An informational header (grammar/README.md, "Liberal parsing"): a value outside its grammar
   * is kept as text (`NonConformingHeader`) instead of failing, so it never makes a message
   * unusable. Headers the stack acts upon are never tolerant.
   */
  tolerant?: true;
}

const params: FieldSpec = { name: 'params', type: 'Parameters', doc: 'generic parameters in wire order' };

/** Field lists per kind; every start rule of that kind returns objects with these fields. */
export const headerKinds = {
  via: [
    { name: 'protocolName', type: 'string', doc: 'e.g. `SIP`' },
    { name: 'protocolVersion', type: 'string', doc: 'e.g. `2.0`' },
    { name: 'transport', type: 'string', doc: 'UDP, TCP, TLS, SCTP, WS, WSS or an extension token, as written' },
    { name: 'host', type: 'string', doc: 'sent-by host; IPv6 references keep their brackets' },
    { name: 'port', type: 'number', optional: true, doc: 'sent-by port' },
    params,
  ],
  nameAddr: [
    { name: 'displayName', type: 'string', optional: true, doc: 'display name, unquoted and unescaped' },
    { name: 'uri', type: 'URI', doc: 'the address' },
    params,
  ],
  contact: [
    { name: 'star', type: 'boolean', doc: '`Contact: *` (RFC 3261 §10.2.2); then `uri` is undefined' },
    { name: 'displayName', type: 'string', optional: true, doc: 'display name, unquoted and unescaped' },
    { name: 'uri', type: 'URI', optional: true, doc: 'the contact address' },
    params,
  ],
  token: [{ name: 'value', type: 'string', doc: 'the value as written' }],
  tokenParams: [{ name: 'value', type: 'string', doc: 'the value as written' }, params],
  mediaType: [
    { name: 'type', type: 'string', doc: 'm-type, e.g. `application`' },
    { name: 'subtype', type: 'string', doc: 'm-subtype, e.g. `sdp`' },
    params,
  ],
  number: [{ name: 'value', type: 'number', doc: 'the decimal value' }],
  numberParams: [{ name: 'value', type: 'number', doc: 'the decimal value' }, params],
  cseq: [
    { name: 'seq', type: 'number', doc: 'sequence number, 0 … 2³¹−1' },
    { name: 'method', type: 'string', doc: 'method, case-sensitive' },
  ],
  rack: [
    { name: 'rseq', type: 'number', doc: 'response number being acknowledged' },
    { name: 'seq', type: 'number', doc: 'CSeq number of the request' },
    { name: 'method', type: 'string', doc: 'CSeq method of the request' },
  ],
  text: [{ name: 'value', type: 'string', doc: 'the value as written, folding collapsed' }],
  auth: [
    { name: 'scheme', type: 'string', doc: 'e.g. `Digest`' },
    params,
  ],
  authInfo: [params],
  date: [
    { name: 'value', type: 'string', doc: 'the rfc1123-date as written' },
    { name: 'date', type: 'Date', doc: 'the instant it names' },
  ],
  warning: [
    { name: 'code', type: 'number', doc: 'three-digit warn-code' },
    { name: 'agent', type: 'string', doc: 'warn-agent (hostport or pseudonym)' },
    { name: 'text', type: 'string', doc: 'warn-text, unquoted' },
  ],
  retryAfter: [
    { name: 'value', type: 'number', doc: 'delta-seconds' },
    { name: 'comment', type: 'string', optional: true, doc: 'the comment without its parentheses' },
    params,
  ],
  timestamp: [
    { name: 'value', type: 'string', doc: 'the timestamp as written' },
    { name: 'delay', type: 'string', optional: true, doc: 'the delay as written' },
  ],
} satisfies Record<string, FieldSpec[]>;
