/**
 * Values of the legacy `rel100` and `replaces` options (legacy `SIP.C.supported`): whether the UA
 * does not use, supports, or requires the extension.
 */
export const supported = Object.freeze({
  UNSUPPORTED: 'none',
  SUPPORTED: 'supported',
  REQUIRED: 'required',
} as const);

export type SupportLevel = (typeof supported)[keyof typeof supported];

/**
 * The option tags of the IANA SIP parameters registry that the legacy library knew
 * (`SIP.C.OPTION_TAGS`); `extraSupported` entries outside it are dropped from Supported
 * unless `hackAllowUnregisteredOptionTags` is set.
 */
export const OPTION_TAGS: ReadonlySet<string> = new Set([
  '100rel', // RFC 3262
  '199', // RFC 6228
  'answermode', // RFC 5373
  'early-session', // RFC 3959
  'eventlist', // RFC 4662
  'explicitsub', // RFC 7614
  'from-change', // RFC 4916
  'geolocation-http', // RFC 6442
  'geolocation-sip', // RFC 6442
  'gin', // RFC 6140
  'gruu', // RFC 5627
  'histinfo', // RFC 7044
  'ice', // RFC 5768
  'join', // RFC 3911
  'multiple-refer', // RFC 5368
  'norefersub', // RFC 4488
  'nosub', // RFC 7614
  'outbound', // RFC 5626
  'path', // RFC 3327
  'policy', // RFC 6794
  'precondition', // RFC 3312
  'pref', // RFC 3840
  'privacy', // RFC 3323
  'recipient-list-invite', // RFC 5366
  'recipient-list-message', // RFC 5365
  'recipient-list-subscribe', // RFC 5367
  'replaces', // RFC 3891
  'resource-priority', // RFC 4412
  'sdp-anat', // RFC 4092
  'sec-agree', // RFC 3329
  'tdialog', // RFC 4538
  'timer', // RFC 4028
  'uui', // RFC 7433
]);
